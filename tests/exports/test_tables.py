"""Exports as a library: every kind in every format reads back the same, columns stay put."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from storyline.errors import ConfigError
from storyline.exports import tables
from storyline.exports.events import TSV_COLUMNS, write_tsv
from storyline.exports.records import (
    COLUMNS,
    KINDS,
    article_records,
    column_names,
    entity_records,
    event_records,
    records,
    story_records,
)
from storyline.exports.tables import check, export, format_for
from storyline.exports.writers import csv_value, write_parquet
from storyline.store import SQLiteStore

# The published column order of each kind: a change here is a change of the export format.
PINNED = {
    "articles": (
        "id url source title publisher published language dateline author text story_id "
        "canonical_id entity_count mention_count event_count ingested_at"
    ),
    "entities": (
        "id type canonical subtype geonames_id lat lon mention_count article_count languages "
        "aliases roles"
    ),
    "events": (
        "id date date_grain sort_date type cameo modality claim place_id place_name place_lat "
        "place_lon actors targets attributed_to counts report_count source_count sources "
        "article_ids evidence"
    ),
    "stories": (
        "id title titles languages outlets first_day last_day article_count key_entities "
        "article_ids summary"
    ),
}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def store(store_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(store_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def exported(store: SQLiteStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind in every format it has, written once: ``{"events.csv": path, ...}``."""
    folder = tmp_path_factory.mktemp("exported")
    paths = {}
    for kind in KINDS:
        for fmt in ("jsonl", "csv", "parquet") + (("tsv",) if kind == "events" else ()):
            path = folder / f"{kind}.{fmt}"
            export(store, kind, fmt, path)
            paths[path.name] = path
    return paths


@pytest.mark.parametrize("kind", KINDS)
def test_tables_columns_are_pinned(kind: str) -> None:
    assert column_names(kind) == tuple(PINNED[kind].split())


@pytest.mark.parametrize("kind", KINDS)
def test_tables_jsonl_rows_have_the_columns_in_order(kind: str, exported: dict[str, Path]) -> None:
    rows = _jsonl(exported[f"{kind}.jsonl"])
    assert rows, f"no {kind} exported"
    assert all(tuple(row) == column_names(kind) for row in rows)


@pytest.mark.parametrize("kind", KINDS)
def test_tables_csv_reads_back_as_the_jsonl_rows(kind: str, exported: dict[str, Path]) -> None:
    with exported[f"{kind}.csv"].open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        cells = list(reader)
    assert tuple(header) == column_names(kind)
    decoded = [
        {c.name: csv_value(c, cell) for c, cell in zip(COLUMNS[kind], row, strict=True)}
        for row in cells
    ]
    expected = _jsonl(exported[f"{kind}.jsonl"])
    # CSV cannot tell an empty string from a missing one: compare with '' read as null
    assert decoded == [{k: (None if v == "" else v) for k, v in row.items()} for row in expected]


@pytest.mark.parametrize("kind", KINDS)
def test_tables_parquet_reads_back_as_the_jsonl_rows(kind: str, exported: dict[str, Path]) -> None:
    table = pq.read_table(exported[f"{kind}.parquet"])
    assert tuple(table.schema.names) == column_names(kind)
    assert table.to_pylist() == _jsonl(exported[f"{kind}.jsonl"])


def test_tables_parquet_nests_lists_of_structs(exported: dict[str, Path]) -> None:
    schema = pq.read_schema(exported["entities.parquet"])
    aliases = schema.field("aliases").type
    assert str(aliases) == (
        "list<element: struct<language: string, alias: string, script: string, count: int64>>"
    )
    assert str(schema.field("languages").type) == "list<element: string>"


