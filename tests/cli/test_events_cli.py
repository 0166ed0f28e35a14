"""`storyline events` and `storyline event`: filters, exports, errors, as a user runs them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from storyline.exports.events import TSV_COLUMNS
from tests.cli.test_cli import json_lines, storyline
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("events") / "store.db"
    storyline("ingest", str(EXAMPLES), db=path)
    return path


def test_events_cli_json_filters(db: Path) -> None:
    fights = json_lines(storyline("events", "--type", "fight", "--json", db=db).stdout)
    assert [e["type"] for e in fights] == ["FIGHT"]
    [report] = fights[0]["reports"]
    assert report["evidence"].startswith("On 25 December")
    assert report["attribution"]["entity_id"] == "org:tj-gknb"
    assert [(c["value"], c["side"]) for c in report["counts"]] == [
        (3, "insurgent"),
        (2, "border guard"),
    ]
    dated = json_lines(
        storyline("events", "--since", "2024-11-01", "--until", "2025-01", "--json", db=db).stdout
    )
    assert {e["date"] for e in dated} == {"2024-11-28", "2025-01-29"}
    putin = json_lines(storyline("events", "--entity", "Путин", "--json", db=db).stdout)
    assert putin and all(
        "per:putin" in {a["entity_id"] for a in e["actors"] + e["targets"]} for e in putin
    )


def test_events_cli_tsv_export_is_gdelt_like(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = storyline("events", "--format", "tsv", "--out", str(out), "--limit", "500", db=db)
    assert "wrote" in result.stderr
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == TSV_COLUMNS
    assert len(rows) == len(
        json_lines(storyline("events", "--json", "--limit", "500", db=db).stdout)
    )
    # the order of same-day events depends on their ids (paths): pick the approval by type
    approval = next(r for r in rows if r["date"] == "2024-11-28" and r["plover_type"] == "AGREE")
    assert (approval["cameo_root"], approval["place"]) == ("03", "Astana")
    assert approval["place_lat"].startswith("51.1") and approval["actor1_id"] == "org:csto"
    clash = next(r for r in rows if r["plover_type"] == "FIGHT")
    assert clash["killed"] == "5" and clash["claim"] == "1" and clash["source_urls"]
    assert all("\t" not in r["evidence"] and r["evidence"] for r in rows)


def test_events_cli_one_event_and_errors(db: Path) -> None:
    first = json_lines(storyline("events", "--json", "--limit", "1", db=db).stdout)[0]
    shown = storyline("event", first["id"], db=db).stdout
    assert first["type"] in shown and first["reports"][0]["evidence"][:30] in shown
    missing = storyline("event", "ev-nope", db=db, check=4)
    assert "no event 'ev-nope'" in missing.stderr
    bad_date = storyline("events", "--since", "yesterday", db=db, check=2)
    assert "not a date" in bad_date.stderr
    bad_type = storyline("events", "--type", "PARTY", db=db, check=2)
    assert "not an event type" in bad_type.stderr
    empty = storyline("events", "--since", "2030-01-01", db=db)
    assert "No events match" in empty.stdout
