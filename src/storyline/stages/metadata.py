"""metadata.v1: publisher, dateline and publication date read from the article itself.

What a container said (a JSONL field, a feed entry, HTML metadata) wins over what the text
suggests; the text fills what is missing:

- publisher from signatures: a 'publisher Fars news agency' line, 'The post … appeared first on
  Khaama Press', a '/TASS/' dateline, '(Reuters) -', 'according to the Fars news agency
  reporter', 'сообщает ТАСС';
- dateline: 'DUSHANBE, October 10. /TASS/.' → place Dushanbe, date --10-10 (year unknown);
- published: a date line of the page ('Date: 10 October 2025'), else the dateline's date.
  Container dates are normalised to ISO; one that cannot be read becomes null with a warning.
"""

from __future__ import annotations

import re

from storyline.document import Dateline, Document
from storyline.settings import Settings
from storyline.stages.boilerplate import phrases as P
from storyline.stages.datetext import find_date, normalise
from storyline.stages.pipeline import StageFn, stage

# "DUSHANBE, October 10. /TASS/." — "MOSCOW, Jan 29 (Reuters) -" — "Душанбе, 29 января."
DATELINE = re.compile(
    r"(?P<place>[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё .'-]{1,40}?),\s+"
    r"(?P<date>\d{1,2}\s+[A-Za-zА-Яа-яЁё]{3,9}\.?|[A-Za-z]{3,9}\.?\s+\d{1,2})(?:,?\s+\d{4})?"
    r"(?P<tail>\.?\s*/(?P<agency>[A-Z][\w-]{1,20})/\.?"
    r"|\s*\((?P<agency2>[A-Z][\w ]{1,20})\)\s*[-—–]?"
    r"|\s*[—–-]"
    r"|\.)"
)
# Agencies named in running text.
ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to (?:the )?(?P<agency>[A-Z][\w-]*(?: [\w-]+){0,3}? news agency)\b",
)
REPORTS_RU = re.compile(
    r"\b(?:сообщает|передает|передаёт|пишет)\s+(?P<agency>ТАСС|РИА Новости|Интерфакс|"
    r"Sputnik|Азия-Плюс|Ховар|Анадолу|[А-ЯA-Z][\w-]+(?: [А-ЯA-Z][\w-]+)?)(?=[.,;]|\s*$)"
)
_DATELINE_PARAGRAPHS = 3
AGENCY_PARENS = re.compile(r"\((?P<agency>Reuters|AP|AFP|ANI|IANS|Xinhua|Bloomberg)\)\s*[-—–]")


def publisher_from_text(doc: Document) -> str | None:
    for block in doc.blocks:
        if block.rule == "publisher_signature":
            match = P.PUBLISHER_LINE.match(block.text)
            if match:
                return _tidy(match.group("publisher"))
        if block.rule == "end_marker":
            match = P.APPEARED_FIRST_ON.search(block.text)
            if match:
                return _tidy(match.group("publisher"))
    for start, _ in doc.paragraphs[:_DATELINE_PARAGRAPHS]:
        dateline = DATELINE.match(doc.text, start)
        if dateline and (dateline.group("agency") or dateline.group("agency2")):
            return str(dateline.group("agency") or dateline.group("agency2")).strip()
    for pattern in (AGENCY_PARENS, ACCORDING_TO, REPORTS_RU):
        match = pattern.search(doc.text)
        if match:
            return _tidy(match.group("agency"))
    return None


def find_dateline(text: str, paragraphs: list[tuple[int, int]]) -> Dateline | None:
    """A dateline opening one of the first paragraphs (a standfirst may come before it)."""
    for start, _ in paragraphs[:_DATELINE_PARAGRAPHS]:
        match = DATELINE.match(text, start)
        if not match:
            continue
        place = match.group("place").strip()
        signed = match.group("agency") or match.group("agency2") or match.group("tail") != "."
        # "However, October 10." is a sentence; "DUSHANBE, October 10." is a dateline.
        if len(place.split()) > 4 or not (signed or place.isupper()):
            continue
        if place.isupper():
            place = place.title()
        found = find_date(match.group("date"))
        end = match.end("tail")
        return Dateline(
            start=start,
            end=end,
            text=text[start:end].strip(),
            place=place,
            date=found[0] if found else None,
        )
    return None


def published_from_text(doc: Document) -> str | None:
    for block in doc.blocks:
        if block.rule == "date_line":
            found = find_date(block.text)
            if found:
                return found[0]
    return None


def _tidy(name: str) -> str:
    name = " ".join(name.split()).strip(" .,:;/")
    # "Fars news agency" → "Fars News Agency": agency names are proper names.
    return re.sub(r"\bnews agency\b", "News Agency", name)


@stage(
    "metadata.v1",
    requires=["text", "paragraphs", "blocks"],
    assigns=["meta.publisher", "meta.dateline", "meta.published"],
)
def metadata_v1(settings: Settings) -> StageFn:
    """Publisher, dateline and publication date from signatures, datelines and date lines."""

    def run(doc: Document) -> Document:
        meta = doc.meta
        if meta.published:
            value = normalise(meta.published)
            if value is None:
                doc.warnings.append(f"published value {meta.published!r} is not a date: dropped")
            meta.published = value
        meta.dateline = meta.dateline or find_dateline(doc.text, doc.paragraphs)
        meta.publisher = meta.publisher or publisher_from_text(doc)
        meta.published = (
            meta.published
            or published_from_text(doc)
            or (meta.dateline.date if meta.dateline else None)
        )
        return doc

    return run
