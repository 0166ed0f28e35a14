"""Cleaning: raw input to clean body text, paragraphs and an offset map back to the raw input.

clean.v2 (default): every line of a plain-text page dump, or of trafilatura's main text for
HTML, goes through the boilerplate rules (``stages.boilerplate``); body lines become paragraphs,
the headline becomes the title, and every verdict is kept as a ``Block`` for ``--explain``.
The extracted HTML words are aligned with the page source to build the offset map.

clean.v1 (kept for comparison): whitespace rules only for text; trafilatura with
favor_precision for HTML.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

from storyline.document import Block, Document, OffsetMap
from storyline.errors import InputRejected, Reason
from storyline.settings import Settings
from storyline.stages.boilerplate import classify
from storyline.stages.html_meta import page_metadata, trusted_date
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

    def add_copied(self, line: RawLine) -> None:
        """A paragraph copied from a raw line, inner whitespace runs made one space."""
        if self.paragraphs:
            self.insert(PARAGRAPH_SEPARATOR)
        start = self.length
        for i, segment in enumerate(line.segments):
            if i:
                self.insert(" ")
            self.copy(segment.group(), line.raw_start + segment.start())
        self.paragraphs.append((start, self.length))

    def add_text(self, text: str) -> None:
        """A paragraph not copied from the raw input (extracted HTML text)."""
        if self.paragraphs:
            self.insert(PARAGRAPH_SEPARATOR)
        start = self.length
        self.insert(text)
        self.paragraphs.append((start, self.length))


@dataclass(frozen=True, slots=True)
class RawLine:
    text: str  # whitespace-normalised
    raw_start: int
    segments: list[re.Match[str]]


def raw_lines(raw: str) -> list[RawLine]:
    """The non-blank lines of ``raw`` with their offsets."""
    lines = []
    for line in _LINE.finditer(raw):
        segments = list(_SEGMENT.finditer(line.group()))
        if segments:
            lines.append(RawLine(" ".join(s.group() for s in segments), line.start(), segments))
    return lines


def clean_plain(raw: str) -> TextBuilder:
    """Each non-blank line becomes a paragraph; inner runs of whitespace become one space."""
    builder = TextBuilder()
    for line in raw_lines(raw):
        builder.add_copied(line)
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


def _extract_html(doc: Document) -> list[str]:
    """trafilatura's main text as normalised lines; page metadata fills what is missing."""
    import trafilatura

    result = trafilatura.bare_extraction(
        doc.raw,
        url=doc.meta.url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        favor_precision=True,
    )
    if result is None:
        return []
    meta = doc.meta
    meta.title = meta.title or getattr(result, "title", None)
    meta.publisher = meta.publisher or getattr(result, "sitename", None)
    meta.author = meta.author or getattr(result, "author", None)
    meta.url = meta.url or getattr(result, "url", None)
    meta.published = meta.published or trusted_date(getattr(result, "date", None), doc.raw)
    body = getattr(result, "text", None) or ""
    return [line for line in (" ".join(x.split()) for x in body.splitlines()) if line]


def _extract_html_v2(doc: Document, settings: Settings) -> list[str]:
    """Main text lines via trafilatura on a tree parsed once; metadata from ``page_metadata``."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(doc.raw)
    if tree is None:
        return []
    page = page_metadata(tree, doc.raw)  # before trafilatura, which prunes the tree in place
    meta = doc.meta
    meta.title = meta.title or page.title
    meta.publisher = meta.publisher or page.publisher
    meta.author = meta.author or page.author
    meta.url = meta.url or page.url
    meta.published = meta.published or page.published
    result = trafilatura.bare_extraction(
        tree,
        url=meta.url,
        include_comments=False,
        include_tables=False,
        with_metadata=False,
        favor_precision=settings.html_mode == "precision",
        favor_recall=settings.html_mode == "recall",
        fast=not settings.html_fallbacks,
    )
    body = getattr(result, "text", None) or ""
    return [line for line in (" ".join(x.split()) for x in body.splitlines()) if line]


def _clean_html(doc: Document, settings: Settings) -> Document:
    builder = TextBuilder()
    for line in _extract_html(doc):
        builder.add_text(line)
    builder.offsets = align(builder.text(), doc.raw)
    return _finish(doc, builder, settings)


@stage(
    "clean.v2",
    requires=["raw"],
    assigns=["text", "offsets", "paragraphs", "meta.title", "blocks"],
)
def clean_v2(settings: Settings) -> StageFn:
    """Clean body text: page furniture removed line by line by named rules, title split off."""

    def run(doc: Document) -> Document:
        builder = TextBuilder()
        if doc.raw_format == "html":
            lines = _extract_html_v2(doc, settings)
            verdicts = classify(lines, title_hint=doc.meta.title or "")
            for text, verdict in zip(lines, verdicts, strict=True):
                doc.blocks.append(Block(text, verdict.label, verdict.rule))
                if verdict.label == "body":
                    builder.add_text(text)
            builder.offsets = align(builder.text(), doc.raw)
        else:
            raw = raw_lines(doc.raw)
            verdicts = classify([line.text for line in raw], title_hint=doc.meta.title)
            for line, verdict in zip(raw, verdicts, strict=True):
                doc.blocks.append(Block(line.text, verdict.label, verdict.rule, line.raw_start))
                if verdict.label == "title" and not doc.meta.title:
                    doc.meta.title = line.text
                if verdict.label == "body":
                    builder.add_copied(line)
        return _finish(doc, builder, settings)

    return run
