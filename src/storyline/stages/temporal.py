"""dates.v1: temporal expressions, found by our patterns and resolved as a careful reader would.

Finding is ours (regular expressions over English, Russian, Tajik, Uzbek and Persian month
tables, Persian digits read as ASCII); resolving a relative expression ("yesterday", "6 часов
назад", "two weeks ago") is dateparser's, against an anchor:

1. the publication date when it is a full date;
2. otherwise the latest fully dated expression in the text ("28 ноября 2024 года").

Every value keeps its grain (day, month, year, year-less month-day, year-less month, range).
Nothing is invented: a year-less date stays year-less unless the publication date gives the
year (marked ``inferred``) or, with no publication date, it dates the article's lead and a dated
past event in the text puts it after that event (seed 003: "29 января" in an article that calls
the approval of "28 ноября 2024 года" done → 2025-01-29, inferred). A relative expression with
no anchor, and "on the same day" after an unresolved date, stay ``None`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from storyline.document import DateMention, Document, Grain
from storyline.settings import Settings
from storyline.stages.calendars import (
    GREGORIAN_MONTHS,
    JALALI_MONTHS,
    ascii_digits,
    jalali_to_gregorian,
)
from storyline.stages.pipeline import StageFn, stage


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_M = rf"(?P<month>{_alternation(GREGORIAN_MONTHS)})\.?"
_J = rf"(?P<jmonth>{_alternation(JALALI_MONTHS)})"
_YEAR_WORD = r"(?:\s*(?:года|году|год|г\.|year))?"
_Y = r"(?P<year>(?:1[89]|20)\d{2})"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|-?(?:го|е|я))?"
_WEEKDAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAYS_RU = {
    "понедельник": 0,
    "вторник": 1,
    "среду": 2,
    "среда": 2,
    "четверг": 3,
    "пятницу": 4,
    "пятница": 4,
    "субботу": 5,
    "суббота": 5,
    "воскресенье": 6,
}
_WEEKDAY = "|".join([*_WEEKDAYS_EN, *_WEEKDAYS_RU])
_UNITS = (
    r"(?:minutes?|hours?|days?|weeks?|months?|years?|"
    r"минут[уы]?|час(?:а|ов)?|д(?:ень|ня|ней)|недел[юиь]|месяц(?:а|ев)?|год(?:а)?|лет)"
)
_NUMBER_WORDS = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"один|одну|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|несколько)"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|plans?|planned|intends?|expected|would|"
    r"будет|будут|планиру\w*|намерен\w*|ожида\w*|предстоит)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: str  # absolute | relative | anaphoric | range
    regex: re.Pattern[str]


def _p(kind: str, pattern: str) -> Pattern:
    return Pattern(kind, re.compile(pattern, re.IGNORECASE))


# Order matters only for ties: the longest match wins, then the earlier pattern.
PATTERNS: tuple[Pattern, ...] = (
    # 28 ноября 2024 года · 25 December · 28 ноябри соли 2024 · 10th of October, 2025
    _p("absolute", rf"\b{_D}(?:\s+of)?\s+{_M}(?:,?\s+(?:соли\s+)?{_Y}{_YEAR_WORD})?(?!\w)"),
    # October 10 · December 25th, 2024
    _p("absolute", rf"\b{_M}\s+{_D}\b(?:,?\s+{_Y})?"),
    # 2024-yil 28-noyabr (Uzbek)
    _p("absolute", rf"\b{_Y}-?\s*yil(?:ning)?\s+{_D}-?\s*{_M}"),
    # 2024-11-28 · 28.11.2024
    _p("absolute", r"\b(?P<year>\d{4})-(?P<nmonth>\d{2})-(?P<day>\d{2})(?!\d)"),
    _p("absolute", r"\b(?P<day>\d{1,2})\.(?P<nmonth>\d{1,2})\.(?P<year>\d{4})\b"),
    # December 2024 · в январе 2025 года
    _p("absolute", rf"(?<!\d\s)\b{_M}\s+{_Y}{_YEAR_WORD}"),
    # 7 мехр 1402 · ۱۰ دی ۱۴۰۳ (Solar Hijri)
    _p("absolute", rf"(?<!\w){_D}\s+{_J}(?:\s+(?:ماه\s+)?(?P<jyear>1[34]\d\d))?(?!\w)"),
    # in December · earlier in December · в декабре (a month alone, year unknown)
    _p(
        "month",
        rf"\b(?:(?:earlier|later|early|late|since|until|by)\s+)?(?:in|в|во|с|до|к|since|until|by)"
        rf"\s+(?:(?:early|late|mid-?|the end of|начале|конце|середине)\s+)?{_M}(?![\w-])"
        rf"(?!\s+\d)",
    ),
    # until 2025 · до 2025 года · since 2020 · с 2020 года
    _p(
        "range",
        rf"\b(?P<rel>until|till|through|by|before|до|since|из|после|after|с|со)\s+{_Y}{_YEAR_WORD}\b",
    ),
    # from 2020 to 2024 · 2020–2024 · с 2020 по 2024 год
    _p(
        "range",
        r"\b(?:(?:from|с|со)\s+)?(?P<year>(?:19|20)\d\d)\s*(?:-|–|—|to|по|until)\s*"
        r"(?P<year2>(?:19|20)\d\d)(?:\s*(?:годы|годах|гг\.|years))?\b",
    ),
    # in 2023 · в 2023 году · 2024 year
    _p("year", rf"\b(?:in|during|for|of|в|во|за|на)\s+{_Y}(?:\s*(?:году|года|год|г\.))?(?![\w-])"),
    _p("year", rf"\b{_Y}\s*(?:году|года|год|г\.)"),
    # yesterday · вчера · 6 часов назад · two weeks ago · last Friday · в прошлую пятницу
    _p(
        "relative",
        r"\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|"
        r"this\s+(?:morning|afternoon|evening|week|month|year)|"
        r"(?:last|next)\s+(?:night|week|month|year)|"
        r"позавчера|вчера|сегодня|завтра|послезавтра|"
        r"на\s+(?:прошлой|этой|следующей)\s+неделе|в\s+(?:прошлом|этом|следующем)\s+(?:месяце|году))\b",
    ),
    _p("relative", rf"\b{_NUMBER_WORDS}\s+{_UNITS}\s+(?:ago|назад)\b"),
    _p(
        "weekday",
        rf"\b(?P<which>last|on|this|в\s+прошл(?:ый|ую|ое)|в|во)\s+(?P<weekday>{_WEEKDAY})\b",
    ),
    # on the same day · в тот же день · the next day · на следующий день
    _p(
        "anaphoric",
        r"\b(?:(?:on\s+)?the\s+same\s+day|(?:on\s+)?that\s+(?:same\s+)?day|"
        r"в\s+(?:тот|этот)\s+же\s+день|в\s+тот\s+день)\b",
    ),
    _p("next_day", r"\b(?:(?:on\s+)?the\s+(?:next|following)\s+day|на\s+следующий\s+день)\b"),
)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: str
    match: re.Match[str]


def find_expressions(text: str) -> list[_Found]:
    """Non-overlapping temporal expressions, leftmost-longest."""
    candidates: list[_Found] = []
    for pattern in PATTERNS:
        for match in pattern.regex.finditer(text):
            if match.end() > match.start():
                candidates.append(_Found(match.start(), match.end(), pattern.kind, match))
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[_Found] = []
    for found in candidates:
        if chosen and found.start < chosen[-1].end:
            continue
        chosen.append(found)
    return chosen


def full_date(value: str | None) -> date | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return None


@dataclass(slots=True)
class Context:
    """What resolution may lean on: the article's date, its lead, its language."""

    published: date | None
    language: str | None
    lead_end: int  # end of the first paragraph: the news peg's date is found there
    dateline: tuple[int, int] | None = None


