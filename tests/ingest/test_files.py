from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from storyline.document import RawItem
from storyline.errors import Reason, Rejected
from storyline.ingest import ReadContext, read_inputs
from storyline.ingest.files import read_stream
from storyline.settings import Settings
from tests.conftest import ARTICLE_EN, ARTICLE_RU


def read_all(paths: list[str], settings: Settings, **ctx: object) -> list[object]:
    return list(read_inputs(paths, ReadContext(settings, **ctx)))  # type: ignore[arg-type]


def write_warc(path: Path, pages: list[tuple[str, str]], *, gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(record)


def html_page(body: str) -> str:
    return (
        f"<html><head><title>T</title></head><body><article><p>{body}</p></article></body></html>"
    )


def test_files_text_file_is_one_item(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE_EN, encoding="utf-8")
    [item] = read_all([str(tmp_path / "a.txt")], settings)
    assert isinstance(item, RawItem) and item.format == "text" and item.content == ARTICLE_EN
    assert item.source == str((tmp_path / "a.txt").resolve())


def test_files_cp1251_without_declaration(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "ru.txt").write_bytes(ARTICLE_RU.encode("cp1251"))
    [item] = read_all([str(tmp_path / "ru.txt")], settings)
    assert isinstance(item, RawItem) and item.content == ARTICLE_RU
    assert "cp1251" in item.warnings[0]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", Reason.EMPTY),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, Reason.BINARY),
        ("archive.zip", b"PK\x03\x04" + bytes(200), Reason.BINARY),
        ("cut.txt.gz", gzip.compress(ARTICLE_EN.encode() * 20)[:-30], Reason.TRUNCATED),
    ],
)
def test_files_bad_file_rejected_with_reason(
    tmp_path: Path, settings: Settings, name: str, data: bytes, reason: Reason
) -> None:
    (tmp_path / name).write_bytes(data)
    [item] = read_all([str(tmp_path / name)], settings)
    assert isinstance(item, Rejected) and item.reason is reason
    assert str(tmp_path / name) in item.message()


def test_files_huge_file_refused_without_reading(tmp_path: Path, settings: Settings) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # a sparse 200 MB file: no disk, no memory
        handle.truncate(200 * 1024 * 1024)
    [item] = read_all([str(huge)], settings)
    assert isinstance(item, Rejected) and item.reason is Reason.TOO_LARGE
    assert "209,715,200 bytes" in item.detail


def test_files_jsonl_bad_line_does_not_stop_good_ones(tmp_path: Path, settings: Settings) -> None:
    lines = [
        json.dumps({"text": ARTICLE_EN, "url": "https://example.org/1", "title": "One"}),
        '{"text": "broken", ',
        json.dumps({"html": html_page(ARTICLE_EN), "source": "Example News"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no body"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all([str(path)], settings)
    good = [x for x in items if isinstance(x, RawItem)]
    bad = [x for x in items if isinstance(x, Rejected)]
    assert [g.meta.get("title") for g in good] == ["One", None]
    assert good[0].url == "https://example.org/1" and good[1].format == "html"
    assert good[1].meta["publisher"] == "Example News"
    assert [(b.source.rsplit("#", 1)[1], b.reason) for b in bad] == [
        ("L2", Reason.MALFORMED_JSON),
        ("L4", Reason.MALFORMED_JSON),
        ("L5", Reason.NO_TEXT),
    ]
    assert bad[0].payload == b'{"text": "broken", \n' and bad[0].kind == "jsonl"


def test_files_warc_response_records(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, [(f"https://example.org/{i}", html_page(ARTICLE_EN + str(i))) for i in range(3)]
    )
    items = read_all([str(path)], settings)
    assert [x.url for x in items if isinstance(x, RawItem)] == [
        f"https://example.org/{i}" for i in range(3)
    ]
    assert all(isinstance(x, RawItem) and x.format == "html" for x in items)


@pytest.mark.parametrize("gz", [True, False])
def test_files_truncated_warc_keeps_whole_records(
    tmp_path: Path, settings: Settings, gz: bool
) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(
        path, [(f"https://example.org/{i}", html_page(ARTICLE_EN * 3)) for i in range(4)], gz=gz
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 50])
    items = read_all([str(path)], settings)
    good = [x for x in items if isinstance(x, RawItem)]
    bad = [x for x in items if isinstance(x, Rejected)]
    assert len(good) == 3
    assert len(bad) == 1 and bad[0].reason is Reason.TRUNCATED


def test_files_directory_recursive_with_glob(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(ARTICLE_EN)
    (tmp_path / "a" / "skip.md").write_text(ARTICLE_EN)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(ARTICLE_EN)
    (tmp_path / "two.txt").write_text(ARTICLE_RU)
    items = read_all([str(tmp_path)], settings, glob="*.txt")
    assert sorted(Path(x.source).name for x in items) == ["one.txt", "two.txt"]  # type: ignore[attr-defined]


def test_files_missing_path_rejected(settings: Settings) -> None:
    [item] = read_all(["/nonexistent/file.txt"], settings)
    assert isinstance(item, Rejected) and item.reason is Reason.NOT_FOUND


def test_files_stdin_jsonl_streams(settings: Settings) -> None:
    data = (json.dumps({"text": ARTICLE_EN}) + "\nnot json\n").encode()
    items = list(read_stream("<stdin>", io.BytesIO(data), ReadContext(settings)))
    assert isinstance(items[0], RawItem) and items[0].source == "<stdin>#L1"
    assert isinstance(items[1], Rejected) and items[1].reason is Reason.MALFORMED_JSON


def test_files_stdin_text(settings: Settings) -> None:
    items = list(read_stream("<stdin>", io.BytesIO(ARTICLE_RU.encode()), ReadContext(settings)))
    assert isinstance(items[0], RawItem) and items[0].content == ARTICLE_RU


def test_files_jsonl_lone_surrogate_rejected_not_fatal(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"text": "bad \\ud800 text here and more"}\n' + json.dumps({"text": ARTICLE_EN}) + "\n"
    )
    items = read_all([str(path)], settings)
    assert isinstance(items[0], Rejected) and items[0].reason is Reason.UNDECODABLE
    assert isinstance(items[1], RawItem)


def test_files_feed_file_that_feedparser_cannot_read(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "f.rss"
    path.write_text('<rss version="2.0"><channel><title>&#xD800;</title></channel></rss>')
    items = read_all([str(path)], settings)
    assert len(items) <= 1 and all(isinstance(x, Rejected) for x in items)
