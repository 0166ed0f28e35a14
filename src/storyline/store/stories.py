"""Stories in SQLite: the ``StoryIndex`` the store assigns through, hand corrections, records.

Runs on the store's connection inside the write transaction, after entities, events and
copies: a syndicated copy joins its canonical article's story; any other article goes through
``resolve.stories.assign``, with the running per-language e5 sums (``e5_language_sums``) as
its ``LanguageMeans``. Hand merges and splits are recorded on the stories and members
(``merged_into``, ``by_hand``); later assignments follow them, nothing re-clusters.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, OrderedDict
from typing import Any

import numpy as np

from storyline.document import Document
from storyline.errors import ConfigError, NotFoundError
from storyline.resolve.stories import (
    PER_ENTITY,
    RECENT,
    Assignment,
    EventSignature,
    LanguageMeans,
    Profile,
    Story,
    assign,
    profile_of,
)
from storyline.settings import Settings
from storyline.store.codec import document_from_row

ENTITY_KEEP = 300  # entities kept per story (most frequent)


def story_id(article_id: str) -> str:
    return "st" + hashlib.sha256(article_id.encode()).hexdigest()[:14]


class StoryCache:
    """The most recently used stories, decoded, kept across write batches by the store: a
    candidate story is compared with many articles, and decoding its state is the cost. It
    also keeps the per-language e5 sums, read once and then kept current by every update."""

    def __init__(self, size: int = 5_000) -> None:
        self.size = size
        self._stories: OrderedDict[str, Story] = OrderedDict()
        self.means: LanguageMeans | None = None

    def get(self, sid: str) -> Story | None:
        story = self._stories.get(sid)
        if story is not None:
            self._stories.move_to_end(sid)
        return story

    def put(self, story: Story) -> None:
        self._stories[story.id] = story
        self._stories.move_to_end(story.id)
        while len(self._stories) > self.size:
            self._stories.popitem(last=False)

    def clear(self) -> None:
        self._stories.clear()
        self.means = None


class SQLiteStories:
    def __init__(
        self,
        db: sqlite3.Connection,
        stamp: str,
        cache: StoryCache | None = None,
        *,
        mean_min_articles: int | None = None,  # default: Settings().e5_mean_min_articles
    ) -> None:
        self._db = db
        self._stamp = stamp
        self._cache = cache if cache is not None else StoryCache()
        self._mean_min = mean_min_articles or Settings().e5_mean_min_articles

    # -- StoryIndex --------------------------------------------------------------------------

    def candidates(self, profile: Profile) -> list[Story]:
        ids: dict[str, None] = {}
        for (sid,) in self._db.execute(
            "SELECT id FROM stories WHERE merged_into IS NULL ORDER BY last_seen DESC LIMIT ?",
            (RECENT,),
        ):
            ids[sid] = None
        for entity in profile.entities:
            for (sid,) in self._db.execute(
                "SELECT story_id FROM story_entities WHERE entity = ? "
                "ORDER BY last_seen DESC LIMIT ?",
                (entity, PER_ENTITY),
            ):
                ids[self.resolve_alias(sid)] = None
        return [self.load(i) for i in ids]

    def language_means(self) -> LanguageMeans:
        means = self._cache.means
        if means is None or means.min_articles != self._mean_min:
            means = LanguageMeans(self._mean_min)
            for language, n, vector in self._db.execute(
                "SELECT language, articles, vector_sum FROM e5_language_sums"
            ):
                means.sums[language] = np.frombuffer(vector, dtype=np.float64).copy()
                means.counts[language] = n
            self._cache.means = means
        return means

    def create(self, story: Story) -> None:
        self._db.execute(
            "INSERT INTO stories (id, size, vector_sum, state, first_seen, last_seen) "
            "VALUES (?, 0, ?, '{}', ?, ?)",
            (story.id, story.vector_sum.astype(np.float32).tobytes(), self._stamp, self._stamp),
        )

    def update(self, story: Story, profile: Profile, assignment: Assignment) -> None:
        target = self.load(assignment.story_id) if assignment.story_id != story.id else story
        target.add(profile)
        self.save(target)
        if profile.e5 is not None:
            means = self.language_means()
            language = profile.language_key
            means.add(language, profile.e5)
            self._db.execute(
                "INSERT OR REPLACE INTO e5_language_sums VALUES (?, ?, ?)",
                (language, means.counts[language], means.sums[language].tobytes()),
            )
        self._db.execute(
            "INSERT OR REPLACE INTO story_members (article_id, story_id, score, features, "
            "reasons, runner_up, by_hand, published) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, (SELECT published FROM articles WHERE id = ?))",
            (
                profile.article_id,
                target.id,
                assignment.score,
                json.dumps(assignment.features),
                json.dumps(assignment.reasons, ensure_ascii=False),
                json.dumps(assignment.runner_up) if assignment.runner_up else None,
                profile.article_id,
            ),
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO story_entities VALUES (?, ?, ?)",
            [(e, target.id, self._stamp) for e in profile.entities],
        )
        # The story's event tally (events are stored before stories, in the same transaction).
        self._db.execute(
            "INSERT INTO story_events SELECT ?, r.event_id, count(*), e.sort_date "
            "FROM event_reports r JOIN events e ON e.id = r.event_id WHERE r.article_id = ? "
            "GROUP BY r.event_id "
            "ON CONFLICT (story_id, event_id) DO UPDATE SET reports = reports + excluded.reports",
            (target.id, profile.article_id),
        )

    def resolve_alias(self, sid: str) -> str:
        for _ in range(20):
            row = self._db.execute(
                "SELECT merged_into FROM stories WHERE id = ?", (sid,)
            ).fetchone()
            if row is None or row[0] is None:
                return sid
            sid = row[0]
        return sid

    # -- state ---------------------------------------------------------------------------------

    def load(self, sid: str) -> Story:
        cached = self._cache.get(sid)
        if cached is not None:
            return cached
        row = self._db.execute(
            "SELECT id, size, vector_sum, state, e5_sum FROM stories WHERE id = ?", (sid,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no story {sid!r} (see `storyline stories`)")
        state = json.loads(row[3])
        story = Story(
            row[0],
            np.frombuffer(row[2], dtype=np.float32).copy(),
            row[1],
            Counter(state.get("entities", {})),
            [_signature(e) for e in state.get("events", [])],
            [_signature(e) for e in state.get("leads", [])],
            state.get("first_day"),
            state.get("last_day"),
            Counter(state.get("languages", {})),
            Counter(state.get("outlets", {})),
            np.frombuffer(row[4], dtype=np.float32).copy() if row[4] else None,
            Counter(state.get("e5_languages", {})),
            dict(state.get("titles", {})),
        )
        self._cache.put(story)
        return story

    def save(self, story: Story) -> None:
        self._cache.put(story)
        state = {
            "entities": dict(story.entities.most_common(ENTITY_KEEP)),
            "events": [_plain(e) for e in story.events],
            "leads": [_plain(e) for e in story.leads],
            "first_day": story.first_day,
            "last_day": story.last_day,
            "languages": dict(story.languages),
            "outlets": dict(story.outlets),
            "e5_languages": dict(story.e5_languages),
            "titles": story.titles,
        }
        self._db.execute(
            "UPDATE stories SET size = ?, vector_sum = ?, state = ?, last_seen = ?, e5_sum = ? "
            "WHERE id = ?",
            (
                story.size,
                story.vector_sum.astype(np.float32).tobytes(),
                json.dumps(state, ensure_ascii=False),
                self._stamp,
                None if story.e5_sum is None else story.e5_sum.astype(np.float32).tobytes(),
                story.id,
            ),
        )

    # -- write path ----------------------------------------------------------------------------

    def add_document(self, doc: Document) -> Assignment | None:
        """Assign a stored article to a story; None when it has no embedding at all (stages
        without ``embed``)."""
        if doc.embedding is None and doc.e5_embedding is None:
            return None
        if doc.embedding is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO article_embeddings VALUES (?, ?)", (doc.id, doc.embedding)
            )
        if doc.e5_embedding is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO article_e5 VALUES (?, ?)", (doc.id, doc.e5_embedding)
            )
        profile = profile_of(doc)
        copy = self._db.execute(
            "SELECT c.canonical_id, c.similarity, m.story_id FROM copies c "
            "JOIN story_members m ON m.article_id = c.canonical_id WHERE c.article_id = ?",
            (doc.id,),
        ).fetchone()
        if copy is not None:  # a syndicated copy reads with its original
            story = self.load(self.resolve_alias(copy[2]))
            assignment = Assignment(
                doc.id,
                story.id,
                1.0,
                {"copy": float(copy[1])},
                None,
                [f"syndicated copy of {copy[0]} (MinHash {copy[1]:.2f})"],
            )
            self.update(story, profile, assignment)
            return assignment
        return assign(self, profile, story_id(doc.id))

    def rebuild(self, sid: str) -> None:
        """Recompute a story's state from its members (after a hand merge or split)."""
        story = Story(sid, np.zeros(0, dtype=np.float32))
        for doc in self._members(sid):
            story.add(profile_of(doc))
        if story.vector_sum.size == 0:
            story.vector_sum = np.zeros(512, dtype=np.float32)
        self.save(story)
        self._db.execute("DELETE FROM story_entities WHERE story_id = ?", (sid,))
        self._db.executemany(
            "INSERT OR REPLACE INTO story_entities VALUES (?, ?, ?)",
            [(e, sid, self._stamp) for e in story.entities],
        )
        self._db.execute("DELETE FROM story_events WHERE story_id = ?", (sid,))
        self._db.execute(
            "INSERT INTO story_events SELECT m.story_id, r.event_id, count(*), e.sort_date "
            "FROM story_members m JOIN event_reports r ON r.article_id = m.article_id "
            "JOIN events e ON e.id = r.event_id WHERE m.story_id = ? GROUP BY r.event_id",
            (sid,),
        )

    def _members(self, sid: str) -> list[Document]:
        """The story's articles with their vectors (either may be missing: an article stored
        before embed.v2 has no e5 vector, one in a language USE lacks has no USE vector)."""
        rows = self._db.execute(
            "SELECT a.*, e.vector AS use_vector, f.vector AS e5_vector FROM story_members m "
            "JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN article_embeddings e ON e.article_id = m.article_id "
            "LEFT JOIN article_e5 f ON f.article_id = m.article_id WHERE m.story_id = ? "
            "ORDER BY m.score IS NOT NULL, m.rowid",  # as they joined: the titles follow
            (sid,),
        ).fetchall()
        docs = []
        for r in rows:
            doc = document_from_row(dict(r))
            doc.embedding, doc.e5_embedding = r["use_vector"], r["e5_vector"]
            docs.append(doc)
        return docs


