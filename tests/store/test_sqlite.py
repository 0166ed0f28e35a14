from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.document import Document
from storyline.errors import NotFoundError, Reason, Rejected, StoreError
from storyline.settings import Settings
from storyline.stages import build_pipeline
from storyline.store.schema import migrations
from storyline.store.search import fts_query
from storyline.store.sqlite import SQLiteStore
from tests.conftest import ARTICLE_EN, ARTICLE_RU, raw_item


def documents(settings: Settings, *texts: str) -> list[Document]:
    pipeline = build_pipeline(settings)
    docs = [pipeline(raw_item(t, source=f"doc{i}.txt")) for i, t in enumerate(texts)]
    assert all(isinstance(d, Document) for d in docs)
    return docs  # type: ignore[return-value]


def test_sqlite_migrations_applied_once_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
    with SQLiteStore(path) as store:  # reopening applies nothing twice
        assert store.schema_version() == max(v for v, _, _ in migrations())
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(migrations())


def test_sqlite_write_is_idempotent(settings: Settings) -> None:
    docs = documents(settings, ARTICLE_EN, ARTICLE_RU)
    with SQLiteStore(settings.db_path) as store:
        first = store.write(docs)
        second = store.write(docs)
        assert len(first.stored) == 2 and first.known == []
        assert second.stored == [] and len(second.known) == 2
        assert store.count_articles() == 2


def test_sqlite_document_round_trip(settings: Settings) -> None:
    [doc] = documents(settings, ARTICLE_EN)
    with SQLiteStore(settings.db_path) as store:
        store.write([doc])
        back = store.document(doc.id[:6])  # a unique prefix is enough
    assert back.to_json() == doc.to_json()
    assert back.offsets.runs == doc.offsets.runs


def test_sqlite_search_across_scripts_and_operators(settings: Settings) -> None:
    docs = documents(settings, ARTICLE_EN, ARTICLE_RU)
    with SQLiteStore(settings.db_path) as store:
        store.write(docs)
        assert [h.article.id for h in store.search("Душанбе", limit=5)] == [docs[1].id]
        assert [h.article.id for h in store.search("dushanbe moscow", limit=5)] == [docs[0].id]
        assert store.search('"unbalanced AND (', limit=5) == []  # no FTS syntax error
        assert store.search("Secur*", limit=5)[0].article.id == docs[0].id
        assert "[Dushanbe]" in store.search("Dushanbe", limit=1)[0].snippet


def test_sqlite_fts_query_quotes_words() -> None:
    assert fts_query('CSTO OR "x" NEAR(') == '"CSTO" "OR" "x" "NEAR"'
    assert fts_query("Тасмаг*") == '"Тасмаг"*'


def test_sqlite_rejected_upsert_and_clear_on_success(settings: Settings) -> None:
    bad = Rejected("doc0.txt", Reason.NO_TEXT, "too short")
    [doc] = documents(settings, ARTICLE_EN)
    with SQLiteStore(settings.db_path) as store:
        store.write([bad])
        store.write([bad])
        [row] = store.rejected(limit=10)
        assert (row.source, row.reason, row.attempts) == ("doc0.txt", "no_text", 2)
        assert store.rejected_by_ids([row.id])[0].source == "doc0.txt"
        store.write([doc])  # the same source now yields an article
        assert store.rejected(limit=10) == []


def test_sqlite_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable storyline store"):
        SQLiteStore(path)
    with pytest.raises(StoreError, match="is a directory"):
        SQLiteStore(tmp_path)


def test_sqlite_unknown_id(settings: Settings) -> None:
    with SQLiteStore(settings.db_path) as store, pytest.raises(NotFoundError):
        store.document("ffff")
