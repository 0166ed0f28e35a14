"""Shared fixtures: settings on a temporary store, sample files, and a local HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.document import Document, RawItem
from storyline.settings import Settings
from storyline.stages import build_pipeline

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED_DATA = REPO.parent / "shared" / "data"

ARTICLE_EN = (
    "DUSHANBE, October 10. Security cooperation between Moscow and Dushanbe is focused on "
    "the Afghan problem, the deputy foreign minister said at an interparliamentary forum.\n\n"
    "He added that the trend of expanding activities of extremist groups is alarming."
)
ARTICLE_RU = (
    "Генеральный секретарь ОДКБ посетил Душанбе с рабочим визитом. В ходе поездки он "
    "встретился с президентом Таджикистана и главой Министерства иностранных дел.\n\n"
    "Стороны подтвердили готовность к дальнейшему сотрудничеству в сфере безопасности."
)


@pytest.fixture(scope="session")
def seeds() -> dict[str, Document]:
    """The five sample pages through the default pipeline, keyed by their number ('000')."""
    pipeline = build_pipeline(Settings(workers=1))
    docs = {}
    for path in sorted(EXAMPLES.glob("*.txt")):
        result = pipeline(RawItem(str(path), path.read_text("utf-8"), "text"))
        assert isinstance(result, Document), result
        docs[path.name[:3]] = result
    return docs


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """In-process stages (workers=1) on a fresh store; fast HTTP limits for local servers."""
    return Settings(
        db_path=tmp_path / "test.db",
        workers=1,
        http_timeout=0.5,
        http_retries=1,
        http_backoff=0.0,
        batch_size=8,
    )


def raw_item(
    content: str = ARTICLE_EN,
    *,
    source: str = "test.txt",
    fmt: str = "text",
    url: str | None = None,
    **meta: str,
) -> RawItem:
    """A factory for raw items in unit tests."""
    return RawItem(source=source, content=content, format=fmt, url=url, meta=meta)  # type: ignore[arg-type]


# -- a local HTTP server -----------------------------------------------------------------------

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # wait (for the server's release event) without answering


@dataclass
class LocalServer:
    base: str
    routes: dict[str, Route]
    hits: dict[str, int]
    requests: list[dict[str, str]]

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", status: int = 200, **headers: str) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(
            status, data, {k.replace("_", "-"): v for k, v in headers.items()}
        )
        return self.url(path)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """An HTTP server on 127.0.0.1 with per-test routes; nothing leaves the machine."""
    routes: dict[str, Route] = {}
    hits: dict[str, int] = {}
    requests: list[dict[str, str]] = []
    release = threading.Event()

    class _Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            hits[self.path] = hits.get(self.path, 0) + 1
            requests.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
            route = routes.get(self.path)
            if route is None:
                route = Route(404, b"not here") if self.path != "/robots.txt" else Route(404)
            if route.hang:
                release.wait(10)  # the client gives up first; released at teardown
                return
            etag = route.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    port = server.server_address[1]
    try:
        yield LocalServer(f"http://127.0.0.1:{port}", routes, hits, requests)
    finally:
        release.set()
        server.shutdown()
        server.server_close()
