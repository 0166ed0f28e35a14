"""Month names, digits and the Solar Hijri calendar, for finding dates in multilingual news.

The date-expression finder reads English, Russian, Tajik, Uzbek and Persian text. This module
holds the lookup tables it needs and nothing else:

- ``GREGORIAN_MONTHS``: names of the Gregorian months in those languages (plus the Dari and
  Pashto spellings used in Afghan media), lower-cased, to 1-12.
- ``JALALI_MONTHS``: names of the Solar Hijri (Jalali) months in Persian and Tajik, to 1-12.
  ``AFGHAN_SOLAR_MONTHS`` keeps the zodiac names used in Afghanistan apart: several are also
  everyday Persian words (میزان "level", حمل "transport"), so callers opt in to them.
- ``jalali_to_gregorian``: Kazimierz Borkowski's arithmetic algorithm ("The Persian calendar
  for 3000 years", Earth, Moon and Planets 74, 1996), as ported in jalaali-js / jalaali-python.
  It follows the astronomical calendar of Iran for Solar Hijri years -61 to 3177.
- ``ascii_digits``: Persian and Arabic-Indic digits to ASCII, one character for one.

Spellings come from the usual forms in news text (and, for Persian, with both the Arabic and
the Persian letters yeh/kaf, since both occur in the wild).
"""

from __future__ import annotations

import re
from datetime import date, timedelta


def _table(rows: list[str]) -> dict[str, int]:
    """Row ``i`` (0-based) is a space-separated list of names of month ``i + 1``."""
    table: dict[str, int] = {}
    for number, names in enumerate(rows, start=1):
        for name in names.split():
            table[name.lower()] = number
    return table


GREGORIAN_MONTHS: dict[str, int] = _table(
    [
        # English; Russian nominative, genitive, prepositional, abbreviations; Tajik and its
        # izafet form in -и; Uzbek Latin; Uzbek Cyrillic; Persian; Dari/Pashto.
        "january jan январь января январе янв январ январи yanvar ژانویه ژانويه جنوری جنوري",
        "february feb февраль февраля феврале фев февр феврал феврали fevral"
        " فوریه فوريه فبروری فبروري",
        "march mar март марта марте мар марти mart مارس مارچ",
        "april apr апрель апреля апреле апр апрел апрели aprel آوریل آوريل اپریل اپريل",
        "may май мая мае майи مه می مي",
        "june jun июнь июня июне июн июни iyun ژوئن جون",
        "july jul июль июля июле июл июли iyul ژوئیه ژوئيه ژوییه جولای جولاي",
        "august aug август августа августе авг августи avgust اوت آگوست اگوست اگست",
        "september sep sept сентябрь сентября сентябре сен сент сентябр сентябри"
        " sentabr sentyabr سپتامبر سپتمبر",
        "october oct октябрь октября октябре окт октябр октябри oktabr oktyabr"
        " اکتبر اكتبر اکتوبر اكتوبر",
        "november nov ноябрь ноября ноябре ноя нояб ноябр ноябри noyabr نوامبر نومبر",
        "december dec декабрь декабря декабре дек декабр декабри dekabr دسامبر دسمبر ډسمبر",
    ]
)

JALALI_MONTHS: dict[str, int] = _table(
    [
        # Persian (with Arabic-yeh variants), then Tajik Cyrillic.
        "فروردین فروردين фарвардин",
        "اردیبهشت ارديبهشت урдибиҳишт",
        "خرداد хурдод",
        "تیر تير тир",
        "مرداد امرداد мурдод",
        "شهریور شهريور шаҳривар",
        "مهر меҳр",
        "آبان обон",
        "آذر озар",
        "دی دي дай",
        "بهمن баҳман",
        "اسفند исфанд",
    ]
)

# Solar Hijri months under their zodiac names (Dari, Afghanistan). Not part of the pattern.
AFGHAN_SOLAR_MONTHS: dict[str, int] = _table(
    ["حمل", "ثور", "جوزا", "سرطان", "اسد", "سنبله", "میزان", "عقرب", "قوس", "جدی", "دلو", "حوت"]
)

# Every name of both main tables, longest first so that "сентября" wins over "сен".
MONTH_NAME_PATTERN: str = "|".join(
    re.escape(name)
    for name in sorted({*GREGORIAN_MONTHS, *JALALI_MONTHS}, key=lambda name: (-len(name), name))
)

# Persian ۰-۹ (U+06F0-U+06F9) and Arabic-Indic ٠-٩ (U+0660-U+0669) to ASCII 0-9.
_DIGITS = str.maketrans(
    {chr(base + value): str(value) for base in (0x06F0, 0x0660) for value in range(10)}
)


def ascii_digits(text: str) -> str:
    """``text`` with Persian and Arabic-Indic digits made ASCII; same length, so offsets hold."""
    return text.translate(_DIGITS)


# Borkowski: Solar Hijri years where the 33-year leap pattern shifts.
_BREAKS = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
    1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
)  # fmt: skip


def _div(a: int, b: int) -> int:
    """Integer division truncating towards zero, as the published algorithm uses."""
    return int(a / b)


def _mod(a: int, b: int) -> int:
    """Remainder with the sign of ``a`` (the algorithm relies on this for -1)."""
    return a - _div(a, b) * b


def _jal_cal(year: int) -> tuple[bool, date]:
    """Whether Solar Hijri ``year`` is leap, and the Gregorian date of its 1 Farvardin."""
    if not _BREAKS[0] <= year < _BREAKS[-1]:
        raise ValueError(
            f"Solar Hijri year {year} is outside the supported range "
            f"{_BREAKS[0]}..{_BREAKS[-1] - 1}"
        )
    gregorian_year = year + 621
    leap_j = -14
    previous = _BREAKS[0]
    jump = 0
    for current in _BREAKS[1:]:
        jump = current - previous
        if year < current:
            break
        leap_j += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        previous = current
    n = year - previous
    # Leap years (Jalali, Gregorian) up to this one, and so the March day of Nowruz.
    leap_j += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leap_j += 1
    leap_g = _div(gregorian_year, 4) - _div((_div(gregorian_year, 100) + 1) * 3, 4) - 150
    march_day = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    return leap == 0, date(gregorian_year, 3, 1) + timedelta(days=march_day - 1)


def jalali_month_length(year: int, month: int) -> int:
    """Days in ``month`` of Solar Hijri ``year``: 31 for 1-6, 30 for 7-11, 29/30 for Esfand."""
    if not 1 <= month <= 12:
        raise ValueError(f"Solar Hijri month {month} is not in 1..12")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    leap, _ = _jal_cal(year)
    return 30 if leap else 29


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of Solar Hijri ``year/month/day``; ``ValueError`` if there is none."""
    length = jalali_month_length(year, month)
    if not 1 <= day <= length:
        raise ValueError(f"day {day} does not exist in Solar Hijri {year}/{month} ({length} days)")
    _, nowruz = _jal_cal(year)
    day_of_year = (month - 1) * 31 - max(month - 7, 0) + day - 1
    return nowruz + timedelta(days=day_of_year)
