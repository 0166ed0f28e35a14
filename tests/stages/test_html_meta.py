from __future__ import annotations

import pytest
from lxml import html as lxml_html

from storyline.stages.html_meta import page_metadata, page_title


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (
            '<meta property="og:title" content="Border talks"><title>x | Site</title>',
            "Border talks",
        ),
        ("<title>Border talks in Dushanbe | Example News</title>", "Border talks in Dushanbe"),
        ("<title>Example News — Border talks in Dushanbe</title>", "Border talks in Dushanbe"),
        ("<title></title>", "Headline from h1"),
    ],
)
def test_html_meta_title(head: str, title: str) -> None:
    tree = lxml_html.fromstring(
        f"<html><head>{head}</head><body><h1>Headline from h1</h1></body></html>"
    )
    assert page_title(tree) == title


def test_html_meta_fields_and_no_invented_date() -> None:
    page = (
        '<html><head><meta property="og:site_name" content="Asia-Plus">'
        '<meta name="author" content="Jane Doe">'
        '<link rel="canonical" href="https://example.org/a">'
        '<meta property="article:published_time" content="2025-01-29T10:00:00+05:00">'
        "</head><body><p>Text</p></body></html>"
    )
    meta = page_metadata(lxml_html.fromstring(page), page)
    assert (meta.publisher, meta.author, meta.url, meta.published) == (
        "Asia-Plus",
        "Jane Doe",
        "https://example.org/a",
        "2025-01-29",
    )
    undated = "<html><head><title>T</title></head><body><p>Copyright 2021</p></body></html>"
    assert page_metadata(lxml_html.fromstring(undated), undated).published is None
