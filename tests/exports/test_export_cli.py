"""`storyline export` as a user runs it: files and stdout, the summary line, specific errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from storyline.exports.events import TSV_COLUMNS
from storyline.exports.records import column_names
from tests.cli.test_cli import json_lines, storyline


def test_export_cli_parquet_file_matches_jsonl_on_stdout(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    result = storyline("export", "events", "--format", "parquet", "-o", str(out), db=store_path)
    rows = json_lines(storyline("export", "events", "-o", "-", db=store_path).stdout)
    assert result.stderr.strip() == f"wrote {len(rows)} events to {out} (parquet)"
    assert rows and pq.read_table(out).to_pylist() == rows


@pytest.mark.parametrize("kind", ["articles", "entities", "events", "stories"])
def test_export_cli_csv_to_stdout_has_the_header(kind: str, store_path: Path) -> None:
    result = storyline("export", kind, "--format", "csv", "-o", "-", db=store_path)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == column_names(kind) and len(rows) > 1
    assert result.stderr.startswith(f"wrote {len(rows) - 1} {kind} to stdout")


def test_export_cli_format_follows_the_suffix(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    storyline("export", "events", "-o", str(out), "--since", "2024-12", db=store_path)
    lines = out.read_text("utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == TSV_COLUMNS
    listed = json_lines(
        storyline("events", "--since", "2024-12", "--json", "--limit", "500", db=store_path).stdout
    )
    assert sorted(line.split("\t")[0] for line in lines[1:]) == sorted(e["id"] for e in listed)
    assert (
        1
        < len(lines)
        < 1 + len(json_lines(storyline("export", "events", "-o", "-", db=store_path).stdout))
    )


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["people", "-o", "-"], 2, "'people' is not one of"),
        (["entities", "--format", "tsv", "-o", "-"], 2, "tsv is the GDELT-like table of events"),
        (["events", "--format", "parquet", "-o", "-"], 2, "parquet is written to a file"),
        (["stories", "-o", "-", "--since", "last week"], 2, "is not a date"),
        (["articles"], 2, "Missing option '--out'"),
        (["articles", "-o", "no/such/folder/a.csv"], 3, "does not exist"),
    ],
)
def test_export_cli_errors_are_specific(
    args: list[str], code: int, message: str, store_path: Path
) -> None:
    result = storyline("export", *args, db=store_path, check=code)
    assert message in result.stderr and result.stdout == ""