def resolve(text: str, ctx: Context) -> list[DateMention]:
    """Every temporal expression of ``text`` with its value, grain and reasons."""
    searchable = ascii_digits(text)
    found = find_expressions(searchable)
    mentions = [_absolute(f, text, searchable) for f in found]
    anchors = [
        (m, full_date(m.value)) for m in mentions if m.kind == "absolute" and full_date(m.value)
    ]
    anchor = ctx.published
    anchor_reason = "the publication date"
    if anchor is None and anchors:
        anchor = max(d for _, d in anchors if d is not None)
        anchor_reason = "the latest full date in the text"
    for i, mention in enumerate(mentions):
        if ctx.dateline and ctx.dateline[0] <= mention.start < ctx.dateline[1]:
            mention.kind = "dateline"
        if mention.kind in ("relative", "weekday"):
            _relative(mention, anchor, anchor_reason, ctx.language)
        elif mention.kind in ("anaphoric", "next_day"):
            _anaphoric(mention, mentions[:i])
        elif mention.value and mention.value.startswith("--"):
            _year_less(mention, text, ctx, anchors)
        mention.kind = _PUBLIC_KIND.get(mention.kind, mention.kind)
    return [m for m in mentions if m.kind != "drop"]


_PUBLIC_KIND = {
    "weekday": "relative",
    "next_day": "anaphoric",
    "month": "absolute",
    "year": "absolute",
    "range": "absolute",
}


