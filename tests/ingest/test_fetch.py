"""URLs and feeds against a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

from storyline.document import RawItem
from storyline.errors import Reason, Rejected
from storyline.ingest import ReadContext, Skipped, read_inputs
from storyline.settings import Settings
from tests.conftest import ARTICLE_EN, LocalServer, Route


def page(body: str, title: str = "Page") -> str:
    return (
        f"<html><head><title>{title}</title></head>"
        f"<body><article><p>{body}</p></article></body></html>"
    )


def feed(base: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Item {p}</title><link>{base}{p}</link>"
        f"<pubDate>Fri, 10 Oct 2025 08:00:00 GMT</pubDate></item>"
        for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
        f"<link>{base}/</link><description>test</description>{items}</channel></rss>"
    )


def read(urls: list[str], settings: Settings, **ctx: object) -> list[object]:
    context = ReadContext(settings, **ctx)  # type: ignore[arg-type]
    try:
        return list(read_inputs(urls, context))
    finally:
        context.close()


def test_fetch_page_sends_user_agent(http_server: LocalServer, settings: Settings) -> None:
    url = http_server.add("/a", page(ARTICLE_EN), Content_Type="text/html; charset=utf-8")
    [item] = read([url], settings)
    assert isinstance(item, RawItem) and item.format == "html" and item.url == url
    agent = next(r["user-agent"] for r in http_server.requests if r["path"] == "/a")
    assert agent.startswith("storyline/")


def test_fetch_errors_have_specific_reasons(http_server: LocalServer, settings: Settings) -> None:
    http_server.add("/boom", "oops", status=500)
    http_server.add("/loop", status=302, Location="/loop")
    http_server.routes["/slow"] = Route(hang=True)
    urls = [http_server.url(p) for p in ("/missing", "/boom", "/loop", "/slow")]
    items = read(urls, settings)
    reasons = [(x.source, x.reason) for x in items if isinstance(x, Rejected)]
    assert reasons == [
        (urls[0], Reason.NOT_FOUND),
        (urls[1], Reason.HTTP_ERROR),
        (urls[2], Reason.REDIRECT_LOOP),
        (urls[3], Reason.TIMEOUT),
    ]
    assert http_server.hits["/boom"] == 2  # one retry after a 5xx
    assert isinstance(items[1], Rejected) and "HTTP 500" in items[1].detail


def test_fetch_respects_robots_txt(http_server: LocalServer, settings: Settings) -> None:
    http_server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    url = http_server.add("/private/a", page(ARTICLE_EN))
    [item] = read([url], settings)
    assert isinstance(item, Rejected) and item.reason is Reason.ROBOTS_DISALLOWED
    assert "/private/a" not in http_server.hits


def test_fetch_size_cap(http_server: LocalServer, settings: Settings) -> None:
    url = http_server.add("/big", page("x" * 5000))
    [item] = read([url], settings.with_(max_fetch_bytes=1000))
    assert isinstance(item, Rejected) and item.reason is Reason.TOO_LARGE


def test_fetch_feed_follows_links_and_skips_known(
    http_server: LocalServer, settings: Settings
) -> None:
    for p in ("/n/1", "/n/2"):
        http_server.add(p, page(ARTICLE_EN + p), Content_Type="text/html")
    feed_url = http_server.add(
        "/feed.xml", feed(http_server.base, ["/n/1", "/n/2"]), Content_Type="application/rss+xml"
    )
    known = {http_server.url("/n/1")}
    items = read([feed_url], settings, is_known_url=known.__contains__)
    assert isinstance(items[0], Skipped) and items[0].source == http_server.url("/n/1")
    assert isinstance(items[1], RawItem) and items[1].url == http_server.url("/n/2")
    assert items[1].meta["publisher"] == "Local Wire" and items[1].meta["title"] == "Item /n/2"
    assert "/n/1" not in http_server.hits  # a stored link is not fetched again


def test_fetch_feed_conditional_repoll(http_server: LocalServer, settings: Settings) -> None:
    class Memory:
        def __init__(self) -> None:
            self.saved: dict[str, tuple[str | None, str | None]] = {}

        def get_validators(self, url: str) -> tuple[str | None, str | None]:
            return self.saved.get(url, (None, None))

        def put_validators(self, url: str, etag: str | None, modified: str | None) -> None:
            self.saved[url] = (etag, modified)

    http_server.add("/n/1", page(ARTICLE_EN), Content_Type="text/html")
    feed_url = http_server.add(
        "/feed.xml",
        feed(http_server.base, ["/n/1"]),
        Content_Type="application/rss+xml",
        ETag='"v1"',
    )
    memory = Memory()
    first = read([feed_url], settings, validators=memory)
    second = read([feed_url], settings, validators=memory)
    assert isinstance(first[0], RawItem)
    assert second == [Skipped(feed_url, "not modified")]
    assert http_server.requests[-1]["if-none-match"] == '"v1"'


def test_fetch_feed_url_returning_html_is_not_a_feed(
    http_server: LocalServer, settings: Settings
) -> None:
    url = http_server.add("/news", page(ARTICLE_EN), Content_Type="text/html")
    [item] = read([url], settings, feed_inputs=frozenset({url}))
    assert isinstance(item, Rejected) and item.reason is Reason.NOT_A_FEED
    assert "HTML page" in item.detail


def test_fetch_bad_encoding_and_bad_url_are_rejections(
    http_server: LocalServer, settings: Settings
) -> None:
    url = http_server.add("/gz", b"this is not gzip at all", Content_Encoding="gzip")
    items = read([url, "http://[::1/x"], settings)
    assert [x.reason for x in items if isinstance(x, Rejected)] == [
        Reason.HTTP_ERROR,
        Reason.UNSUPPORTED,
    ]
