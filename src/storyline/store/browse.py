"""Read queries behind the web page and the HTTP API: filtered, paginated listings (search is
in ``store/search.py``, which ``Browse`` inherits).

Everything here reads; nothing writes. Each query takes its filters as one typed object, runs
parameterised SQL only (user input never becomes SQL text), and asks for one row more than a
page holds, so the caller knows whether a next page exists without counting the whole table.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from storyline.errors import NotFoundError
from storyline.store.events import EVENTS_ORDER, with_entities
from storyline.store.listing import Filters, Listing, Window, _page, _until
from storyline.store.search import Search
from storyline.store.story_records import StorySummary, story_summary

__all__ = ["Browse", "Filters", "Listing", "Window"]


# What each listing's filters mean in SQL (user values only ever travel as arguments).
_STORY_FILTERS = {
    "language": "EXISTS (SELECT 1 FROM json_each(state, '$.languages') WHERE key = ?)",
    "outlet": "EXISTS (SELECT 1 FROM json_each(state, '$.outlets') WHERE key = ?)",
    "since": "coalesce(json_extract(state, '$.last_day'), '') >= ?",
    "until": "coalesce(json_extract(state, '$.first_day'), '') <= ?",
    "entity": "id IN (SELECT story_id FROM story_entities WHERE entity IN ({ids}))",
}
_ARTICLE_FILTERS = {
    "language": "a.language = ?",
    "outlet": "a.publisher = ?",
    "since": "a.published >= ?",
    "until": "a.published <= ?",
    "entity": "a.id IN (SELECT article_id FROM mentions WHERE entity_id IN ({ids}))",
}


class Browse(Search):
    """The read side of the web page over one SQLite connection (one thread)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.matched: list[dict[str, Any]] = []  # the entities the last search() found

    # -- filters ---------------------------------------------------------------------------

    def entity_ids(self, name: str) -> list[str]:
        """An id, or every entity that any spelling in any script names."""
        return self._named(name, similar=True)

    def _entity_filter(self, name: str, notes: list[str]) -> list[str]:
        ids = self.entity_ids(name)
        notes.append(
            f"entity {name!r}: " + (", ".join(ids[:5]) if ids else "no entity of that name")
        )
        return ids

    def _conditions(
        self, filters: Filters, table: dict[str, str], notes: list[str]
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions and their arguments for the filters a listing supports (``table``:
        filter name → condition with one ``?``, or ``{ids}`` for the entity's id list)."""
        where: list[str] = []
        args: list[Any] = []
        for name, condition in table.items():
            value = getattr(filters, name)
            if not value:
                continue
            if name == "entity":
                ids = self._entity_filter(value, notes)
                where.append(condition.format(ids=",".join("?" * len(ids)) or "NULL"))
                args.extend(ids)
            else:
                where.append(condition)
                args.append(_until(value) if name == "until" else value)
        return where, args

    # -- stories ---------------------------------------------------------------------------

    def stories(self, filters: Filters, window: Window) -> Listing:
        """Stories newest first (their latest event day, then activity), filtered."""
        notes: list[str] = []
        where, args = self._conditions(filters, _STORY_FILTERS, notes)
        where.insert(0, "merged_into IS NULL")
        rows = self._db.execute(
            f"SELECT id FROM stories WHERE {' AND '.join(where)} "
            "ORDER BY coalesce(json_extract(state, '$.last_day'), '') DESC, last_seen DESC, "
            "size DESC LIMIT ? OFFSET ?",
            [*args, window.per_page + 1, window.offset],
        ).fetchall()
        page, more = _page(rows, window)
        return Listing([self.story_card(r[0]) for r in page], window, more, notes)

    def story_card(self, story_id: str) -> dict[str, Any]:
        summary: StorySummary = story_summary(self._db, story_id)
        return summary.to_json()

    # -- articles --------------------------------------------------------------------------

    def articles(self, filters: Filters, window: Window) -> Listing:
        notes: list[str] = []
        where, args = self._conditions(filters, _ARTICLE_FILTERS, notes)
        sql = (
            "SELECT a.id, a.source, a.url, a.title, a.publisher, a.published, a.language, "
            "length(a.text) AS chars, substr(a.text, 1, 240) AS lead, m.story_id "
            "FROM articles a LEFT JOIN story_members m ON m.article_id = a.id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY coalesce(a.published, a.ingested_at) DESC, a.rowid DESC LIMIT ? OFFSET ?"
        rows = self._db.execute(sql, [*args, window.per_page + 1, window.offset]).fetchall()
        page, more = _page(rows, window)
        return Listing([dict(r) for r in page], window, more, notes)

    # -- entities --------------------------------------------------------------------------

    def entities(self, window: Window, *, entity_type: str | None = None) -> Listing:
        where, args = ("WHERE type = ?", [entity_type]) if entity_type else ("", [])
        rows = self._db.execute(
            f"SELECT id, type, canonical, subtype, mentions, articles, lat, lon FROM entities "
            f"{where} ORDER BY mentions DESC, id LIMIT ? OFFSET ?",
            [*args, window.per_page + 1, window.offset],
        ).fetchall()
        page, more = _page(rows, window)
        return Listing([dict(r) for r in page], window, more)

    def neighbours(self, entity_id: str, *, limit: int = 12) -> list[dict[str, Any]]:
        """The entities this one appears with most, from the co-occurrence counts the resolver
        keeps (``entities.context``), with their names and types."""
        row = self._db.execute("SELECT context FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            return []
        context: dict[str, int] = json.loads(row[0] or "{}")
        ranked = sorted(context.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        found = {
            r[0]: (r[1], r[2])
            for r in self._db.execute(
                "SELECT id, canonical, type FROM entities WHERE id IN "
                f"({','.join('?' * len(ranked))})",
                [other for other, _ in ranked],
            )
        }
        return [
            {"id": other, "name": found[other][0], "type": found[other][1], "articles": articles}
            for other, articles in ranked
            if other in found
        ]

    # -- events ----------------------------------------------------------------------------

    def events(self, filters: Filters, window: Window) -> Listing:
        """Events newest first with their participants and place coordinates; no report text
        (that is the event page's job), so a page of 200 stays cheap."""
        where: list[str] = []
        args: list[Any] = []
        notes: list[str] = []
        if filters.since:
            where.append("e.sort_date >= ?")
            args.append(filters.since)
        if filters.until:
            where.append("e.sort_date <= ?")
            args.append(_until(filters.until))
        if filters.event_type:
            where.append("e.type = ?")
            args.append(filters.event_type.upper())
        if filters.place:
            ids = self.entity_ids(filters.place)
            notes.append(f"place {filters.place!r}: " + (", ".join(ids[:5]) or "by name"))
            marks = ",".join("?" * len(ids)) or "NULL"
            where.append(f"(e.place IN ({marks}) OR e.place_name = ?)")
            args.extend([*ids, filters.place])
        if filters.entity:  # last: the walk over the entity's events applies the rest
            ids = self._entity_filter(filters.entity, notes)
            wanted = window.offset + window.per_page + 1
            where, args = with_entities(self._db, ids, where, args, wanted)
        sql = (
            # Only the parts of the merged event a card shows: its merge history can be long.
            "SELECT e.id, e.type, e.cameo, e.date, e.date_grain, e.sort_date, e.place, "
            "e.place_name, e.modality, e.reports, p.lat, p.lon, "
            "json_extract(e.event, '$.actors') AS actors, "
            "json_extract(e.event, '$.targets') AS targets, "
            "json_extract(e.event, '$.trigger') AS trigger "
            "FROM events e LEFT JOIN entities p ON p.id = e.place"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {EVENTS_ORDER} LIMIT ? OFFSET ?"
        rows = self._db.execute(sql, [*args, window.per_page + 1, window.offset]).fetchall()
        page, more = _page(rows, window)
        return Listing([_event_card(r) for r in page], window, more, notes)

    def story_reports(
        self, event_ids: list[str], article_ids: list[str], *, per_event: int = 12
    ) -> dict[str, list[dict[str, Any]]]:
        """What each of ``article_ids`` reports of each event, read from its own annotation
        (never merged): date, counts by kind, attribution, modality and the evidence span.
        Only the reports shown are decoded, each its one event of the article's layer."""
        if not event_ids or not article_ids:
            return {}
        # Driven by the few articles (their primary key), not by the events: a story's lead
        # event can have thousands of reports across the store. (+ keeps SQLite off the
        # event_id index.)
        rows = self._db.execute(
            "SELECT r.rowid, r.event_id, r.score FROM event_reports r "
            f"WHERE +r.event_id IN ({','.join('?' * len(event_ids))}) "
            f"AND r.article_id IN ({','.join('?' * len(article_ids))}) "
            "ORDER BY r.score IS NOT NULL, r.article_id",
            [*event_ids, *article_ids],
        ).fetchall()
        kept: dict[str, list[int]] = {}
        for rowid, event_id, _ in rows:
            shown = kept.setdefault(event_id, [])
            if len(shown) < per_event:
                shown.append(rowid)
        wanted = [rowid for shown in kept.values() for rowid in shown]
        # SQLite takes the one event out of the article's annotations (in C); Python decodes
        # that event alone, not the article's whole events layer.
        reports = {
            r["rowid"]: r
            for r in self._db.execute(
                "SELECT r.rowid, r.article_id, r.idx, r.score, r.reasons, a.publisher, a.source, "
                "a.language, a.published, a.title, "
                "json_extract(a.annotations, '$.events[' || r.idx || ']') AS event "
                "FROM event_reports r JOIN articles a ON a.id = r.article_id "
                f"WHERE r.rowid IN ({','.join('?' * len(wanted))})",
                wanted,
            )
        }
        out: dict[str, list[dict[str, Any]]] = {}
        for event_id, shown in kept.items():
            for rowid in shown:
                r = reports[rowid]
                if r["event"] is not None:
                    out.setdefault(event_id, []).append(_report(r, json.loads(r["event"])))
        return out

    def mentions(self, entity_id: str, *, limit: int = 30) -> list[dict[str, Any]]:
        """The entity's most recently stored mentions, newest first, with their articles:
        the mentions index is walked backwards, never sorted whole (a country can have
        hundreds of thousands)."""
        rows = self._db.execute(
            "SELECT m.article_id, m.start, m.end, m.text, m.score, a.title, a.published, "
            "a.language FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.entity_id = ? ORDER BY m.rowid DESC LIMIT ?",
            (entity_id, limit),
        )
        return [dict(r) for r in rows]

    def article(self, article_id: str) -> dict[str, Any]:
        """An article's page: its metadata, clean text, and its dates and events layers;
        the raw input, the offset map and the other layers are not read. ``article_id``
        may be a unique prefix, as everywhere else."""
        columns = (
            "SELECT id, source, url, title, publisher, published, language, text, "
            "json_extract(annotations, '$.dates') AS dates, "
            "json_extract(annotations, '$.events') AS events FROM articles "
        )
        rows = self._db.execute(columns + "WHERE id = ?", (article_id,)).fetchall()
        if not rows:  # a prefix: a range on the id index (LIKE inside an OR scans the table)
            rows = self._db.execute(
                columns + "WHERE id >= ? AND id < ? LIMIT 2", (article_id, article_id + "\uffff")
            ).fetchall()
        if not rows:
            raise NotFoundError(f"no article with id {article_id!r} (see `storyline articles`)")
        if len(rows) > 1 and rows[0]["id"] != article_id:
            raise NotFoundError(f"id prefix {article_id!r} is ambiguous: give more characters")
        page = dict(rows[0])
        page["dates"] = json.loads(page["dates"] or "[]")
        page["events"] = json.loads(page["events"] or "[]")
        return page

    def article_mentions(self, article_id: str) -> list[dict[str, Any]]:
        """The article's resolved mentions with their entities, in text order."""
        rows = self._db.execute(
            "SELECT m.start, m.end, m.text, m.type, m.entity_id, e.canonical FROM mentions m "
            "LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ? ORDER BY m.start",
            (article_id,),
        )
        return [dict(r) for r in rows]

    def article_events(self, article_id: str) -> list[dict[str, Any]]:
        """Which stored event each of the article's events was merged into (by position)."""
        rows = self._db.execute(
            "SELECT r.idx, r.event_id, e.type, e.date FROM event_reports r "
            "JOIN events e ON e.id = r.event_id WHERE r.article_id = ? ORDER BY r.idx",
            (article_id,),
        )
        return [dict(r) for r in rows]

    def name_of(self, entity_id: str | None) -> str | None:
        """An entity's canonical name; None when ``entity_id`` is not an entity id."""
        if not entity_id:
            return None
        row = self._db.execute(
            "SELECT canonical FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def locate(self, article_id: str, passage: str) -> list[int] | None:
        """Where ``passage`` sits in the article's clean text, as [start, end]."""
        row = self._db.execute(
            "SELECT instr(text, ?) FROM articles WHERE id = ?", (passage, article_id)
        ).fetchone()
        if not row or not row[0]:
            return None
        return [row[0] - 1, row[0] - 1 + len(passage)]

    def place(self, entity_id: str) -> dict[str, Any] | None:
        row = self._db.execute(
            "SELECT id, canonical, lat, lon FROM entities WHERE id = ?", (entity_id,)
        ).fetchone()
        if row is None or row["lat"] is None:
            return None
        return {"id": row["id"], "name": row["canonical"], "lat": row["lat"], "lon": row["lon"]}


def _report(row: sqlite3.Row, ev: dict[str, Any]) -> dict[str, Any]:
    """One article's report of an event (``row``: the report joined with its article)."""
    counts: dict[str, int] = {}
    for count in ev.get("counts", []):
        counts[count["kind"]] = counts.get(count["kind"], 0) + int(count["value"])
    attribution = ev.get("attribution")
    return {
        "article_id": row["article_id"],
        "outlet": row["publisher"] or row["source"],
        "language": row["language"],
        "published": row["published"],
        "title": row["title"],
        "date": ev.get("date"),
        "counts": counts,
        "attribution": attribution["text"] if attribution else None,
        "modality": ev.get("modality"),
        "trigger": ev.get("trigger"),
        "evidence": [ev["start"], ev["end"]],
        "merge_score": row["score"],
        "merge_reasons": json.loads(row["reasons"]),
    }


def _event_card(row: sqlite3.Row) -> dict[str, Any]:
    def names(role: str) -> list[dict[str, Any]]:
        return [
            {"entity_id": a.get("entity_id"), "name": a.get("canonical") or a.get("text")}
            for a in json.loads(row[role] or "[]")
        ]

    return {
        "id": row["id"],
        "type": row["type"],
        "cameo": row["cameo"],
        "date": row["date"],
        "date_grain": row["date_grain"],
        "sort_date": row["sort_date"],
        "modality": row["modality"],
        "reports": row["reports"],
        "place": (
            {"id": row["place"], "name": row["place_name"], "lat": row["lat"], "lon": row["lon"]}
            if row["place_name"]
            else None
        ),
        "actors": names("actors"),
        "targets": names("targets"),
        "trigger": row["trigger"],
    }
