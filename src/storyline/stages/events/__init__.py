"""events.v1: typed events (PLOVER, plus STATEMENT) with participants, place, date, counts,
attribution and modality, every part a span of the text.

Data flow per article::

    paragraphs ─▶ sentences ─▶ cheap word-stem filter (lexicon) ─▶ candidate sentences
        English: spaCy dependency parse  ┐
        Russian: natasha syntax + morph  ├─▶ extract.py rules (shared UD shape) ─▶ events
        other languages: lexicon + nearest names (fallback)
    events ─▶ resolve/events.merge_in_article (same happening reported twice) ─▶ doc.events

Only sentences that contain a trigger stem are parsed: parsing is the cost of this stage.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from storyline.document import Argument, Document, EntityMention, Event
from storyline.resolve.events import merge_in_article
from storyline.settings import Settings
from storyline.stages.events import lexicon as L
from storyline.stages.events.extract import Extractor, Layers, _argument
from storyline.stages.events.syntax import parse_english, parse_russian
from storyline.stages.pipeline import StageFn, stage

_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[\"»”’)]*|$)")
_ABBREVIATION = re.compile(
    r"(?:\b[A-ZА-Я]|\b(?:Mr|Mrs|Dr|St|Gen|Col|Lt|U\.S|г|гг|им|т\.е|т\.к|ст|ул))\.$"
)
# Irregular English forms whose stem is not the lemma's.
_EN_IRREGULAR = "met said told held sought fought gave made struck shot sent built took went spoke"
# Triggers for languages without a parser: word stems (Tajik, Uzbek, Persian, Kazakh).
FALLBACK_STEMS: dict[str, str] = {
    "вохӯрд": "CONSULT",
    "мулоқот": "CONSULT",
    "гуфтугӯ": "CONSULT",
    "музокира": "CONSULT",
    "имзо": "AGREE",
    "ҳамла": "ASSAULT",
    "uchrash": "CONSULT",
    "muzokara": "CONSULT",
    "imzola": "AGREE",
    "hujum": "ASSAULT",
    "kездес": "CONSULT",
    "келіссөз": "CONSULT",
    "دیدار": "CONSULT",
    "گفتگو": "CONSULT",
    "مذاکره": "CONSULT",
    "امضا": "AGREE",
    "حمله": "ASSAULT",
    "درگیری": "FIGHT",
}


def _stems(words: list[str], cut: int) -> re.Pattern[str]:
    stems = {w[: max(3, len(w) - cut)] for w in words}
    return re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, stems), key=len, reverse=True)) + r")",
        re.IGNORECASE,
    )


_EN_CANDIDATE = _stems(
    [*L.EN_VERBS, *L.EN_NOUNS, "exchange", "call", "kill", "attack", *_EN_IRREGULAR.split()], 2
)
_RU_CANDIDATE = _stems([*L.RU_VERBS, *L.RU_NOUNS, "обменяться", "убить", "напасть"], 3)
_FALLBACK = re.compile("|".join(map(re.escape, FALLBACK_STEMS)), re.IGNORECASE)


def sentences(doc: Document) -> Iterator[tuple[int, int]]:
    """Sentence spans, paragraph by paragraph; abbreviations ('U.S.', 'г.') do not end one."""
    for p_start, p_end in doc.paragraphs:
        start = p_start
        for match in _SENTENCE.finditer(doc.text, p_start, p_end):
            end = match.end()
            piece = doc.text[start:end].rstrip()
            if end < p_end and (
                _ABBREVIATION.search(piece)
                or (
                    not doc.text[end : end + 2].strip()[:1].isupper()
                    and doc.text[end : end + 2].strip()[:1].isalpha()
                )
            ):
                continue  # not a sentence end: keep going
            text = doc.text[start:end]
            lo = start + len(text) - len(text.lstrip())
            hi = start + len(text.rstrip())
            if hi > lo:
                yield lo, hi
            start = end
        if start < p_end and doc.text[start:p_end].strip():
            text = doc.text[start:p_end]
            yield start + len(text) - len(text.lstrip()), start + len(text.rstrip())


def _language_at(doc: Document, offset: int) -> str:
    for p in doc.paragraph_languages:
        if p.start <= offset < p.end:
            return p.language
    return doc.meta.language or "und"


def extract_events(doc: Document) -> list[Event]:
    spans = list(sentences(doc))
    by_language: dict[str, list[tuple[int, int]]] = {}
    for start, end in spans:
        lang = _language_at(doc, start)
        group = lang if lang in ("en", "ru") else "other"
        candidate = {"en": _EN_CANDIDATE, "ru": _RU_CANDIDATE}.get(group, _FALLBACK)
        if candidate.search(doc.text, start, end):
            by_language.setdefault(group, []).append((start, end))
    events: list[Event] = []
    if "en" in by_language:
        extractor = Extractor(Layers(doc, "en"))
        for sent in parse_english(by_language["en"], doc.text):
            events.extend(extractor.events(sent, "spacy-deps"))
    if "ru" in by_language:
        extractor = Extractor(Layers(doc, "ru"))
        for sent in parse_russian(by_language["ru"], doc.text):
            events.extend(extractor.events(sent, "natasha-syntax"))
    for start, end in by_language.get("other", []):
        events.extend(_fallback(doc, start, end))
    events.sort(key=lambda e: (e.start, e.trigger_start))
    starts = [s for s, _ in spans]
    by_span = {(m.start, m.end): m for m in doc.entities}
    return merge_in_article(
        events,
        key=lambda arg: _mention_key(by_span.get((arg.start, arg.end)), arg),
        sentence_of=lambda offset: bisect_right(starts, offset),
    )


def _mention_key(mention: EntityMention | None, arg: Argument) -> str | None:
    """Within one article, a participant is its mention cluster (Zas = Zac = Stanislav Zas)."""
    if arg.type == "GENERIC":
        return None
    if mention is not None and mention.cluster is not None:
        return f"cluster:{mention.cluster}"
    return f"name:{(arg.canonical or arg.text).lower()}"


def _fallback(doc: Document, start: int, end: int) -> Iterator[Event]:
    """No parser for this language: a trigger stem, names before it act, names after it are
    acted upon."""
    for match in _FALLBACK.finditer(doc.text, start, end):
        event_type = FALLBACK_STEMS[match.group(0).lower()]
        names = [m for m in doc.entities if start <= m.start and m.end <= end and m.type != "NORP"]
        yield Event(
            type=event_type,
            cameo=L.CAMEO_ROOT[event_type],
            start=start,
            end=end,
            trigger_start=match.start(),
            trigger_end=match.end(),
            trigger=match.group(0),
            actors=[_argument(m) for m in names if m.end <= match.start() and m.type != "LOC"][:2],
            targets=[_argument(m) for m in names if m.start >= match.end() and m.type != "LOC"][:2],
            place=next((_argument(m) for m in names if m.type == "LOC"), None),
            date_reason="the sentence gives no date",
            method="lexicon",
        )


@stage(
    "events.v1",
    requires=["text", "paragraphs", "entities", "dates", "numbers"],
    assigns=["events"],
)
def events_v1(settings: Settings) -> StageFn:
    """Typed events with participants, place, date, counts, attribution and modality."""

    def run(doc: Document) -> Document:
        doc.events = extract_events(doc)
        return doc

    return run
