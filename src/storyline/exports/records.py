"""Flat records of what the store holds, one kind at a time, with a fixed column order.

Every kind (``articles``, ``entities``, ``events``, ``stories``) has a tuple of ``Column``s in
``COLUMNS`` and a generator of dicts whose keys are exactly those names, in that order. Rows are
read from ``SQLiteStore.scan()`` a page at a time (a few thousand rows), so an export of the
whole store never holds it in memory.

One rule for nested values: a column is a scalar (``string``, ``int64``, ``float64``,
``bool``), a list of strings (``list<string>``) or a list of structs with fixed scalar fields
(``list<struct>``). JSON Lines and Parquet keep them nested (arrays of objects; Parquet
``list<struct<…>>`` columns); CSV writes them as JSON text (``writers.py``). A value that is
unknown is ``null`` (an empty CSV cell); a list with nothing in it is ``[]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from storyline.document import Argument, Document
from storyline.errors import ConfigError
from storyline.exports.events import attributed_to, source_urls
from storyline.store.story_records import SUMMARY_ARTICLES, summarise

if TYPE_CHECKING:
    from storyline.store import SQLiteStore
    from storyline.store.events import EventRow
    from storyline.store.scan import StoreScan

KINDS = ("articles", "entities", "events", "stories")
COUNT_KINDS = ("killed", "injured", "missing", "arrested", "displaced")
KEY_ENTITIES = 8  # as many as `storyline story` shows


@dataclass(frozen=True, slots=True)
class Column:
    """A column's name and type; a ``list<struct>`` lists its fields (all scalars)."""

    name: str
    type: str  # string | int64 | float64 | bool | list<string> | list<struct>
    fields: tuple[Column, ...] = ()


def _s(name: str) -> Column:
    return Column(name, "string")


def _i(name: str) -> Column:
    return Column(name, "int64")


def _f(name: str) -> Column:
    return Column(name, "float64")


def _structs(name: str, *fields: Column) -> Column:
    return Column(name, "list<struct>", fields)


_ARGUMENT = (_s("text"), _s("canonical"), _s("entity_id"), _s("type"))

COLUMNS: dict[str, tuple[Column, ...]] = {
    "articles": (
        _s("id"),
        _s("url"),
        _s("source"),
        _s("title"),
        _s("publisher"),
        _s("published"),
        _s("language"),
        _s("dateline"),
        _s("author"),
        _s("text"),
        _s("story_id"),
        _s("canonical_id"),
        _i("entity_count"),
        _i("mention_count"),
        _i("event_count"),
        _s("ingested_at"),
    ),
    "entities": (
        _s("id"),
        _s("type"),
        _s("canonical"),
        _s("subtype"),
        _i("geonames_id"),
        _f("lat"),
        _f("lon"),
        _i("mention_count"),
        _i("article_count"),
        Column("languages", "list<string>"),
        _structs("aliases", _s("language"), _s("alias"), _s("script"), _i("count")),
        _structs(
            "roles",
            _s("role"),
            _s("organisation"),
            _s("first_seen"),
            _s("last_seen"),
            _i("article_count"),
        ),
    ),
    "events": (
        _s("id"),
        _s("date"),
        _s("date_grain"),
        _s("sort_date"),
        _s("type"),
        _s("cameo"),
        _s("modality"),
        Column("claim", "bool"),
        _s("place_id"),
        _s("place_name"),
        _f("place_lat"),
        _f("place_lon"),
        _structs("actors", *_ARGUMENT),
        _structs("targets", *_ARGUMENT),
        _s("attributed_to"),
        _structs("counts", _s("kind"), _s("source"), _i("value")),
        _i("report_count"),
        _i("source_count"),
        Column("sources", "list<string>"),
        Column("article_ids", "list<string>"),
        _s("evidence"),
    ),
    "stories": (
        _s("id"),
        _s("title"),
        _structs("titles", _s("language"), _s("title")),
        Column("languages", "list<string>"),
        Column("outlets", "list<string>"),
        _s("first_day"),
        _s("last_day"),
        _i("article_count"),
        _structs("key_entities", _s("id"), _s("name")),
        Column("article_ids", "list<string>"),
        _structs("summary", _s("sentence"), _s("article_id")),
    ),
}


def column_names(kind: str) -> tuple[str, ...]:
    return tuple(c.name for c in columns(kind))


def columns(kind: str) -> tuple[Column, ...]:
    if kind not in COLUMNS:
        raise ConfigError(f"nothing to export called {kind!r}: one of {', '.join(KINDS)}")
    return COLUMNS[kind]


