"""Small pure feature functions that compare an article's entity with a stored entity.

Each returns a ``Feature`` (name, score in 0..1, a human-readable detail) or None when it has
nothing to say. ``decide`` turns them into a merge decision that keeps every score and reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.names import romanise, similarity, skeleton

NAME_MIN = 0.92  # romanised Jaro-Winkler for two spellings of one name
# Transliterations keep the consonants and change the vowels (Ryanair, Райанэйр → rianair,
# raianeir): with the same consonant skeleton of at least this many letters, less is needed.
SKELETON_MIN_LETTERS = 3
SAME_SKELETON_NAME_MIN = 0.75
NAME_WITH_CONTEXT_MIN = 0.88  # a closer call, taken when the articles share context
CONTEXT_MIN = 0.2


@dataclass
class Cluster:
    """One entity as one article names it: its type, names, and what it appears with."""

    article_id: str
    type: str
    canonical: str
    names: list[str]
    table_id: str | None
    context: set[str] = field(default_factory=set)  # ids/keys of the article's other entities
    languages: list[str | None] = field(default_factory=list)


@dataclass
class EntityRecord:
    id: str
    type: str
    canonical: str
    table_id: str | None
    names: list[str]
    context: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    score: float
    detail: str


@dataclass(frozen=True, slots=True)
class Decision:
    entity_id: str | None  # None: a new entity
    score: float
    reasons: list[Feature]

    def to_json(self) -> dict[str, object]:
        return {
            "score": round(self.score, 4),
            "reasons": [
                {"feature": f.name, "score": round(f.score, 4), "detail": f.detail}
                for f in self.reasons
            ],
        }


def same_table_entry(c: Cluster, e: EntityRecord) -> Feature | None:
    if c.table_id and e.table_id:
        if c.table_id == e.table_id:
            return Feature("alias_table", 1.0, f"both are {c.table_id} in the alias table")
        return Feature("alias_table", 0.0, f"{c.table_id} and {e.table_id} are different entries")
    return None


def name_similarity(c: Cluster, e: EntityRecord) -> Feature | None:
    if c.type == "PER":
        return _person_names(c, e)
    best = 0.0
    pair = ("", "")
    for a in c.names:
        for b in e.names:
            score = similarity(romanise(a), romanise(b))
            if score > best:
                best, pair = score, (a, b)
    return Feature("name", best, f"{pair[0]!r} ~ {pair[1]!r} after romanisation")


def _person_names(c: Cluster, e: EntityRecord) -> Feature:
    """Surnames must match; first names, where both are given, must start alike."""
    best = 0.0
    detail = "no comparable names"
    for a in c.names:
        wa = romanise(a).split()
        for b in e.names:
            wb = romanise(b).split()
            if not wa or not wb:
                continue
            surname = similarity(wa[-1], wb[-1]) if wa[-1][:1] == wb[-1][:1] else 0.0
            if len(wa) > 1 and len(wb) > 1 and wa[0][:1] != wb[0][:1]:
                surname = min(surname, 0.5)  # Emomali Rahmon is not Rustam Emomali
                note = "first names differ"
            elif skeleton(wa[-1]) != skeleton(wb[-1]):
                # Typos keep the consonants (Tasmgambitov); other names do not (Rakhimov).
                surname = min(surname, NAME_WITH_CONTEXT_MIN - 0.01)
                note = "surname consonants differ"
            else:
                note = "first names agree" if len(wa) > 1 and len(wb) > 1 else "surname only"
            if surname > best:
                best = surname
                detail = f"surname {wa[-1]!r} ~ {wb[-1]!r} ({note})"
    return Feature("name", best, detail)


def same_skeleton(c: Cluster, e: EntityRecord) -> Feature | None:
    """The names share their consonants in order: one name in two transliterations."""

    def skeletons(names: list[str], person: bool) -> set[str]:
        result = set()
        for name in names:
            words = romanise(name).split()
            if words:
                result.add(skeleton(words[-1] if person else " ".join(words)))
        return {s for s in result if len(s.replace(" ", "")) >= SKELETON_MIN_LETTERS}

    person = c.type == "PER"
    shared = skeletons(c.names, person) & skeletons(e.names, person)
    if not shared:
        return None
    return Feature("skeleton", 1.0, f"same consonants {sorted(shared)[0]!r}")


def shared_context(c: Cluster, e: EntityRecord) -> Feature | None:
    if not c.context or not e.context:
        return None
    shared = c.context & e.context
    score = len(shared) / len(c.context | e.context)
    return Feature(
        "context", score, f"appear with {', '.join(sorted(shared)[:4]) or 'nothing in common'}"
    )


FEATURES: Sequence[Callable[[Cluster, EntityRecord], Feature | None]] = (
    same_table_entry,
    name_similarity,
    same_skeleton,
    shared_context,
)


def decide(c: Cluster, candidates: Sequence[EntityRecord]) -> Decision:
    """The best candidate that passes the thresholds, with every feature's score and detail."""
    best: Decision | None = None
    for e in candidates:
        if e.type != c.type:
            continue
        features = [f for f in (fn(c, e) for fn in FEATURES) if f is not None]
        by_name = {f.name: f.score for f in features}
        table = by_name.get("alias_table")
        name = by_name.get("name", 0.0)
        context = by_name.get("context", 0.0)
        if table == 1.0:
            score = 1.0
        elif table == 0.0:
            continue
        elif (
            name >= NAME_MIN
            or (name >= NAME_WITH_CONTEXT_MIN and context >= CONTEXT_MIN)
            or (by_name.get("skeleton") == 1.0 and name >= SAME_SKELETON_NAME_MIN)
        ):
            score = 0.8 * name + 0.2 * context
        else:
            continue
        if best is None or score > best.score:
            best = Decision(e.id, score, features)
    return best or Decision(None, 0.0, [Feature("new", 1.0, "no candidate passed")])
