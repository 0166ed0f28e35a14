"""Responses kept per worker process and served again while the store is unchanged.

A page is a pure function of its address and the store's contents, so a finished response can
be sent again until the store changes. Whether it has changed is SQLite's own answer:
``PRAGMA data_version`` on the worker's connection moves whenever another connection (an
ingest, a hand correction) commits. A commit empties nothing eagerly; every entry older than
the current version is simply never served again, and the least recently used entries go
first when the byte budget is full.

Only successful GETs of pages and API views are kept; ``/api/health`` (which reports the live
store) and bundled static files (served with their own validators) never are. Each response
says ``X-Storyline-Cache: hit`` or ``miss``, so a client or a bench can tell.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_CACHE_MB = 64  # per worker process
NOT_KEPT = ("/api/health", "/static/")


@dataclass(slots=True)
class Entry:
    version: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware: an LRU of whole responses, by path and query, within ``max_bytes``
    (0 keeps nothing). ``version`` gives the store's data version for a request's scope."""

    def __init__(self, app: ASGIApp, max_bytes: int, version: Callable[[Scope], int]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.version = version
        self.entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not self.max_bytes
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(NOT_KEPT)
        ):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"])
        version = self.version(scope)
        entry = self.entries.get(key)
        if entry is not None and entry.version == version:
            self.hits += 1
            self.entries.move_to_end(key)
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,  # only successes are kept
                    "headers": [*entry.headers, (b"x-storyline-cache", b"hit")],
                }
            )
            await send({"type": "http.response.body", "body": entry.body})
            return
        self.misses += 1
        start: Message | None = None
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                message["headers"] = [*message.get("headers", []), (b"x-storyline-cache", b"miss")]
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start["status"] == 200:
                    headers = [h for h in start["headers"] if h[0] != b"x-storyline-cache"]
                    self._put(key, Entry(version, headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, keep)

    def _put(self, key: tuple[str, bytes], entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 8:  # one huge page must not empty the cache
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self.entries[key] = entry
        self.bytes += len(entry.body)
        while self.bytes > self.max_bytes:
            _, evicted = self.entries.popitem(last=False)
            self.bytes -= len(evicted.body)
