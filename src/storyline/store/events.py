"""Events in SQLite: cross-article event merge at write time, and event queries.

Runs on the store's connection inside the batch's write transaction, after the entity resolver,
so event participants carry entity ids. A new report joins the stored event it matches best
(``resolve.events.same_event`` over candidates sharing a participant), else starts an event.
The merge keeps its score and reasons per report; counts stay with the report that gave them.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from storyline.document import Document, Event
from storyline.resolve.events import Decision, default_key, fold, participant_keys, same_event

MAX_EVENT_CANDIDATES = 50
SAME_REPORTING_DAYS = 7  # undated reports of one happening come within a week of each other
GRAIN_ORDER = {"day": 0, "month-day": 1, "month": 2, "month-only": 3, "year": 4, "range": 5}


def event_id(article_id: str, index: int) -> str:
    return "ev" + hashlib.sha256(f"{article_id}:{index}".encode()).hexdigest()[:14]


def sort_date(event: Event, published: str | None) -> str | None:
    """An ISO day to filter and sort by: the event's own date, else the report's date."""
    value = event.date or ""
    value = value.split("/")[0] if value and not value.startswith("..") else ""
    if value[:1].isdigit():
        return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]
    if published and published[:1].isdigit():
        return (published + "-01-01")[:10] if len(published) == 4 else (published + "-01")[:10]
    return None


def put_events(db: sqlite3.Connection, doc: Document, stamp: str) -> None:
    for index, event in enumerate(doc.events):
        day = sort_date(event, doc.meta.published)
        best: tuple[Decision, str, Event] | None = None
        for candidate_id, candidate, candidate_day in _candidates(db, event):
            decision = same_event(candidate, event)
            if decision.same and candidate.date is None and event.date is None:
                decision = _reported_together(decision, candidate_day, day)
            if decision.same and (best is None or decision.score > best[0].score):
                best = (decision, candidate_id, candidate)
        if best is None:
            new_id = event_id(doc.id, index)
            _create(db, new_id, event, day, stamp)
            _report(db, doc.id, index, new_id, None, ["first report"])
        else:
            decision, existing_id, merged = best
            fold(merged, event, decision)
            _update(db, existing_id, merged, event)
            _report(db, doc.id, index, existing_id, decision.score, decision.reasons)


def _reported_together(decision: Decision, a: str | None, b: str | None) -> Decision:
    if a and b:
        days = abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
        if days > SAME_REPORTING_DAYS:
            return Decision(0.0, [*decision.reasons, f"undated reports {days} days apart"])
        return Decision(decision.score, [*decision.reasons, f"undated reports {days} days apart"])
    return decision


def _candidates(db: sqlite3.Connection, event: Event) -> list[tuple[str, Event, str | None]]:
    keys = sorted(participant_keys(event))
    if not keys:
        return []  # an event with no named participant is not matched across articles
    marks = ",".join("?" * len(keys))
    rows = db.execute(
        "SELECT e.id, e.event, e.sort_date FROM events e WHERE e.type = ? AND e.id IN "
        f"(SELECT event_id FROM event_participants WHERE entity IN ({marks})) "
        "ORDER BY e.reports DESC LIMIT ?",
        [event.type, *keys, MAX_EVENT_CANDIDATES],
    )
    return [(r[0], Event.from_json(json.loads(r[1])), r[2]) for r in rows]


def _create(db: sqlite3.Connection, new_id: str, event: Event, day: str | None, stamp: str) -> None:
    place = default_key(event.place) if event.place else None
    db.execute(
        "INSERT INTO events (id, type, cameo, date, date_grain, sort_date, place, place_name, "
        "modality, reports, first_seen, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
        (
            new_id,
            event.type,
            event.cameo,
            event.date,
            event.date_grain,
            day,
            place,
            event.place.canonical or event.place.text if event.place else None,
            event.modality,
            stamp,
            json.dumps(asdict(event), ensure_ascii=False),
        ),
    )
    _participants(db, new_id, event, day)


def _update(db: sqlite3.Connection, existing_id: str, merged: Event, report: Event) -> None:
    row = db.execute(
        "SELECT date, date_grain, sort_date FROM events WHERE id = ?", (existing_id,)
    ).fetchone()
    finer = report.date is not None and (
        row[0] is None
        or GRAIN_ORDER.get(report.date_grain or "", 9) < GRAIN_ORDER.get(row[1] or "", 9)
    )
    db.execute(
        "UPDATE events SET event = ?, date = ?, date_grain = ?, "
        "place = coalesce(place, ?), place_name = coalesce(place_name, ?) WHERE id = ?",
        (
            json.dumps(asdict(merged), ensure_ascii=False),
            report.date if finer else row[0],
            report.date_grain if finer else row[1],
            default_key(merged.place) if merged.place else None,
            merged.place.canonical or merged.place.text if merged.place else None,
            existing_id,
        ),
    )
    _participants(db, existing_id, merged, row[2])


def _participants(db: sqlite3.Connection, eid: str, event: Event, day: str | None) -> None:
    """Index the event under each participant, with its date (an entity's events are
    listed newest first from this index)."""
    for role, args in (("actor", event.actors), ("target", event.targets)):
        for arg in args:
            key = default_key(arg)
            if key:
                db.execute(
                    "INSERT OR IGNORE INTO event_participants (event_id, entity, role, sort_date) "
                    "VALUES (?, ?, ?, ?)",
                    (eid, key, role, day),
                )


def _report(
    db: sqlite3.Connection,
    article: str,
    index: int,
    eid: str,
    score: float | None,
    reasons: list[str],
) -> None:
    db.execute(
        "INSERT OR REPLACE INTO event_reports VALUES (?, ?, ?, ?, ?)",
        (article, index, eid, score, json.dumps(reasons, ensure_ascii=False)),
    )
    db.execute("UPDATE events SET reports = reports + 1 WHERE id = ?", (eid,))


# -- queries -----------------------------------------------------------------------------


@dataclass(slots=True)
class Report:
    """One article's account of an event: its own trigger, evidence, counts and source."""

    article_id: str
    source: str
    url: str | None
    published: str | None
    title: str | None
    event: Event
    evidence: str
    score: float | None
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        e = self.event
        return {
            "article_id": self.article_id,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "title": self.title,
            "trigger": e.trigger,
            "trigger_span": [e.trigger_start, e.trigger_end],
            "evidence": self.evidence,
            "evidence_span": [e.start, e.end],
            "date": e.date,
            "date_grain": e.date_grain,
            "date_reason": e.date_reason,
            "counts": [asdict(c) for c in e.counts],
            "attribution": asdict(e.attribution) if e.attribution else None,
            "claim": e.claim,
            "modality": e.modality,
            "merge_score": self.score,
            "merge_reasons": self.reasons,
        }