def _absolute(found: _Found, text: str, searchable: str) -> DateMention:
    g = {k: v for k, v in found.match.groupdict().items() if v is not None}
    mention = DateMention(found.start, found.end, text[found.start : found.end], None, None)
    mention.kind = found.kind
    if found.kind in ("relative", "weekday", "anaphoric", "next_day"):
        return mention
    if found.kind == "range":
        return _range(mention, g)
    if "year" in g and found.kind == "year":
        nxt = re.match(r"\s+([a-zа-яё]+)", searchable[found.end : found.end + 30])
        if nxt and not nxt.group(1).startswith(("год", "year")):
            mention.kind = "drop"  # "in 2000 villages": a count, not a year
            return mention
        mention.value, mention.grain = g["year"], "year"
        return mention
    if "jmonth" in g:
        return _jalali(mention, g)
    month = (
        int(g["nmonth"]) if "nmonth" in g else GREGORIAN_MONTHS.get(g["month"].lower().rstrip("."))
    )
    if month is None or not 1 <= month <= 12:
        mention.kind = "drop"
        return mention
    if "day" not in g:
        if "year" in g:
            mention.value, mention.grain = f"{g['year']}-{month:02d}", "month"
        else:
            mention.value, mention.grain = f"--{month:02d}", "month-only"
        return mention
    day = int(g["day"])
    try:
        date(int(g.get("year", 2000)), month, day)  # 2000 is a leap year: 29 February is valid
    except ValueError:
        mention.kind = "drop"  # "31 April", "May 40": not a date
        return mention
    if "year" in g:
        mention.value, mention.grain = f"{g['year']}-{month:02d}-{day:02d}", "day"
    else:
        mention.value, mention.grain = f"--{month:02d}-{day:02d}", "month-day"
    return mention


def _range(mention: DateMention, g: dict[str, str]) -> DateMention:
    mention.grain = "range"
    if "year2" in g:
        mention.value = f"{g['year']}/{g['year2']}"
    elif g["rel"].lower() in ("until", "till", "through", "by", "before", "до"):
        mention.value = f"../{g['year']}"
    else:
        mention.value = f"{g['year']}/.."
    return mention


def _jalali(mention: DateMention, g: dict[str, str]) -> DateMention:
    if "jyear" not in g:
        mention.reason = "a Solar Hijri date without a year: its Gregorian day depends on the year"
        return mention
    try:
        value = jalali_to_gregorian(
            int(g["jyear"]), JALALI_MONTHS[g["jmonth"].lower()], int(g["day"])
        )
    except ValueError as exc:
        mention.reason = str(exc)
        return mention
    mention.value, mention.grain = value.isoformat(), "day"
    return mention


def _relative(mention: DateMention, anchor: date | None, why: str, language: str | None) -> None:
    if anchor is None:
        mention.reason = (
            "relative to the publication date, which is unknown, and the text gives no full "
            "date to count from"
        )
        return
    mention.anchor = anchor.isoformat()
    text = mention.text.lower()
    weekday = re.search(_WEEKDAY, text)
    grain: Grain = "day"
    if weekday:
        target = (
            _WEEKDAYS_EN.index(weekday.group(0))
            if weekday.group(0) in _WEEKDAYS_EN
            else _WEEKDAYS_RU[weekday.group(0)]
        )
        back = (anchor.weekday() - target) % 7 or (7 if "last" in text or "прошл" in text else 0)
        value: date | None = anchor - timedelta(days=back)
    else:
        value = _dateparser(mention.text, anchor, language)
        if re.search(r"month|месяц", text) and "ago" not in text and "назад" not in text:
            grain = "month"
        elif re.search(r"\byear|году\b", text) and "ago" not in text and "назад" not in text:
            grain = "year"
        elif re.search(r"week|недел", text) and "ago" not in text and "назад" not in text:
            grain = "range"
    if value is None:
        mention.reason = f"dateparser could not resolve it against {anchor.isoformat()}"
        return
    mention.grain = grain
    if grain == "month":
        mention.value = value.isoformat()[:7]
    elif grain == "year":
        mention.value = value.isoformat()[:4]
    elif grain == "range":  # a week: Monday to Sunday of it
        monday = value - timedelta(days=value.weekday())
        mention.value = f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    else:
        mention.value = value.isoformat()
    mention.reason = f"counted from {why}"


