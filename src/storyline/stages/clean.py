"""clean.v1: raw input to clean body text, paragraphs and an offset map back to the raw input.

Plain text: line endings, runs of spaces and blank lines are normalised; every non-empty line is
a paragraph. HTML: trafilatura extracts the main text and page metadata; the extracted words are
aligned with the page source to build the offset map. Boilerplate inside plain-text page dumps is
left for the page-dump classifier (a later stage version).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

from storyline.document import Document, OffsetMap
from storyline.errors import InputRejected, Reason
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage

_SEGMENT = re.compile(r"\S+(?: \S+)*")  # words joined by single spaces: copied as one run
_LINE = re.compile(r"[^\r\n\u2028\u2029\x85\f\v]+")
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass
class TextBuilder:
    """Builds clean text from pieces of the raw input, recording where each piece came from."""

    parts: list[str] = field(default_factory=list)
    offsets: OffsetMap = field(default_factory=OffsetMap)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0

    def copy(self, text: str, raw_start: int) -> None:
        self.offsets.add(self.length, raw_start, len(text))
        self.parts.append(text)
        self.length += len(text)

    def insert(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def clean_plain(raw: str) -> TextBuilder:
    """Each non-blank line becomes a paragraph; inner runs of whitespace become one space."""
    builder = TextBuilder()
    for line in _LINE.finditer(raw):
        segments = list(_SEGMENT.finditer(line.group()))
        if not segments:
            continue
        if builder.paragraphs:
            builder.insert(PARAGRAPH_SEPARATOR)
        start = builder.length
        for i, segment in enumerate(segments):
            if i:
                builder.insert(" ")
            builder.copy(segment.group(), line.start() + segment.start())
        builder.paragraphs.append((start, builder.length))
    return builder


def align(clean: str, raw: str, *, window: int = 20_000) -> OffsetMap:
    """Map clean text back into ``raw`` (HTML) by finding each word in order in the source.

    A word is looked for as written and HTML-escaped, within ``window`` characters after the
    previous match; words not found (entities, generated text) stay unmapped.
    """
    offsets = OffsetMap()
    cursor = 0
    for word in re.finditer(r"\S+", clean):
        token = word.group()
        found = raw.find(token, cursor, cursor + window + len(token))
        if found < 0:
            escaped = htmllib.escape(token, quote=False)
            if escaped != token:
                found = raw.find(escaped, cursor, cursor + window + len(escaped))
                if found >= 0:
                    offsets.add(word.start(), found, 1)  # entity-bearing word: map its start
                    cursor = found + len(escaped)
            continue
        offsets.add(word.start(), found, len(token))
        cursor = found + len(token)
    return offsets


def _finish(doc: Document, builder: TextBuilder, settings: Settings) -> Document:
    doc.text = builder.text()
    doc.offsets = builder.offsets
    doc.paragraphs = builder.paragraphs
    if len(doc.text) < settings.min_text_chars:
        what = "HTML page" if doc.raw_format == "html" else "text"
        raise InputRejected(
            Reason.NO_TEXT,
            f"{what} has {len(doc.text)} characters of body text "
            f"(minimum {settings.min_text_chars}): nothing to analyse",
        )
    return doc


@stage("clean.v1", requires=["raw"], assigns=["text", "offsets", "paragraphs", "meta.title"])
def clean_v1(settings: Settings) -> StageFn:
    """Clean body text with an offset map: whitespace rules for text, trafilatura for HTML."""

    def run(doc: Document) -> Document:
        if doc.raw_format == "html":
            return _clean_html(doc, settings)
        return _finish(doc, clean_plain(doc.raw), settings)

    return run


def _clean_html(doc: Document, settings: Settings) -> Document:
    import trafilatura

    result = trafilatura.bare_extraction(
        doc.raw,
        url=doc.meta.url,
        favor_precision=settings.html_favor_precision,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    body = getattr(result, "text", None) or ""
    builder = TextBuilder()
    for line in body.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if builder.paragraphs:
            builder.insert(PARAGRAPH_SEPARATOR)
        start = builder.length
        builder.insert(line)
        builder.paragraphs.append((start, builder.length))
    text = builder.text()
    builder.offsets = align(text, doc.raw)
    if result is not None:
        meta = doc.meta
        meta.title = meta.title or getattr(result, "title", None)
        meta.publisher = meta.publisher or getattr(result, "sitename", None)
        meta.author = meta.author or getattr(result, "author", None)
        meta.url = meta.url or getattr(result, "url", None)
        meta.published = meta.published or _trusted_date(getattr(result, "date", None), doc.raw)
    return _finish(doc, builder, settings)


def _trusted_date(value: str | None, raw: str) -> str | None:
    """Drop the 1 January that trafilatura/htmldate make from a bare year.

    A YYYY-01-01 is kept only when the page itself writes that full date somewhere.
    """
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value or None
    year, month, day = value.split("-")
    if (month, day) != ("01", "01"):
        return value
    spelled = (value, f"01.01.{year}", f"1 January {year}", f"January 1, {year}", f"{year}/01/01")
    return value if any(s in raw for s in spelled) else None
