from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.document import Document
from storyline.errors import Reason, Rejected
from storyline.settings import Settings
from storyline.stages import build_pipeline
from storyline.stages.clean import align, clean_plain
from storyline.stages.html_meta import trusted_date as _trusted_date
from tests.conftest import ARTICLE_EN, raw_item


def test_clean_plain_paragraphs_and_whitespace() -> None:
    raw = "  Title line  \r\n\r\n\r\nFirst   paragraph\twith tabs.\n\nSecond.\n"
    built = clean_plain(raw)
    text = built.text()
    assert text == "Title line\n\nFirst paragraph with tabs.\n\nSecond."
    assert [text[s:e] for s, e in built.paragraphs] == [
        "Title line",
        "First paragraph with tabs.",
        "Second.",
    ]


@given(st.text(alphabet=st.sampled_from("ab Ж\t\n\r ."), max_size=200))
def test_clean_plain_every_copied_char_maps_to_the_same_raw_char(raw: str) -> None:
    built = clean_plain(raw)
    text = built.text()
    for clean_start, raw_start, length in built.offsets.runs:
        assert text[clean_start : clean_start + length] == raw[raw_start : raw_start + length]
    for start, end in built.paragraphs:
        raw_start, raw_end = built.offsets.span_to_raw(start, end)
        assert " ".join(raw[raw_start:raw_end].split()) == text[start:end]


def test_clean_align_html_words_to_source() -> None:
    raw = "<p>Tajik <b>President</b> met &amp; talked</p>"
    offsets = align("Tajik President met & talked", raw)
    assert raw[offsets.to_raw(6) : offsets.to_raw(6) + 9] == "President"
    assert raw[offsets.to_raw(22) : offsets.to_raw(22) + 6] == "talked"


@pytest.mark.parametrize(
    ("value", "raw", "expected"),
    [
        ("2021-01-01", "<time>2021</time>", None),  # a bare year became 1 January: dropped
        ("2021-01-01", "<time>2021-01-01</time>", "2021-01-01"),
        ("2024-11-28", "", "2024-11-28"),
        (None, "", None),
    ],
)
def test_clean_trusted_date(value: str | None, raw: str, expected: str | None) -> None:
    assert _trusted_date(value, raw) == expected


def test_clean_html_main_text_and_metadata(settings: Settings) -> None:
    html = (
        "<html><head><title>Border talks | Example News</title>"
        '<meta property="og:site_name" content="Example News"></head><body>'
        "<nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        f"<article><h1>Border talks</h1><p>{ARTICLE_EN}</p><p>{ARTICLE_EN}</p></article>"
        "<footer>Copyright Example News. All rights reserved.</footer></body></html>"
    )
    doc = build_pipeline(settings, ["clean.v1"])(raw_item(html, fmt="html"))
    assert isinstance(doc, Document)
    assert "Security cooperation between Moscow and Dushanbe" in doc.text
    assert "All rights reserved" not in doc.text and "Home" not in doc.text
    assert doc.meta.publisher == "Example News"
    start = doc.text.index("Moscow")
    raw_start, raw_end = doc.offsets.span_to_raw(start, start + len("Moscow"))
    assert doc.raw[raw_start:raw_end] == "Moscow"


def test_clean_html_without_text_is_rejected(settings: Settings) -> None:
    html = "<html><body><nav><a href='/'>Home</a></nav><img src='x.png'></body></html>"
    result = build_pipeline(settings, ["clean.v1"])(raw_item(html, fmt="html", source="p.html"))
    assert isinstance(result, Rejected) and result.reason is Reason.NO_TEXT
    assert "HTML page has 0 characters" in result.detail
    assert result.payload is not None and result.kind == "html"  # kept for retry
