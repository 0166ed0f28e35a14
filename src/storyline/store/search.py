"""Search in any language for the web page and the HTTP API (``Browse`` inherits it).

Two routes, each hit keeping which one found it: names in the query that resolve to entities
(an alias or its romanisation in any script, a surname through the blocking keys), and the
query's words through FTS5. Index look-ups only: nothing here scans a table.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from storyline.store.entities import find_entities, surname_entities
from storyline.store.listing import Listing, Window, _page


class Search:
    """Articles for a query, and the entities it names, over one SQLite connection."""

    _db: sqlite3.Connection
    matched: list[dict[str, Any]]

    def search(self, query: str, window: Window, *, language: str | None = None) -> Listing:
        """Articles for a query in any language.

        Two routes, each hit keeping which one found it: names in the query that resolve to
        entities (so "Rahmon" finds Russian articles that say "Рахмон"), and full-text words
        (FTS5). Articles found both ways rank first, then those naming more of the entities,
        then the most recently stored. Each route reads only its newest candidates (walking
        rowids backwards), so a name in 50,000 articles costs no more than a rare one.
        """
        matched = self.match_entities(query)
        notes = [f"{m['phrase']!r} → {m['name']} ({m['id']})" for m in matched]
        self.matched = matched  # the page lists them; computed once per search
        hits: dict[int, dict[str, Any]] = {}
        cap = 4 * (window.offset + window.per_page + 1)
        in_language = " AND a.language = ?" if language else ""
        extra = [language] if language else []
        for m in matched:
            for rowid, article_id in self._naming(m["id"], language, cap):
                hit = hits.setdefault(rowid, _hit(article_id))
                hit["score"] += 1.0
                hit["entities"].append(m)
        match = fts_query(query)
        if match:
            for rowid, article_id in self._db.execute(
                "SELECT a.rowid, a.id FROM articles_fts JOIN articles a ON a.rowid = "
                f"articles_fts.rowid WHERE articles_fts MATCH ?{in_language} "
                "ORDER BY articles_fts.rowid DESC LIMIT ?",
                [match, *extra, cap],
            ):
                hit = hits.setdefault(rowid, _hit(article_id))
                hit["score"] += 1.5
                hit["words"] = True
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1]["score"], -kv[0]))
        page, more = _page(ranked[window.offset :], window)
        return Listing(self._search_items(page, match), window, more, notes)

    def _naming(self, entity_id: str, language: str | None, cap: int) -> list[tuple[int, str]]:
        """The newest ``cap`` articles mentioning an entity (rowid, id): its mentions walked
        backwards on their index, in storage order, until ``cap`` articles are found."""
        sql = (
            "SELECT a.rowid, a.id FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?"
            + (" AND a.language = ?" if language else "")
            + " ORDER BY m.rowid DESC"
        )
        found: dict[int, str] = {}
        args = [entity_id, language] if language else [entity_id]
        for rowid, article_id in self._db.execute(sql, args):
            found.setdefault(rowid, article_id)
            if len(found) >= cap:
                break
        return list(found.items())

    def _search_items(
        self, page: list[tuple[int, dict[str, Any]]], match: str
    ) -> list[dict[str, Any]]:
        """The page's results with what it shows: the article, why it was found, its
        evidence; a few batched queries for the whole page."""
        if not page:
            return []
        rowids = [rowid for rowid, _ in page]
        marks = ",".join("?" * len(rowids))
        rows = {
            r["rowid"]: r
            for r in self._db.execute(
                "SELECT a.rowid, a.id, a.title, a.publisher, a.published, a.language, a.source, "
                "a.url, substr(a.text, 1, 240) AS lead, m.story_id FROM articles a "
                f"LEFT JOIN story_members m ON m.article_id = a.id WHERE a.rowid IN ({marks})",
                rowids,
            )
        }
        snippets = {}
        worded = [rowid for rowid, hit in page if hit["words"]]  # only their snippets show
        if match and worded:
            snippets = {
                r[0]: r[1]
                for r in self._db.execute(
                    "SELECT rowid, snippet(articles_fts, 1, char(2), char(3), '…', 12) "
                    f"FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN "
                    f"({','.join('?' * len(worded))})",
                    [match, *worded],
                )
            }
        wanted = [(rows[rowid]["id"], m["id"]) for rowid, hit in page for m in hit["entities"]]
        first: dict[tuple[str, str], tuple[int, int, str]] = {}
        if wanted:
            articles = sorted({a for a, _ in wanted})
            entities = sorted({e for _, e in wanted})
            for article_id, entity_id, start, end, text in self._db.execute(
                "SELECT article_id, entity_id, min(start), end, text FROM mentions "
                f"WHERE entity_id IN ({','.join('?' * len(entities))}) "
                f"AND article_id IN ({','.join('?' * len(articles))}) "
                "GROUP BY article_id, entity_id",
                [*entities, *articles],
            ):
                first[(article_id, entity_id)] = (start, end, text)
        items = []
        for rowid, hit in page:
            row = rows[rowid]
            item = dict(row)
            del item["rowid"]
            item.update(score=hit["score"], reasons=[], evidence=[])
            for m in hit["entities"]:
                found = first.get((row["id"], m["id"]))
                if found is not None:
                    item["reasons"].append(f"mentions {m['name']} as {found[2]!r}")
                    item["evidence"].append([found[0], found[1]])
            if hit["words"]:
                item["reasons"].append("text matches the words")
                if rowid in snippets:
                    item["snippet"] = _snippet(snippets[rowid])
            items.append(item)
        return items

    def match_entities(self, query: str) -> list[dict[str, Any]]:
        """Entities named in a query: the whole query, then word n-grams longest first, each
        word used once. Only whole names match here (an id, an alias, its romanisation);
        the fuzzy look-up is tried for the whole query alone, so common words stay words."""
        words = _WORD.findall(query)
        if not words:
            return []
        found: list[dict[str, Any]] = []
        used = [False] * len(words)
        whole = self._named(query.strip(), similar=len(words) <= 2)
        if whole:
            used = [True] * len(words)
            found.extend(self._described(query.strip(), whole[:3]))
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                if any(used[i : i + size]):
                    continue
                phrase = " ".join(words[i : i + size])
                if len(phrase) < 3 or phrase == query.strip():  # the whole query: tried
                    continue
                ids = self._named(phrase, similar=False)
                if ids:
                    used[i : i + size] = [True] * size
                    found.extend(self._described(phrase, ids[:3]))
        unique: dict[str, dict[str, Any]] = {}
        for m in found:
            unique.setdefault(m["id"], m)
        return list(unique.values())

    def _named(self, phrase: str, *, similar: bool) -> list[str]:
        """Entities a phrase names: an alias or its romanisation, a surname, and with
        ``similar`` another spelling; index look-ups only."""
        ids = find_entities(self._db, phrase, similar=False, surname=False)
        if not ids:
            ids = surname_entities(self._db, phrase)
        if not ids and similar:
            ids = find_entities(self._db, phrase, similar=True, surname=False)
        return ids

    def _described(self, phrase: str, ids: list[str]) -> list[dict[str, Any]]:
        out = []
        for entity_id in ids:
            row = self._db.execute(
                "SELECT canonical, type, articles FROM entities WHERE id = ?", (entity_id,)
            ).fetchone()
            if row is not None:
                out.append(
                    {
                        "phrase": phrase,
                        "id": entity_id,
                        "name": row[0],
                        "type": row[1],
                        "articles": row[2],
                    }
                )
        return out


_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _hit(article_id: str) -> dict[str, Any]:
    return {"id": article_id, "score": 0.0, "entities": [], "words": False}


def _snippet(marked: str) -> list[dict[str, Any]]:
    """FTS5's snippet, its matches delimited by control characters (which article text does
    not contain), as pieces that say whether they matched: the page marks them as text."""
    pieces = []
    for i, part in enumerate(re.split("[\x02\x03]", marked)):
        if part:
            pieces.append({"text": part, "match": i % 2 == 1})
    return pieces


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query: every word must occur; ``word*`` is a prefix search.

    Quoting each word keeps FTS5 operators and punctuation in user input from being parsed.
    """
    terms = []
    for word, star in re.findall(r"(\w+)(\*?)", query):
        terms.append(f'"{word}"' + ("*" if star else ""))
    return " ".join(terms)
