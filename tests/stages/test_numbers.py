"""Numbers attached to what they count."""

from __future__ import annotations

import pytest

from storyline.document import Document
from storyline.stages.numbers import attach, find_numbers


def _numbers(text: str, language: str) -> list[tuple[str, float | None, str | None, str | None]]:
    return [
        (m.text, m.value, m.unit, m.modifier)
        for m in (attach(text, n, language) for n in find_numbers(text, language))
    ]


def test_numbers_seed_004_counts_attach_to_their_nouns(seeds: dict[str, Document]) -> None:
    found = [(n.text, n.value, n.unit, n.modifier) for n in seeds["004"].numbers]
    assert found == [
        ("three", 3.0, "deaths", "insurgent"),
        ("two", 2.0, "deaths", "border guard"),
        ("two", 2.0, "attacks", None),
        ("five", 5.0, "fatalities", None),
        ("four", 4.0, "outposts", "new border"),
    ]
    for n in seeds["004"].numbers:
        assert n.unit_start is not None and seeds["004"].text[n.unit_start : n.unit_end] == n.unit


def test_numbers_ordinals_and_years_are_not_counts(seeds: dict[str, Document]) -> None:
    texts = [n.text for n in seeds["000"].numbers]  # "11th meeting", "201st base", "2025", "2023"
    assert not any(t[:1].isdigit() for t in texts)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Погибли трое боевиков и двое пограничников.",
            "ru",
            [("трое", 3, "боевиков", None), ("двое", 2, "пограничников", None)],
        ),
        ("Построены четыре новых погранзаставы.", "ru", [("четыре", 4, "погранзаставы", "новых")]),
        ("Десятки человек ранены.", "ru", [("Десятки", 20, "человек", None)]),
        ("двадцать пять солдат", "ru", [("двадцать пять", 25, "солдат", None)]),
        ("25 тыс. беженцев", "ru", [("25 тыс.", 25_000, "беженцев", None)]),
        (
            "1,500 troops and 2.5 million dollars",
            "en",
            [
                ("1,500", 1500, "troops", None),
                ("2.5 million", 2_500_000, "dollars", None),
            ],
        ),
        ("Dozens of people were hurt.", "en", [("Dozens", 24, "people", None)]),
        ("twenty-two soldiers", "en", [("twenty-two", 22, "soldiers", None)]),
    ],
)
def test_numbers_words_digits_collectives(
    text: str, language: str, expected: list[tuple[str, float, str, str | None]]
) -> None:
    assert _numbers(text, language) == expected


def test_numbers_vague_quantities_are_marked_approximate() -> None:
    [dozens] = [attach(t, n, "en") for t in ["Dozens of people"] for n in find_numbers(t, "en")]
    assert dozens.approximate and dozens.value == 24
    [exact] = [attach(t, n, "en") for t in ["five people"] for n in find_numbers(t, "en")]
    assert not exact.approximate
