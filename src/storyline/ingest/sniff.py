"""Deciding what a file or response is from its name and first bytes."""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["text", "html", "jsonl", "warc", "feed"]

_FEED_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_RE = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)
_WARC_RE = re.compile(rb"^WARC/\d\.\d\r?\n")


def strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def sniff(name: str, head: bytes, *, content_type: str | None = None) -> Kind:
    """The kind of a (decompressed) input from its file name, MIME type and first bytes."""
    lower = strip_gz(name.lower())
    if lower.endswith((".warc", ".arc")) or _WARC_RE.match(head):
        return "warc"
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if content_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if lower.endswith((".rss", ".atom")) or _FEED_RE.search(start):
        return "feed"
    if lower.endswith((".html", ".htm", ".xhtml")) or content_type in (
        "text/html",
        "application/xhtml+xml",
    ):
        return "html"
    if start.startswith(b"{") and not lower.endswith((".txt", ".text")):
        return "jsonl"
    if _HTML_RE.match(start) or start.lower().startswith(b"<!doctype"):
        return "html"
    return "text"


def looks_like_feed(head: bytes) -> bool:
    return bool(_FEED_RE.search(head.lstrip()[:2048]))
