"""``storyline serve``: the web page and the HTTP API over the store."""

from __future__ import annotations

import os
import secrets
from typing import Annotated

import typer

from storyline.cli.common import EXIT_STORE, DbOption, fail, settings_for
from storyline.serve.cache import DEFAULT_CACHE_MB


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but localhost needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="STORYLINE_TOKEN",
            help="Require this token (made up for you when binding beyond localhost).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes.")] = 1,
    semantic: Annotated[
        bool,
        typer.Option(help="Search also lists stories near the query by meaning (loads USE v3)."),
    ] = True,
    cache_mb: Annotated[
        int,
        typer.Option(
            min=0,
            help="MiB of finished pages kept per worker while the store is unchanged (0: none).",
        ),
    ] = DEFAULT_CACHE_MB,
) -> None:
    """Serve the web page (stories, sources side by side, entities, timeline, map, search) and
    the JSON API (under /api, schema at /api/openapi.json) from the store. No internet needed."""
    import uvicorn

    from storyline.serve.app import LOCAL_HOSTS, create_app

    path = settings_for(db).db_path
    create_app(path)  # fails here, with its message, if there is no store
    if host not in LOCAL_HOSTS and not token:
        token = secrets.token_urlsafe(24)
    os.environ["STORYLINE_DB"] = str(path)
    os.environ["STORYLINE_TOKEN"] = token or ""
    os.environ["STORYLINE_SEMANTIC"] = "1" if semantic else "0"
    os.environ["STORYLINE_CACHE_MB"] = str(cache_mb)
    shown = "localhost" if host in LOCAL_HOSTS else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    typer.echo(f"storyline: serving {path} at {address}  (Ctrl-C stops)", err=True)
    try:
        uvicorn.run(
            "storyline.serve.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            access_log=False,
        )
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc}", EXIT_STORE) from None
