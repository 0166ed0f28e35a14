from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from storyline.stages.calendars import (
    AFGHAN_SOLAR_MONTHS,
    GREGORIAN_MONTHS,
    JALALI_MONTHS,
    MONTH_NAME_PATTERN,
    ascii_digits,
    jalali_month_length,
    jalali_to_gregorian,
)

MONTH = re.compile(rf"\b(?P<month>{MONTH_NAME_PATTERN})\b", re.IGNORECASE)


@pytest.mark.parametrize(
    ("jalali", "expected"),
    [
        ((1403, 1, 1), date(2024, 3, 20)),
        ((1402, 1, 1), date(2023, 3, 21)),
        ((1404, 1, 1), date(2025, 3, 21)),
        ((1399, 1, 1), date(2020, 3, 20)),
        ((1400, 1, 1), date(2021, 3, 21)),
        ((1403, 10, 10), date(2024, 12, 30)),
        ((1402, 7, 7), date(2023, 9, 29)),
        ((1403, 7, 1), date(2024, 9, 22)),
        # 1403 is leap: Nowruz 1404 is 2025-03-21, so 30 Esfand 1403 is the day before.
        ((1403, 12, 30), date(2025, 3, 20)),
        ((1402, 12, 29), date(2024, 3, 19)),
        ((1357, 11, 22), date(1979, 2, 11)),
    ],
)
def test_known_conversions(jalali: tuple[int, int, int], expected: date) -> None:
    assert jalali_to_gregorian(*jalali) == expected


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [
        (1402, 12, 30),  # 1402 is not leap
        (1403, 12, 31),
        (1403, 7, 31),
        (1403, 6, 32),
        (1403, 0, 1),
        (1403, 13, 1),
        (1403, 1, 0),
        (5000, 1, 1),  # outside the algorithm's range
    ],
)
def test_impossible_dates_raise(year: int, month: int, day: int) -> None:
    with pytest.raises(ValueError, match="Solar Hijri"):
        jalali_to_gregorian(year, month, day)


def test_month_lengths() -> None:
    assert [jalali_month_length(1402, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert jalali_month_length(1403, 12) == 30


def test_consecutive_days_stay_consecutive() -> None:
    previous: date | None = None
    for year in range(1395, 1411):
        for month in range(1, 13):
            for day in range(1, jalali_month_length(year, month) + 1):
                current = jalali_to_gregorian(year, month, day)
                if previous is not None:
                    assert current - previous == timedelta(days=1), (year, month, day)
                previous = current


def test_leap_years_follow_the_33_year_cycle_in_modern_range() -> None:
    for year in range(1300, 1501):
        leap = year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)
        assert jalali_month_length(year, 12) == (30 if leap else 29), year


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("january", 1),
        ("sept", 9),
        ("may", 5),
        ("января", 1),
        ("марте", 3),
        ("сен", 9),
        ("декабри", 12),
        ("майи", 5),
        ("июни", 6),
        ("noyabr", 11),
        ("sentyabr", 9),
        ("oktabr", 10),
        ("ноябр", 11),
        ("دسامبر", 12),
        ("ژوئیه", 7),
        ("جولای", 7),
        ("مي", 5),
        ("اكتبر", 10),
    ],
)
def test_gregorian_month_names(name: str, number: int) -> None:
    assert GREGORIAN_MONTHS[name] == number


@pytest.mark.parametrize(
    ("name", "number"),
    [("فروردین", 1), ("امرداد", 5), ("آذر", 9), ("اسفند", 12), ("меҳр", 7), ("исфанд", 12)],
)
def test_jalali_month_names(name: str, number: int) -> None:
    assert JALALI_MONTHS[name] == number


def test_tables_are_lower_case_and_disjoint() -> None:
    for table in (GREGORIAN_MONTHS, JALALI_MONTHS, AFGHAN_SOLAR_MONTHS):
        assert all(name == name.lower() for name in table)
        assert set(table.values()) == set(range(1, 13))
    assert not GREGORIAN_MONTHS.keys() & JALALI_MONTHS.keys()


def test_ascii_digits() -> None:
    text = "۲۸ نوامبر ۲۰۲۴"
    assert ascii_digits(text) == "28 نوامبر 2024"
    assert len(ascii_digits(text)) == len(text)
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ x٫y") == "0123456789 0123456789 x٫y"


def test_pattern_matches_whole_word_case_insensitively() -> None:
    match = MONTH.search("28 Января 2024 года")
    assert match is not None
    assert match["month"] == "Января"
    assert GREGORIAN_MONTHS[match["month"].lower()] == 1


def test_pattern_prefers_longest_name() -> None:
    match = MONTH.search("5 сентября")
    assert match is not None
    assert match["month"] == "сентября"
    assert re.fullmatch(MONTH_NAME_PATTERN, "сент") is not None


def test_pattern_finds_persian_names() -> None:
    text = ascii_digits("۱۰ دی ۱۴۰۳ برابر با ۳۰ دسامبر ۲۰۲۴")
    assert [m["month"] for m in MONTH.finditer(text)] == ["دی", "دسامبر"]


def test_pattern_has_no_afghan_zodiac_names() -> None:
    assert MONTH.search("میزان تورم") is None
