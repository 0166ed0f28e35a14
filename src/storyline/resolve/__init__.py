"""Entity resolution across articles and scripts: a corpus stage with ``add``/``query``.

Each article's mention clusters (from ``coref.v1``) become ``Cluster``s; each cluster is
compared only with the stored entities that share a blocking key (the consonant skeleton of its
romanised names, or its alias-table id), so the cost of adding an article depends on its
candidates, not on the size of the store. The decision (``features.decide``) keeps its score
and reasons; the entity gains the article's spellings as aliases with language and count.

``EntityStore`` is the storage it works against: ``MemoryEntities`` here (analyze, eval,
tests) and the SQLite store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from storyline.aliases import name_key
from storyline.document import Document, EntityMention
from storyline.names import romanise, skeleton
from storyline.resolve.features import Cluster, Decision, EntityRecord, decide

__all__ = ["Cluster", "Decision", "EntityRecord", "EntityStore", "MemoryEntities", "Resolver"]


class EntityStore(Protocol):
    def candidates(self, entity_type: str, blocks: Iterable[str]) -> list[EntityRecord]: ...

    def create(self, record: EntityRecord, blocks: Iterable[str]) -> None: ...

    def attach(
        self, entity_id: str, cluster: Cluster, mentions: list[EntityMention], decision: Decision
    ) -> None: ...

    def correction(self, entity_id: str, names: list[str]) -> str | None:
        """Where hand corrections send a cluster with these names that resolved to this
        entity: the surviving id of a merge, the new id of a split, or None."""
        ...


MAX_CANDIDATES = 100  # most-mentioned entities read from one look-up: bounds the cost


def blocks(cluster: Cluster) -> set[str]:
    """Every key the entity is filed under. A person with a full name is filed under its
    surname's consonants with and without the first name's initial; a lone surname under the
    consonants only."""
    keys: set[str] = set()
    if cluster.table_id:
        keys.add(f"table:{cluster.table_id}")
    for name in cluster.names:
        roman = romanise(name)
        if not roman:
            continue
        if cluster.type == "PER":
            words = roman.split()
            keys.add(f"s:{skeleton(words[-1])}")
            if len(words) > 1:
                keys.add(f"s:{skeleton(words[-1])}:{words[0][0]}")
        else:
            keys.add(f"n:{skeleton(roman)}")
            if name.isupper() and len(name) <= 8:
                keys.add(f"acr:{roman.replace(' ', '')}")
    return keys


def query_blocks(cluster: Cluster) -> set[str]:
    """The keys a cluster is looked up by: a full name looks only among people with the same
    initial, so common surnames do not make every look-up large."""
    keys = blocks(cluster)
    if cluster.type == "PER" and any(len(romanise(n).split()) > 1 for n in cluster.names):
        keys = {k for k in keys if not (k.startswith("s:") and k.count(":") == 1)}
    return keys


def clusters_of(doc: Document) -> list[tuple[Cluster, list[EntityMention]]]:
    groups: dict[int, list[EntityMention]] = {}
    for m in doc.entities:
        groups.setdefault(m.cluster if m.cluster is not None else id(m), []).append(m)
    context_keys = {
        key: (members[0].entity_id or f"{members[0].type}:{name_key(members[0].canonical or '')}")
        for key, members in groups.items()
    }
    result = []
    for key, members in groups.items():
        first = members[0]
        names = list(dict.fromkeys(m.lemma or m.text for m in members))
        canonical = first.canonical or names[0]
        if canonical not in names and not first.entity_id:
            names.insert(0, canonical)
        table_ids = [m.entity_id for m in members if m.entity_id]
        result.append(
            (
                Cluster(
                    article_id=doc.id,
                    type=first.type,
                    canonical=canonical,
                    names=names,
                    table_id=table_ids[0] if table_ids else None,
                    context={v for k, v in context_keys.items() if k != key},
                    languages=[doc.meta.language] * len(members),
                ),
                members,
            )
        )
    return result


@dataclass
class Resolver:
    """Assigns every mention of an article to a canonical entity in ``store``."""

    store: EntityStore
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)  # table id → (type, name)

    def add(self, doc: Document) -> list[tuple[Cluster, Decision]]:
        decisions = []
        for cluster, mentions in clusters_of(doc):
            keys = blocks(cluster)
            candidates = self.store.candidates(cluster.type, query_blocks(cluster))
            decision = decide(cluster, candidates)
            chosen = decision.entity_id or cluster.table_id or _new_id(cluster)
            # Hand corrections first: a merge or split decides where this cluster goes.
            corrected = self.store.correction(chosen, cluster.names)
            entity_id = corrected or chosen
            if decision.entity_id is None and corrected is None:
                self.store.create(
                    EntityRecord(
                        entity_id,
                        cluster.type,
                        cluster.canonical,
                        cluster.table_id,
                        cluster.names,
                        set(cluster.context),
                    ),
                    keys,
                )
            canonical = next(
                (c.canonical for c in candidates if c.id == entity_id), cluster.canonical
            )
            self.store.attach(entity_id, cluster, mentions, decision)
            for m in mentions:
                m.entity_id = entity_id
                m.canonical = canonical
            decisions.append((cluster, decision))
        return decisions


def _new_id(cluster: Cluster) -> str:
    digest = hashlib.sha256(
        f"{cluster.type}\n{romanise(cluster.canonical)}\n{cluster.article_id}".encode()
    ).hexdigest()[:10]
    return f"{cluster.type.lower()}:{digest}"


class MemoryEntities:
    """An in-memory ``EntityStore`` (one analyze run, an evaluation, a test)."""

    def __init__(self) -> None:
        self.records: dict[str, EntityRecord] = {}
        self.by_block: dict[tuple[str, str], set[str]] = {}
        self.mentions: dict[str, list[tuple[str, EntityMention, Decision]]] = {}
        self.merged: dict[str, str] = {}

    def candidates(self, entity_type: str, blocks: Iterable[str]) -> list[EntityRecord]:
        ids: set[str] = set()
        for block in blocks:
            ids |= self.by_block.get((entity_type, block), set())
        return [self.records[i] for i in sorted(ids)[:MAX_CANDIDATES]]

    def create(self, record: EntityRecord, blocks: Iterable[str]) -> None:
        self.records[record.id] = record
        for block in blocks:
            self.by_block.setdefault((record.type, block), set()).add(record.id)

    def attach(
        self, entity_id: str, cluster: Cluster, mentions: list[EntityMention], decision: Decision
    ) -> None:
        record = self.records[entity_id]
        for name in cluster.names:
            if name not in record.names:
                record.names.append(name)
        record.context |= cluster.context
        for block in blocks(cluster):
            self.by_block.setdefault((record.type, block), set()).add(entity_id)
        for m in mentions:
            self.mentions.setdefault(entity_id, []).append((cluster.article_id, m, decision))

    def correction(self, entity_id: str, names: list[str]) -> str | None:
        return self.merged.get(entity_id)
