"""When two event reports are one happening: the same type, the same participants, dates and
places that agree. Used inside an article (``merge_in_article``: "Rahmon met Zas" … "Rahmon
and Zas also exchanged views") and across articles by the store. Every decision keeps its score
and the reasons, so a user can see why two reports were folded.

Counts are never combined: each report keeps its own, with its span, so conflicting casualty
figures stay side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyline.aliases import name_key
from storyline.document import Argument, Document, Event, EventMerge

THRESHOLD = 0.5
KeyOf = Callable[[Argument], str | None]


def default_key(arg: Argument) -> str | None:
    if arg.type == "GENERIC":
        return None
    if arg.entity_id:
        return arg.entity_id
    name = name_key(arg.canonical or arg.text)
    return f"name:{name}" if name else None


def participant_keys(event: Event, key: KeyOf = default_key) -> set[str]:
    return {k for a in [*event.actors, *event.targets] if (k := key(a))}


def _place_name(arg: Argument) -> str:
    return name_key(arg.canonical or arg.text)


def place_key(event: Event, key: KeyOf = default_key) -> str | None:
    return key(event.place) if event.place else None


def dates_compatible(a: str | None, b: str | None) -> bool | None:
    """True when two partial dates can name one day, False when they cannot, None if unknown
    (either is missing or a range)."""
    if a is None or b is None or "/" in a or "/" in b:
        return None
    return all(x is None or y is None or x == y for x, y in zip(_parts(a), _parts(b), strict=True))


def _parts(value: str) -> tuple[int | None, int | None, int | None]:
    """'2024-12-25' → (2024, 12, 25); '--12-25' → (None, 12, 25); '2024' → (2024, None, None)."""
    year = None if value.startswith("--") else int(value[:4])
    rest = [
        int(x) for x in value.lstrip("-")[0 if year is None else 4 :].strip("-").split("-") if x
    ]
    return year, rest[0] if rest else None, rest[1] if len(rest) > 1 else None


@dataclass(frozen=True, slots=True)
class Decision:
    score: float
    reasons: list[str]

    @property
    def same(self) -> bool:
        return self.score >= THRESHOLD


def same_event(a: Event, b: Event, *, key: KeyOf = default_key, nearby: bool = False) -> Decision:
    """Score whether ``b`` reports the happening ``a`` reports; ``nearby``: within a few
    sentences of it in the same article (then unnamed participants may refer back)."""
    if a.type != b.type:
        return Decision(0.0, [f"types differ: {a.type} / {b.type}"])
    if a.modality != b.modality and {a.modality, b.modality} != {"asserted", "denied"}:
        # 'they did not fight terrorists' is no report of a clash; a denial is (contradicting it)
        return Decision(0.0, [f"modalities differ: {a.modality} / {b.modality}"])
    reasons = [f"same type {a.type}"]
    score = 0.0
    dates = dates_compatible(a.date, b.date)
    if dates is False:
        return Decision(0.0, [*reasons, f"dates differ: {a.date} / {b.date}"])
    if dates:
        score += 0.3
        reasons.append(f"dates agree: {a.date} / {b.date} (+0.3)")
    else:
        reasons.append("a date is unknown (+0)")
    pa, pb = place_key(a, key), place_key(b, key)
    if a.place and b.place and _place_name(a.place) == _place_name(b.place):
        pb = pa  # the same name: a title's 'in Dushanbe' and the text's Dushanbe
    if pa and pb and pa != pb:
        return Decision(
            0.0,
            [*reasons, f"places differ: {a.place and a.place.text} / {b.place and b.place.text}"],
        )
    if pa and pa == pb:
        score += 0.2
        reasons.append(f"same place {a.place.text if a.place else ''} (+0.2)")
    ka, kb = participant_keys(a, key), participant_keys(b, key)
    if ka and kb:
        shared = ka & kb
        if not shared:
            return Decision(score, [*reasons, "no participant in common"])
        if not any(":" in k and not k.startswith("name:") for k in shared) and not dates:
            # 'militants' on both sides names no one: only agreeing dates make it one happening
            return Decision(score, [*reasons, "only unnamed groups shared, and no dates agree"])
        if ka <= kb or kb <= ka:
            score += 0.5
            reasons.append(f"participants of one are all in the other ({len(shared)} shared, +0.5)")
        elif len(shared) / len(ka | kb) >= 0.5:
            score += 0.4
            reasons.append(f"most participants shared ({len(shared)}/{len(ka | kb)}, +0.4)")
        else:
            return Decision(
                score, [*reasons, f"few participants shared ({len(shared)}/{len(ka | kb)})"]
            )
    elif nearby:
        score += 0.5
        reasons.append(
            "participants not named ('the parties'): the same kind of event just reported (+0.5)"
        )
    else:
        return Decision(score, [*reasons, "participants unknown"])
    return Decision(round(score, 2), reasons)


def fold(kept: Event, other: Event, decision: Decision, key: KeyOf = default_key) -> None:
    """Fold ``other`` into ``kept``: its trigger is remembered, missing facts are filled, its
    participants added; its counts stay as its own (each count keeps its span)."""
    kept.merged.append(
        EventMerge(
            other.trigger_start,
            other.trigger_end,
            other.start,
            other.end,
            decision.score,
            list(decision.reasons),
        )
    )
    if kept.date is None and other.date is not None:
        kept.date, kept.date_grain = other.date, other.date_grain
        kept.date_start, kept.date_end, kept.date_reason = other.date_start, other.date_end, None
    if kept.place is None:
        kept.place = other.place
    if kept.attribution is None and other.attribution is not None:
        kept.attribution, kept.claim = other.attribution, other.claim
    known = {key(x) or f"{x.start}:{x.end}" for x in [*kept.actors, *kept.targets]}
    for arg in [*other.actors, *other.targets]:
        k = key(arg)
        if k and k not in known:
            known.add(k)
            (kept.actors if arg in other.actors else kept.targets).append(arg)
    kept.counts.extend(c for c in other.counts if c not in kept.counts)


def merge_in_article(
    events: list[Event], key: KeyOf, sentence_of: Callable[[int], int]
) -> list[Event]:
    """Fold reports of one happening within an article; the first report is the event."""
    kept: list[Event] = []
    for event in events:
        best: tuple[Decision, Event] | None = None
        for candidate in reversed(kept):
            gap = sentence_of(event.start) - max(
                [sentence_of(candidate.start), *(sentence_of(m.start) for m in candidate.merged)]
            )
            decision = same_event(candidate, event, key=key, nearby=gap <= 2)
            if decision.same and (best is None or decision.score > best[0].score):
                best = (decision, candidate)
        if best:
            fold(best[1], event, best[0], key)
        else:
            kept.append(event)
    return kept


def link_entities(doc: Document) -> None:
    """Give event participants the entity ids their mentions were resolved to (after the
    corpus resolver ran)."""
    by_span = {(m.start, m.end): m for m in doc.entities}
    for event in doc.events:
        args = [*event.actors, *event.targets, *([event.place] if event.place else [])]
        for arg in args:
            mention = by_span.get((arg.start, arg.end))
            if mention is not None:
                arg.entity_id, arg.canonical = mention.entity_id, mention.canonical
        if event.attribution is not None:
            mention = by_span.get((event.attribution.start, event.attribution.end))
            if mention is not None:
                event.attribution.entity_id = mention.entity_id
                event.attribution.canonical = mention.canonical
