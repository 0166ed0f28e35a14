"""The embedded store: one SQLite file in WAL mode, FTS5 for search, numbered migrations."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.aliases import AliasTable, alias_table
from storyline.document import Document
from storyline.errors import NotFoundError, Rejected, StoreError
from storyline.resolve import Resolver
from storyline.resolve.copies import find_copy
from storyline.resolve.events import link_entities
from storyline.store.base import ArticleRow, RejectedRow, SearchHit, WriteOutcome
from storyline.store.codec import annotations_json, document_from_row, offsets_json
from storyline.store.copies import SQLiteCopies, copy_group
from storyline.store.entities import (
    EntitySummary,
    SQLiteEntities,
    entity_mentions,
    entity_summary,
    find_entities,
    list_entities,
    merge_entities,
    split_entity,
    user_aliases,
)
from storyline.store.events import EventRow, list_events, put_events
from storyline.store.events import event as event_row
from storyline.store.scan import StoreScan
from storyline.store.schema import migrations, split_sql
from storyline.store.search import fts_query
from storyline.store.stories import SQLiteStories, StoryCache, merge_stories, split_story
from storyline.store.story_records import StorySummary, list_stories, story_record

if TYPE_CHECKING:
    from storyline.store.browse import Browse

_ARTICLE_COLUMNS = "id, source, url, title, publisher, published, language, text, ingested_at"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def rejected_id(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


class SQLiteStore:
    """Implements ``StoreWriter`` and ``StoreView``. One connection; use from one thread."""

    def __init__(self, path: Path | str, *, e5_mean_min_articles: int | None = None) -> None:
        """``e5_mean_min_articles``: ``Settings.e5_mean_min_articles`` (its default if None)."""
        self.path = Path(path)
        self._e5_mean_min = e5_mean_min_articles
        self._aliases: AliasTable | None = None  # built when the first entity is resolved
        self._stories = StoryCache()  # decoded stories, reused across write batches
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"{self.path} is a directory; give a file path for the store")
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            # 64 MiB of page cache (the default is 2 MiB): look-ups by entity and block stay in
            # memory as the store grows, instead of going to disk for every index page.
            self._db.execute("PRAGMA cache_size=-65536")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a usable storyline store: {exc}") from None

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # -- schema ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        applied = {r[0] for r in self._db.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migrations():
            if version in applied:
                continue
            self._db.execute("BEGIN IMMEDIATE")
            try:
                # executescript would commit on its own; run statements inside our transaction.
                for statement in split_sql(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now())
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- writer ----------------------------------------------------------------------------

    def write(self, results: Sequence[Document | Rejected]) -> WriteOutcome:
        """Store a batch in one transaction; new articles' entities are resolved inside it."""
        stored: list[str] = []
        known: list[str] = []
        rejected: list[Rejected] = []
        stamp = now()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            present = self.known_ids(r.id for r in results if isinstance(r, Document))
            for result in results:
                if isinstance(result, Rejected):
                    self._put_rejected(result, stamp)
                    rejected.append(result)
                elif result.id in present:
                    known.append(result.id)
                else:
                    if result.entities:
                        self._resolver(stamp).add(result)
                        link_entities(result)
                        self._put_roles(result)
                    self._put_document(result, stamp)
                    put_events(self._db, result, stamp)
                    find_copy(SQLiteCopies(self._db), result.id, result.text)
                    SQLiteStories(
                        self._db, stamp, self._stories, mean_min_articles=self._e5_mean_min
                    ).add_document(result)
                    present.add(result.id)  # the same article twice in one batch
                    stored.append(result.id)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            self._stories.clear()  # decoded stories may hold what was rolled back
            raise
        return WriteOutcome(stored, known, rejected)

    def _resolver(self, stamp: str) -> Resolver:
        if self._aliases is None:
            self._aliases = alias_table(tuple(self.user_aliases()))
        return Resolver(SQLiteEntities(self._db, self._aliases, stamp))

    def _put_roles(self, doc: Document) -> None:
        """Role assertions with the person's resolved id, dated by the article."""
        by_span = {(m.start, m.end): m.entity_id for m in doc.entities}
        for role in doc.roles:
            person = by_span.get((role.person_start, role.person_end))
            if person is None:
                continue
            role.person = person
            self._db.execute(
                "INSERT OR IGNORE INTO roles VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id,
                    person,
                    role.role,
                    role.organisation,
                    doc.meta.published,
                    role.start,
                    role.end,
                ),
            )

    def roles_of(self, entity_id: str) -> list[dict[str, Any]]:
        """An entity's offices over time: one row per (role, organisation), first to last seen."""
        rows = self._db.execute(
            "SELECT role, organisation, min(date), max(date), count(*) FROM roles "
            "WHERE person_id = ? GROUP BY role, organisation ORDER BY min(date) NULLS LAST",
            (entity_id,),
        )
        return [
            {
                "role": r[0],
                "organisation": r[1],
                "first_seen": r[2],
                "last_seen": r[3],
                "articles": r[4],
            }
            for r in rows
        ]

    def _put_document(self, doc: Document, stamp: str) -> bool:
        meta = doc.meta
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO articles (id, source, url, title, publisher, published, "
            "language, dateline, author, text, raw, raw_format, offsets, annotations, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.id,
                doc.source,
                meta.url,
                meta.title,
                meta.publisher,
                meta.published,
                meta.language,
                meta.dateline.text if meta.dateline else None,
                meta.author,
                doc.text,
                doc.raw,
                doc.raw_format,
                offsets_json(doc),
                annotations_json(doc),
                stamp,
            ),
        )
        # A source that now yields an article is no longer a rejected input.
        self._db.execute("DELETE FROM rejected WHERE source = ?", (doc.source,))
        return cursor.rowcount == 1

    def _put_rejected(self, item: Rejected, stamp: str) -> None:
        self._db.execute(
            "INSERT INTO rejected (id, source, reason, detail, kind, payload, first_seen, "
            "last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, "
            "detail = excluded.detail, kind = coalesce(excluded.kind, kind), "
            "payload = coalesce(excluded.payload, payload), attempts = attempts + 1, "
            "last_seen = excluded.last_seen",
            (
                rejected_id(item.source),
                item.source,
                item.reason.value,
                item.detail,
                item.kind,
                item.payload,
                stamp,
                stamp,
            ),
        )

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def has_url(self, url: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone()
        return row is not None

    def get_validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._db.execute(
            "SELECT etag, last_modified FROM fetch_validators WHERE url = ?", (url,)
        ).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def put_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self._db.execute(
            "INSERT INTO fetch_validators VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "updated_at = excluded.updated_at",
            (url, etag, last_modified, now()),
        )

    def forget_rejected(self, ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM rejected WHERE id = ?", [(i,) for i in ids])

    # -- view ------------------------------------------------------------------------------

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def articles(
        self, *, limit: int, offset: int = 0, language: str | None = None
    ) -> list[ArticleRow]:
        where, args = ("WHERE language = ?", [language]) if language else ("", [])
        rows = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles {where} "
            "ORDER BY coalesce(published, ingested_at) DESC, rowid DESC LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )
        return [_article(r) for r in rows]

    def document(self, article_id: str) -> Document:
        rows = self._db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchall()
        if not rows:  # a prefix: a range on the id index (LIKE inside an OR scans the table)
            rows = self._db.execute(
                "SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                (article_id, article_id + "\uffff"),
            ).fetchall()
        if not rows:
            raise NotFoundError(f"no article with id {article_id!r} (see `storyline articles`)")
        if len(rows) > 1 and rows[0]["id"] != article_id:
            raise NotFoundError(f"id prefix {article_id!r} is ambiguous: give more characters")
        return document_from_row(dict(rows[0]))

    def search(self, query: str, *, limit: int) -> list[SearchHit]:
        match = fts_query(query)
        if not match:
            return []
        rows = self._db.execute(
            f"SELECT {', '.join('a.' + c for c in _ARTICLE_COLUMNS.split(', '))}, "
            "snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet, "
            "bm25(articles_fts, 5.0, 1.0) AS score "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY score LIMIT ?",
            (match, limit),
        )
        return [SearchHit(_article(r), r["snippet"], -float(r["score"])) for r in rows]

    def rejected(self, *, limit: int, reason: str | None = None) -> list[RejectedRow]:
        where, args = ("WHERE reason = ?", [reason]) if reason else ("", [])
        rows = self._db.execute(
            f"SELECT * FROM rejected {where} ORDER BY last_seen DESC, source LIMIT ?",
            [*args, limit],
        )
        return [_rejected(r) for r in rows]

    def rejected_by_ids(self, ids: Sequence[str]) -> list[RejectedRow]:
        found = []
        for rid in ids:
            row = self._db.execute(
                "SELECT * FROM rejected WHERE id = ? OR source = ?", (rid, rid)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no rejected item {rid!r} (see `storyline rejected`)")
            found.append(_rejected(row))
        return found

    # -- entities --------------------------------------------------------------------------

    def entities(self, *, limit: int, entity_type: str | None = None) -> list[EntitySummary]:
        return list_entities(self._db, limit=limit, entity_type=entity_type)

    def find_entities(self, name: str) -> list[str]:
        return find_entities(self._db, name)

    def entity(self, entity_id: str) -> EntitySummary:
        return entity_summary(self._db, entity_id)

    def entity_mentions(self, entity_id: str, *, limit: int) -> list[dict[str, Any]]:
        return entity_mentions(self._db, entity_id, limit=limit)

    def merge_entities(self, source: str, target: str) -> None:
        with self._transaction():
            merge_entities(self._db, source, target, now())

    def split_entity(self, entity_id: str, alias: str) -> str:
        with self._transaction():
            return split_entity(self._db, entity_id, alias, now())

    def add_user_alias(
        self, entity_id: str, entity_type: str, alias: str, language: str | None
    ) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO user_aliases VALUES (?, ?, ?, ?, ?)",
            (entity_id, entity_type, alias, language, now()),
        )
        self._aliases = None

    def user_aliases(self) -> list[tuple[str, str, str, str | None]]:
        return user_aliases(self._db)

    # -- events ----------------------------------------------------------------------------

    def events(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        event_type: str | None = None,
        entity: str | None = None,
        limit: int = 50,
    ) -> list[EventRow]:
        """Events, newest first; ``entity`` is an id or a name (every entity of that name)."""
        entities = None
        if entity is not None:
            entities = [entity] if self._is_entity_id(entity) else self.find_entities(entity)
        return list_events(
            self._db,
            since=since,
            until=until,
            event_type=event_type,
            entities=entities,
            limit=limit,
        )

    def event(self, event_id: str) -> EventRow:
        found = event_row(self._db, event_id)
        if found is None:
            raise NotFoundError(f"no event {event_id!r} (see `storyline events`)")
        return found

    # -- stories ---------------------------------------------------------------------------

    def stories(self, *, limit: int = 50, min_size: int = 1) -> list[StorySummary]:
        """Stories, newest first (by their latest event date, then by activity)."""
        return list_stories(self._db, limit=limit, min_size=min_size)

    def story(self, story_id: str, *, members_limit: int | None = None) -> dict[str, Any]:
        return story_record(self._db, story_id, members_limit=members_limit)

    def embedding(self, article_id: str) -> bytes | None:
        row = self._db.execute(
            "SELECT vector FROM article_embeddings WHERE article_id = ?", (article_id,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def e5_embedding(self, article_id: str) -> bytes | None:
        """The article's e5 vector (embed.v2); None for articles stored before it ran."""
        row = self._db.execute(
            "SELECT vector FROM article_e5 WHERE article_id = ?", (article_id,)
        ).fetchone()
        return bytes(row[0]) if row else None

    def story_of(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
        ).fetchone()
        return SQLiteStories(self._db, now()).resolve_alias(row[0]) if row else None

    def merge_stories(self, source: str, target: str) -> None:
        """Fold story ``source`` into ``target`` by hand; later articles follow the merge."""
        self._stories.clear()
        with self._transaction():
            merge_stories(self._db, source, target, now())

    def split_story(self, story_id: str, articles: list[str]) -> str:
        """Move ``articles`` out of a story into a new one by hand; returns the new id."""
        self._stories.clear()
        with self._transaction():
            return split_story(self._db, story_id, articles, now())

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction for a hand correction: all of it or nothing."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def copies(self, article_id: str) -> list[dict[str, Any]]:
        """The syndicated copies group the article belongs to (empty when it has no copy)."""
        return copy_group(self._db, article_id)

    # -- whole-table reads for exports (store/scan.py) ----------------------------------------

    def scan(self, *, page: int = 2_000) -> StoreScan:
        """Paged reads of whole tables (articles, entities, events, stories) for exports."""
        return StoreScan(self._db, page)

    def _is_entity_id(self, value: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM entities WHERE id = ?", (value,)).fetchone() is not None
        )

    def connection(self) -> sqlite3.Connection:
        """The store's connection, for read-only indexes built over it (serve/semantic.py)."""
        return self._db

    def browse(self) -> Browse:
        """The filtered, paginated read queries of the web page and the HTTP API."""
        from storyline.store.browse import Browse  # browse imports this module's fts_query

        return Browse(self._db)

    def integrity_check(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])


def _article(row: sqlite3.Row) -> ArticleRow:
    return ArticleRow(**{k: row[k] for k in _ARTICLE_COLUMNS.split(", ")})


def _rejected(row: sqlite3.Row) -> RejectedRow:
    values: dict[str, Any] = {k: row[k] for k in row.keys()}  # noqa: SIM118  # sqlite3.Row
    return RejectedRow(**values)