def records(
    store: SQLiteStore, kind: str, *, since: str | None = None, until: str | None = None
) -> Iterator[dict[str, Any]]:
    """The store's ``kind`` as flat records, in storage order (see ``COLUMNS``)."""
    columns(kind)  # an unknown kind fails here, before any reading
    scan = store.scan()
    if kind == "articles":
        return article_records(scan, since=since, until=until)
    if kind == "entities":
        return entity_records(scan, since=since, until=until)
    if kind == "events":
        return event_records(scan, since=since, until=until)
    return story_records(scan, since=since, until=until)


def article_records(
    scan: StoreScan, *, since: str | None = None, until: str | None = None
) -> Iterator[dict[str, Any]]:
    names = column_names("articles")
    for page in scan.articles(since=since, until=until):
        for r in page:
            yield {name: r[name] for name in names}


def entity_records(
    scan: StoreScan, *, since: str | None = None, until: str | None = None
) -> Iterator[dict[str, Any]]:
    for page in scan.entities(since=since, until=until):
        for r in page:
            yield {
                "id": r["id"],
                "type": r["type"],
                "canonical": r["canonical"],
                "subtype": r["subtype"],
                "geonames_id": r["geonames_id"],
                "lat": r["lat"],
                "lon": r["lon"],
                "mention_count": r["mentions"],
                "article_count": r["articles"],
                "languages": sorted({a["language"] for a in r["aliases"] if a["language"]}),
                "aliases": r["aliases"],
                "roles": [
                    {
                        "role": role["role"],
                        "organisation": role["organisation"],
                        "first_seen": role["first_seen"],
                        "last_seen": role["last_seen"],
                        "article_count": role["articles"],
                    }
                    for role in r["roles"]
                ],
            }


def event_records(
    scan: StoreScan, *, since: str | None = None, until: str | None = None
) -> Iterator[dict[str, Any]]:
    for page in scan.events(since=since, until=until):
        coordinates = scan.coordinates(sorted({r.place for r in page if r.place}))
        for row in page:
            yield event_record(row, coordinates.get(row.place or "", (None, None)))


def event_record(row: EventRow, place: tuple[float | None, float | None]) -> dict[str, Any]:
    """One event as a flat record; ``place`` is its (lat, lon) when the place is an entity."""
    sources = source_urls(row)
    return {
        "id": row.id,
        "date": row.date,
        "date_grain": row.date_grain,
        "sort_date": row.sort_date,
        "type": row.type,
        "cameo": row.cameo,
        "modality": row.modality,
        "claim": any(r.event.claim for r in row.reports),
        "place_id": row.place,
        "place_name": row.place_name,
        "place_lat": place[0],
        "place_lon": place[1],
        "actors": [_argument(a) for a in row.event.actors],
        "targets": [_argument(a) for a in row.event.targets],
        "attributed_to": attributed_to(row),
        "counts": [
            {"kind": kind, "source": source, "value": value}
            for kind in COUNT_KINDS
            for source, value in row.counts_by_source(kind)
        ],
        "report_count": len(row.reports),
        "source_count": len(sources),
        "sources": sources,
        "article_ids": list(dict.fromkeys(r.article_id for r in row.reports)),
        "evidence": row.reports[0].evidence if row.reports else None,
    }


def _argument(arg: Argument) -> dict[str, Any]:
    fields = asdict(arg)
    return {name: fields[name] for name in ("text", "canonical", "entity_id", "type")}


def story_records(
    scan: StoreScan, *, since: str | None = None, until: str | None = None
) -> Iterator[dict[str, Any]]:
    for page in scan.stories(since=since, until=until):
        for story in page:
            yield story_record(story)


def story_record(story: dict[str, Any]) -> dict[str, Any]:
    """A story page row (``StoreScan.stories``) as a flat record; titles, key entities and the
    summary are chosen as ``SQLiteStore.story`` chooses them."""
    state, members, names = story["state"], story["members"], story["names"]
    titles: dict[str, str] = state.get("titles", {})  # kept by the writer, as the page shows
    key = [e for e, _ in Counter(state.get("entities", {})).most_common(KEY_ENTITIES)]
    leads = [Document(m["id"], "", "", "text", m["lead"]) for m in members[:SUMMARY_ARTICLES]]
    return {
        "id": story["id"],
        "title": next(iter(titles.values()), None),
        "titles": [{"language": lang, "title": title} for lang, title in titles.items()],
        "languages": sorted(state.get("languages", {})),
        "outlets": [o for o, _ in Counter(state.get("outlets", {})).most_common()],
        "first_day": state.get("first_day"),
        "last_day": state.get("last_day"),
        "article_count": story["size"],
        "key_entities": [{"id": e, "name": names.get(e, e)} for e in key],
        "article_ids": [m["id"] for m in members],
        "summary": summarise(leads, {names.get(e, e) for e in key}),
    }
