"""Entities in the store: resolution at ingest, look-ups by any spelling, hand corrections."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import api
from storyline.errors import ConfigError
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.store.browse import Window
from tests.conftest import EXAMPLES


def ingest_text(tmp_path: Path, settings: Settings, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    api.ingest([str(tmp_path / name)], settings)


def test_entities_ingest_resolves_across_scripts(settings: Settings) -> None:
    api.ingest([str(EXAMPLES)], settings)
    with SQLiteStore(settings.db_path) as store:
        [csto] = store.find_entities("ОДКБ")
        assert csto == "org:csto" and store.find_entities("CSTO") == ["org:csto"]
        summary = store.entity(csto)
        assert {a["alias"] for a in summary.aliases} >= {"CSTO", "ОДКБ"}
        assert summary.articles == 3
        [person] = store.find_entities("Tasmagambetov")
        assert store.find_entities("Тасмагамбетов") == [person]
        languages = {a["language"] for a in store.entity(person).aliases}
        assert languages == {"en", "ru"}
        mentions = store.entity_mentions(person, limit=10)
        assert {m["text"] for m in mentions} == {"Imangali Tasmgambitov", "Имангали Тасмагамбетов"}
        assert all(m["reasons"] for m in mentions)  # every assignment says why
        dushanbe = store.entity(store.find_entities("Doshanbe")[0])
        assert (dushanbe.geonames_id, round(dushanbe.lat or 0, 1)) == (1221874, 38.5)


def test_entities_hand_merge_survives_later_articles(tmp_path: Path, settings: Settings) -> None:
    ingest_text(
        tmp_path,
        settings,
        "a.txt",
        "Officials said that Sodik Imom, the Tajik deputy foreign minister, met "
        "Russian diplomats in Dushanbe on Monday to discuss the border.",
    )
    ingest_text(
        tmp_path,
        settings,
        "b.txt",
        "Deputy Foreign Minister Sadykh Imomov said on Tuesday that talks with "
        "Moscow on the border programme would continue next year.",
    )
    with SQLiteStore(settings.db_path) as store:
        [imom] = store.find_entities("Sodik Imom")
        [imomov] = store.find_entities("Sadykh Imomov")
        assert imom != imomov  # the resolver keeps them apart: the consonants differ
        store.merge_entities(imomov, imom)  # an analyst knows better
        assert store.find_entities("Sadykh Imomov") == [imom]
    ingest_text(
        tmp_path,
        settings,
        "c.txt",
        "Sadykh Imomov, the Tajik deputy foreign minister, repeated on Friday that "
        "the border programme would be completed in 2024.",
    )
    with SQLiteStore(settings.db_path) as store:
        assert store.find_entities("Sadykh Imomov") == [imom]  # the merge holds for new text
        assert store.entity(imom).articles == 3


def test_entities_user_alias_used_by_next_run(tmp_path: Path, settings: Settings) -> None:
    with SQLiteStore(settings.db_path) as store:
        store.add_user_alias("per:imom", "PER", "Sodik Imom", "en")
    (tmp_path / "a.txt").write_text(
        "Officials said that Sodik Imom, the Tajik deputy foreign "
        "minister, met Russian diplomats in Dushanbe on Monday."
    )
    api.ingest([str(tmp_path / "a.txt")], settings)
    with SQLiteStore(settings.db_path) as store:
        assert store.find_entities("Sodik Imom") == ["per:imom"]


def test_entities_hand_split_survives_later_articles(tmp_path: Path, settings: Settings) -> None:
    ingest_text(
        tmp_path,
        settings,
        "a.txt",
        "Stanislav Zas, Secretary General of the CSTO, met officials in Dushanbe "
        "on Monday to discuss the border.",
    )
    ingest_text(
        tmp_path,
        settings,
        "b.txt",
        "Stanislav Zass, a football coach, said on Tuesday that his team would "
        "play in Dushanbe next month.",
    )
    with SQLiteStore(settings.db_path) as store:
        [zas] = store.find_entities("Stanislav Zas")
        assert store.find_entities("Stanislav Zass") == [zas]  # one letter apart: merged
        coach = store.split_entity(zas, "Stanislav Zass")
        assert store.find_entities("Stanislav Zass") == [coach] != [zas]
    ingest_text(
        tmp_path,
        settings,
        "c.txt",
        "Stanislav Zass, the coach, named his squad for the match in Dushanbe on Wednesday.",
    )
    with SQLiteStore(settings.db_path) as store:
        assert store.find_entities("Stanislav Zass") == [coach]  # the split holds for new text
        assert store.entity(coach).articles == 2 and store.entity(zas).articles == 1


def test_entities_merge_refuses_itself_and_other_types(settings: Settings) -> None:
    api.ingest([str(EXAMPLES)], settings)
    with SQLiteStore(settings.db_path) as store:
        with pytest.raises(ConfigError, match="into itself"):
            store.merge_entities("org:csto", "org:csto")
        with pytest.raises(ConfigError, match="one type"):
            store.merge_entities("org:csto", "country:TJ")
        assert store.entity("org:csto").articles == 3  # nothing was touched


def test_entities_roles_and_counts_follow_merge_and_split(
    tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "a.txt").write_text(
        "Sodik Imom, the Tajik deputy foreign minister, met Russian "
        "diplomats in Dushanbe on Monday to discuss the border."
    )
    (tmp_path / "b.txt").write_text(
        "Deputy Foreign Minister Sadykh Imomov said on Tuesday that "
        "talks with Moscow on the border would continue."
    )
    api.ingest([str(tmp_path)], settings)
    with SQLiteStore(settings.db_path) as store:
        [imom], [imomov] = store.find_entities("Sodik Imom"), store.find_entities("Sadykh Imomov")
        store.merge_entities(imomov, imom)
        assert {r["role"] for r in store.roles_of(imom)} == {"deputy foreign minister"}
        assert sum(r["articles"] for r in store.roles_of(imom)) == 2
        assert store.roles_of(imomov) == []
        assert (store.entity(imom).mentions, store.entity(imom).articles) == (2, 2)
        split = store.split_entity(imom, "Sadykh Imomov")
        assert (store.entity(imom).articles, store.entity(split).articles) == (1, 1)
        assert sum(r["articles"] for r in store.roles_of(split)) == 1
        other = tmp_path / "c.txt"
    other.write_text(
        "Sadykh Imomov, the deputy foreign minister, spoke again on Friday about "
        "the border programme and its funding."
    )
    with SQLiteStore(settings.db_path) as store:
        store.merge_entities(split, imom)  # split, then merged back: new text follows the merge
    api.ingest([str(other)], settings)
    with SQLiteStore(settings.db_path) as store:
        assert store.find_entities("Sadykh Imomov") == [imom]
        assert store.entity(imom).articles == 3


def test_entities_known_name_finds_an_entity_only_spelled_otherwise(
    tmp_path: Path, settings: Settings
) -> None:
    """The alias table's names find a stored entity though no article spells it so: an
    English query reaches an entity that only Russian articles name."""
    ingest_text(
        tmp_path,
        settings,
        "ru.txt",
        "Министр иностранных дел Таджикистана посетил Испанию. В Мадриде он обсудил "
        "торговлю и визы с коллегой из Испании.",
    )
    with SQLiteStore(settings.db_path) as store:
        aliases = {a["alias"] for a in store.entity("country:ES").aliases}
        assert "Spain" not in aliases  # only the Russian spellings were seen
        assert store.find_entities("Spain") == ["country:ES"]
        [hit] = store.browse().search("Spain", Window(1, 20)).items
        assert hit["reasons"][0].startswith("mentions Spain as 'Испани")
