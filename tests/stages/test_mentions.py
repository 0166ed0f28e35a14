"""Mentions on the seeds and on hand-built text: types, the ruler's corrections, normal forms."""

from __future__ import annotations

import pytest

from storyline.document import Document, EntityMention, RawItem
from storyline.settings import Settings
from storyline.stages import build_pipeline


def mentions(doc: Document, text: str) -> list[EntityMention]:
    return [m for m in doc.entities if m.text == text]


@pytest.mark.parametrize(
    ("seed", "text", "type", "entity_id"),
    [
        ("000", "Dushanbe", "LOC", "geo:1221874"),  # spaCy says ORG
        ("000", "Tajik", "NORP", "norp:tajik"),  # spaCy says PERSON
        ("000", "Tajikistan", "LOC", "country:TJ"),  # spaCy says NORP
        ("000", "Semyan Grigarif", "PER", None),  # spaCy misses it
        ("001", "Stanislav Zas", "PER", None),  # not the Ukrainian town Stanislav
        ("002", "Sodik Imom", "PER", None),  # spaCy says ORG
        ("003", "Душанбе", "LOC", "geo:1221874"),
        ("003", "ОДКБ", "ORG", "org:csto"),
        ("004", "National Security Committee of Tajikistan", "ORG", "org:tj-gknb"),
    ],
)
def test_mentions_types_and_table_ids(
    seeds: dict[str, Document], seed: str, text: str, type: str, entity_id: str | None
) -> None:
    found = mentions(seeds[seed], text)
    assert found, f"{text!r} not found"
    assert {m.type for m in found} == {type}
    if entity_id:
        assert {m.entity_id for m in found} == {entity_id}


def test_mentions_no_person_from_acronyms_or_furniture(seeds: dict[str, Document]) -> None:
    assert not [m for m in seeds["000"].entities if m.text == "FIMA" and m.type == "PER"]
    assert not [m for d in seeds.values() for m in d.entities if "ОТВЕТ" in m.text]


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("Эмомали Рахмоном", "Эмомали Рахмон"),
        ("Сироджиддином Мухриддином", "Сироджиддин Мухриддин"),
        ("Имангали Тасмагамбетов", "Имангали Тасмагамбетов"),
        (
            "Организации Договора о коллективной безопасности",
            "Организация Договора о коллективной безопасности",
        ),
        ("Таджикистана", "Таджикистан"),
    ],
)
def test_mentions_russian_normal_forms(seeds: dict[str, Document], text: str, lemma: str) -> None:
    assert {m.lemma for m in mentions(seeds["003"], text)} == {lemma}


def test_mentions_spans_point_into_text(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for m in doc.entities:
            assert doc.text[m.start : m.end] == m.text


def test_mentions_gazetteer_for_languages_without_a_model(settings: Settings) -> None:
    text = (
        "Президенти Ҷумҳурии Тоҷикистон Эмомалӣ Раҳмон бо Котиби генералии САШД дар "
        "Душанбе вохӯрӣ кард. Ҷонибҳо ҳамкориро дар доираи САШД муҳокима карданд."
    )
    doc = build_pipeline(settings)(RawItem("tg.txt", text, "text"))
    assert isinstance(doc, Document) and doc.meta.language == "tg"
    ids = {m.entity_id for m in doc.entities}
    assert {"per:rahmon", "org:csto", "geo:1221874"} <= ids


def test_mentions_fuzzy_place_name(settings: Settings) -> None:
    doc = build_pipeline(settings)(
        RawItem(
            "x.txt",
            "Officials of both countries met in Doshanbe on Monday to discuss the border.",
            "text",
        )
    )
    assert isinstance(doc, Document)
    assert [(m.text, m.entity_id) for m in doc.entities if m.type == "LOC"] == [
        ("Doshanbe", "geo:1221874")
    ]


def test_mentions_one_name_found_by_both_patterns_once(settings: Settings) -> None:
    text = (
        "President Zafar Kholov, the Tajik leader, spoke to the parliament on Monday about "
        "the border and the new programme, and he thanked the deputies for their support."
    )
    doc = build_pipeline(settings)(RawItem("x.txt", text, "text"))
    assert isinstance(doc, Document)
    assert [m.text for m in doc.entities if m.type == "PER"] == ["Zafar Kholov"]
    assert len(doc.roles) == 1


def test_mentions_long_text_cut_into_runs() -> None:
    from storyline.stages.mentions import _MAX_RUN, _language_runs

    doc = Document(id="x", source="x", raw="", raw_format="text", text="word " * 60_000)
    doc.meta.language = "en"
    runs = list(_language_runs(doc))
    assert len(runs) > 1 and all(end - start <= _MAX_RUN for start, end, _ in runs)
    assert runs[0][0] == 0 and runs[-1][1] == len(doc.text)
