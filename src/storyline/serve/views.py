"""What each page shows, as plain data: the handlers shared by the web page and the JSON API.

Every function takes the store and validated parameters and returns a JSON-ready dict; the web
page renders that same dict with a template and ``/api/...`` returns it as it is (the datasette
way: every page has its JSON twin). Nothing here knows about HTTP.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from storyline.serve import charts
from storyline.stages.events.lexicon import PLOVER_TYPES
from storyline.store.browse import Filters, Window
from storyline.store.sqlite import SQLiteStore

EVENT_TYPES = PLOVER_TYPES  # the types the event stage gives
# What a story page shows of a large story: its first sources (the starter, then by
# publication; ``articles`` says how many there are), its most reported events, and for each
# event the sources compared side by side.
MEMBERS_SHOWN = 30
EVENTS_SHOWN = 8
REPORTS_SHOWN = 8
COUNT_KINDS = ("killed", "injured", "missing", "arrested", "displaced")


def feed(store: SQLiteStore, filters: Filters, window: Window) -> dict[str, Any]:
    """Stories newest first, with their languages, outlets and sizes."""
    listing = store.browse().stories(filters, window)
    return {"view": "feed", "filters": _filters_json(filters), **listing.to_json()}


def story(store: SQLiteStore, story_id: str) -> dict[str, Any]:
    """One story: its sources side by side, how they differ per event, the cited summary."""
    record = store.story(story_id, members_limit=MEMBERS_SHOWN)
    browse = store.browse()
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in record["members"]:
        by_language[member.get("language") or "und"].append(member)
    for item in record["summary"]:
        item["span"] = browse.locate(item["article_id"], item["sentence"])
    record["sources_by_language"] = dict(sorted(by_language.items()))
    record["differences"] = _differences(store, record)
    return {"view": "story", **record}


def _differences(store: SQLiteStore, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Per event of the story, what each member article says of it: date, counts,
    attribution, modality; ``differs`` names the fields on which the sources disagree."""
    members = [m["article_id"] for m in record["members"]]
    events = record["events"][:EVENTS_SHOWN]
    reports = store.browse().story_reports(
        [e["id"] for e in events], members, per_event=REPORTS_SHOWN
    )
    out = []
    for event in events:
        told = reports.get(event["id"], [])
        if not told:
            continue
        differs = [
            name
            for name in ("date", "counts", "attribution", "modality")
            if len({json.dumps(r[name], sort_keys=True) for r in told}) > 1
        ]
        out.append({**event, "reports": told, "differs": differs})
    return out


def article(
    store: SQLiteStore, article_id: str, highlight: tuple[int, int] | None
) -> dict[str, Any]:
    """An article's clean text with its entities linked, its events and dates, and the
    span a fact link points at highlighted."""
    browse = store.browse()
    page = browse.article(article_id)  # the columns and layers shown, not the whole Document
    mentions = browse.article_mentions(page["id"])
    own_events = page.pop("events")
    events = []
    for stored in browse.article_events(page["id"]):  # the article's own reading of each event
        if stored["idx"] < len(own_events):
            own = own_events[stored["idx"]]
            events.append(
                {
                    "event_id": stored["event_id"],
                    "type": stored["type"],
                    "date": stored["date"],
                    "trigger": own.get("trigger"),
                    "evidence": [own["start"], own["end"]],
                    "modality": own.get("modality"),
                }
            )
    url = page["url"] or ""
    marks = [highlight] if highlight else []
    return {
        "view": "article",
        **page,
        # only web addresses become links: a javascript: URL in a feed must not run
        "url": url if url.startswith(("http://", "https://")) else None,
        "story_id": store.story_of(page["id"]),
        "highlight": list(highlight) if highlight else None,
        "segments": charts.segments(page["text"], marks, mentions),
        "mentions": mentions,
        "events": events,
        "dates": [
            {k: d.get(k) for k in ("start", "end", "text", "value", "reason")}
            for d in page.pop("dates")
        ],
        "copies": store.copies(page["id"]),
    }


def entity(store: SQLiteStore, entity_id: str) -> dict[str, Any]:
    """An entity: aliases by language and script, roles over time, its events on a
    timeline, the entities it appears with, and where it is mentioned."""
    browse = store.browse()
    ids = browse.entity_ids(entity_id)
    if not ids:
        store.entity(entity_id)  # raises NotFoundError with the usual message
    summary = store.entity(ids[0])
    aliases: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for alias in summary.aliases:
        key = f"{alias.get('language') or 'any'} · {alias.get('script') or '?'}"
        aliases[key].append(alias)
    events = browse.events(Filters(entity=summary.id), Window(1, 100)).items
    neighbours = browse.neighbours(summary.id)
    return {
        "view": "entity",
        **summary.to_json(),
        "aliases_by_language": dict(sorted(aliases.items())),
        "roles": [
            {**role, "organisation_name": browse.name_of(role.get("organisation"))}
            for role in store.roles_of(summary.id)
        ],
        "events": events,
        "timeline": charts.timeline(events),
        "neighbours": neighbours,
        "graph": charts.graph(summary.id, summary.canonical, neighbours),
        "mentioned_in": browse.mentions(summary.id, limit=30),
    }


def events(store: SQLiteStore, filters: Filters, window: Window) -> dict[str, Any]:
    """Events filtered by type, entity, place and dates, on a timeline and a map."""
    listing = store.browse().events(filters, window)
    return {
        "view": "events",
        "filters": _filters_json(filters),
        "types": EVENT_TYPES,
        **listing.to_json(),
        "timeline": charts.timeline(listing.items),
        "map": charts.event_map(listing.items),
    }


def event(store: SQLiteStore, event_id: str) -> dict[str, Any]:
    """One event with every report: its evidence, counts and merge reasons."""
    row = store.event(event_id)
    data = row.to_json()
    place = store.browse().place(row.place) if row.place else None
    return {"view": "event", **data, "place_point": place, "map": charts.event_map([data])}


def search(
    store: SQLiteStore,
    query: str,
    window: Window,
    *,
    language: str | None = None,
    nearest: Callable[[str], list[tuple[str, float]]] | None = None,
) -> dict[str, Any]:
    """Articles for a query in any language: through the entities it names, and its words;
    with ``nearest`` (the embedding index), also the stories closest in meaning when the
    first page is not full."""
    browse = store.browse()
    listing = browse.search(query, window, language=language)
    similar = []
    # Meaning helps where names and words run dry: a full first page needs no more.
    if nearest is not None and window.page == 1 and len(listing.items) < window.per_page:
        for story_id, cosine in nearest(query):
            card = browse.story_card(story_id)
            similar.append({**card, "cosine": cosine, "reason": f"meaning: cosine {cosine:.2f}"})
    return {
        "view": "search",
        "query": query,
        "language": language,
        "entities": browse.matched,
        **listing.to_json(),
        "similar_stories": similar,
    }


def articles(store: SQLiteStore, filters: Filters, window: Window) -> dict[str, Any]:
    listing = store.browse().articles(filters, window)
    return {"view": "articles", "filters": _filters_json(filters), **listing.to_json()}


def entities(store: SQLiteStore, window: Window, entity_type: str | None) -> dict[str, Any]:
    listing = store.browse().entities(window, entity_type=entity_type)
    return {"view": "entities", "type": entity_type, **listing.to_json()}


def _filters_json(filters: Filters) -> dict[str, str]:
    return {
        name: value for name in Filters.__slots__ if (value := getattr(filters, name)) is not None
    }
