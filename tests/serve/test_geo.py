"""Tests for storyline.serve.geo: projection, the bundled outlines, and viewBox framing."""

from __future__ import annotations

import importlib.resources
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.serve.geo import Country, load_countries, project, view_box

DUSHANBE = (38.56, 68.77)  # lat, lon
WORLD = (0.0, 0.0, 360.0, 180.0)


def rings(d: str) -> list[list[tuple[float, float]]]:
    """The rings of path data as written by scripts/build_countries.py ("Mx y x y ...Z")."""
    out = []
    for body in re.findall(r"M([^MZ]*)Z", d):
        values = [float(v) for v in body.split()]
        out.append(list(zip(values[::2], values[1::2], strict=True)))
    return out


def inside(point: tuple[float, float], ring: list[tuple[float, float]]) -> bool:
    """Even-odd ray casting."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def by_name() -> dict[str, Country]:
    return {c.name: c for c in load_countries()}


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        (38.56, 68.77, (248.77, 51.44)),  # Dushanbe
        (0.0, 0.0, (180.0, 90.0)),
        (90.0, -180.0, (0.0, 0.0)),
        (-90.0, 180.0, (360.0, 180.0)),
        (55.75, 37.62, (217.62, 34.25)),  # Moscow
        (-33.87, 151.21, (331.21, 123.87)),  # Sydney
    ],
)
def test_geo_project_known_points(lat: float, lon: float, expected: tuple[float, float]) -> None:
    assert project(lat, lon) == pytest.approx(expected)


def test_geo_asset_is_package_data() -> None:
    asset = importlib.resources.files("storyline.serve").joinpath("static/countries.json")
    assert asset.is_file()


def test_geo_load_countries_has_central_asia() -> None:
    countries = by_name()
    assert len(countries) > 150
    for name in ("Tajikistan", "Russia", "Afghanistan"):
        assert rings(countries[name].d), name
    assert countries["Tajikistan"].id == "762"


def test_geo_load_countries_paths_stay_in_world() -> None:
    for country in load_countries():
        for ring in rings(country.d):
            assert len(ring) >= 3, country.name
            assert all(0 <= x <= 360 and 0 <= y <= 180 for x, y in ring), country.name


@pytest.mark.parametrize("name", ["Russia", "Fiji"])
def test_geo_load_countries_cut_at_antimeridian(name: str) -> None:
    # Drawn flat, a ring stepping from 180 to -180 would be a line across the whole map.
    for ring in rings(by_name()[name].d):
        for (x1, _), (x2, _) in zip(ring, ring[1:] + ring[:1], strict=True):
            assert abs(x2 - x1) < 180, name


def test_geo_load_countries_returns_fresh_list() -> None:
    first = load_countries()
    first.clear()
    assert load_countries()


def test_geo_dushanbe_inside_tajikistan() -> None:
    point = project(*DUSHANBE)
    tajik = rings(by_name()["Tajikistan"].d)
    xs = [x for ring in tajik for x, _ in ring]
    ys = [y for ring in tajik for _, y in ring]
    assert min(xs) <= point[0] <= max(xs)
    assert min(ys) <= point[1] <= max(ys)
    assert any(inside(point, ring) for ring in tajik)
    assert not any(inside(point, ring) for ring in rings(by_name()["Afghanistan"].d))


@pytest.mark.parametrize(
    ("points", "kwargs", "expected"),
    [
        ([], {}, WORLD),
        ([(248.77, 51.44)], {}, (228.77, 41.44, 40.0, 20.0)),  # one point: min_span, then 2:1
        ([(0.0, 0.0)], {}, (0.0, 0.0, 40.0, 20.0)),  # clamped at the top-left corner
        ([(360.0, 180.0)], {}, (320.0, 160.0, 40.0, 20.0)),  # clamped at the bottom-right
        ([(100.0, 90.0), (200.0, 90.0)], {}, (92.0, 61.0, 116.0, 58.0)),  # wide: height grows
        ([(100.0, 50.0), (100.0, 110.0)], {}, (24.0, 42.0, 152.0, 76.0)),  # tall: width grows
        ([(10.0, 10.0), (30.0, 20.0)], {"margin": 0.0, "min_span": 0.0}, (10.0, 10.0, 20.0, 10.0)),
        ([(248.77, 51.44)], {"margin": 0.0, "min_span": 60.0}, (188.77, 21.44, 120.0, 60.0)),
        ([(0.0, 90.0), (360.0, 90.0)], {}, WORLD),  # more than the world: the world
        ([(180.0, 5.0), (180.0, 175.0)], {}, WORLD),  # tall as the world
    ],
)
def test_geo_view_box_frames_points(
    points: list[tuple[float, float]],
    kwargs: dict[str, float],
    expected: tuple[float, float, float, float],
) -> None:
    assert view_box(points, **kwargs) == pytest.approx(expected)


@pytest.mark.parametrize("kwargs", [{"margin": -1.0}, {"min_span": -1.0}])
def test_geo_view_box_rejects_negative_sizes(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        view_box([(1.0, 1.0)], **kwargs)


@given(
    st.lists(
        st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(lambda p: project(*p)),
        min_size=1,
        max_size=8,
    )
)
def test_geo_view_box_contains_points_in_world(points: list[tuple[float, float]]) -> None:
    x, y, w, h = view_box(points, margin=0.0)
    assert w == pytest.approx(2 * h)
    assert w >= 20.0 - 1e-9
    assert x >= 0 and y >= 0 and x + w <= 360 + 1e-9 and y + h <= 180 + 1e-9
    for px, py in points:
        assert x - 1e-9 <= px <= x + w + 1e-9
        assert y - 1e-9 <= py <= y + h + 1e-9
