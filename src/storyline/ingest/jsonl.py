"""JSON Lines: one article per line, ``text`` or ``html`` plus optional metadata.

Fields: ``text`` | ``html`` (required, one of them), ``url``, ``title``, ``published``,
``source`` (the outlet's name, stored as publisher), ``language``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from storyline.document import RawFormat, RawItem
from storyline.errors import InputRejected, Reason, Rejected

_META_FIELDS = {
    "title": "title",
    "published": "published",
    "source": "publisher",
    "language": "language",
}


def read_jsonl(
    locator: str, lines: Iterable[bytes], *, max_record_bytes: int
) -> Iterator[RawItem | Rejected]:
    """Each non-blank line becomes an item or a rejection; a bad line never stops the rest."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{locator}#L{number}"
        if len(line) > max_record_bytes:
            yield Rejected(
                source,
                Reason.TOO_LARGE,
                f"line is {len(line):,} bytes, over the {max_record_bytes:,}-byte record cap",
            )
            continue
        try:
            yield parse_record(source, line)
        except InputRejected as exc:
            yield Rejected(source, exc.reason, exc.detail, payload=line, kind="jsonl")


def parse_record(source: str, line: bytes) -> RawItem:
    """One JSONL record to a ``RawItem``; raises ``InputRejected`` naming what is wrong."""
    try:
        record = json.loads(line)
    except UnicodeDecodeError as exc:
        raise InputRejected(Reason.UNDECODABLE, f"line is not UTF-8: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise InputRejected(
            Reason.MALFORMED_JSON, f"invalid JSON at column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(record, dict):
        raise InputRejected(
            Reason.MALFORMED_JSON, f"expected a JSON object, got {type(record).__name__}"
        )
    text, html = record.get("text"), record.get("html")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        raise InputRejected(Reason.NO_TEXT, "record has no non-empty 'text' or 'html' string")
    try:
        body.encode("utf-8")
    except UnicodeEncodeError:
        raise InputRejected(
            Reason.UNDECODABLE, "text holds a lone surrogate escape (\\ud800-\\udfff)"
        ) from None
    fmt: RawFormat = "html" if body is html else "text"
    meta = {
        target: str(record[name]).strip()
        for name, target in _META_FIELDS.items()
        if record.get(name) not in (None, "")
    }
    url = record.get("url")
    return RawItem(
        source=source,
        content=body,
        format=fmt,
        url=url if isinstance(url, str) and url else None,
        meta=meta,
        payload=line,  # a stage's rejection keeps the whole record, metadata included
        payload_kind="jsonl",
    )
