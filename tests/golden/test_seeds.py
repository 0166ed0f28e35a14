"""Golden cases from the five sample pages: what a careful reader keeps, drops and notes.

Each seed: its title, publisher, dateline, publication date and language; the first and last
body paragraph (every paragraph between them must be kept too); and junk that must be gone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from storyline.document import Document


@dataclass(frozen=True)
class Seed:
    name: str
    title: str | None
    publisher: str | None
    dateline: tuple[str, str | None] | None  # (place, partial date)
    published: str | None
    language: str
    paragraphs: int
    first: str
    last: str
    junk: tuple[str, ...]


SEEDS = [
    Seed(
        "000",
        "The meeting of senior security officials of Russia and Tajikistan in “Doshanbe”",
        "Fars News Agency",
        None,
        None,
        "en",
        12,
        "In the meeting between the secretaries",
        "He also mentioned that in 2023",
        (
            "Get News Fast",
            "End of message",
            "publisher Fars",
            "By joining",
            "English News",
            "intelligently receive news",
            "support :",
            "free zones of Iran",
            "Back to top",
        ),
    ),
    Seed(
        "001",
        "Tajik officials meet with CSTO SG in Dushanbe to discuss improvement of protection "
        "of Tajik-Afghan border",
        None,
        None,
        None,
        "en",
        8,
        "On the sidelines of the High-Level International Conference",
        "They reportedly also exchanged views",
        (
            "Date:",
            "ИЗОБРАЖЕНИЕ",
            "ОСТАВЬТЕ ОТВЕТ",
            "введите",
            "Share post",
            "spot_img",
            "Popular",
            "More like this",
            "Related",
            "Saadi Sharifi",
            "Top Tajik diplomat",
            "Iran-U.S. talks",
            "strike Iran",
        ),
    ),
    Seed(
        "002",
        "Tajikistan-Russia security cooperation focuses on Afghan issue — senior diplomat",
        "TASS",
        ("Dushanbe", "--10-10"),
        "--10-10",
        "en",
        6,
        "Sodik Imom noted that the trend",
        "In the context of Afghan issues",
        ("All news",),
    ),
    Seed(
        "003",
        None,
        None,
        None,
        None,
        "ru",
        6,
        "29 января Генеральный секретарь",
        "По итогам визита стороны подтвердили",
        (
            "Похожие статьи",
            "Коллеги в России",
            "Миллий тикланиш",
            "Таджикистан\n",
            "часов назад",
            "Ворух",
            "Индекс восприятия",
            "АЭС",
            "Ваханского",
            "Мохаммад Иса Сани",
        ),
    ),
    Seed(
        "004",
        "Tajikistan and Russian Presidents Discuss Afghanistan Security",
        "Khaama Press",
        None,
        None,
        "en",
        9,
        "Russian President Putin and Tajikistan’s Rahmon discussed",
        "Analysts say that such measures",
        ("The post Tajikistan", "appeared first on"),
    ),
]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_seeds_clean_text_and_metadata(seed: Seed, seeds: dict[str, Document]) -> None:
    doc = seeds[seed.name]
    paragraphs = [doc.text[s:e] for s, e in doc.paragraphs]
    assert len(paragraphs) == seed.paragraphs
    assert paragraphs[0].startswith(seed.first)
    assert paragraphs[-1].startswith(seed.last)
    for junk in seed.junk:
        assert junk not in doc.text + "\n", f"junk {junk!r} kept"
    assert doc.meta.title == seed.title
    if seed.title:
        assert seed.title not in doc.text  # the body does not repeat the title
    assert doc.meta.publisher == seed.publisher
    assert doc.meta.published == seed.published
    assert doc.meta.language == seed.language
    if seed.dateline is None:
        assert doc.meta.dateline is None
    else:
        assert doc.meta.dateline is not None
        assert (doc.meta.dateline.place, doc.meta.dateline.date) == seed.dateline


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name for s in SEEDS])
def test_seeds_every_body_line_kept_verbatim(seed: Seed, seeds: dict[str, Document]) -> None:
    """Every kept paragraph maps back to the identical characters of the raw dump."""
    doc = seeds[seed.name]
    for start, end in doc.paragraphs:
        raw_start, raw_end = doc.offsets.span_to_raw(start, end)
        assert " ".join(doc.raw[raw_start:raw_end].split()) == doc.text[start:end]
    body_blocks = [b.text for b in doc.blocks if b.label == "body"]
    assert body_blocks == [doc.text[s:e] for s, e in doc.paragraphs]


def test_seeds_dateline_span_points_into_text(seeds: dict[str, Document]) -> None:
    dateline = seeds["002"].meta.dateline
    assert dateline is not None
    assert seeds["002"].text[dateline.start : dateline.end] == "DUSHANBE, October 10. /TASS/."