@dataclass(slots=True)
class EventRow:
    id: str
    type: str
    cameo: str
    date: str | None
    date_grain: str | None
    sort_date: str | None
    place: str | None
    place_name: str | None
    modality: str
    event: Event
    reports: list[Report] = field(default_factory=list)

    def counts_by_source(self, kind: str) -> list[tuple[str, int]]:
        """Each report's total of one count kind (killed, injured…): never summed across."""
        out = []
        for report in self.reports:
            values = [c.value for c in report.event.counts if c.kind == kind]
            if values:
                out.append((report.url or report.source, sum(values)))
        return out

    def to_json(self) -> dict[str, Any]:
        e = self.event
        return {
            "id": self.id,
            "type": self.type,
            "cameo": self.cameo,
            "date": self.date,
            "date_grain": self.date_grain,
            "modality": self.modality,
            "place": {"id": self.place, "name": self.place_name} if self.place_name else None,
            "actors": [asdict(a) for a in e.actors],
            "targets": [asdict(a) for a in e.targets],
            "counts_by_source": {
                kind: [{"source": s, "value": v} for s, v in self.counts_by_source(kind)]
                for kind in ("killed", "injured", "missing", "arrested", "displaced")
                if self.counts_by_source(kind)
            },
            "reports": [r.to_json() for r in self.reports],
        }


