"""Reading one local file (or stdin): sniff its kind, then hand it to the right reader."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from storyline.document import RawItem
from storyline.errors import Reason, Rejected
from storyline.ingest.context import ReadContext, Skipped
from storyline.ingest.decoding import binary_kind
from storyline.ingest.feeds import read_feed
from storyline.ingest.items import item_from_bytes, too_large
from storyline.ingest.jsonl import read_jsonl
from storyline.ingest.sniff import sniff, strip_gz
from storyline.ingest.warc import read_warc

_HEAD = 64 * 1024
Result = RawItem | Rejected | Skipped


def read_file(path: Path, ctx: ReadContext) -> Iterator[Result]:
    locator = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        yield Rejected(locator, Reason.NOT_FOUND, f"cannot read: {exc.strerror or exc}")
        return
    if size == 0:
        yield Rejected(locator, Reason.EMPTY, "the file is empty (0 bytes)")
        return
    gzipped = head.startswith(b"\x1f\x8b")
    name = path.name
    if gzipped and sniff(name, b"") == "warc":
        yield from read_warc(path, locator, max_record_bytes=ctx.settings.max_record_bytes)
        return
    if gzipped:
        yield from _read_gzip(path, locator, ctx)
        return
    kind = binary_kind(head[:32])
    if kind:
        yield Rejected(locator, Reason.BINARY, f"this is {kind}, not text")
        return
    kind_of = sniff(name, head)
    if kind_of == "warc":
        yield from read_warc(path, locator, max_record_bytes=ctx.settings.max_record_bytes)
    elif kind_of == "jsonl":
        with path.open("rb") as handle:
            yield from read_jsonl(locator, handle, max_record_bytes=ctx.settings.max_record_bytes)
    else:
        cap = ctx.settings.max_file_bytes
        if size > cap:
            yield too_large(locator, size, cap)  # refused before reading it into memory
            return
        yield from read_document_bytes(locator, path.read_bytes(), name, ctx)


def read_stream(locator: str, stream: BinaryIO, ctx: ReadContext) -> Iterator[Result]:
    """stdin: sniffed from its first bytes; JSONL is streamed, documents are size-capped."""
    head = stream.read(_HEAD)
    if head.startswith(b"\x1f\x8b"):
        rest = stream.read(ctx.settings.max_file_bytes + 1)
        data = _gunzip_capped(locator, head + rest, ctx)
        if isinstance(data, Rejected):
            yield data
            return
        head, stream = data[:_HEAD], io.BytesIO(data[_HEAD:])
    if not head.strip():
        yield Rejected(locator, Reason.EMPTY, "standard input was empty")
        return
    if sniff("", head) == "jsonl":
        lines = _chain_lines(head, stream)
        yield from read_jsonl(locator, lines, max_record_bytes=ctx.settings.max_record_bytes)
        return
    cap = ctx.settings.max_file_bytes
    data = head + stream.read(cap + 1 - len(head))
    if len(data) > cap:
        yield too_large(locator, len(data), cap)
        return
    yield from read_document_bytes(locator, data, "", ctx)


def read_document_bytes(locator: str, data: bytes, name: str, ctx: ReadContext) -> Iterator[Result]:
    """A single document (text, HTML or a feed) already in memory."""
    kind = sniff(name, data[:_HEAD])
    if kind == "feed" or locator in ctx.feed_inputs:
        yield from read_feed(locator, data, ctx)
    elif kind == "jsonl":
        yield from read_jsonl(
            locator, io.BytesIO(data), max_record_bytes=ctx.settings.max_record_bytes
        )
    else:
        yield item_from_bytes(locator, data, "html" if kind == "html" else "text")


def _read_gzip(path: Path, locator: str, ctx: ReadContext) -> Iterator[Result]:
    inner = strip_gz(path.name)
    if sniff(inner, b"") == "jsonl":
        with gzip.open(path, "rb") as lines:
            try:
                yield from read_jsonl(
                    locator, lines, max_record_bytes=ctx.settings.max_record_bytes
                )
            except (EOFError, OSError, zlib.error) as exc:
                yield Rejected(locator, Reason.TRUNCATED, f"gzip stream is cut short: {exc}")
        return
    if path.stat().st_size > ctx.settings.max_file_bytes:
        yield too_large(locator, path.stat().st_size, ctx.settings.max_file_bytes)
        return
    data = _gunzip_capped(locator, path.read_bytes(), ctx)
    if isinstance(data, Rejected):
        yield data
        return
    yield from read_document_bytes(locator, data, inner, ctx)


def _gunzip_capped(locator: str, compressed: bytes, ctx: ReadContext) -> bytes | Rejected:
    cap = ctx.settings.max_file_bytes
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as handle:
            data = handle.read(cap + 1)
            if len(data) > cap:
                return too_large(locator, len(data), cap)
            handle.read()  # reach the trailer, so a cut stream is noticed
    except (EOFError, OSError, zlib.error) as exc:
        return Rejected(locator, Reason.TRUNCATED, f"gzip stream is cut short or corrupt: {exc}")
    if not data:
        return Rejected(locator, Reason.EMPTY, "the gzip file holds no data")
    return data


def _chain_lines(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    buffered = io.BufferedReader(_Prepend(head, stream))  # type: ignore[type-var]
    yield from buffered


class _Prepend(io.RawIOBase):
    """A raw stream that yields ``head`` and then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
