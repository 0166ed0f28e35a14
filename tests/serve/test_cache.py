"""The response cache: a page is sent again while the store is unchanged, and computed anew
once another connection commits; health is never kept; the byte budget holds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from storyline.serve import create_app
from storyline.serve.cache import ResponseCache
from storyline.store import SQLiteStore


def copy_of(path: Path, to: Path) -> Path:
    with sqlite3.connect(path) as source, sqlite3.connect(to) as target:
        source.backup(target)
    return to


def test_cache_serves_again_until_another_connection_commits(
    served_db: Path, tmp_path: Path
) -> None:
    db = copy_of(served_db, tmp_path / "store.db")
    with TestClient(create_app(db, semantic=False)) as client:
        first = client.get("/api/stories")
        again = client.get("/api/stories")
        assert first.headers["x-storyline-cache"] == "miss"
        assert again.headers["x-storyline-cache"] == "hit"
        assert again.content == first.content
        assert again.headers["content-security-policy"]  # the guard still adds its headers
        assert client.get("/api/stories?page=1").headers["x-storyline-cache"] == "miss"
        stories = first.json()["items"]
        with SQLiteStore(db) as writer:  # an analyst merges two stories meanwhile
            writer.merge_stories(stories[0]["id"], stories[1]["id"])
        after = client.get("/api/stories")
        assert after.headers["x-storyline-cache"] == "miss"
        assert len(after.json()["items"]) == len(stories) - 1
        assert client.get("/api/health").headers.get("x-storyline-cache") is None
        assert client.get("/api/stories/nope").status_code == 404
        assert client.get("/api/stories/nope").headers["x-storyline-cache"] == "miss"


def test_cache_off_with_zero_megabytes(served_db: Path) -> None:
    with TestClient(create_app(served_db, semantic=False, cache_mb=0)) as client:
        client.get("/")
        assert "x-storyline-cache" not in client.get("/").headers


@pytest.mark.parametrize("size", [100, 400])
def test_cache_keeps_within_its_byte_budget(size: int) -> None:
    calls: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x" * size})

    cache = ResponseCache(app, max_bytes=1000, version=lambda scope: 1)
    client = TestClient(cache)  # no `with`: no lifespan events for a bare ASGI app
    for path in ("/a", "/b", "/c", "/a"):
        client.get(path)
    if size == 100:  # all three fit: /a came from the cache
        assert calls == ["/a", "/b", "/c"] and cache.hits == 1
        for i in range(8):  # 11 bodies of 100 bytes: the least recently used goes
            client.get(f"/{i}")
        assert ("/b", b"") not in cache.entries and ("/a", b"") in cache.entries
    else:  # a body over an eighth of the budget is never kept
        assert calls == ["/a", "/b", "/c", "/a"] and not cache.entries
    assert cache.bytes <= 1000
