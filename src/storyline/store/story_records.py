"""The read side of stories: a story's card (titles, languages, outlets, span), its whole
record (members with why they joined, key entities, events, a cited summary) and the feed.
The writer side, the online index, is ``store/stories.py``."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Any

from storyline.document import Document
from storyline.errors import NotFoundError
from storyline.store.stories import SQLiteStories

SUMMARY_SENTENCES = 3
STORY_EVENTS = 10  # a story's most reported events, counted over all its members
SUMMARY_LEAD_CHARS = 1200  # the summary picks sentences from the start of each article
SUMMARY_ARTICLES = 40  # … of the story's first articles: the starter, then by publication
MEMBER_LEAD_CHARS = 320  # what a story's member listing shows of each article


@dataclass(slots=True)
class StorySummary:
    id: str
    size: int
    first_day: str | None
    last_day: str | None
    languages: list[str]
    outlets: list[str]
    titles: dict[str, str]  # language → representative title
    last_seen: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "articles": self.size,
            "date_span": [self.first_day, self.last_day],
            "languages": self.languages,
            "outlets": self.outlets,
            "titles": self.titles,
            "last_seen": self.last_seen,
        }


def list_stories(db: sqlite3.Connection, *, limit: int, min_size: int = 1) -> list[StorySummary]:
    rows = db.execute(
        "SELECT id FROM stories WHERE merged_into IS NULL AND size >= ? "
        "ORDER BY coalesce(json_extract(state, '$.last_day'), '') DESC, last_seen DESC, size DESC "
        "LIMIT ?",
        (min_size, limit),
    ).fetchall()
    return [story_summary(db, r[0]) for r in rows]


def story_summary(db: sqlite3.Connection, sid: str) -> StorySummary:
    return _summary_and_state(db, sid)[0]


def _summary_and_state(db: sqlite3.Connection, sid: str) -> tuple[StorySummary, dict[str, Any]]:
    row = db.execute(
        "SELECT id, size, state, last_seen FROM stories WHERE id = ?", (sid,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no story {sid!r} (see `storyline stories`)")
    state = json.loads(row[2])
    return StorySummary(
        row[0],
        row[1],
        state.get("first_day"),
        state.get("last_day"),
        sorted(state.get("languages", {})),
        [o for o, _ in Counter(state.get("outlets", {})).most_common()],
        state.get("titles", {}),  # language → its first member's title, kept by the writer
        row[3],
    ), state


def story_record(
    db: sqlite3.Connection, sid: str, *, members_limit: int | None = None
) -> dict[str, Any]:
    """The whole story: members with why they joined, key entities, events, a cited summary.

    Only the columns shown are read (a lead, never the raw page or the annotations), so a
    story of hundreds of articles stays cheap; ``members_limit`` caps the members listed
    (the starter first, then by publication); the summary reads the first
    ``SUMMARY_ARTICLES`` of them.
    """
    stories = SQLiteStories(db, "")
    sid = stories.resolve_alias(sid)
    summary, state = _summary_and_state(db, sid)
    # The members in display order straight from the story_members_order index; their text
    # is read after, for the few kept.
    limit = -1 if members_limit is None else max(members_limit, SUMMARY_ARTICLES)
    rows = db.execute(
        "SELECT a.id, a.title, a.language, a.publisher, a.published, a.url, a.source, "
        "m.score, m.features, m.reasons, m.runner_up, m.by_hand "
        "FROM (SELECT article_id, score, features, reasons, runner_up, by_hand, rowid AS seq "
        "FROM story_members WHERE story_id = ? ORDER BY score IS NOT NULL, published, rowid "
        "LIMIT ?) m JOIN articles a ON a.id = m.article_id ORDER BY m.score IS NOT NULL, "
        "a.published, m.seq",
        (sid, limit),
    ).fetchall()
    wanted = [r["id"] for r in rows[: max(SUMMARY_ARTICLES, members_limit or len(rows))]]
    lead_of: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        lead_of.update(
            db.execute(
                f"SELECT id, substr(text, 1, ?) FROM articles WHERE id IN "
                f"({','.join('?' * len(chunk))})",
                [SUMMARY_LEAD_CHARS, *chunk],
            ).fetchall()
        )
    leads = [Document(i, "", "", "text", lead_of[i]) for i in wanted[:SUMMARY_ARTICLES]]
    members: list[dict[str, Any]] = [
        {
            "article_id": r["id"],
            "title": r["title"],
            "language": r["language"],
            "publisher": r["publisher"],
            "published": r["published"],
            "source": r["url"] or r["source"],
            "score": r["score"],
            "features": json.loads(r["features"]),
            "reasons": json.loads(r["reasons"]),
            "runner_up": json.loads(r["runner_up"]) if r["runner_up"] else None,
            "by_hand": bool(r["by_hand"]),
            "lead": lead_of.get(r["id"], "")[:MEMBER_LEAD_CHARS],
        }
        for r in (rows if members_limit is None else rows[:members_limit])
    ]
    key = [e for e, _ in Counter(state.get("entities", {})).most_common(8)]
    names = (
        {
            r[0]: r[1]
            for r in db.execute(
                f"SELECT id, canonical FROM entities WHERE id IN ({','.join('?' * len(key))})", key
            )
        }
        if key
        else {}
    )
    # The story's most reported events, from the tally its writer keeps (story_events).
    events = [
        {"id": r[0], "type": r[1], "date": r[2], "reports": r[3]}
        for r in db.execute(
            "SELECT e.id, e.type, e.date, s.reports FROM story_events s "
            "JOIN events e ON e.id = s.event_id WHERE s.story_id = ? AND e.type != 'STATEMENT' "
            "ORDER BY s.reports DESC, s.sort_date DESC LIMIT ?",
            (sid, STORY_EVENTS),
        )
    ]
    return {
        **summary.to_json(),
        "key_entities": [{"id": e, "name": names.get(e, e)} for e in key],
        "events": events,
        "summary": summarise(leads, {names.get(e, e) for e in key}),
        "members": members,
    }


def summarise(docs: list[Document], key_names: set[str]) -> list[dict[str, str]]:
    """Up to three lead sentences that name the story's key entities, each citing its article;
    a sentence already said (in other words or a copy) is not repeated."""
    surnames = [n.split()[-1] for n in key_names if n and n.split()]
    scored: list[tuple[float, str, str]] = []
    for doc in docs:
        for position, sentence in enumerate(_first_sentences(doc.text[:SUMMARY_LEAD_CHARS], 4)):
            if len(sentence) < 40:
                continue
            hits = sum(1 for n in surnames if n in sentence)
            scored.append((hits + 1 / (position + 1), sentence.strip(), doc.id))
    chosen: list[dict[str, str]] = []
    seen_words: list[set[str]] = []
    for _, sentence, article in sorted(scored, key=lambda t: -t[0]):
        words = set(re.findall(r"\w+", sentence.lower()))
        if any(len(words & w) / max(1, len(words | w)) > 0.5 for w in seen_words):
            continue
        seen_words.append(words)
        chosen.append({"sentence": sentence, "article_id": article})
        if len(chosen) == SUMMARY_SENTENCES:
            break
    return chosen


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _first_sentences(text: str, limit: int) -> list[str]:
    """``re.split`` by sentence ends, ``[:limit]``, without splitting the rest of the text."""
    sentences: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        sentences.append(text[start : end.start()])
        start = end.end()
        if len(sentences) == limit:
            return sentences
    sentences.append(text[start:])
    return sentences
