"""Ingest: command-line inputs to a stream of ``RawItem`` / ``Rejected`` / ``Skipped``.

Inputs are paths, directories (recursive, optionally filtered by a glob), ``-`` for stdin and
http(s) URLs of pages or feeds. Everything is lazy: nothing is read before it is needed.
"""

from __future__ import annotations

import fnmatch
import glob as globlib
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.document import RawFormat, RawItem
from storyline.errors import InputRejected, Reason, Rejected
from storyline.ingest.context import ReadContext, Skipped
from storyline.ingest.feeds import read_feed
from storyline.ingest.fetch import Fetched, Fetcher, ValidatorCache
from storyline.ingest.files import read_file, read_stream
from storyline.ingest.items import item_from_bytes
from storyline.ingest.jsonl import parse_record
from storyline.ingest.sniff import sniff

__all__ = [
    "Fetcher",
    "ReadContext",
    "Skipped",
    "ValidatorCache",
    "is_url",
    "read_inputs",
    "reread_rejected",
]

Result = RawItem | Rejected | Skipped


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def read_inputs(inputs: Iterable[str], ctx: ReadContext) -> Iterator[Result]:
    """Every input, in order; one bad input yields a ``Rejected`` and the rest go on."""
    for value in inputs:
        if value == "-":
            yield from read_stream("<stdin>", sys.stdin.buffer, ctx)
        elif is_url(value):
            yield from read_url(value, ctx)
        else:
            yield from _read_path_input(value, ctx)


def read_url(url: str, ctx: ReadContext) -> Iterator[Result]:
    try:
        fetched = ctx.fetcher.get(url, conditional=True)
    except InputRejected as exc:
        yield Rejected(url, exc.reason, exc.detail)
        return
    if fetched.not_modified:
        yield Skipped(url, "not modified")
        return
    yield from _fetched_items(url, fetched, ctx)


def _fetched_items(url: str, fetched: Fetched, ctx: ReadContext) -> Iterator[Result]:
    kind = sniff(url.split("?")[0], fetched.content[:4096], content_type=fetched.content_type)
    if kind == "feed" or url in ctx.feed_inputs:
        yield from read_feed(url, fetched.content, ctx)
        return
    fmt: RawFormat = "html" if kind == "html" else "text"
    yield item_from_bytes(
        url, fetched.content, fmt, url=fetched.url, declared=fetched.charset, keep_payload=True
    )


def _read_path_input(value: str, ctx: ReadContext) -> Iterator[Result]:
    path = Path(value)
    if not path.exists() and any(ch in value for ch in "*?["):
        matches = sorted(globlib.glob(value, recursive=True))
        if not matches:
            yield Rejected(value, Reason.NOT_FOUND, "the pattern matches no file")
        for match in matches:
            yield from _read_path_input(match, ctx)
        return
    if not path.exists():
        yield Rejected(value, Reason.NOT_FOUND, "no such file or directory")
    elif path.is_dir():
        for file in walk(path, ctx.glob):
            if file.resolve() not in ctx.exclude:
                yield from read_file(file.resolve(), ctx)
    elif path.is_file():
        yield from read_file(path.resolve(), ctx)
    else:
        yield Rejected(value, Reason.UNSUPPORTED, "not a regular file or directory")


def walk(root: Path, pattern: str | None) -> Iterator[Path]:
    """Files under ``root``, sorted, hidden names skipped; lazily, one directory at a time."""
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file = Path(directory) / name
            if pattern and not (
                fnmatch.fnmatch(name, pattern)
                or fnmatch.fnmatch(str(file.relative_to(root)), pattern)
            ):
                continue
            yield file


def reread_rejected(
    source: str, payload: bytes | None, kind: str | None, ctx: ReadContext
) -> Iterator[Result]:
    """Read a rejected item again.

    A whole file or URL is re-read from where it came from (the user may have fixed it, the
    server may be back); a record from inside a container (``#L3``, ``#record2``, ``#entry1``)
    or a file that is gone is re-read from the bytes the store kept.
    """
    record = _CONTAINER_RECORD.search(source)
    if not record and (is_url(source) or Path(source).is_file()):
        yield from read_inputs([source], ctx)
    elif payload is not None and kind == "jsonl":
        try:
            yield parse_record(source, payload)
        except InputRejected as exc:
            yield Rejected(source, exc.reason, exc.detail, payload=payload, kind=kind)
    elif payload is not None:
        fmt: RawFormat = "html" if kind == "html" else "text"
        url = source if is_url(source) else None
        yield item_from_bytes(source, payload, fmt, url=url, keep_payload=True)
    elif record and source[: record.start()] != "<stdin>":
        yield from read_inputs([source[: record.start()]], ctx)  # the whole container again
    else:
        yield Rejected(source, Reason.NOT_FOUND, "the source is gone and no copy of it was kept")


_CONTAINER_RECORD = re.compile(r"#(?:L|record|entry)\d+$")
