"""``export``: one kind of record from the store to a file (or a stream) in one format.

Kinds and their columns are in ``records.py``, formats in ``writers.py``; events can also be
written as the GDELT-like TSV of ``events.py``. A file is written under a temporary name next to
it and renamed when complete, so an interrupted export never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from storyline.errors import ConfigError
from storyline.exports.events import tsv_header, tsv_lines
from storyline.exports.records import KINDS, columns, records
from storyline.exports.writers import write_csv, write_jsonl, write_parquet

if TYPE_CHECKING:
    from storyline.store import SQLiteStore

FORMATS = ("jsonl", "csv", "parquet", "tsv")
SUFFIXES = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".tsv": "tsv",
}
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def check(kind: str, fmt: str, *, to_stream: bool = False) -> None:
    """Refuse a kind, a format or a pairing that cannot be exported, saying what would work."""
    if kind not in KINDS:
        raise ConfigError(f"nothing to export called {kind!r}: one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ConfigError(f"no export format {fmt!r}: one of {', '.join(FORMATS)}")
    if fmt == "tsv" and kind != "events":
        raise ConfigError(
            f"tsv is the GDELT-like table of events; export {kind} as jsonl, csv or parquet"
        )
    if fmt == "parquet" and to_stream:
        raise ConfigError("parquet is written to a file, not a stream: give -o FILE.parquet")


def check_date(value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise ConfigError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def format_for(path: Path) -> str:
    """The format a file name asks for (``.csv``, ``.parquet``, ``.tsv``); JSON Lines else."""
    return SUFFIXES.get(path.suffix.lower(), "jsonl")


def export(
    store: SQLiteStore,
    kind: str,
    fmt: str,
    out: Path | TextIO,
    *,
    since: str | None = None,
    until: str | None = None,
) -> int:
    """Write the store's ``kind`` to ``out`` (a file path or a text stream); returns the rows."""
    check(kind, fmt, to_stream=not isinstance(out, Path))
    check_date(since), check_date(until)
    if isinstance(out, Path):
        with _replacing(out) as tmp:
            if fmt == "parquet":
                return write_parquet(
                    records(store, kind, since=since, until=until), columns(kind), tmp
                )
            with tmp.open("w", encoding="utf-8", newline="") as stream:
                return _write_text(store, kind, fmt, stream, since, until)
    return _write_text(store, kind, fmt, out, since, until)


def _write_text(
    store: SQLiteStore,
    kind: str,
    fmt: str,
    out: TextIO,
    since: str | None,
    until: str | None,
) -> int:
    if fmt == "tsv":
        scan = store.scan()
        out.write(tsv_header())
        count = 0
        for page in scan.events(since=since, until=until):
            coordinates = scan.coordinates(sorted({r.place for r in page if r.place}))
            for line in tsv_lines(page, coordinates):
                out.write(line)
                count += 1
        return count
    rows = records(store, kind, since=since, until=until)
    if fmt == "csv":
        return write_csv(rows, columns(kind), out)
    return write_jsonl(rows, out)


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path`` that becomes ``path`` if the block completes."""
    if path.is_dir():
        raise ConfigError(f"{path} is a directory: give a file name to export to")
    if not path.parent.is_dir():
        raise ConfigError(f"{path.parent} does not exist: create it or export elsewhere")
    tmp = path.with_name(f".{path.name}.part")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
