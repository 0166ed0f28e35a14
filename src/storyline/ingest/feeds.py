"""RSS/Atom feeds (feedparser): each entry's link is fetched as an article.

Links already in the store are not fetched again, and the feed itself is fetched with
conditional requests, so re-polling downloads only what is new. An entry without a link is
taken from its own content.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from storyline.document import RawFormat, RawItem
from storyline.errors import InputRejected, Reason, Rejected
from storyline.ingest.context import ReadContext, Skipped
from storyline.ingest.items import item_from_bytes
from storyline.ingest.sniff import looks_like_feed, sniff


def read_feed(
    locator: str, data: bytes, ctx: ReadContext
) -> Iterator[RawItem | Rejected | Skipped]:
    import feedparser

    if not looks_like_feed(data):
        yield Rejected(locator, Reason.NOT_A_FEED, _not_a_feed_detail(data))
        return
    try:
        parsed: Any = feedparser.parse(data)
    except Exception as exc:  # feedparser raises on some malformed XML (lone surrogates, …)
        yield Rejected(locator, Reason.NOT_A_FEED, f"feedparser could not read it: {exc!r}")
        return
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield Rejected(locator, Reason.NOT_A_FEED, f"feedparser found no feed: {problem}")
        return
    publisher = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        yield from _entry_items(locator, number, entry, publisher, ctx)


def _entry_items(
    locator: str, number: int, entry: Any, publisher: str | None, ctx: ReadContext
) -> Iterator[RawItem | Rejected | Skipped]:
    link = entry.get("link")
    meta = {"title": entry.get("title") or ""}
    if entry.get("published") or entry.get("updated"):
        meta["published"] = entry.get("published") or entry.get("updated")
    if publisher:
        meta["publisher"] = publisher
    if link:
        if ctx.is_known_url(link):
            yield Skipped(link, "already stored")
            return
        try:
            fetched = ctx.fetcher.get(link)
        except InputRejected as exc:
            yield Rejected(link, exc.reason, exc.detail)
            return
        kind = sniff(link, fetched.content[:4096], content_type=fetched.content_type)
        fmt: RawFormat = "html" if kind in ("html", "feed") else "text"
        yield item_from_bytes(
            link,
            fetched.content,
            fmt,
            url=link,
            meta=meta,
            declared=fetched.charset,
            keep_payload=True,
        )
        return
    content = entry.get("content") or []
    body = content[0].get("value") if content else entry.get("summary")
    source = f"{locator}#entry{number}"
    if not body:
        yield Rejected(source, Reason.NO_TEXT, "feed entry has neither a link nor content")
        return
    yield item_from_bytes(source, body.encode("utf-8"), "html", meta=meta, keep_payload=True)


def _not_a_feed_detail(data: bytes) -> str:
    kind = sniff("", data[:4096])
    if kind == "html":
        return "got an HTML page, not an RSS/Atom feed (is this the site's front page?)"
    return f"no <rss>, <feed> or <rdf:RDF> element: looks like {kind}"
