from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storyline import api
from storyline.settings import Settings
from storyline.store import SQLiteStore
from tests.conftest import ARTICLE_EN, ARTICLE_RU, EXAMPLES, LocalServer


def test_api_ingest_seeds_then_nothing_new(settings: Settings) -> None:
    first = api.ingest([str(EXAMPLES)], settings)
    second = api.ingest([str(EXAMPLES)], settings)
    assert (first.stored, first.known, first.rejected_total) == (5, 0, 0)
    assert (second.stored, second.known, second.rejected_total) == (0, 5, 0)
    with SQLiteStore(settings.db_path) as store:
        assert store.count_articles() == 5
        languages = sorted(a.language or "" for a in store.articles(limit=10))
    assert languages == ["en", "en", "en", "en", "ru"]


def test_api_same_text_two_outlets_two_articles(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "outlet_a.txt").write_text(ARTICLE_EN)
    (tmp_path / "outlet_b.txt").write_text(ARTICLE_EN)
    assert api.ingest([str(tmp_path)], settings).stored == 2


def test_api_bad_inputs_do_not_stop_the_batch(
    tmp_path: Path, settings: Settings, http_server: LocalServer
) -> None:
    """Every bad input from the issue, in one batch, next to good ones."""
    (tmp_path / "good.txt").write_text(ARTICLE_EN)
    (tmp_path / "good_cp1251.txt").write_bytes(ARTICLE_RU.encode("cp1251"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    (tmp_path / "archive.zip").write_bytes(b"PK\x03\x04" + bytes(300))
    (tmp_path / "broken.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 100 + b"\xfe\xfd" * 100)
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(ARTICLE_EN.encode() * 10)[:-20])
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"text": ARTICLE_RU, "title": "ok"}) + "\n{oops\n", encoding="utf-8"
    )
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    http_server.add("/boom", "x", status=500)
    http_server.add(
        "/page",
        f"<html><body><article><p>{ARTICLE_EN}</p></article></body></html>",
        Content_Type="text/html",
    )
    urls = [http_server.url(p) for p in ("/gone", "/boom", "/page")]

    summary = api.ingest([str(tmp_path), *urls], settings)

    assert summary.stored == 4  # good.txt, good_cp1251.txt, the JSONL line, /page
    assert dict(summary.rejected) == {
        "binary": 2,
        "empty": 1,
        "http_error": 1,
        "malformed_json": 1,
        "no_text": 1,
        "not_found": 1,
        "too_large": 1,
        "truncated": 1,
        "undecodable": 1,
    }
    with SQLiteStore(settings.db_path) as store:
        rows = {
            Path(r.source).name if "://" not in r.source else r.source: r.reason
            for r in store.rejected(limit=100)
        }
    assert rows["huge.txt"] == "too_large" and rows["lines.jsonl#L2"] == "malformed_json"
    assert rows[urls[0]] == "not_found" and len(rows) == summary.rejected_total


def test_api_retry_rereads_fixed_file_and_keeps_failing_record(
    tmp_path: Path, settings: Settings
) -> None:
    fixable = tmp_path / "later.txt"
    fixable.write_text("too short")
    (tmp_path / "lines.jsonl").write_text("{broken\n")
    first = api.ingest([str(tmp_path)], settings)
    assert first.rejected_total == 2
    fixable.write_text(ARTICLE_EN)  # the user fixes the file
    again = api.retry(settings)
    assert again.stored == 1 and dict(again.rejected) == {"malformed_json": 1}
    with SQLiteStore(settings.db_path) as store:
        [left] = store.rejected(limit=10)
        assert left.source.endswith("lines.jsonl#L1") and left.attempts == 2
        assert store.count_articles() == 1


def test_api_analyze_stores_nothing(settings: Settings) -> None:
    docs = list(api.analyze([str(EXAMPLES)], settings))
    assert len(docs) == 5
    assert not settings.db_path.exists()


def test_api_ingest_in_worker_processes(settings: Settings) -> None:
    parallel = settings.with_(workers=2, batch_size=2)
    summary = api.ingest([str(EXAMPLES)], parallel)
    assert summary.stored == 5
    with SQLiteStore(settings.db_path) as store:  # workers do not send the raw input back:
        for row in store.articles(limit=5):  # the parent re-attaches it before storing
            doc = store.document(row.id)
            assert doc.raw == Path(doc.source).read_text("utf-8")


def test_api_feed_repoll_fetches_only_what_is_new(
    settings: Settings, http_server: LocalServer
) -> None:
    def rss(paths: list[str]) -> str:
        items = "".join(
            f"<item><title>{p}</title><link>{http_server.url(p)}</link></item>" for p in paths
        )
        return f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'

    for p in ("/a", "/b"):
        http_server.add(
            p,
            f"<html><body><article><p>{p} {ARTICLE_EN}</p></article></body></html>",
            Content_Type="text/html",
        )
    feed = http_server.add("/rss", rss(["/a"]), Content_Type="application/rss+xml", ETag='"1"')
    first = api.ingest([], settings, feeds=[feed])
    unchanged = api.ingest([], settings, feeds=[feed])
    http_server.add("/rss", rss(["/a", "/b"]), Content_Type="application/rss+xml", ETag='"2"')
    grown = api.ingest([], settings, feeds=[feed])

    assert (first.stored, unchanged.not_modified, grown.stored, grown.known) == (1, 1, 1, 1)
    assert http_server.hits["/a"] == 1 and http_server.hits["/b"] == 1
    with SQLiteStore(settings.db_path) as store:
        assert store.get_validators(feed) == ('"2"', None)
        assert {a.publisher for a in store.articles(limit=5)} == {"Wire"}


def test_api_retry_of_a_jsonl_record_keeps_its_metadata(tmp_path: Path, settings: Settings) -> None:
    record = {"text": "Too short.", "title": "Kept title", "url": "https://example.org/k"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n")
    assert api.ingest([str(tmp_path)], settings).rejected == {"no_text": 1}
    with SQLiteStore(settings.db_path) as store:
        [row] = store.rejected(limit=5)
        assert row.kind == "jsonl" and b"Kept title" in (row.payload or b"")
    retried = api.retry(settings.with_(min_text_chars=5))
    assert retried.stored == 1
    with SQLiteStore(settings.db_path) as store:
        [article] = store.articles(limit=5)
        assert (article.title, article.url) == ("Kept title", "https://example.org/k")


def test_api_feed_option_with_a_relative_path(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page.html").write_text(f"<html><body><p>{ARTICLE_EN}</p></body></html>")
    monkeypatch.chdir(tmp_path)
    summary = api.ingest([], settings, feeds=["page.html"])
    assert dict(summary.rejected) == {"not_a_feed": 1}
