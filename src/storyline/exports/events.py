"""Events as a GDELT-like table (TSV, one row per event) and as JSON lines.

The table keeps GDELT's shape where it can (date, two actors, an event code, place with
coordinates, number of reports and sources, source URLs) and adds what GDELT lacks: the PLOVER
type, modality, who says so, per-source casualty counts (``3|5`` when two sources disagree,
never averaged) and the evidence sentence each row came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from storyline.document import Argument
from storyline.store.events import EventRow

TSV_COLUMNS = (
    "event_id",
    "date",
    "date_grain",
    "actor1",
    "actor1_id",
    "actor2",
    "actor2_id",
    "plover_type",
    "cameo_root",
    "modality",
    "claim",
    "place",
    "place_id",
    "place_lat",
    "place_lon",
    "killed",
    "injured",
    "num_reports",
    "num_sources",
    "source_urls",
    "attributed_to",
    "evidence",
)

Coordinates = dict[str, tuple[float | None, float | None]]


def tsv_rows(
    rows: Iterable[EventRow], coordinates: Coordinates | None = None
) -> Iterator[list[str]]:
    coordinates = coordinates or {}
    for row in rows:
        event = row.event
        actor1 = event.actors[0] if event.actors else None
        actor2 = (
            event.targets[0]
            if event.targets
            else (event.actors[1] if len(event.actors) > 1 else None)
        )
        lat, lon = coordinates.get(row.place or "", (None, None))
        sources = source_urls(row)
        yield [
            row.id,
            row.date or "",
            row.date_grain or "",
            _name(actor1),
            _id(actor1),
            _name(actor2),
            _id(actor2),
            row.type,
            row.cameo,
            row.modality,
            "1" if any(r.event.claim for r in row.reports) else "0",
            row.place_name or "",
            row.place or "",
            "" if lat is None else f"{lat:.4f}",
            "" if lon is None else f"{lon:.4f}",
            _by_source(row, "killed"),
            _by_source(row, "injured"),
            str(len(row.reports)),
            str(len(sources)),
            " ".join(sources),
            attributed_to(row) or "",
            _cell(row.reports[0].evidence) if row.reports else "",
        ]


def source_urls(row: EventRow) -> list[str]:
    """Where the event was reported: each report's URL (else its source), first seen first."""
    return list(dict.fromkeys(r.url or r.source for r in row.reports))


def attributed_to(row: EventRow) -> str | None:
    """Who says so, per the first report that names a source."""
    attribution = next((r.event.attribution for r in row.reports if r.event.attribution), None)
    return (attribution.canonical or attribution.text) if attribution else None


def tsv_header() -> str:
    return "\t".join(TSV_COLUMNS) + "\n"


def tsv_lines(rows: Iterable[EventRow], coordinates: Coordinates | None = None) -> Iterator[str]:
    """One TSV line per event, without the header (``tsv_header``)."""
    for cells in tsv_rows(rows, coordinates):
        yield "\t".join(_cell(c) for c in cells) + "\n"


def write_tsv(rows: Iterable[EventRow], out: TextIO, coordinates: Coordinates | None = None) -> int:
    out.write(tsv_header())
    count = 0
    for line in tsv_lines(rows, coordinates):
        out.write(line)
        count += 1
    return count


def write_jsonl(rows: Iterable[EventRow], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row.to_json(), ensure_ascii=False) + "\n")
        count += 1
    return count


def _by_source(row: EventRow, kind: str) -> str:
    values = [value for _, value in row.counts_by_source(kind)]
    if not values:
        return ""
    return str(values[0]) if len(set(values)) == 1 else "|".join(map(str, values))


def _name(arg: Argument | None) -> str:
    return (arg.canonical or arg.text) if arg else ""


def _id(arg: Argument | None) -> str:
    return (arg.entity_id or "") if arg else ""


def _cell(value: Any) -> str:
    return " ".join(str(value).split())  # no tabs or newlines inside a cell