def _plain(e: EventSignature) -> list[Any]:
    return [e.type, sorted(e.participants), e.day, e.asserted]


def _signature(row: list[Any]) -> EventSignature:
    return EventSignature(row[0], frozenset(row[1]), row[2], bool(row[3]))


# -- hand corrections --------------------------------------------------------------------------


def merge_stories(db: sqlite3.Connection, source: str, target: str, stamp: str) -> None:
    stories = SQLiteStories(db, stamp)
    source, target = stories.resolve_alias(source), stories.resolve_alias(target)
    if source == target:
        raise ConfigError(f"{source} and {target} are already one story")
    stories.load(source), stories.load(target)  # both must exist
    db.execute(
        "UPDATE story_members SET story_id = ?, by_hand = 1, "
        "reasons = json_insert(reasons, '$[#]', ?) WHERE story_id = ?",
        (target, f"merged by hand from {source}", source),
    )
    db.execute("UPDATE stories SET merged_into = ?, size = 0 WHERE id = ?", (target, source))
    db.execute("DELETE FROM story_entities WHERE story_id = ?", (source,))
    db.execute("DELETE FROM story_events WHERE story_id = ?", (source,))
    stories.rebuild(target)


def split_story(db: sqlite3.Connection, sid: str, articles: list[str], stamp: str) -> str:
    stories = SQLiteStories(db, stamp)
    sid = stories.resolve_alias(sid)
    members = {
        r[0] for r in db.execute("SELECT article_id FROM story_members WHERE story_id = ?", (sid,))
    }
    missing = [a for a in articles if a not in members]
    if missing:
        raise NotFoundError(f"not in story {sid}: {', '.join(missing)}")
    if set(articles) == members:
        raise ConfigError(f"splitting every article off {sid} would leave it empty")
    new = story_id("split:" + ",".join(sorted(articles)))
    stories.create(Story(new, np.zeros(512, dtype=np.float32)))
    db.executemany(
        "UPDATE story_members SET story_id = ?, by_hand = 1, score = NULL, "
        "reasons = json_insert(reasons, '$[#]', ?) WHERE article_id = ?",
        [(new, f"split by hand from {sid}", a) for a in articles],
    )
    stories.rebuild(sid)
    stories.rebuild(new)
    return new
