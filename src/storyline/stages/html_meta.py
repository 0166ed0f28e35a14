"""Page metadata read straight from an HTML tree: title, site, author, canonical URL, date.

Cheaper than trafilatura's full metadata pass (a handful of XPath look-ups and htmldate without
its extensive search), and it never guesses: no date when the page states none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»)\s+")


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None
    publisher: str | None
    author: str | None
    url: str | None
    published: str | None


def _first(tree: Any, *xpaths: str) -> str | None:
    for xpath in xpaths:
        value = " ".join(str(tree.xpath(f"string({xpath})")).split())
        if value:
            return value
    return None


def page_title(tree: Any) -> str | None:
    """og:title or twitter:title; else the longest part of <title> ('Headline | Site'); else h1."""
    social = _first(
        tree, '//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content'
    )
    if social:
        return social
    title = _first(tree, "//head/title", "//title")
    if title:
        return max(_TITLE_SEPARATORS.split(title), key=len).strip() or title
    return _first(tree, "//h1")


def page_metadata(tree: Any, raw: str) -> PageMeta:
    import htmldate

    try:
        date = htmldate.find_date(tree, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on odd markup; a page without a date is fine
        date = None
    return PageMeta(
        title=page_title(tree),
        publisher=_first(
            tree,
            '//meta[@property="og:site_name"]/@content',
            '//meta[@name="application-name"]/@content',
            '//meta[@name="publisher"]/@content',
        ),
        author=_first(
            tree,
            '//meta[@name="author"]/@content',
            '//meta[@property="article:author"]/@content',
            '//*[@rel="author"][1]',
        ),
        url=_first(tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'),
        published=trusted_date(date if isinstance(date, str) else None, raw),
    )


def trusted_date(value: str | None, raw: str) -> str | None:
    """Drop the 1 January that trafilatura/htmldate make from a bare year.

    A YYYY-01-01 is kept only when the page itself writes that full date somewhere.
    """
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value or None
    year, month, day = value.split("-")
    if (month, day) != ("01", "01"):
        return value
    spelled = (value, f"01.01.{year}", f"1 January {year}", f"January 1, {year}", f"{year}/01/01")
    return value if any(s in raw for s in spelled) else None