def test_tables_parquet_is_written_in_row_groups(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "articles.parquet"
    count = write_parquet(records(store, "articles"), COLUMNS["articles"], path, row_group_size=2)
    assert count == store.count_articles() == 9
    assert pq.ParquetFile(path).num_row_groups == 5  # 2 + 2 + 2 + 2 + 1


def test_tables_tsv_is_the_events_table(store: SQLiteStore, exported: dict[str, Path]) -> None:
    lines = exported["events.tsv"].read_text("utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == TSV_COLUMNS
    rows = store.events(limit=100_000)
    places = {r.place for r in rows if r.place}
    coordinates = {
        p: (store.entity(p).lat, store.entity(p).lon) for p in places if not p.startswith("name:")
    }
    reference = io.StringIO()
    write_tsv(rows, reference, coordinates)
    assert sorted(lines[1:]) == sorted(reference.getvalue().splitlines()[1:])


@pytest.mark.parametrize(
    "kind,count",
    [
        ("articles", lambda s: s.count_articles()),
        ("entities", lambda s: len(s.entities(limit=100_000))),
        ("events", lambda s: len(s.events(limit=100_000))),
        ("stories", lambda s: len(s.stories(limit=100_000))),
    ],
)
def test_tables_every_row_of_the_store_is_exported(
    kind: str, count: Any, store: SQLiteStore, exported: dict[str, Path]
) -> None:
    assert len(_jsonl(exported[f"{kind}.jsonl"])) == count(store)


@pytest.mark.parametrize(
    "generate", [article_records, entity_records, event_records, story_records]
)
def test_tables_pages_of_two_give_the_same_records(store: SQLiteStore, generate: Any) -> None:
    paged = list(generate(store.scan(page=2)))
    whole = list(generate(store.scan(page=10_000)))
    assert len(paged) > 2 and paged == whole


def test_tables_articles_agree_with_the_store(
    store: SQLiteStore, exported: dict[str, Path]
) -> None:
    rows = _jsonl(exported["articles.jsonl"])
    for row in rows:
        doc = store.document(row["id"])
        assert (row["text"], row["title"], row["language"]) == (
            doc.text,
            doc.meta.title,
            doc.meta.language,
        )
        assert row["story_id"] == store.story_of(row["id"])
        assert row["mention_count"] == len(doc.entities)
        assert row["entity_count"] == len({m.entity_id for m in doc.entities})
        assert row["event_count"] == len(doc.events)
        group = store.copies(row["id"])
        canonical = next((c["id"] for c in group if c["canonical"]), row["id"])
        assert row["canonical_id"] == canonical
    assert {r["language"] for r in rows} == {"en", "ru"}
    [copy] = [r for r in rows if r["canonical_id"] != r["id"]]
    assert copy["publisher"] == "Example Daily"


def test_tables_entities_agree_with_the_store(
    store: SQLiteStore, exported: dict[str, Path]
) -> None:
    rows = {r["id"]: r for r in _jsonl(exported["entities.jsonl"])}
    for entity_id, row in rows.items():
        summary = store.entity(entity_id)
        assert (row["canonical"], row["mention_count"]) == (summary.canonical, summary.mentions)
        assert sorted((a["alias"], a["language"], a["count"]) for a in row["aliases"]) == sorted(
            (a["alias"], a["language"], a["count"]) for a in summary.aliases
        )
        roles = [
            {**{k: v for k, v in r.items() if k != "articles"}, "article_count": r["articles"]}
            for r in store.roles_of(entity_id)
        ]
        assert sorted(map(str, row["roles"])) == sorted(map(str, roles))
    assert rows["country:TJ"]["languages"] == ["en", "ru"]
    assert any(row["roles"] for row in rows.values())


def test_tables_events_agree_with_the_store(store: SQLiteStore, exported: dict[str, Path]) -> None:
    rows = {r["id"]: r for r in _jsonl(exported["events.jsonl"])}
    fight = max((r for r in rows.values() if r["type"] == "FIGHT"), key=lambda r: r["report_count"])
    assert fight["report_count"] >= 2 and fight["source_count"] == len(fight["sources"]) >= 2
    assert {(c["kind"], c["value"]) for c in fight["counts"]} == {("killed", 5)}
    assert fight["claim"] is True and fight["attributed_to"]
    for event_id, row in rows.items():
        stored = store.event(event_id)
        assert row["report_count"] == len(stored.reports)
        assert row["article_ids"] == list(dict.fromkeys(r.article_id for r in stored.reports))
        assert [a["text"] for a in row["actors"]] == [a.text for a in stored.event.actors]
    located = [r for r in rows.values() if r["place_lat"] is not None]
    assert located and all(isinstance(r["place_lon"], float) for r in located)


def test_tables_stories_agree_with_the_store(store: SQLiteStore, exported: dict[str, Path]) -> None:
    rows = _jsonl(exported["stories.jsonl"])
    for row in rows:
        record = store.story(row["id"])
        assert row["summary"] == record["summary"]
        assert row["key_entities"] == record["key_entities"]
        assert row["article_ids"] == [m["article_id"] for m in record["members"]]
        assert {t["language"]: t["title"] for t in row["titles"]} == record["titles"]
        assert (row["languages"], row["outlets"]) == (record["languages"], record["outlets"])
        assert [row["first_day"], row["last_day"]] == record["date_span"]
    [pair] = [r for r in rows if r["article_count"] == 2]
    assert pair["languages"] == ["en", "ru"] and pair["first_day"] == "2025-01-29"


@pytest.mark.parametrize(
    "kind,since,until",
    [
        ("events", "2024-11-01", "2025-01"),
        ("events", "2025", None),
        ("articles", None, "2024-12"),
        ("stories", "2025-01-29", "2025-01-29"),
    ],
)
def test_tables_date_window(store: SQLiteStore, kind: str, since: str, until: str) -> None:
    inside = list(records(store, kind, since=since, until=until))
    everything = list(records(store, kind))
    assert 0 < len(inside) < len(everything)
    if kind == "events":
        expected = store.events(since=since, until=until, limit=100_000)
        assert {r["id"] for r in inside} == {e.id for e in expected}
    if kind == "articles":  # the two clash reports; '--10-10' has no year, so no window
        assert sorted(r["published"] for r in inside) == ["2024-12-26", "2024-12-27"]


def test_tables_entities_in_a_window_are_those_named_then(store: SQLiteStore) -> None:
    inside = {r["id"] for r in records(store, "entities", since="2025-02", until="2025-02-03")}
    named = {
        m.entity_id
        for a in store.articles(limit=100)
        if a.published == "2025-02-03"
        for m in store.document(a.id).entities
    }
    assert inside == named and inside


@pytest.mark.parametrize(
    "kind,fmt,stream,message",
    [
        ("people", "jsonl", False, "nothing to export called 'people'"),
        ("entities", "tsv", False, "tsv is the GDELT-like table of events"),
        ("stories", "xlsx", False, "no export format 'xlsx'"),
        ("events", "parquet", True, "parquet is written to a file"),
    ],
)
def test_tables_check_refuses_with_a_reason(
    kind: str, fmt: str, stream: bool, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        check(kind, fmt, to_stream=stream)


def test_tables_interrupted_export_leaves_no_file(
    store: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        yield from list(records(store, "articles"))[:1]
        raise RuntimeError("disk full")

    monkeypatch.setattr(tables, "records", failing)
    path = tmp_path / "articles.csv"
    with pytest.raises(RuntimeError, match="disk full"):
        export(store, "articles", "csv", path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("a.csv", "csv"),
        ("a.PARQUET", "parquet"),
        ("a.tsv", "tsv"),
        ("a.json", "jsonl"),
        ("a", "jsonl"),
    ],
)
def test_tables_format_for_suffix(name: str, fmt: str) -> None:
    assert format_for(Path(name)) == fmt


def test_tables_scan_refuses_an_empty_page(store_path: Path) -> None:
    with SQLiteStore(store_path) as opened, pytest.raises(ValueError, match="page size"):
        opened.scan(page=0)
