"""The ``export`` verb: articles, entities, events or stories as JSONL, CSV, Parquet or TSV."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from storyline.cli.common import EXIT_USAGE, DbOption, fail, settings_for


class Kind(StrEnum):
    articles = "articles"
    entities = "entities"
    events = "events"
    stories = "stories"


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    tsv = "tsv"


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)


def _date(value: str | None) -> str | None:
    from storyline.errors import ConfigError
    from storyline.exports.tables import check_date

    try:
        return check_date(value)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from None


def export_cmd(
    kind: Annotated[Kind, typer.Argument(help="What to export.", show_default=False)],
    out: Annotated[
        str,
        typer.Option("--out", "-o", help="File to write, or - for the screen (not for parquet)."),
    ],
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="jsonl, csv, parquet, or tsv (the GDELT-like event table); "
            "default: from the file's suffix, else jsonl.",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only what is dated on or after this (YYYY[-MM[-DD]]).", callback=_date),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only what is dated on or before this.", callback=_date)
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the store's articles, entities, events or stories, one row each, for other tools."""
    from storyline.errors import ConfigError
    from storyline.exports.tables import check, export, format_for
    from storyline.store import SQLiteStore

    to_stream = out == "-"
    path = None if to_stream else Path(out)
    fmt = output_format.value if output_format else ("jsonl" if path is None else format_for(path))
    try:
        check(kind.value, fmt, to_stream=to_stream)
    except ConfigError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    with SQLiteStore(settings_for(db).db_path) as store:
        count = export(
            store, kind.value, fmt, sys.stdout if path is None else path, since=since, until=until
        )
    typer.echo(f"wrote {count} {kind.value} to {out if path else 'stdout'} ({fmt})", err=True)
