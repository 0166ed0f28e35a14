"""WARC / WARC.gz: HTTP response records with an HTML or text payload become items."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from storyline.document import RawItem
from storyline.errors import Reason, Rejected
from storyline.ingest.fetch import parse_content_type
from storyline.ingest.items import item_from_bytes

_TEXT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}


def read_warc(path: Path, locator: str, *, max_record_bytes: int) -> Iterator[RawItem | Rejected]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    # warcio stops quietly at a cut gzip member; check the stream ourselves so a truncated
    # download is reported, not mistaken for a short archive.
    gzip_problem = _gzip_problem(path) if _is_gzip(path) else None
    records = 0
    cut_record_reported = False
    try:
        with path.open("rb") as stream:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                if record.rec_type != "response":
                    continue
                source = f"{locator}#record{number}"
                url = record.rec_headers.get_header("WARC-Target-URI")
                http = record.http_headers
                if http is None:
                    continue
                status = http.get_statuscode()
                content_type, charset = parse_content_type(http.get_header("Content-Type") or "")
                fmt = _TEXT_TYPES.get(content_type)
                if status != "200" or fmt is None:
                    continue  # redirects, images, scripts: not articles, not failures either
                payload = record.content_stream().read(max_record_bytes + 1)
                if len(payload) > max_record_bytes:
                    yield Rejected(
                        source,
                        Reason.TOO_LARGE,
                        f"record payload is over the {max_record_bytes:,}-byte record cap",
                    )
                    continue
                if record.raw_stream.limit:  # the record's declared length was not all there
                    yield Rejected(source, Reason.TRUNCATED, "record ends before its length")
                    cut_record_reported = True
                    continue
                records += 1
                yield item_from_bytes(
                    source,
                    payload,
                    fmt,  # type: ignore[arg-type]  # fmt is "html" | "text"
                    url=url,
                    declared=charset,
                    keep_payload=True,
                )
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error) as exc:
        yield Rejected(
            locator,
            Reason.TRUNCATED if records else Reason.UNSUPPORTED,
            f"unreadable WARC after {records} record(s): {exc}",
        )
        return
    if gzip_problem and not cut_record_reported:
        yield Rejected(
            locator,
            Reason.TRUNCATED,
            f"gzip stream is cut short ({gzip_problem}); read {records} whole record(s) before it",
        )


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _gzip_problem(path: Path) -> str | None:
    try:
        with gzip.open(path, "rb") as handle:
            while handle.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return str(exc)
    return None
