"""The read models the writer keeps for the web page (migration 0010): a story's event tally,
its members' publication dates, its titles per language, and each participant's event date.
Each must equal what a query over the whole store computes, after writes, after hand merges
and splits, and after an older store is migrated."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from storyline import api
from storyline.document import Event
from storyline.settings import Settings
from storyline.store import SQLiteStore
from storyline.store.events import list_events
from storyline.store.schema import migrations
from tests.conftest import EXAMPLES, REPO

TRANSLATION = REPO / "tests" / "data" / "003_translation_en.txt"


def rows(cursor: sqlite3.Cursor) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in cursor)


def kept(db: sqlite3.Connection) -> dict[str, Any]:
    """The read models as the store holds them."""
    return {
        "tally": rows(db.execute("SELECT * FROM story_events")),
        "published": rows(db.execute("SELECT article_id, published FROM story_members")),
        "participant_days": rows(
            db.execute("SELECT event_id, entity, role, sort_date FROM event_participants")
        ),
        "titles": {
            sid: json.loads(state).get("titles")
            for sid, state in db.execute("SELECT id, state FROM stories WHERE merged_into IS NULL")
        },
    }


def recomputed(db: sqlite3.Connection) -> dict[str, Any]:
    """The same, computed from the members, reports and events themselves."""
    titles: dict[str, dict[str, str]] = {
        sid: {} for (sid,) in db.execute("SELECT id FROM stories WHERE merged_into IS NULL")
    }
    for sid, language, title in db.execute(
        "SELECT m.story_id, a.language, a.title FROM story_members m "
        "JOIN articles a ON a.id = m.article_id ORDER BY m.score IS NOT NULL, m.rowid"
    ):
        if title:
            titles[sid].setdefault(language or "und", title)
    return {
        "tally": rows(
            db.execute(
                "SELECT m.story_id, r.event_id, count(*), e.sort_date FROM story_members m "
                "JOIN event_reports r ON r.article_id = m.article_id "
                "JOIN events e ON e.id = r.event_id GROUP BY m.story_id, r.event_id"
            )
        ),
        "published": rows(
            db.execute(
                "SELECT m.article_id, a.published FROM story_members m "
                "JOIN articles a ON a.id = m.article_id"
            )
        ),
        "participant_days": rows(
            db.execute(
                "SELECT p.event_id, p.entity, p.role, e.sort_date FROM event_participants p "
                "JOIN events e ON e.id = p.event_id"
            )
        ),
        "titles": titles,
    }


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("read_models") / "store.db"
    summary = api.ingest([str(EXAMPLES), str(TRANSLATION)], Settings(db_path=path, workers=1))
    assert summary.stored == 6
    return path


def copy_of(path: Path, to: Path) -> Path:
    with sqlite3.connect(path) as source, sqlite3.connect(to) as target:
        source.backup(target)
    return to


def test_read_models_kept_by_writes_and_hand_corrections(store_path: Path, tmp_path: Path) -> None:
    path = copy_of(store_path, tmp_path / "s.db")
    with SQLiteStore(path) as store:
        db = store.connection()
        now = kept(db)
        assert now == recomputed(db)
        assert sum(row[2] for row in now["tally"]) > 0
        [pair] = [s for s in store.stories() if s.size == 2]
        assert "en" in now["titles"][pair.id]  # the Russian seed is plain text: no title
        english = next(a for a in store.story(pair.id)["members"] if a["language"] == "en")
        new = store.split_story(pair.id, [english["article_id"]])
        assert kept(db) == recomputed(db)
        assert set(kept(db)["titles"][new]) == {"en"} and "en" not in kept(db)["titles"][pair.id]
        store.merge_stories(new, pair.id)
        assert kept(db) == recomputed(db)
        assert not db.execute("SELECT 1 FROM story_events WHERE story_id = ?", (new,)).fetchall()


def test_read_models_filled_in_when_an_older_store_is_migrated(
    store_path: Path, tmp_path: Path
) -> None:
    path = copy_of(store_path, tmp_path / "s.db")
    db = sqlite3.connect(path, isolation_level=None)
    before = kept(db)
    # Back to schema 9: what a store written before migration 0010 holds.
    for statement in (
        "DROP INDEX story_members_order",
        "ALTER TABLE story_members DROP COLUMN published",
        "DROP TABLE story_events",
        "DROP INDEX event_participants_entity",
        "ALTER TABLE event_participants DROP COLUMN sort_date",
        "CREATE INDEX event_participants_entity ON event_participants (entity)",
        "DROP INDEX entities_mentioned",
        "UPDATE stories SET state = json_remove(state, '$.titles')",
        "DELETE FROM schema_migrations WHERE version = 10",
    ):
        db.execute(statement)
    db.close()
    with SQLiteStore(path) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        assert kept(store.connection()) == before


def test_events_of_an_entity_walk_equals_the_whole_query(tmp_path: Path) -> None:
    """Ties on a day are ordered by reports, so the walk reads the whole boundary day; an
    event both actor and target counts once; other filters apply during the walk."""
    with SQLiteStore(tmp_path / "s.db") as store:
        db = store.connection()
        for i in range(40):
            day = f"2025-01-{1 + i % 6:02d}" if i % 13 else None  # ties, and undated events
            event_type = "FIGHT" if i % 3 else "CONSULT"
            event = Event(event_type, "", 0, 4, 0, 4, "test")
            db.execute(
                "INSERT INTO events (id, type, cameo, sort_date, modality, reports, first_seen, "
                "event) VALUES (?, ?, '', ?, 'asserted', ?, '', ?)",
                (f"ev{i:02d}", event_type, day, (i * 7) % 5, json.dumps(asdict(event))),
            )
            for role in ("actor", "target") if i % 4 == 0 else ("actor",):
                db.execute(
                    "INSERT INTO event_participants VALUES (?, ?, ?, ?)",
                    (f"ev{i:02d}", "per:x" if i % 5 else "per:y", role, day),
                )

        def whole(limit: int, **where: str) -> list[str]:
            sql = (
                "SELECT id FROM events e WHERE e.id IN (SELECT event_id FROM "
                "event_participants WHERE entity IN ('per:x', 'per:y'))"
            )
            args = []
            if "event_type" in where:
                sql += " AND e.type = ?"
                args.append(where["event_type"])
            if "since" in where:
                sql += " AND e.sort_date >= ?"
                args.append(where["since"])
            sql += " ORDER BY e.sort_date IS NULL, e.sort_date DESC, e.reports DESC, e.id LIMIT ?"
            return [r[0] for r in db.execute(sql, [*args, limit])]

        for limit in range(1, 42):
            for where in ({}, {"event_type": "FIGHT"}, {"since": "2025-01-03"}):
                walked = list_events(db, entities=["per:x", "per:y"], limit=limit, **where)
                assert [e.id for e in walked] == whole(limit, **where), (limit, where)
