"""Layouts the templates draw as inline SVG and HTML: text segments, timelines, graphs, maps.

Each function turns view data into coordinates and plain strings; the templates only place
them, and Jinja's autoescaping keeps every string from the articles inert.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from typing import Any

from storyline.serve.geo import project, view_box


def segments(
    text: str, marks: list[tuple[int, int]], mentions: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The text cut at every mark and mention boundary: each piece says whether it is
    highlighted and which entity (if any) it names, so the template can link it."""
    size = len(text)
    cuts = {0, size}
    for start, end in marks:
        cuts.update((max(0, min(start, size)), max(0, min(end, size))))
    spans = [m for m in mentions if 0 <= m["start"] < m["end"] <= size and m.get("entity_id")]
    for m in spans:
        cuts.update((m["start"], m["end"]))
    points = sorted(cuts)
    pieces: list[dict[str, Any]] = []
    for start, end in itertools.pairwise(points):
        mark = any(s <= start and end <= e for s, e in marks)
        entity = next((m for m in spans if m["start"] <= start and end <= m["end"]), None)
        key = (mark, entity["entity_id"] if entity else None, entity["start"] if entity else None)
        if pieces and pieces[-1]["key"] == key:
            pieces[-1]["text"] += text[start:end]
            continue
        pieces.append(
            {
                "key": key,
                "text": text[start:end],
                "mark": mark,
                "entity_id": entity["entity_id"] if entity else None,
                "entity": entity["canonical"] if entity else None,
            }
        )
    return [{k: v for k, v in p.items() if k != "key"} for p in pieces]


def _day(value: str | None) -> date | None:
    """The first day a partial ISO date names ('2024-12' → 1 December); None for year-less."""
    if not value or value.startswith("-"):
        return None
    parts = value.split("/")[0].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def timeline(events: list[dict[str, Any]], *, width: int = 720, row: int = 22) -> dict[str, Any]:
    """Events as dots on a date axis, one row per event type; undated events are counted."""
    dated = [(e, d) for e in events if (d := _day(e.get("sort_date") or e.get("date")))]
    types = sorted({e["type"] for e, _ in dated})
    height = 30 + row * max(1, len(types))
    if not dated:
        return {
            "width": width,
            "height": height,
            "rows": [],
            "points": [],
            "ticks": [],
            "undated": len(events),
        }
    first = min(d for _, d in dated)
    last = max(d for _, d in dated)
    span = max(1, (last - first).days)
    left, right = 110, width - 10

    def x(day: date) -> float:
        return round(left + (right - left) * (day - first).days / span, 1)

    rows = [{"type": t, "y": 20 + row * i} for i, t in enumerate(types)]
    y_of = {r["type"]: r["y"] for r in rows}
    points = [
        {
            "x": x(d),
            "y": y_of[e["type"]],
            "id": e["id"],
            "label": f"{e['type']} {e.get('date') or e.get('sort_date')}",
            "r": min(8, 3 + math.log2(1 + int(e.get("reports") or 1))),
        }
        for e, d in dated
    ]
    ticks = []
    for i in range(5 if last > first else 1):
        day = date.fromordinal(first.toordinal() + round(span * i / 4))
        anchor = "start" if i == 0 else "end" if i == 4 else "middle"
        ticks.append({"x": x(day), "label": day.isoformat(), "anchor": anchor})
    return {
        "width": width,
        "height": height,
        "rows": rows,
        "points": points,
        "ticks": ticks,
        "undated": len(events) - len(dated),
    }


def graph(
    center_id: str, center_name: str, neighbours: list[dict[str, Any]], *, size: int = 440
) -> dict[str, Any]:
    """A star of co-occurring entities around one: edge width grows with shared articles."""
    mid = size / 2
    radius = size / 2 - 90
    most = max((n["articles"] for n in neighbours), default=1) or 1
    nodes = []
    for i, n in enumerate(neighbours):
        angle = 2 * math.pi * i / max(1, len(neighbours)) - math.pi / 2
        nodes.append(
            {
                **n,
                "x": round(mid + radius * math.cos(angle), 1),
                "y": round(mid + radius * math.sin(angle), 1),
                "width": round(1 + 5 * n["articles"] / most, 1),
            }
        )
    return {
        "size": size,
        "center": {"id": center_id, "name": center_name, "x": mid, "y": mid},
        "nodes": nodes,
    }


def event_map(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Events placed at their place's GeoNames coordinates, over the bundled outlines; the
    view is framed on the points. Events whose place has no coordinates are counted."""
    points: dict[tuple[float, float], dict[str, Any]] = {}
    unplaced = 0
    for e in events:
        place = e.get("place") or {}
        lat, lon = place.get("lat"), place.get("lon")
        if lat is None or lon is None:
            unplaced += 1
            continue
        x, y = project(float(lat), float(lon))
        point = points.setdefault(
            (round(x, 2), round(y, 2)),
            {"x": round(x, 2), "y": round(y, 2), "name": place.get("name"), "events": []},
        )
        point["events"].append({"id": e["id"], "type": e["type"]})
    placed = list(points.values())
    box = view_box([(p["x"], p["y"]) for p in placed])
    unit = box[2] / 120  # a dot keeps its size on screen however far the view is zoomed
    for p in placed:
        p["r"] = round(unit * min(3.0, 0.6 + 0.3 * math.sqrt(len(p["events"]))), 3)
    return {
        "view_box": " ".join(f"{v:g}" for v in box),
        "stroke": round(unit * 0.15, 3),
        "points": placed,
        "unplaced": unplaced,
    }
