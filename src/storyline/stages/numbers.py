"""numbers.v1: numbers and quantities, each attached to the noun it counts.

Numbers are digits ("1,500", "2.5 million"), number words read by number-parser ("three",
"двадцать пять", "двух"), Russian collective numerals from our table ("трое", "пятерых") and
vague quantities as lower bounds ("dozens" → 24, "десятки" → 20, marked ``approximate``).
Years, dates and ordinals ("11th meeting", "201st military base") are not counts and are left
out.

The counted noun is read after the number: in English the words up to a function word, a
participle or punctuation ("four new border outposts along …" → outposts, modifier 'new
border'); in Russian the first noun by pymorphy3 ("четыре новых погранзаставы" → погранзаставы).
Coordinated numbers share the later noun: "three insurgent and two border guard deaths" gives
3 → deaths ('insurgent') and 2 → deaths ('border guard').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.document import Document, NumberMention
from storyline.models import russian_morphology
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage
from storyline.stages.words import words


def _number_words(language: str) -> dict[str, None]:
    from importlib import import_module

    info: dict[str, Any] = import_module(f"number_parser.data.{language}").info
    words: dict[str, None] = {}
    for table in ("UNIT_NUMBERS", "DIRECT_NUMBERS", "TENS", "HUNDREDS", "BIG_POWERS_OF_TEN"):
        words.update(dict.fromkeys(info.get(table, {})))
    return words


# Russian collective numerals (трое, пятерых): number-parser does not read them.
COLLECTIVES: dict[str, int] = {}
for _value, _stem in enumerate(
    ["дво", "тро", "четвер", "пятер", "шестер", "семер", "восьмер", "девятер", "десятер"], start=2
):
    for _ending in ("е", "их", "им", "ими") if _value < 4 else ("о", "ых", "ым", "ыми"):
        COLLECTIVES[_stem + _ending] = _value
# Vague quantities, read as the least they can mean.
APPROXIMATE: dict[str, int] = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "десятки": 20,
    "десятков": 20,
    "десятками": 20,
    "сотни": 200,
    "сотен": 200,
    "тысячи": 2000,
    "тысяч": 2000,
}
_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "тыс": 1e3,
    "тысяч": 1e3,
    "тысячи": 1e3,
    "млн": 1e6,
    "миллион": 1e6,
    "миллиона": 1e6,
    "миллионов": 1e6,
    "млрд": 1e9,
    "миллиард": 1e9,
    "миллиарда": 1e9,
    "миллиардов": 1e9,
}
_ALONE_IS_NOT_A_COUNT = frozenset({"one", "a", "an", "один", "одна", "одно", "одни"})
_EN_WORDS = _number_words("en")
_RU_WORDS = _number_words("ru")
_WORD = r"[A-Za-zА-Яа-яЁё]+"
_DIGITS = re.compile(
    r"(?<![\w.,/-])(?P<n>\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)"
    r"(?P<ordinal>st|nd|rd|th|-?(?:й|го|я|е|ое|ый|ая|м|х)\b)?"
    r"(?:\s*(?P<scale>thousand|million|billion|тыс\.?|тысяч[иа]?|млн\.?|млрд\.?|"
    r"миллиард(?:а|ов)?|миллион(?:а|ов)?))?"
    r"(?P<percent>\s*%)?"
)
_WORDS = re.compile(rf"{_WORD}(?:[-\s]+{_WORD})*")
_EN_STOP = words(
    "and or but of in on at to from with by for along as that which who whom were was "
    "are is be been have has had the a an this these those their its his her our your "
    "near across over under into after before during since than while per"
)
_PUNCT = re.compile(r"[.,;:!?()\[\]«»“”\"—–]")


@dataclass(slots=True)
class _Number:
    start: int
    end: int
    value: float
    approximate: bool = False


def find_numbers(text: str, language: str | None) -> list[_Number]:
    found: list[_Number] = []
    for match in _DIGITS.finditer(text):
        if match.group("ordinal"):
            continue
        raw = match.group("n").replace("\u00a0", "").replace("\u202f", "")
        if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?", raw):
            raw = raw.replace(",", "").replace(" ", "")
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            continue
        scale = (match.group("scale") or "").rstrip(".").lower()
        value *= _SCALES.get(scale, 1)
        end = match.end("scale") if match.group("scale") else match.end("n")
        found.append(_Number(match.start(), end, value))
    for number in _word_numbers(text, language):
        if not any(n.start < number.end and number.start < n.end for n in found):
            found.append(number)  # "million" in "2.5 million" is already read
    return sorted(found, key=lambda n: n.start)


def _word_numbers(text: str, language: str | None) -> list[_Number]:
    from number_parser import parse_number

    table = _RU_WORDS if language in ("ru", "tg", "kk", "ky", "uz") else _EN_WORDS
    out: list[_Number] = []
    for match in re.finditer(_WORD, text):
        word = match.group(0).lower().replace("ё", "е")
        if word in COLLECTIVES:
            out.append(_Number(match.start(), match.end(), COLLECTIVES[word]))
        elif word in APPROXIMATE:
            out.append(_Number(match.start(), match.end(), APPROXIMATE[word], approximate=True))
    # Runs of number words: "twenty-two", "сорок два", "one hundred and five".
    words = list(re.finditer(r"[A-Za-zА-Яа-яЁё]+", text))
    i = 0
    while i < len(words):
        word = words[i].group(0).lower().replace("ё", "е")
        if word not in table:
            i += 1
            continue
        j = i + 1
        while j < len(words):
            gap = text[words[j - 1].end() : words[j].start()]
            nxt = words[j].group(0).lower().replace("ё", "е")
            if gap.strip(" -") or not (
                nxt in table or (nxt in ("and", "и") and j + 1 < len(words))
            ):
                break
            j += 1
        while j - 1 > i and words[j - 1].group(0).lower() in ("and", "и"):
            j -= 1
        start, end = words[i].start(), words[j - 1].end()
        phrase = text[start:end]
        i = j
        if phrase.lower() in _ALONE_IS_NOT_A_COUNT:
            continue
        value = parse_number(
            phrase.replace("ё", "е"), language="ru" if table is _RU_WORDS else "en"
        )
        if value is not None:
            out.append(_Number(start, end, float(value)))
    return out


def attach(text: str, number: _Number, language: str | None) -> NumberMention:
    """The number with the noun after it (see the module docstring)."""
    mention = NumberMention(
        number.start,
        number.end,
        text[number.start : number.end],
        number.value,
        approximate=number.approximate,
    )
    russian = language in ("ru", "tg", "kk", "ky", "uz")
    words = _words_after(text, number.end)
    if words and words[0][2].lower() in ("of", "из"):
        words = words[1:]  # "dozens of people", "трое из задержанных"
    head = _russian_head(words) if russian else _english_head(text, words)
    if head is None:
        return mention
    head_index, shared = head
    first, last = words[0], words[head_index]
    mention.unit = last[2]
    mention.unit_start, mention.unit_end = last[0], last[1]
    if head_index > 0 and not shared:
        mention.modifier = text[first[0] : words[head_index - 1][1]]
    elif shared:
        mention.modifier = shared
    return mention


def _words_after(text: str, offset: int, limit: int = 12) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for match in re.finditer(r"[\w’'-]+|[^\w\s]", text[offset : offset + 160]):
        out.append((offset + match.start(), offset + match.end(), match.group(0)))
        if len(out) >= limit:
            break
    return out


def _english_head(text: str, words: list[tuple[int, int, str]]) -> tuple[int, str | None] | None:
    collected: list[int] = []
    for i, (_, _, word) in enumerate(words):
        lower = word.lower()
        if _PUNCT.fullmatch(word) or lower in _EN_STOP or lower in _EN_WORDS or word[0].isdigit():
            if lower in ("and", "or") and collected and _starts_number(words, i + 1):
                # "three insurgent and two border guard deaths": the later noun is shared
                rest = _english_head(text, _after_number(words, i + 1))
                if rest is not None:
                    head_index, _ = rest
                    later = _after_number(words, i + 1)
                    modifier = text[words[collected[0]][0] : words[collected[-1]][1]]
                    offset = words.index(later[head_index])
                    return offset, modifier
            break
        if collected and lower.endswith(("ing", "ed")) and lower not in _CASUALTY_WORDS:
            break
        collected.append(i)
        if len(collected) >= 4 or lower in _CASUALTY_WORDS:
            break
    if not collected:
        return None
    return collected[-1], None


_CASUALTY_WORDS = words(
    "deaths dead killed fatalities casualties wounded injured injuries missing people"
)


def _starts_number(words: list[tuple[int, int, str]], i: int) -> bool:
    if i >= len(words):
        return False
    word = words[i][2].lower()
    return word[0].isdigit() or (word in _EN_WORDS and word not in _ALONE_IS_NOT_A_COUNT)


def _after_number(words: list[tuple[int, int, str]], i: int) -> list[tuple[int, int, str]]:
    j = i
    while j < len(words) and (words[j][2][0].isdigit() or words[j][2].lower() in _EN_WORDS):
        j += 1
    return words[j:]


def _russian_head(words: list[tuple[int, int, str]]) -> tuple[int, str | None] | None:
    morph = russian_morphology()
    for i, (_, _, word) in enumerate(words[:5]):
        if _PUNCT.fullmatch(word) or word[0].isdigit():
            return None
        tags = {p.tag.POS for p in morph.parse(word)[:2]}
        if "NOUN" in tags:
            return i, None
        if not tags & {"ADJF", "PRTF", "ADJS"}:
            return None
    return None


def numbers_in(doc: Document) -> list[NumberMention]:
    taken = [(d.start, d.end) for d in doc.dates]
    out = []
    for number in find_numbers(doc.text, doc.meta.language):
        if any(s < number.end and number.start < e for s, e in taken):
            continue  # part of a date
        if re.fullmatch(r"(?:1[89]|20)\d\d", doc.text[number.start : number.end]):
            continue  # a year outside a date expression: not a count
        out.append(attach(doc.text, number, doc.meta.language))
    return out


@stage("numbers.v1", requires=["text", "dates", "meta.language"], assigns=["numbers"])
def numbers_v1(settings: Settings) -> StageFn:
    """Numbers and quantities with the noun each one counts."""

    def run(doc: Document) -> Document:
        doc.numbers = numbers_in(doc)
        return doc

    return run
