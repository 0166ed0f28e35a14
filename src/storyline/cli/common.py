"""Shared CLI pieces: the ``--db`` option, JSON output, errors to exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from storyline.errors import ConfigError, NotFoundError, StorylineError

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_NOT_FOUND = 4

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="STORYLINE_DB",
        help="Store file (default ./storyline.db; env STORYLINE_DB).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON lines instead of a table.")]
LimitOption = Annotated[int, typer.Option("--limit", min=1, help="Show at most this many.")]


def settings_for(db: Path | None, **overrides: Any) -> Any:
    from storyline.settings import Settings

    return Settings.from_env(db_path=db, **overrides)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"storyline: {message}", err=True)
    return typer.Exit(code)


def run_app(app: typer.Typer) -> int:
    """Run the Typer app, turning project errors into one-line messages and exit codes.

    Typer handles usage errors and ``typer.Exit`` itself (by ``SystemExit``); project errors
    raised by the library arrive here.
    """
    try:
        app()
    except NotFoundError as exc:
        typer.echo(f"storyline: {exc}", err=True)
        return EXIT_NOT_FOUND
    except (ConfigError, StorylineError) as exc:
        typer.echo(f"storyline: {exc}", err=True)
        return EXIT_STORE
    except KeyboardInterrupt:
        typer.echo("storyline: interrupted; stored batches are kept, rerun to continue", err=True)
        return 130
    return EXIT_OK


def exit_with(code: int) -> None:
    """End a command with ``code`` (Typer ignores return values)."""
    if code:
        raise typer.Exit(code)
