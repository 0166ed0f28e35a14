"""Turning one article's bytes into a ``RawItem``, or a ``Rejected`` that says why not."""

from __future__ import annotations

from collections.abc import Mapping

from storyline.document import RawFormat, RawItem
from storyline.errors import InputRejected, Reason, Rejected
from storyline.ingest.decoding import decode


def item_from_bytes(
    source: str,
    data: bytes,
    fmt: RawFormat,
    *,
    url: str | None = None,
    meta: Mapping[str, str] | None = None,
    declared: str | None = None,
    keep_payload: bool = False,
) -> RawItem | Rejected:
    """Decode ``data``; a failure is a ``Rejected`` (with the bytes when ``keep_payload``)."""
    try:
        text, warnings = decode(data, declared=declared)
    except InputRejected as exc:
        return Rejected(
            source,
            exc.reason,
            exc.detail,
            payload=data if keep_payload else None,
            kind=fmt if keep_payload else None,
        )
    return RawItem(
        source=source,
        content=text,
        format=fmt,
        url=url,
        meta=dict(meta or {}),
        warnings=tuple(warnings),
    )


def too_large(source: str, size: int, cap: int) -> Rejected:
    return Rejected(
        source,
        Reason.TOO_LARGE,
        f"{size:,} bytes is over the {cap:,}-byte cap for one document "
        "(raise max_file_bytes, or split it into JSONL)",
    )
