"""Entities in SQLite: the ``EntityStore`` the resolver works against, and entity queries.

Runs on the store's connection inside the write transaction of the batch whose articles it
resolves, so an article and its mentions are stored together or not at all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.aliases import AliasTable, alias_table, name_key
from storyline.document import EntityMention
from storyline.errors import ConfigError, NotFoundError
from storyline.names import romanise, similarity, skeleton
from storyline.resolve import MAX_CANDIDATES, Cluster, Decision, EntityRecord, blocks
from storyline.stages.language import script_of

CONTEXT_KEEP = 100  # most frequent co-occurring entities kept for the context feature


class SQLiteEntities:
    def __init__(self, db: sqlite3.Connection, table: AliasTable | None, stamp: str) -> None:
        self._db = db
        self._table = table
        self._stamp = stamp

    def candidates(self, entity_type: str, keys: Iterable[str]) -> list[EntityRecord]:
        keys = list(keys)
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            "SELECT b.entity_id FROM entity_blocks b JOIN entities e ON e.id = b.entity_id "
            f"WHERE b.type = ? AND b.block IN ({marks}) "
            "GROUP BY b.entity_id ORDER BY max(e.mentions) DESC LIMIT ?",
            [entity_type, *keys, MAX_CANDIDATES],
        )
        ids = [r[0] for r in rows]
        return [self._record(i) for i in ids]

    def _record(self, entity_id: str) -> EntityRecord:
        row = self._db.execute(
            "SELECT id, type, canonical, table_id, context FROM entities WHERE id = ?",
            (entity_id,),
        ).fetchone()
        names = [
            r[0]
            for r in self._db.execute(
                "SELECT DISTINCT alias FROM entity_aliases WHERE entity_id = ?", (entity_id,)
            )
        ]
        context = set(json.loads(row[4]))
        return EntityRecord(row[0], row[1], row[2], row[3], names, context)

    def create(self, record: EntityRecord, keys: Iterable[str]) -> None:
        known = (
            self._table.entities.get(record.table_id) if self._table and record.table_id else None
        )
        self._db.execute(
            "INSERT OR IGNORE INTO entities (id, type, canonical, table_id, subtype, geonames_id, "
            "lat, lon, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                record.type,
                known.canonical if known else record.canonical,
                record.table_id,
                known.subtype if known else None,
                known.geonames_id if known else None,
                known.lat if known else None,
                known.lon if known else None,
                self._stamp,
            ),
        )
        self._add_blocks(record.id, record.type, keys)

    def _add_blocks(self, entity_id: str, entity_type: str, keys: Iterable[str]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO entity_blocks VALUES (?, ?, ?)",
            [(entity_type, key, entity_id) for key in keys],
        )

    def attach(
        self, entity_id: str, cluster: Cluster, mentions: list[EntityMention], decision: Decision
    ) -> None:
        reasons = json.dumps(decision.to_json()["reasons"], ensure_ascii=False)
        self._add_blocks(entity_id, cluster.type, blocks(cluster))
        language = cluster.languages[0] if cluster.languages else None
        for m in mentions:
            self._db.execute(
                "INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cluster.article_id,
                    m.start,
                    m.end,
                    m.text,
                    m.lemma,
                    m.type,
                    entity_id,
                    decision.score,
                    reasons,
                ),
            )
            alias = m.lemma or m.text
            self._db.execute(
                "INSERT INTO entity_aliases "
                "(entity_id, alias, key, roman, language, script, count) "
                "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (entity_id, alias, language) "
                "DO UPDATE SET count = count + 1",
                (
                    entity_id,
                    alias,
                    name_key(alias),
                    romanise(alias),
                    language or "",
                    script_of(m.text),
                ),
            )
        self._add_context(entity_id, cluster.context)
        self._db.execute(
            "UPDATE entities SET mentions = mentions + ?, articles = articles + 1 WHERE id = ?",
            (len(mentions), entity_id),
        )
        # An entity of ours (not the alias table's) is called by its most attested full name.
        self._db.execute(
            "UPDATE entities SET canonical = (SELECT alias FROM entity_aliases "
            "WHERE entity_id = ?1 ORDER BY (length(alias) - length(replace(alias, ' ', ''))) "
            "DESC, count DESC, alias LIMIT 1) WHERE id = ?1 AND table_id IS NULL",
            (entity_id,),
        )

    def _add_context(self, entity_id: str, others: Iterable[str]) -> None:
        row = self._db.execute("SELECT context FROM entities WHERE id = ?", (entity_id,)).fetchone()
        counts: dict[str, int] = json.loads(row[0]) if row else {}
        for other in others:
            counts[other] = counts.get(other, 0) + 1
        if len(counts) > CONTEXT_KEEP:
            counts = dict(sorted(counts.items(), key=lambda kv: -kv[1])[:CONTEXT_KEEP])
        self._db.execute(
            "UPDATE entities SET context = ? WHERE id = ?",
            (json.dumps(counts, ensure_ascii=False, separators=(",", ":")), entity_id),
        )

    def correction(self, entity_id: str, names: list[str]) -> str | None:
        keys = [name_key(n) for n in names]
        marks = ",".join("?" * len(keys))
        split = self._db.execute(
            f"SELECT new_id FROM entity_splits WHERE entity_id = ? AND alias_key IN ({marks})",
            [entity_id, *keys],
        ).fetchone()
        if split:  # and wherever a later merge sent the split-off entity
            return self._merged_into(str(split[0])) or str(split[0])
        return self._merged_into(entity_id)

    def _merged_into(self, entity_id: str) -> str | None:
        seen = {entity_id}
        target: str | None = None
        current = entity_id
        while True:  # follow chains of merges (A → B → C)
            row = self._db.execute(
                "SELECT into_id FROM entity_merges WHERE from_id = ?", (current,)
            ).fetchone()
            if row is None or row[0] in seen:
                return target
            target = current = row[0]
            seen.add(current)


@dataclass(frozen=True, slots=True)
class EntitySummary:
    id: str
    type: str
    canonical: str
    subtype: str | None
    mentions: int
    articles: int
    aliases: list[dict[str, Any]]
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "canonical": self.canonical,
            "subtype": self.subtype,
            "mentions": self.mentions,
            "articles": self.articles,
            "aliases": self.aliases,
            "geonames_id": self.geonames_id,
            "lat": self.lat,
            "lon": self.lon,
        }


def entity_summary(db: sqlite3.Connection, entity_id: str) -> EntitySummary:
    row = db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no entity {entity_id!r} (see `storyline entities`)")
    aliases = [
        {"alias": a, "language": lang or None, "script": script, "count": count}
        for a, lang, script, count in db.execute(
            "SELECT alias, language, script, count FROM entity_aliases WHERE entity_id = ? "
            "ORDER BY count DESC, alias",
            (entity_id,),
        )
    ]
    return EntitySummary(
        row["id"],
        row["type"],
        row["canonical"],
        row["subtype"],
        row["mentions"],
        row["articles"],
        aliases,
        row["lat"],
        row["lon"],
        row["geonames_id"],
    )


def find_entities(
    db: sqlite3.Connection, name: str, *, similar: bool = True, surname: bool = True
) -> list[str]:
    """Entity ids for ``name``: an id, an alias as written, an alias in another script
    (Тасмагамбетов finds Tasmagambetov), with ``surname`` the surname of a person's full name
    (a scan of the aliases), and with ``similar`` last another spelling that shares a
    blocking key ('Doshanbe'). Search turns the scan off: the blocking keys find surnames."""
    if db.execute("SELECT 1 FROM entities WHERE id = ?", (name,)).fetchone():
        return [name]
    roman = romanise(name)
    lookups = [("a.key = ?", [name_key(name)]), ("a.roman = ?", [roman])]
    if surname:
        lookups.append(("a.roman LIKE ?", [f"% {roman}"]))
    for where, args in lookups:
        rows = db.execute(
            "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
            f"WHERE {where} GROUP BY a.entity_id ORDER BY sum(a.count) DESC",
            args,
        ).fetchall()
        if rows:
            return [r[0] for r in rows]
    known = _known_in_store(db, name)
    if known:
        return known
    return _similar_entities(db, roman) if similar else []


def _known_in_store(db: sqlite3.Connection, name: str) -> list[str]:
    """Stored entities the alias table knows by ``name``, though no stored article spells
    them so: "Spain" finds country:ES when only Russian articles, saying "Испания", name it."""
    ids = [known.id for known in alias_table(tuple(user_aliases(db))).lookup(name)]
    return [i for i in ids if db.execute("SELECT 1 FROM entities WHERE id = ?", (i,)).fetchone()]


def surname_entities(db: sqlite3.Connection, name: str) -> list[str]:
    """Entities one of whose names ends in ``name`` as a whole word ('Тасмагамбетов' →
    Imangali Tasmagambetov), found through the surname blocking keys rather than a scan
    of every alias, so it stays cheap on a large store."""
    roman = romanise(name)
    if not roman or " " in roman:
        return []
    ids = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT entity_id FROM entity_blocks WHERE block = ?",
            (f"s:{skeleton(roman)}",),
        )
    ]
    found = []
    for entity_id in ids:
        row = db.execute(
            "SELECT sum(count) FROM entity_aliases WHERE entity_id = ? "
            "AND (roman = ? OR roman LIKE ?)",
            (entity_id, roman, f"% {roman}"),
        ).fetchone()
        if row[0] is not None:
            found.append((-row[0], entity_id))
    return [entity_id for _, entity_id in sorted(found)]


def _similar_entities(db: sqlite3.Connection, roman: str) -> list[str]:
    """Another spelling of a known name ('Doshanbe'), found through the blocking keys."""
    if not roman:
        return []
    keys = [f"n:{skeleton(roman)}", f"s:{skeleton(roman.split()[-1])}"]
    ids = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT entity_id FROM entity_blocks WHERE block IN (?, ?)", keys
        )
    ]
    scored = []
    for entity_id in ids:
        names = [
            r[0]
            for r in db.execute(
                "SELECT roman FROM entity_aliases WHERE entity_id = ?", (entity_id,)
            )
        ]
        best = max((similarity(roman, n) for n in names), default=0.0)
        if best >= 0.9:
            scored.append((best, entity_id))
    return [entity_id for _, entity_id in sorted(scored, reverse=True)]


def list_entities(
    db: sqlite3.Connection, *, limit: int, entity_type: str | None = None
) -> list[EntitySummary]:
    where, args = ("WHERE type = ?", [entity_type]) if entity_type else ("", [])
    ids = [
        r[0]
        for r in db.execute(
            f"SELECT id FROM entities {where} ORDER BY mentions DESC, id LIMIT ?", [*args, limit]
        )
    ]
    return [entity_summary(db, i) for i in ids]


def entity_mentions(db: sqlite3.Connection, entity_id: str, *, limit: int) -> list[dict[str, Any]]:
    rows = db.execute(
        "SELECT m.article_id, m.start, m.end, m.text, m.score, m.reasons, a.title, a.published "
        "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? "
        "ORDER BY coalesce(a.published, a.ingested_at) DESC, m.start LIMIT ?",
        (entity_id, limit),
    )
    return [
        {
            "article_id": r[0],
            "start": r[1],
            "end": r[2],
            "text": r[3],
            "score": r[4],
            "reasons": json.loads(r[5]),
            "title": r[6],
            "published": r[7],
        }
        for r in rows
    ]


def merge_entities(db: sqlite3.Connection, source: str, target: str, stamp: str) -> None:
    """Hand merge: ``source`` becomes ``target`` now and in every later resolution."""
    if source == target:
        raise ConfigError(f"cannot merge {source} into itself")
    types = {}
    for entity_id in (source, target):
        row = db.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no entity {entity_id!r} (see `storyline entities`)")
        types[entity_id] = row[0]
    if types[source] != types[target]:
        raise ConfigError(
            f"{source} is {types[source]} and {target} is {types[target]}: only entities of "
            "one type can be merged"
        )
    db.execute("INSERT OR REPLACE INTO entity_merges VALUES (?, ?, ?)", (source, target, stamp))
    db.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?", (target, source))
    db.execute("UPDATE OR IGNORE roles SET person_id = ? WHERE person_id = ?", (target, source))
    db.execute("DELETE FROM roles WHERE person_id = ?", (source,))
    db.execute("UPDATE roles SET organisation = ? WHERE organisation = ?", (target, source))
    db.execute(
        "UPDATE OR IGNORE entity_splits SET entity_id = ? WHERE entity_id = ?", (target, source)
    )
    db.execute("UPDATE entity_splits SET new_id = ? WHERE new_id = ?", (target, source))
    db.execute(
        "INSERT INTO entity_aliases (entity_id, alias, key, roman, language, script, count) "
        "SELECT ?, alias, key, roman, language, script, count FROM entity_aliases "
        "WHERE entity_id = ? "
        "ON CONFLICT (entity_id, alias, language) DO UPDATE SET count = count + excluded.count",
        (target, source),
    )
    db.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (source,))
    db.execute(
        "UPDATE OR IGNORE entity_blocks SET entity_id = ? WHERE entity_id = ?", (target, source)
    )
    db.execute("DELETE FROM entity_blocks WHERE entity_id = ?", (source,))
    db.execute("DELETE FROM entities WHERE id = ?", (source,))
    _recount(db, target)


def split_entity(db: sqlite3.Connection, entity_id: str, alias: str, stamp: str) -> str:
    """Hand split: the mentions of ``entity_id`` called ``alias`` (in any inflection that
    reads the same) become a new entity, and later mentions so called go there too."""
    summary = entity_summary(db, entity_id)
    key = name_key(alias)
    rows = db.execute(
        "SELECT rowid, article_id, lemma, text FROM mentions WHERE entity_id = ?", (entity_id,)
    ).fetchall()
    moving = [r for r in rows if key in (name_key(r[2] or ""), name_key(r[3]))]
    if not moving:
        raise NotFoundError(f"{entity_id} has no mention called {alias!r}")
    new_id = f"{entity_id}~{hashlib.sha256(key.encode()).hexdigest()[:6]}"
    db.execute(
        "INSERT OR IGNORE INTO entities (id, type, canonical, created_at) VALUES (?, ?, ?, ?)",
        (new_id, summary.type, alias, stamp),
    )
    db.executemany(
        "UPDATE mentions SET entity_id = ? WHERE rowid = ?", [(new_id, r[0]) for r in moving]
    )
    moved_keys = {key} | {name_key(r[2] or r[3]) for r in moving}
    for moved_key in moved_keys:
        db.execute(
            "UPDATE OR IGNORE entity_aliases SET entity_id = ? WHERE entity_id = ? AND key = ?",
            (new_id, entity_id, moved_key),
        )
        db.execute(
            "INSERT OR REPLACE INTO entity_splits VALUES (?, ?, ?, ?)",
            (entity_id, moved_key, new_id, stamp),
        )
    # Roles follow the person to the articles where the old entity is no longer named.
    for (article,) in {(r[1],) for r in moving}:
        still = db.execute(
            "SELECT 1 FROM mentions WHERE entity_id = ? AND article_id = ?", (entity_id, article)
        ).fetchone()
        if still is None:
            db.execute(
                "UPDATE OR IGNORE roles SET person_id = ? WHERE person_id = ? AND article_id = ?",
                (new_id, entity_id, article),
            )
    _recount(db, entity_id)
    _recount(db, new_id)
    return new_id


def _recount(db: sqlite3.Connection, entity_id: str) -> None:
    db.execute(
        "UPDATE entities SET mentions = (SELECT count(*) FROM mentions WHERE entity_id = ?1), "
        "articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = ?1) "
        "WHERE id = ?1",
        (entity_id,),
    )


def read_user_aliases(path: Path) -> list[tuple[str, str, str, str | None]]:
    """Users' aliases from a store, read-only, for the mention stage; none if no store yet."""
    if not path.exists():
        return []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return user_aliases(db)
    except sqlite3.Error:
        return []  # not a store, or one from before entities: no user aliases


def user_aliases(db: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """The aliases users added (``storyline alias add``): (entity id, type, alias, language)."""
    rows = db.execute("SELECT entity_id, type, alias, language FROM user_aliases")
    return [(r[0], r[1], r[2], r[3]) for r in rows]