def list_events(
    db: sqlite3.Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    event_type: str | None = None,
    entities: list[str] | None = None,
    limit: int = 50,
) -> list[EventRow]:
    where, args = [], []
    if since:
        where.append("e.sort_date >= ?")
        args.append(since)
    if until:
        where.append("e.sort_date <= ?")
        args.append(until + "\uffff" if len(until) < 10 else until)
    if event_type:
        where.append("e.type = ?")
        args.append(event_type.upper())
    if entities is not None:
        where, args = with_entities(db, entities, where, args, limit)
    sql = "SELECT * FROM events e"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {EVENTS_ORDER} LIMIT ?"
    rows = db.execute(sql, [*args, limit]).fetchall()
    return [_event_row(db, row) for row in rows]


EVENTS_ORDER = "e.sort_date IS NULL, e.sort_date DESC, e.reports DESC, e.id"  # every listing


def with_entities(
    db: sqlite3.Connection, entities: list[str], where: list[str], args: list[Any], wanted: int
) -> tuple[list[str], list[Any]]:
    """Narrow an events listing (conditions on ``e``, ``EVENTS_ORDER``) to the events of
    ``entities``, its first ``wanted`` rows included.

    The participants index is walked newest first and the walk stops after the day on which
    the ``wanted``-th event falls (the rest of that day is read, since a day's events are
    ordered by reports): an entity's first page costs the same whether the store holds a
    thousand events or a million, and whether the entity is in five of them or in ten
    thousand. The listing's own ORDER BY then orders that short list exactly.
    """
    marks = ",".join("?" * len(entities)) or "NULL"
    condition = f" AND {' AND '.join(where)}" if where else ""
    rows = db.execute(
        "SELECT p.event_id, p.sort_date FROM event_participants p JOIN events e "
        f"ON e.id = p.event_id WHERE p.entity IN ({marks}){condition} ORDER BY p.sort_date DESC",
        [*entities, *args],
    )
    found: dict[str, None] = {}
    last_day: str | None = None
    for event_id, day in rows:
        if len(found) >= wanted and day != last_day:
            break
        found[event_id] = None
        last_day = day
    return ["e.id IN (SELECT value FROM json_each(?))"], [json.dumps(list(found))]


def event(db: sqlite3.Connection, eid: str) -> EventRow | None:
    row = db.execute("SELECT * FROM events WHERE id = ?", (eid,)).fetchone()
    return _event_row(db, row) if row else None


def _event_row(db: sqlite3.Connection, row: sqlite3.Row) -> EventRow:
    result = EventRow(
        row["id"],
        row["type"],
        row["cameo"],
        row["date"],
        row["date_grain"],
        row["sort_date"],
        row["place"],
        row["place_name"],
        row["modality"],
        Event.from_json(json.loads(row["event"])),
    )
    reports = db.execute(
        "SELECT r.article_id, r.idx, r.score, r.reasons, a.source, a.url, a.published, a.title, "
        "a.text, a.annotations FROM event_reports r JOIN articles a ON a.id = r.article_id "
        "WHERE r.event_id = ? ORDER BY r.score IS NOT NULL, a.published, r.article_id, r.idx",
        (row["id"],),
    )
    for r in reports:
        events = json.loads(r["annotations"]).get("events", [])
        if r["idx"] >= len(events):
            continue
        report_event = Event.from_json(events[r["idx"]])
        result.reports.append(
            Report(
                r["article_id"],
                r["source"],
                r["url"],
                r["published"],
                r["title"],
                report_event,
                r["text"][report_event.start : report_event.end],
                r["score"],
                json.loads(r["reasons"]),
            )
        )
    return result
