"""The document model: raw items from ingest, and the article document the stages annotate.

Every annotation is a span ``(start, end)`` into ``Document.text`` (the clean body). The
``OffsetMap`` maps clean offsets back to ``Document.raw`` so any span can be shown in the input.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RawFormat = Literal["text", "html"]
Grain = Literal["day", "month", "year", "month-day", "month-only", "range"]


@dataclass(frozen=True, slots=True)
class RawItem:
    """One article-sized input as ingest found it, before any stage ran.

    ``source`` is the locator shown to users (a path, ``path#L3``, a URL); ``content`` is the
    decoded raw text (page dump or HTML). ``meta`` holds what the container said about the item
    (a JSONL line's title, a feed entry's date, the HTTP URL), never guesses.
    """

    source: str
    content: str
    format: RawFormat
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    # The record as the container held it, when that is more than ``content`` (a JSONL line
    # with its metadata): what a rejection keeps for ``storyline retry``.
    payload: bytes | None = None
    payload_kind: str | None = None

    @property
    def id(self) -> str:
        return article_id(self.url or self.source, self.content)


def article_id(source_key: str, content: str) -> str:
    """Stable id from where an article came from and what it says.

    Re-ingesting the same input gives the same id; the same text from two outlets gives two.
    """
    content_hash = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return hashlib.sha256(f"{source_key}\n{content_hash}".encode()).hexdigest()[:16]


@dataclass(slots=True)
class OffsetMap:
    """Runs of clean text copied from the raw input: ``(clean_start, raw_start, length)``.

    Characters of the clean text that are not inside a run (inserted separators) map to the raw
    position just after the preceding run.
    """

    runs: list[tuple[int, int, int]] = field(default_factory=list)

    def add(self, clean_start: int, raw_start: int, length: int) -> None:
        if length <= 0:
            return
        if self.runs:
            c, r, n = self.runs[-1]
            if c + n == clean_start and r + n == raw_start:  # contiguous: extend the last run
                self.runs[-1] = (c, r, n + length)
                return
        self.runs.append((clean_start, raw_start, length))

    def to_raw(self, clean_offset: int) -> int:
        if not self.runs:
            return clean_offset
        i = bisect.bisect_right(self.runs, (clean_offset, float("inf"), 0)) - 1
        if i < 0:
            return self.runs[0][1]
        c, r, n = self.runs[i]
        return r + min(clean_offset - c, n)

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        # The end maps through the last character of the span, so a span ending at a run boundary
        # does not stretch over whatever the raw input had between two runs.
        return self.to_raw(start), self.to_raw(end - 1) + 1


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    type: str
    lemma: str | None = None
    entity_id: str | None = None
    canonical: str | None = None
    subtype: str | None = None  # country, capital, city, international, demonym…
    source: str | None = None  # model, gazetteer, model+table, rule: what found it
    cluster: int | None = None  # mentions of one entity within this article share a cluster


@dataclass(slots=True)
class DateMention:
    """A temporal expression and the calendar value a careful reader gives it.

    ``value`` keeps the grain the text gives: ``2024-11-28`` (day), ``2024-11`` (month), ``2024``
    (year), ``--12-25`` (month and day, year unknown), ``--12`` (month, year unknown), or an
    interval ``2024-12-01/2024-12-25`` or ``../2025`` (range). ``None`` when it cannot be
    resolved, with the ``reason``. ``inferred`` marks a value the text implies but does not
    state (a year taken from a dated anchor); ``anchor`` is the date it was resolved against.
    """

    start: int
    end: int
    text: str
    value: str | None  # see above; None when unresolved
    grain: Grain | None
    kind: str = "absolute"  # absolute | relative | anaphoric | dateline
    anchor: str | None = None  # the date a relative or year-less expression was resolved against
    inferred: bool = False
    reason: str | None = None  # why the value is null, or how it was inferred


@dataclass(slots=True)
class NumberMention:
    """A number and the noun it counts: 'two border guard deaths' → 2, deaths, 'border guard'."""

    start: int
    end: int
    text: str
    value: float | None  # a lower bound when ``approximate`` ('dozens' → 24)
    unit: str | None = None  # the counted noun as written: 'deaths', 'border outposts'
    unit_start: int | None = None
    unit_end: int | None = None
    modifier: str | None = None  # words between number and noun: 'insurgent', 'border guard'
    approximate: bool = False


@dataclass(slots=True)
class Argument:
    """A participant of an event: a span of the text, with the entity it names when known."""

    start: int
    end: int
    text: str
    entity_id: str | None = None
    canonical: str | None = None
    type: str | None = None  # PER, ORG, LOC, NORP; None for a phrase that names no entity


@dataclass(slots=True)
class Count:
    """'three insurgent … deaths': what was counted, how many, and whose, as the text says."""

    kind: str  # killed | injured | missing | arrested | displaced
    value: int
    side: str | None  # 'insurgent', 'border guard'; None when the text does not say
    start: int  # the number's span
    end: int
    approximate: bool = False


@dataclass(slots=True)
class Attribution:
    """Who says so: 'the Kremlin said', 'according to …', 'по данным ГКНБ'."""

    start: int  # the source's span
    end: int
    text: str
    cue: str  # said, according to, confirmed, по данным…
    entity_id: str | None = None
    canonical: str | None = None


@dataclass(slots=True)
class EventMerge:
    """Another report of the same event in this article, folded into it, with why."""

    trigger_start: int
    trigger_end: int
    start: int
    end: int
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    """Who did what to whom, where, when, how many: one happening as one article reports it.

    ``start``/``end`` are the evidence sentence; ``trigger_*`` the words that name the event.
    ``modality`` is ``asserted`` for what the text reports as done, else ``planned``,
    ``expected``, ``denied``, ``negated`` or ``conditional``; ``claim`` is True for reported
    speech (``attribution`` says whose).
    """

    type: str  # PLOVER: AGREE, CONSULT, … FIGHT, OTHER; STATEMENT for CAMEO 01
    cameo: str  # CAMEO root code, two digits
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    actors: list[Argument] = field(default_factory=list)
    targets: list[Argument] = field(default_factory=list)
    place: Argument | None = None
    date: str | None = None  # partial date or interval, as in DateMention.value
    date_grain: Grain | None = None
    date_start: int | None = None  # the date expression's span, when the text gives one
    date_end: int | None = None
    date_reason: str | None = None  # why there is no date
    counts: list[Count] = field(default_factory=list)
    attribution: Attribution | None = None
    claim: bool = False
    modality: str = "asserted"
    method: str = "rules"  # what found it: spacy-deps, natasha-syntax, lexicon
    merged: list[EventMerge] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        data = dict(data)
        data["actors"] = [Argument(**a) for a in data.get("actors", [])]
        data["targets"] = [Argument(**a) for a in data.get("targets", [])]
        data["place"] = Argument(**data["place"]) if data.get("place") else None
        data["counts"] = [Count(**c) for c in data.get("counts", [])]
        data["attribution"] = (
            Attribution(**data["attribution"]) if data.get("attribution") else None
        )
        data["merged"] = [EventMerge(**m) for m in data.get("merged", [])]
        return cls(**data)


@dataclass(slots=True)
class Block:
    """One line of the input as the boilerplate rules judged it (``--explain`` shows these).

    ``label`` is body / title / meta / junk; ``rule`` names the rule that decided. ``raw_start``
    is the line's offset in the raw input for text dumps (None for HTML, whose lines are
    extracted text).
    """

    text: str
    label: str
    rule: str
    raw_start: int | None = None


@dataclass(slots=True)
class Dateline:
    """'DUSHANBE, October 10. /TASS/.' as a span of the text with its parts."""

    start: int
    end: int
    text: str
    place: str | None
    date: str | None  # partial date: --10-10 when the year is not given


@dataclass(slots=True)
class ParagraphLanguage:
    start: int
    end: int
    language: str
    confidence: float | None = None


@dataclass(slots=True)
class RoleMention:
    """'Stanislav Zas, Secretary General of the CSTO': who holds which office, per the text."""

    start: int  # the role words
    end: int
    role: str  # normalised: 'secretary general', 'foreign minister', 'президент'
    person_start: int  # the person's mention
    person_end: int
    person: str  # entity id, else canonical name
    organisation: str | None = None  # entity id or name of the office's organisation/country


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or a partial date; None when unknown
    language: str | None = None
    dateline: Dateline | None = None
    author: str | None = None


@dataclass(slots=True)
class Document:
    """An article and every annotation the stages added to it."""

    id: str
    source: str
    raw: str
    raw_format: RawFormat
    text: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)
    entities: list[EntityMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)  # versioned names of the stages that ran
    language_confidence: float | None = None
    script: str | None = None
    blocks: list[Block] = field(default_factory=list)
    paragraph_languages: list[ParagraphLanguage] = field(default_factory=list)
    # embed.v1/v2: float32 USE v3 embedding of title and lead (stories); not in the JSON contract
    embedding: bytes | None = field(default=None, repr=False)
    # embed.v2: float32 multilingual-e5-small vector of title and lead, for every language (the
    # stories' fallback where USE has no vector); not in the JSON contract either
    e5_embedding: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_raw(cls, item: RawItem) -> Document:
        meta = Metadata(
            title=item.meta.get("title") or None,
            url=item.url,
            published=item.meta.get("published") or None,
            language=item.meta.get("language") or None,
            publisher=item.meta.get("publisher") or None,
        )
        return cls(
            id=item.id,
            source=item.source,
            raw=item.content,
            raw_format=item.format,
            meta=meta,
            warnings=list(item.warnings),
        )

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        """The per-document output contract (docs/schema.md); ``explain`` adds the line verdicts."""
        out = {
            "id": self.id,
            "source": self.source,
            "url": self.meta.url,
            "title": self.meta.title,
            "publisher": self.meta.publisher,
            "published": self.meta.published,
            "language": self.meta.language,
            "dateline": asdict(self.meta.dateline) if self.meta.dateline else None,
            "author": self.meta.author,
            "script": self.script,
            "text": self.text,
            "paragraphs": [list(p) for p in self.paragraphs],
            "paragraph_languages": [asdict(p) for p in self.paragraph_languages],
            "entities": [asdict(e) for e in self.entities],
            "dates": [asdict(d) for d in self.dates],
            "numbers": [asdict(n) for n in self.numbers],
            "events": [asdict(e) for e in self.events],
            "roles": [asdict(r) for r in self.roles],
            "warnings": list(self.warnings),
            "stages": list(self.stages),
        }
        if explain:
            out["blocks"] = [asdict(b) for b in self.blocks]
        return out
