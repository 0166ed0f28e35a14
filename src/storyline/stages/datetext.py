"""Explicit calendar dates written out in text, to ISO values that keep their grain.

"10 October 2025" → 2025-10-10; "October 10" → --10-10 (year unknown); "28 ноября 2024 года" →
2024-11-28; "Fri, 10 Oct 2025 08:00:00 GMT" → 2025-10-10. A date without a year stays partial: no
year is ever guessed here. Relative expressions ("yesterday") are the temporal stage's work.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan январь января янв",
        "february feb февраль февраля фев",
        "march mar март марта мар",
        "april apr апрель апреля апр",
        "may май мая",
        "june jun июнь июня июн",
        "july jul июль июля июл",
        "august aug август августа авг",
        "september sep sept сентябрь сентября сен",
        "october oct октябрь октября окт",
        "november nov ноябрь ноября ноя",
        "december dec декабрь декабря дек",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = r"(?P<month>[A-Za-zА-Яа-яЁё]{3,9})\.?"
_PATTERNS = (
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?(?:\s+(?P<year>\d{{4}}))?", re.IGNORECASE),
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
)
PARTIAL_DATE = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}(?:-\d{2})?)$")


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first explicit date in ``text``: (ISO or partial value, start, end)."""
    best: tuple[str, int, int] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _value(match)
            if value and (best is None or match.start() < best[1]):
                best = (value, match.start(), match.end())
                break
    return best


def normalise(value: str) -> str | None:
    """A date as containers give it (ISO, RFC 2822, written out) to ISO; None if unreadable."""
    value = value.strip()
    if PARTIAL_DATE.match(value):
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = find_date(value)
    return found[0] if found else None


def _value(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
    day = int(parts["day"])
    if month is None or not 1 <= month <= 12:
        return None
    year = parts.get("year")
    try:
        date(int(year) if year else 2000, month, day)  # 2000 is a leap year: 29 Feb is valid
    except ValueError:
        return None
    return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
