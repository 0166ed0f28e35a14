"""Stories in SQLite with the e5 fallback: a store built before it upgrades and keeps working
(a missing vector is unknown, not zero); language sums persist; rebuilds take any member."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storyline import api
from storyline.document import Document
from storyline.settings import Settings
from storyline.stages import build_pipeline
from storyline.store import SQLiteStore
from storyline.store.schema import migrations, split_sql
from storyline.store.stories import SQLiteStories
from tests.conftest import ARTICLE_EN, EXAMPLES, REPO, raw_item

TRANSLATION_TG = REPO / "tests" / "data" / "003_translation_tg.txt"
ARTICLE_TG = (
    "Дар Душанбе намоишгоҳи китоб кушода шуд. Дар он зиёда аз сад нашриёт аз кишварҳои "
    "гуногун иштирок мекунанд.\n\nНамоишгоҳ то охири ҳафта идома хоҳад ёфт."
)


def _old_store(path: Path, vector: bytes) -> None:
    """A store at schema 7 (before embed.v2) holding one story of one USE-only article."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "CREATE TABLE schema_migrations ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    for version, name, sql in migrations():
        if version > 7:
            break
        for statement in split_sql(sql):
            db.execute(statement)
        db.execute("INSERT INTO schema_migrations VALUES (?, ?, '2025-01-01')", (version, name))
    db.execute("INSERT INTO article_embeddings VALUES ('old-article', ?)", (vector,))
    db.execute(
        "INSERT INTO stories (id, size, vector_sum, state, first_seen, last_seen) "
        "VALUES ('old', 1, ?, ?, '2025-01-01', '2025-01-01')",
        (vector, json.dumps({"languages": {"en": 1}})),
    )
    db.execute("INSERT INTO story_members VALUES ('old-article', 'old', NULL, '{}', '[]', NULL, 0)")
    db.close()


def test_stories_store_from_before_e5_upgrades_and_keeps_assigning(settings: Settings) -> None:
    pipeline = build_pipeline(settings)
    en, tg = (
        pipeline(raw_item(t, source=f"{n}.txt"))
        for n, t in (("en", ARTICLE_EN), ("tg", ARTICLE_TG))
    )
    assert isinstance(en, Document) and isinstance(tg, Document)
    assert en.embedding is not None and tg.embedding is None and tg.e5_embedding is not None
    _old_store(settings.db_path, en.embedding)
    with SQLiteStore(settings.db_path) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        store.write([tg])  # the old story has no e5 vector: unknown, so no reason to join it
        tg_story = store.story_of(tg.id)
        [member] = store.story(tg_story or "")["members"]
        assert tg_story != "old" and "cosine" not in member["features"]
        assert "no e5 vector on the story side" in member["reasons"][0]
        store.write([en])  # USE on both sides, as before the upgrade
        assert store.story_of(en.id) == "old"
        old = SQLiteStories(store._db, "").load("old")
        assert old.size == 2 and old.e5_sum is not None and old.e5_languages == {"en": 1}
    with SQLiteStore(settings.db_path) as store:  # the language sums outlive the connection
        means = SQLiteStories(store._db, "", mean_min_articles=2).language_means()
        assert dict(means.counts) == {"tg": 1, "en": 1}
        _, detail = means.mean("tg")
        assert detail == "all-language mean of 2 removed (tg: 1 < 2)"


def test_stories_store_rebuild_takes_members_without_a_use_vector(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "s.db", workers=1)
    api.ingest([str(EXAMPLES / "003_f2ecdbd888c828ec.txt"), str(TRANSLATION_TG)], settings)
    with SQLiteStore(settings.db_path) as store:
        [story] = store.stories()
        assert story.size == 2 and story.languages == ["ru", "tg"]
        tg = next(a.id for a in store.articles(limit=5) if a.source.endswith("_tg.txt"))
        new = store.split_story(story.id, [tg])
        split = SQLiteStories(store._db, "").load(new)
        assert split.size == 1 and not split.has_use and split.e5_languages == {"tg": 1}
        store.merge_stories(new, story.id)
        merged = SQLiteStories(store._db, "").load(story.id)
        assert merged.size == 2 and merged.has_use and merged.e5_languages == {"ru": 1, "tg": 1}
