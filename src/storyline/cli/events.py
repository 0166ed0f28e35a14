"""Verbs about events: events (list, filter, export) and event (one, with its reports)."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from storyline.cli.common import DbOption, JsonOption, LimitOption, print_json, settings_for

if TYPE_CHECKING:
    from storyline.store import SQLiteStore
    from storyline.store.events import EventRow

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class Format(StrEnum):
    table = "table"
    json = "json"
    tsv = "tsv"


def register(app: typer.Typer) -> None:
    app.command("events")(events_cmd)
    app.command("event")(event_cmd)


def _date(value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise typer.BadParameter(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _type(value: str | None) -> str | None:
    from storyline.stages.events.lexicon import PLOVER_TYPES

    if value is not None and value.upper() not in PLOVER_TYPES:
        raise typer.BadParameter(
            f"{value!r} is not an event type; one of {', '.join(PLOVER_TYPES)}"
        )
    return value.upper() if value else None


def events_cmd(
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(help="Events on or after this date (YYYY[-MM[-DD]]).", callback=_date),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Events on or before this date.", callback=_date)
    ] = None,
    event_type: Annotated[
        str | None,
        typer.Option(
            "--type", help="A PLOVER type (CONSULT, FIGHT…) or STATEMENT.", callback=_type
        ),
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="Only events with this participant (an id or any name).")
    ] = None,
    limit: LimitOption = 50,
    json_out: JsonOption = False,
    output_format: Annotated[
        Format,
        typer.Option("--format", help="table; json (JSON lines); tsv (GDELT-like, with header)."),
    ] = Format.table,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of the screen.")
    ] = None,
) -> None:
    """Events merged across articles, newest first: who did what to whom, where, when."""
    from storyline.errors import NotFoundError
    from storyline.exports.events import write_jsonl, write_tsv
    from storyline.store import SQLiteStore

    if json_out:
        output_format = Format.json
    with SQLiteStore(settings_for(db).db_path) as store:
        try:
            rows = store.events(
                since=since, until=until, event_type=event_type, entity=entity, limit=limit
            )
        except NotFoundError:
            rows = []
        coordinates = _coordinates(store, rows) if output_format is Format.tsv else {}
    if output_format is Format.table:
        _table(rows)
        return
    stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if output_format is Format.tsv:
            count = write_tsv(rows, stream, coordinates)
        else:
            count = write_jsonl(rows, stream)
    finally:
        if out:
            stream.close()
    if out:
        typer.echo(f"wrote {count} events to {out}", err=True)


def event_cmd(
    event_id: Annotated[str, typer.Argument(help="An event id from `storyline events`.")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """One event: its participants, and every report of it with evidence, counts and source."""
    from rich.console import Console
    from rich.markup import escape

    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        row = store.event(event_id)
    if json_out:
        print_json(row.to_json())
        return
    console = Console(highlight=False)
    e = row.event
    console.print(
        f"[bold]{row.type}[/] ({row.cameo or '-'}) {escape(row.date or 'date unknown')}"
        f"  {row.modality}  {escape(row.place_name or '')}"
    )
    console.print(f"actors:  {escape(', '.join(a.canonical or a.text for a in e.actors) or '-')}")
    console.print(f"targets: {escape(', '.join(a.canonical or a.text for a in e.targets) or '-')}")
    for r in row.reports:
        console.print(f"\n[bold]{escape(r.title or r.source)}[/] {escape(r.published or '')}")
        console.print(f"  {escape(r.evidence)}")
        facts = [f"trigger {r.event.trigger!r}"]
        if r.event.attribution:
            facts.append(f"per {r.event.attribution.text} ({r.event.attribution.cue})")
        facts += [
            f"{c.kind} {c.value}" + (f" ({c.side})" if c.side else "") for c in r.event.counts
        ]
        if r.score is not None:
            facts.append(f"merged {r.score:.2f}: {'; '.join(r.reasons)}")
        console.print("  " + escape(" · ".join(facts)))


def _table(rows: list[EventRow]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table("id", "date", "type", "actors", "targets", "place", "counts", "reports", box=None)
    for row in rows:
        e = row.event
        counts = ", ".join(
            f"{kind} {'|'.join(str(v) for _, v in row.counts_by_source(kind))}"
            for kind in ("killed", "injured", "arrested")
            if row.counts_by_source(kind)
        )
        date = row.date or "?"
        if row.modality != "asserted":
            date += f" ({row.modality})"
        table.add_row(
            row.id,
            escape(date),
            row.type,
            escape(", ".join(a.canonical or a.text for a in e.actors[:3])),
            escape(", ".join(a.canonical or a.text for a in e.targets[:3])),
            escape(row.place_name or ""),
            escape(counts),
            str(len(row.reports)),
        )
    Console(highlight=False).print(
        table if rows else "No events match: ingest articles, or widen the filters."
    )


def _coordinates(
    store: SQLiteStore, rows: list[EventRow]
) -> dict[str, tuple[float | None, float | None]]:
    from storyline.errors import NotFoundError

    found: dict[str, tuple[float | None, float | None]] = {}
    for row in rows:
        if row.place and row.place not in found and not row.place.startswith("name:"):
            try:
                entity = store.entity(row.place)
            except NotFoundError:
                continue
            found[row.place] = (entity.lat, entity.lon)
    return found
