"""Word tables written as one string per line of prose, split once at import."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())
