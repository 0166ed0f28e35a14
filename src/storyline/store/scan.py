"""Whole-table reads for exports: keyset pages of a few thousand rows, never the whole store.

Each method yields one page at a time, with what the page's rows need from other tables read
in one query per page (``IN`` over the page's ids), so an export of 100,000 articles holds one
page in memory and costs a handful of queries per page, not one per row. Rows come in storage
order (``rowid``), which is stable across runs of an unchanged store.

Dates: ``since`` and ``until`` are ``YYYY[-MM[-DD]]``; ``until`` takes the whole month or year it
names (``2025-01`` includes 2025-01-31). A row without a date, or with a date that lacks its year
(``--10-10``), is left out when either is given.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from storyline.store.events import EventRow, event

PAGE = 2_000
_IN_CHUNK = 500  # ids per ``IN (...)``: well under SQLite's bound on query parameters


def _upper(until: str) -> str:
    return until + "\uffff"  # a prefix bound: every date that starts with ``until``


class StoreScan:
    """Paged reads over one store connection (``SQLiteStore.scan()``)."""

    def __init__(self, db: sqlite3.Connection, page: int = PAGE) -> None:
        if page < 1:
            raise ValueError("page size must be at least 1")
        self._db = db
        self._page = page

    # -- articles ------------------------------------------------------------------------------

    def articles(
        self, *, since: str | None = None, until: str | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Articles with their story, copy group and counts of entities, mentions and events."""
        where, args = _window("a.published", "a.published", since, until)
        sql = (
            "SELECT a.rowid AS rowid_, a.id, a.url, a.source, a.title, a.publisher, a.published, "
            "a.language, a.dateline, a.author, a.text, a.ingested_at, "
            "coalesce(s.merged_into, m.story_id) AS story_id, "
            "coalesce(c.canonical_id, a.id) AS canonical_id, "
            "(SELECT count(DISTINCT entity_id) FROM mentions WHERE article_id = a.id) "
            "AS entity_count, "
            "(SELECT count(*) FROM mentions WHERE article_id = a.id) AS mention_count, "
            "(SELECT count(*) FROM event_reports WHERE article_id = a.id) AS event_count "
            "FROM articles a LEFT JOIN story_members m ON m.article_id = a.id "
            "LEFT JOIN stories s ON s.id = m.story_id "
            "LEFT JOIN copies c ON c.article_id = a.id "
            f"WHERE a.rowid > ? {where} ORDER BY a.rowid LIMIT ?"
        )
        for rows in self._pages(sql, args):
            yield [dict(r) for r in rows]

    # -- entities ------------------------------------------------------------------------------

    def entities(
        self, *, since: str | None = None, until: str | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Entities with ``aliases`` (by language, most used first) and ``roles`` (offices over
        time, as ``SQLiteStore.roles_of``). With dates: the entities named in an article
        published then; their counts are still over the whole store."""
        where, args = _window("a.published", "a.published", since, until)
        window = (
            "AND e.id IN (SELECT m.entity_id FROM mentions m JOIN articles a "
            f"ON a.id = m.article_id WHERE 1 {where})"
            if where
            else ""
        )
        sql = (
            "SELECT e.rowid AS rowid_, e.id, e.type, e.canonical, e.subtype, e.geonames_id, "
            "e.lat, e.lon, e.mentions, e.articles FROM entities e "
            f"WHERE e.rowid > ? {window} ORDER BY e.rowid LIMIT ?"
        )
        for rows in self._pages(sql, args):
            page = {r["id"]: {**dict(r), "aliases": [], "roles": []} for r in rows}
            for r in self._in(
                "SELECT entity_id, alias, language, script, count FROM entity_aliases "
                "WHERE entity_id IN ({}) ORDER BY entity_id, language, count DESC, alias",
                list(page),
            ):
                page[r[0]]["aliases"].append(
                    {"language": r[2] or None, "alias": r[1], "script": r[3], "count": r[4]}
                )
            for r in self._in(
                "SELECT person_id, role, organisation, min(date), max(date), count(*) FROM roles "
                "WHERE person_id IN ({}) GROUP BY person_id, role, organisation "
                "ORDER BY person_id, min(date) NULLS LAST, role, organisation",
                list(page),
            ):
                page[r[0]]["roles"].append(
                    {
                        "role": r[1],
                        "organisation": r[2],
                        "first_seen": r[3],
                        "last_seen": r[4],
                        "articles": r[5],
                    }
                )
            yield list(page.values())

    # -- events --------------------------------------------------------------------------------

    def events(
        self, *, since: str | None = None, until: str | None = None
    ) -> Iterator[list[EventRow]]:
        """Events with their reports (``SQLiteStore.event`` for each), by ``sort_date``."""
        where, args = _window("e.sort_date", "e.sort_date", since, until)
        sql = (
            f"SELECT e.rowid, e.id FROM events e WHERE e.rowid > ? {where} ORDER BY e.rowid LIMIT ?"
        )
        for rows in self._pages(sql, args):
            found = (event(self._db, r[1]) for r in rows)
            yield [row for row in found if row is not None]

    def coordinates(
        self, entity_ids: Sequence[str]
    ) -> dict[str, tuple[float | None, float | None]]:
        """(lat, lon) of the entities that have an entry, by id."""
        return {
            r[0]: (r[1], r[2])
            for r in self._in("SELECT id, lat, lon FROM entities WHERE id IN ({})", entity_ids)
        }

    # -- stories -------------------------------------------------------------------------------

    def stories(
        self, *, since: str | None = None, until: str | None = None
    ) -> Iterator[list[dict[str, Any]]]:
        """Stories (not merged away, not empty) with ``state`` decoded, ``members`` in the order
        of ``SQLiteStore.story`` (each with the first 1,200 characters of its text as ``lead``)
        and ``names`` of their entities. With dates: the stories whose span meets the window."""
        where, args = _window(
            "json_extract(s.state, '$.last_day')",
            "json_extract(s.state, '$.first_day')",
            since,
            until,
        )
        sql = (
            "SELECT s.rowid AS rowid_, s.id, s.size, s.state FROM stories s "
            f"WHERE s.rowid > ? AND s.merged_into IS NULL AND s.size > 0 {where} "
            "ORDER BY s.rowid LIMIT ?"
        )
        for rows in self._pages(sql, args):
            page = {
                r["id"]: {"id": r["id"], "size": r["size"], "state": json.loads(r["state"])}
                for r in rows
            }
            for story in page.values():
                story["members"] = []
            for r in self._in(
                "SELECT m.story_id, a.id, a.title, a.language, a.published, "
                "substr(a.text, 1, 1200) FROM story_members m "
                "JOIN articles a ON a.id = m.article_id WHERE m.story_id IN ({}) "
                # as SQLiteStore.story lists them: the starter, then by publication
                "ORDER BY m.story_id, m.score IS NOT NULL, m.published, m.rowid",
                list(page),
            ):
                page[r[0]]["members"].append(
                    {"id": r[1], "title": r[2], "language": r[3], "published": r[4], "lead": r[5]}
                )
            entity_ids = sorted(
                {e for story in page.values() for e in story["state"].get("entities", {})}
            )
            names = {
                r[0]: r[1]
                for r in self._in("SELECT id, canonical FROM entities WHERE id IN ({})", entity_ids)
            }
            for story in page.values():
                story["names"] = {
                    e: names[e] for e in story["state"].get("entities", {}) if e in names
                }
            yield list(page.values())

    # -- paging --------------------------------------------------------------------------------

    def _pages(self, sql: str, args: list[Any]) -> Iterator[list[sqlite3.Row]]:
        """Keyset pages of ``sql``: its first parameter is the last rowid seen, its last the
        page size, and its first column the rowid it orders by."""
        last = 0
        while True:
            rows = self._db.execute(sql, [last, *args, self._page]).fetchall()
            if not rows:
                return
            yield rows
            if len(rows) < self._page:
                return
            last = rows[-1][0]

    def _in(self, sql: str, ids: Sequence[str]) -> Iterator[sqlite3.Row]:
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = list(ids[i : i + _IN_CHUNK])
            yield from self._db.execute(sql.format(",".join("?" * len(chunk))), chunk)


def _window(
    low_column: str, high_column: str, since: str | None, until: str | None
) -> tuple[str, list[Any]]:
    """``AND …`` conditions keeping rows whose ``low_column`` ends on or after ``since`` and
    whose ``high_column`` starts on or before ``until``."""
    where, args = "", []
    if since:
        # a date without its year ('--10-10') is in no window
        where += f" AND {low_column} >= ? AND {low_column} GLOB '[0-9]*'"
        args.append(since)
    if until:
        where += f" AND {high_column} <= ? AND {high_column} GLOB '[0-9]*'"
        args.append(_upper(until))
    return where, args
