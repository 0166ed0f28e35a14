from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.document import Document, OffsetMap, article_id
from tests.conftest import raw_item


def test_document_article_id_stable_and_source_sensitive() -> None:
    assert article_id("a.txt", "text") == article_id("a.txt", "text")
    assert article_id("a.txt", "text") != article_id("b.txt", "text")  # two outlets: two articles
    assert article_id("a.txt", "text") != article_id("a.txt", "text!")
    assert len(article_id("a", "b")) == 16


def test_document_id_uses_url_over_path() -> None:
    by_url = raw_item(source="feed.xml#entry1", url="https://example.org/a")
    same_url = raw_item(source="other.warc#record3", url="https://example.org/a")
    assert by_url.id == same_url.id


def test_document_offset_map_runs_merge_and_map_back() -> None:
    offsets = OffsetMap()
    offsets.add(0, 5, 3)
    offsets.add(3, 8, 2)  # contiguous in both: one run
    offsets.add(6, 20, 4)  # a separator was inserted at clean offset 5
    assert offsets.runs == [(0, 5, 5), (6, 20, 4)]
    assert offsets.to_raw(0) == 5
    assert offsets.to_raw(4) == 9
    assert offsets.to_raw(7) == 21
    assert offsets.span_to_raw(6, 10) == (20, 24)
    assert offsets.span_to_raw(0, 5) == (5, 10)


def test_document_to_json_has_contract_fields() -> None:
    doc = Document.from_raw(raw_item(title="T", published="2025-01-29"))
    out = doc.to_json()
    for key in (
        "id",
        "source",
        "url",
        "title",
        "publisher",
        "published",
        "language",
        "text",
        "entities",
        "dates",
        "events",
    ):
        assert key in out
    assert out["title"] == "T" and out["published"] == "2025-01-29"
    assert out["entities"] == [] and out["dates"] == [] and out["events"] == []


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 9)), min_size=1, max_size=30))
def test_document_offset_map_is_monotonic(steps: list[tuple[int, int]]) -> None:
    """Runs added left to right map clean offsets to non-decreasing raw offsets."""
    offsets = OffsetMap()
    clean = raw = 0
    for gap, length in steps:
        raw += gap
        offsets.add(clean, raw, length)
        clean += length + (1 if gap else 0)
        raw += length
    mapped = [offsets.to_raw(i) for i in range(clean)]
    assert mapped == sorted(mapped)
