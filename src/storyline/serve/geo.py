"""World map geometry for the server-rendered SVG event map.

Everything uses one plain equirectangular projection: x = lon + 180, y = 90 - lat, so the
whole world is the viewBox ``0 0 360 180`` and one map unit is one degree. Country outlines are
bundled as ``static/countries.json`` (Natural Earth 1:110m via world-atlas; see
``static/COUNTRIES.md``), so the page needs no network.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

WORLD_WIDTH = 360.0
WORLD_HEIGHT = 180.0
ASPECT = WORLD_WIDTH / WORLD_HEIGHT  # the map keeps the world's 2:1 shape when zoomed

ViewBox = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Country:
    """One country outline: ``d`` is SVG path data in projected map units."""

    id: str  # ISO 3166-1 numeric code ("762"), or the name where Natural Earth has none
    name: str
    d: str


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map (latitude, longitude) in degrees to SVG (x, y) in the 0 0 360 180 world viewBox."""
    return lon + 180.0, 90.0 - lat


@lru_cache(maxsize=1)
def _load_countries() -> tuple[Country, ...]:
    text = resources.files("storyline.serve").joinpath("static/countries.json").read_text("utf-8")
    return tuple(
        Country(id=str(c["id"]), name=str(c["name"]), d=str(c["d"])) for c in json.loads(text)
    )


def load_countries() -> list[Country]:
    """The bundled country outlines, sorted by name. Read once; each call returns a new list."""
    return list(_load_countries())


def _fit(low: float, high: float, span: float, limit: float) -> tuple[float, float]:
    """A window of width ``span`` centred on [low, high], shifted to lie within [0, limit]."""
    span = min(span, limit)
    start = (low + high) / 2.0 - span / 2.0
    return min(max(start, 0.0), limit - span), span


def view_box(
    points: Sequence[tuple[float, float]], *, margin: float = 8.0, min_span: float = 20.0
) -> ViewBox:
    """The viewBox (x, y, w, h) framing projected ``points`` with ``margin`` around them.

    The box is at least ``min_span`` wide and tall, keeps the world's 2:1 aspect ratio (it grows
    along the short side), and is shifted to stay inside the world; with no points, or when the
    points need more than the world, it is the whole world.
    """
    if margin < 0 or min_span < 0:
        raise ValueError(f"margin and min_span must be >= 0, got {margin} and {min_span}")
    if not points:
        return 0.0, 0.0, WORLD_WIDTH, WORLD_HEIGHT
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    left, right = min(xs) - margin, max(xs) + margin
    top, bottom = min(ys) - margin, max(ys) + margin
    width = max(right - left, min_span)
    height = max(bottom - top, min_span)
    # Grow the short side so that width == ASPECT * height.
    width = max(width, height * ASPECT)
    height = width / ASPECT
    if width >= WORLD_WIDTH:
        return 0.0, 0.0, WORLD_WIDTH, WORLD_HEIGHT
    x, w = _fit(left, right, width, WORLD_WIDTH)
    y, h = _fit(top, bottom, height, WORLD_HEIGHT)
    return x, y, w, h
