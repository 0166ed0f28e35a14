"""Writers for flat records (``records.py``): JSON Lines, CSV and Parquet, all streaming.

- JSON Lines: one object per line, keys in column order, nested values as arrays and objects.
- CSV: UTF-8, a header row, ``\\n`` line ends; ``null`` is an empty cell, booleans are
  ``true``/``false``, floats keep every digit (``repr``), and list columns are JSON text.
  ``csv_value`` reads a cell back.
- Parquet (pyarrow, imported when used): the explicit schema of ``arrow_schema``; a row group
  is written every ``row_group_size`` records as the generator yields them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from storyline.exports.records import Column

ROW_GROUP = 2_000


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], columns: tuple[Column, ...], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    count = 0
    for record in records:
        writer.writerow([csv_cell(record[c.name]) for c in columns])
        count += 1
    return count


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_value(column: Column, cell: str) -> Any:
    """A CSV cell read back as the value the record had (an empty cell is ``None``)."""
    if column.type.startswith("list"):
        return json.loads(cell) if cell else None
    if cell == "":
        return None
    if column.type == "int64":
        return int(cell)
    if column.type == "float64":
        return float(cell)
    if column.type == "bool":
        return cell == "true"
    return cell


def write_parquet(
    records: Iterable[dict[str, Any]],
    columns: tuple[Column, ...],
    path: Path,
    *,
    row_group_size: int = ROW_GROUP,
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(columns)
    count = 0
    buffer: list[dict[str, Any]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for record in records:
            buffer.append(record)
            count += 1
            if len(buffer) >= row_group_size:
                writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
                buffer = []
        if buffer:
            writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
    return count


def arrow_schema(columns: tuple[Column, ...]) -> Any:
    """The Parquet schema of a kind's columns (a ``pyarrow.Schema``)."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, _arrow_type(c)) for c in columns])


def _arrow_type(column: Column) -> Any:
    import pyarrow as pa

    scalars = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
    }
    if column.type in scalars:
        return scalars[column.type]
    if column.type == "list<string>":
        return pa.list_(pa.string())
    if column.type == "list<struct>":
        return pa.list_(pa.struct([pa.field(f.name, _arrow_type(f)) for f in column.fields]))
    raise ValueError(f"column {column.name} has an unknown type {column.type!r}")