def _dateparser(text: str, anchor: date, language: str | None) -> date | None:
    import dateparser

    settings: dict[str, Any] = {
        "RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day, 12),
        "PREFER_DATES_FROM": "past",
    }
    languages = [language] if language in ("en", "ru", "tg", "uz", "fa") else None
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except Exception:  # dateparser raises a variety of errors on odd input
        return None
    return parsed.date() if parsed else None


def _anaphoric(mention: DateMention, before: list[DateMention]) -> None:
    previous = next((m for m in reversed(before) if m.kind not in ("drop",)), None)
    if previous is None:
        mention.reason = "refers to a date the text has not given"
        return
    mention.anchor = previous.value
    if previous.value is None:
        mention.reason = f"the same day as {previous.text!r}, which has no value"
        return
    day = full_date(previous.value)
    if mention.kind == "next_day":
        if day is None:
            mention.reason = f"the day after {previous.text!r}, which is not a full date"
            return
        mention.value, mention.grain = (day + timedelta(days=1)).isoformat(), "day"
    else:
        mention.value, mention.grain = previous.value, previous.grain
    mention.reason = f"refers back to {previous.text!r}"


def _year_less(
    mention: DateMention, text: str, ctx: Context, anchors: list[tuple[DateMention, date | None]]
) -> None:
    """Give a year-less date its year when the text makes it certain; mark it inferred."""
    assert mention.value is not None
    month = int(mention.value[2:4])
    day = int(mention.value[5:7]) if mention.grain == "month-day" else 1
    sentence = _sentence_around(text, mention.start)
    future = bool(_FUTURE.search(sentence))
    if ctx.published is not None:
        year = ctx.published.year
        candidate = _safe_date(year, month, day)
        if candidate is not None and not future and candidate > ctx.published:
            year -= 1  # a past event dated after publication is last year's
        elif candidate is not None and future and candidate < ctx.published:
            year += 1
        _set_year(mention, year, ctx.published, "the year from the publication date")
        return
    in_lead = mention.start < ctx.lead_end or mention.kind == "dateline"
    past = [
        (m, d)
        for m, d in anchors
        if d is not None and not _FUTURE.search(_sentence_around(text, m.start))
    ]
    if not in_lead or not past:
        return  # the year stays unknown: --MM-DD is what the text says
    anchor_mention, latest = max(past, key=lambda pair: pair[1] or date.min)
    assert latest is not None
    year = latest.year
    candidate = _safe_date(year, month, day)
    if candidate is None or candidate < latest:
        year += 1
    _set_year(
        mention,
        year,
        latest,
        f"the lead's date comes after the dated past event {anchor_mention.text!r} in the text",
    )


def _set_year(mention: DateMention, year: int, anchor: date, reason: str) -> None:
    assert mention.value is not None
    if (
        _safe_date(
            year,
            int(mention.value[2:4]),
            int(mention.value[5:7] or 1) if mention.grain == "month-day" else 1,
        )
        is None
    ):
        return  # 29 February in a year without one: leave it year-less
    mention.value = f"{year}{mention.value[1:]}"
    mention.grain = "day" if mention.grain == "month-day" else "month"
    mention.inferred = True
    mention.anchor = anchor.isoformat()
    mention.reason = reason


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_SENTENCE_END = re.compile(r"[.!?…]\s|\n")


def _sentence_around(text: str, offset: int) -> str:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, offset)), default=0)
    end_match = _SENTENCE_END.search(text, offset)
    return text[start : end_match.start() + 1 if end_match else len(text)]


def context_of(doc: Document) -> Context:
    published = full_date(doc.meta.published)
    dateline = (doc.meta.dateline.start, doc.meta.dateline.end) if doc.meta.dateline else None
    lead_end = next((end for start, end in doc.paragraphs if end - start > 80), len(doc.text))
    return Context(published, doc.meta.language, lead_end, dateline)


@stage(
    "dates.v1",
    requires=["text", "paragraphs", "meta.published", "meta.language"],
    assigns=["dates"],
)
def dates_v1(settings: Settings) -> StageFn:
    """Temporal expressions with values, grains and reasons, resolved against an anchor."""
    _dateparser("yesterday", date(2000, 1, 2), "en")  # load dateparser's tables once, here
    _dateparser("вчера", date(2000, 1, 2), "ru")

    def run(doc: Document) -> Document:
        doc.dates = resolve(doc.text, context_of(doc))
        return doc

    return run
