"""Build the bundled world map: country outlines as SVG path data.

Usage::

    mkdir -p /tmp/na && cd /tmp/na && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python scripts/build_countries.py /tmp/na/package/countries-110m.json

which writes ``src/storyline/serve/static/countries.json`` (``--out`` to write elsewhere).

Source: ``countries-110m.json`` (TopoJSON) from the npm package ``world-atlas`` 2.x
(https://github.com/topojson/world-atlas, ISC licence, Copyright 2013-2019 Michael Bostock),
itself built from Natural Earth's 1:110m Admin 0 countries (https://www.naturalearthdata.com/,
public domain).

The TopoJSON arcs are decoded here (quantized, delta-encoded, with the file's transform) so the
build needs nothing beyond the standard library. Points are projected with the plain
equirectangular projection of ``storyline.serve.geo.project`` (x = lon + 180, y = 90 - lat, so the
map's viewBox is ``0 0 360 180``), rounded to 0.1 degree, and consecutive duplicates are dropped.
Rings that step across the antimeridian (Russia's Chukotka, Fiji) are cut in two there, so no
line crosses the flat map. The output is a JSON list of ``{"id", "name", "d"}``: ``id`` is the
ISO 3166-1 numeric code where the feature has one, else its name (N. Cyprus, Somaliland and
Kosovo have none).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src/storyline/serve/static/countries.json"

Point = tuple[float, float]
Ring = list[Point]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc of the topology as absolute (lon, lat) points."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for raw_arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in raw_arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        qx = qy = 0
        points: list[Point] = []
        for p in raw_arc:
            qx += p[0]
            qy += p[1]
            points.append((qx * sx + tx, qy * sy + ty))
        arcs.append(points)
    return arcs


def stitch_ring(arc_indices: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join a ring's arcs; a negative index ``~i`` means arc ``i`` reversed."""
    ring: Ring = []
    for index in arc_indices:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        # Each arc starts where the previous one ended: skip the shared point.
        ring.extend(arc[1:] if ring else arc)
    return ring


def unwrap(ring: Ring) -> tuple[Ring, float]:
    """Make longitudes continuous (no jump over 180 degrees); also return the net wrap."""
    out: Ring = [ring[0]]
    offset = 0.0
    for (prev_lon, _), (lon, lat) in itertools.pairwise(ring):
        if lon - prev_lon > 180.0:
            offset -= 360.0
        elif lon - prev_lon < -180.0:
            offset += 360.0
        out.append((lon + offset, lat))
    return out, offset


def clip_half_plane(ring: Ring, edge: float, keep_below: bool) -> Ring:
    """Sutherland-Hodgman: the part of ``ring`` with lon <= edge (or >= edge)."""

    def keep(p: Point) -> bool:
        return p[0] <= edge if keep_below else p[0] >= edge

    out: Ring = []
    for i, cur in enumerate(ring):
        prev = ring[i - 1]
        if keep(cur) != keep(prev):
            t = (edge - prev[0]) / (cur[0] - prev[0])
            out.append((edge, prev[1] + t * (cur[1] - prev[1])))
        if keep(cur):
            out.append(cur)
    return out


def area(ring: Ring) -> float:
    """Absolute shoelace area, in square degrees."""
    total = sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    return abs(total) / 2.0


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Cut a ring that crosses the antimeridian into pieces that each stay within +-180.

    Natural Earth's rings for Russia and Fiji step from 180 to -180; drawn flat, that step
    would be a line across the whole map. A ring that encircles a pole (Antarctica) wraps by a
    full turn and is already drawn correctly along its 180/-180 edge, so it is kept as it is.
    """
    unwrapped, offset = unwrap(ring)
    if offset != 0.0 or all(-180.0 <= lon <= 180.0 for lon, _ in unwrapped):
        return [ring]
    pieces: list[Ring] = []
    for shift in (-360.0, 0.0, 360.0):
        piece = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = clip_half_plane(clip_half_plane(piece, 180.0, True), -180.0, False)
        if len(piece) >= 3 and area(piece) > 1e-6:
            pieces.append(piece)
    return pieces


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular, rounded to 0.1 degree (same formula as storyline.serve.geo.project)."""
    return round(lon + 180.0, 1), round(90.0 - lat, 1)


def fmt(value: float) -> str:
    """Shortest text for a 0.1-rounded coordinate: ``12`` not ``12.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def ring_path(ring: Ring) -> str:
    """SVG path data for one closed ring; empty when rounding collapses it below a triangle."""
    points: list[tuple[float, float]] = []
    for lon, lat in ring:
        point = project(lon, lat)
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # "Z" closes the ring
    if len(points) < 3:
        return ""
    # After M, further coordinate pairs are implicit line-tos.
    return "M" + " ".join(f"{fmt(x)} {fmt(y)}" for x, y in points) + "Z"


def geometry_path(geometry: dict[str, Any], arcs: Sequence[Sequence[Point]]) -> str:
    """SVG path data for a Polygon or MultiPolygon geometry."""
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}; expected Polygon or MultiPolygon")
    return "".join(
        ring_path(piece)
        for polygon in polygons
        for ring in polygon
        for piece in split_antimeridian(stitch_ring(ring, arcs))
    )


def build(topology: dict[str, Any], object_name: str = "countries") -> list[dict[str, str]]:
    """The countries of one TopoJSON object as ``{"id", "name", "d"}`` records, sorted by name."""
    arcs = decode_arcs(topology)
    countries: list[dict[str, str]] = []
    for geometry in topology["objects"][object_name]["geometries"]:
        name = str(geometry.get("properties", {}).get("name", ""))
        path = geometry_path(geometry, arcs)
        if not path:
            continue
        countries.append({"id": str(geometry.get("id", name)), "name": name, "d": path})
    countries.sort(key=lambda c: (c["name"], c["id"]))
    return countries


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("source", type=Path, help="world-atlas countries-110m.json (TopoJSON)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON path")
    args = parser.parse_args(argv)
    topology = json.loads(args.source.read_text(encoding="utf-8"))
    countries = build(topology)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(countries, ensure_ascii=False, separators=(",", ":"))
    # One country per line keeps diffs of a rebuilt asset readable.
    text = text.replace('},{"id"', '},\n{"id"')
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(countries)} countries, {args.out.stat().st_size} bytes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
