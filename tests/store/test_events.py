"""Events in the store: merged across articles with reasons, counts kept per source, queries."""

from __future__ import annotations

from pathlib import Path

from storyline import api
from storyline.settings import Settings
from storyline.store import SQLiteStore
from tests.conftest import EXAMPLES

CLASH_EN = """Tajik border clash leaves five dead

DUSHANBE, December 26. /TASS/. On 25 December, the National Security Committee of Tajikistan confirmed an armed clash with militants infiltrating from Afghanistan, resulting in three insurgent and two border guard deaths.

The committee said the militants were armed with automatic weapons and that the border guards returned fire before the group fled back across the river.
"""
CLASH_RU = """Столкновение на таджикско-афганской границе

По данным ГКНБ Таджикистана, 25 декабря на границе с Афганистаном произошло вооруженное столкновение с боевиками, в результате которого погибли четверо боевиков и двое пограничников.

В ведомстве уточнили, что боевики пытались незаконно пересечь границу и открыли огонь по пограничному наряду, после чего были отброшены на афганскую территорию.
"""


def test_events_store_merges_reports_across_articles_and_languages(
    tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "en.txt").write_text(CLASH_EN)
    (tmp_path / "ru.txt").write_text(CLASH_RU)
    api.ingest([str(tmp_path / "en.txt"), str(tmp_path / "ru.txt")], settings)
    with SQLiteStore(settings.db_path) as store:
        fights = store.events(event_type="FIGHT")
        clash = next(e for e in fights if len(e.reports) == 2)
        assert clash.date == "--12-25"
        second = clash.reports[1]
        assert second.score is not None and second.score >= 0.5
        assert any("participants" in r for r in second.reasons)
        # conflicting counts stay per source, never averaged: 3+2 in English, 4+2 in Russian
        assert sorted(v for _, v in clash.counts_by_source("killed")) == [5, 6]
        sides = {c.side for r in clash.reports for c in r.event.counts}
        assert {"insurgent", "border guard", "боевик", "пограничник"} <= sides
        attributions = {r.event.attribution.entity_id for r in clash.reports if r.event.attribution}
        assert attributions == {"org:tj-gknb"}  # the same committee, named in two languages


def test_events_store_queries_by_type_date_and_entity(settings: Settings) -> None:
    api.ingest([str(EXAMPLES)], settings)
    with SQLiteStore(settings.db_path) as store:
        everything = store.events(limit=500)
        assert {e.type for e in everything} >= {"CONSULT", "AGREE", "FIGHT", "ASSAULT", "AID"}
        agree = store.events(event_type="agree", since="2024-11", until="2024-11-30")
        assert [e.date for e in agree] == ["2024-11-28"]
        assert agree[0].place_name == "Astana" and agree[0].place == "geo:1526273"
        by_name = store.events(entity="Рахмон", limit=500)
        assert by_name and all(
            "per:rahmon" in {a.entity_id for a in [*e.event.actors, *e.event.targets]}
            for e in by_name
        )
        assert store.events(entity="nobody at all") == []
        one = store.event(everything[0].id)
        assert one.reports and one.reports[0].evidence
