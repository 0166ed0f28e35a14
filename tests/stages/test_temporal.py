"""Temporal expressions: found by our patterns, resolved as a careful reader would."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.document import DateMention, Document
from storyline.stages.temporal import Context, resolve

# Every date expression of the sample pages' clean text, as a careful reader resolves it.
# (text, value, grain); None where the text does not allow a value.
SEED_DATES = {
    "000": [("until 2025", "../2025", "range"), ("in 2023", "2023", "year")],
    "001": [("yesterday", None, None), ("On the same day", None, None)],
    "002": [("October 10", "--10-10", "month-day"), ("in 2024", "2024", "year")],
    "003": [("29 января", "2025-01-29", "day"), ("28 ноября 2024 года", "2024-11-28", "day")],
    "004": [("25 December", "--12-25", "month-day"), ("in December", "--12", "month-only")],
}


@pytest.mark.parametrize("seed", sorted(SEED_DATES))
def test_temporal_seed_dates_as_a_careful_reader(seeds: dict[str, Document], seed: str) -> None:
    doc = seeds[seed]
    assert [(d.text, d.value, d.grain) for d in doc.dates] == SEED_DATES[seed]
    for d in doc.dates:
        assert doc.text[d.start : d.end] == d.text
        assert d.value is not None or d.reason  # a null value always says why


def test_temporal_nulls_and_inference_say_why(seeds: dict[str, Document]) -> None:
    yesterday, same_day = seeds["001"].dates
    assert yesterday.kind == "relative" and "publication date" in (yesterday.reason or "")
    assert same_day.kind == "anaphoric" and "yesterday" in (same_day.reason or "")
    january, approved = seeds["003"].dates
    assert january.inferred and january.anchor == "2024-11-28"
    assert not approved.inferred
    assert seeds["002"].dates[0].kind == "dateline"
    assert not any(d.inferred for s in ("000", "002", "004") for d in seeds[s].dates)


def _resolve(text: str, published: date | None = None, language: str = "en") -> list[DateMention]:
    return resolve(text, Context(published, language, lead_end=len(text)))


@pytest.mark.parametrize(
    ("text", "language", "value", "grain"),
    [
        ("Yesterday he met the minister.", "en", "2025-01-29", "day"),
        ("Вчера он встретился с министром.", "ru", "2025-01-29", "day"),
        ("6 часов назад пришло сообщение.", "ru", "2025-01-30", "day"),
        ("two days ago the talks ended", "en", "2025-01-28", "day"),
        ("Last Friday the border was closed.", "en", "2025-01-24", "day"),
        ("В прошлую пятницу прошёл митинг.", "ru", "2025-01-24", "day"),
        ("last week", "en", "2025-01-20/2025-01-26", "range"),
        ("He came back last month.", "en", "2024-12", "month"),
    ],
)
def test_temporal_relative_to_publication_date(
    text: str, language: str, value: str, grain: str
) -> None:
    [found] = _resolve(text, date(2025, 1, 30), language)  # a Thursday
    assert (found.value, found.grain, found.kind) == (value, grain, "relative")
    assert found.anchor == "2025-01-30"


@pytest.mark.parametrize(
    ("text", "value", "grain"),
    [
        ("28 ноября 2024 года", "2024-11-28", "day"),
        ("December 25th, 2024", "2024-12-25", "day"),
        ("2024-11-28", "2024-11-28", "day"),
        ("28.11.2024", "2024-11-28", "day"),
        ("в январе 2025 года", "2025-01", "month"),
        ("since 2019", "2019/..", "range"),
        ("до 2025 года", "../2025", "range"),
        ("from 2020 to 2024", "2020/2024", "range"),
        ("в 2023 году", "2023", "year"),
        ("28 ноябри соли 2024", "2024-11-28", "day"),  # Tajik
        ("2024-yil 28-noyabr", "2024-11-28", "day"),  # Uzbek
        ("۲۸ نوامبر ۲۰۲۴", "2024-11-28", "day"),  # Persian digits, Gregorian month
        ("۱۰ دی ۱۴۰۳", "2024-12-30", "day"),  # Solar Hijri
    ],
)
def test_temporal_absolute_forms_keep_their_grain(text: str, value: str, grain: str) -> None:
    [found] = _resolve(text)
    assert (found.value, found.grain, found.inferred) == (value, grain, False)
    assert text[found.start : found.end] == found.text


def test_temporal_never_invents_a_year_or_a_day() -> None:
    found = _resolve("On 25 December and earlier in December troops clashed.")
    assert [(d.value, d.grain) for d in found] == [("--12-25", "month-day"), ("--12", "month-only")]
    [solar] = _resolve("۱۰ دی troops clashed")
    assert solar.value is None and "year" in (solar.reason or "")
    assert _resolve("Relief reached 2000 villages in 2000 villages.") == []
    assert _resolve("31 April was the deadline.") == []  # not a date at all


def test_temporal_year_from_the_publication_date_is_inferred() -> None:
    [past] = _resolve("On 25 December troops clashed.", date(2025, 1, 10))
    assert (past.value, past.inferred, past.anchor) == ("2024-12-25", True, "2025-01-10")
    [future] = _resolve("The summit will open on 3 March.", date(2025, 1, 10))
    assert future.value == "2025-03-03" and future.inferred


def test_temporal_relative_without_anchor_uses_the_latest_full_date() -> None:
    text = "The programme was approved on 28 November 2024. Two days ago the talks resumed."
    approved, relative = _resolve(text)
    assert approved.value == "2024-11-28"
    assert relative.value == "2024-11-26" and "latest full date" in (relative.reason or "")


def test_temporal_same_day_and_next_day_refer_back() -> None:
    found = _resolve(
        "They met on 7 October 2024. On the same day he left; the next day he returned."
    )
    assert [(d.kind, d.value) for d in found] == [
        ("absolute", "2024-10-07"),
        ("anaphoric", "2024-10-07"),
        ("anaphoric", "2024-10-08"),
    ]
