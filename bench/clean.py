"""Article understanding (clean + metadata + language) on plain-text dumps and HTML pages.

Runs storyline's default pipeline through its process pool, then the peer, trafilatura's
``extract`` alone, on the same pages with the same number of worker processes; prints
articles/s for both and the ratio. HTML pages are the zyte-dev pages when ``--html`` points at
them (real pages), else pages made from the sample dumps; plain-text dumps are made from the
samples, and trafilatura reads them as one <p> per line.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import multiprocessing
import time
from pathlib import Path

from bench.ingest import REPO, variant

DEFAULT_HTML = REPO.parent / "shared" / "data" / "zyte-dev" / "html"
ARTICLE_STAGES = ("clean.v2", "metadata.v1", "language.v2")  # this bench's subject


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=2000, help="articles per format")
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML, help="folder of *.html(.gz)")
    parser.add_argument("--json", action="store_true", help="print JSON rows")


def dumps(n: int) -> list[str]:
    return [variant(i) for i in range(n)]


def as_html(dump: str) -> str:
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in dump.splitlines() if line.strip())
    return f"<html><head><title>Page</title></head><body><article>{lines}</article></body></html>"


def html_pages(folder: Path, n: int) -> tuple[list[str], str]:
    files = sorted(folder.glob("*.html*")) if folder.exists() else []
    if not files:
        return [as_html(d) for d in dumps(n)], "pages made from the sample dumps"
    texts = [
        (gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes()).decode(
            "utf-8", errors="replace"
        )
        for f in files
    ]
    return [texts[i % len(texts)] for i in range(n)], f"{len(texts)} real pages from {folder}"


def _peer(page: str) -> int:
    import trafilatura

    return len(trafilatura.extract(page, include_comments=False, include_tables=False) or "")


def run(args: argparse.Namespace) -> int:
    from storyline import Settings
    from storyline.document import Document, RawItem
    from storyline.run import process

    settings = Settings(workers=args.workers)
    workers = settings.effective_workers()
    text_pages = dumps(args.n)
    html_list, html_source = html_pages(args.html, args.n)
    rows = []
    for fmt, pages, peer_pages in (
        ("text", text_pages, [as_html(d) for d in text_pages]),
        ("html", html_list, html_list),
    ):
        items = (RawItem(f"bench-{i}", page, fmt) for i, page in enumerate(pages))  # type: ignore[arg-type]
        start = time.perf_counter()
        done = sum(
            1 for doc in process(items, settings, ARTICLE_STAGES) if isinstance(doc, Document)
        )
        ours = time.perf_counter() - start
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            start = time.perf_counter()
            pool.map(_peer, peer_pages, chunksize=16)
            peer = time.perf_counter() - start
        rows.append(
            {
                "format": fmt,
                "n": len(pages),
                "analysed": done,
                "workers": workers,
                "ours_per_s": len(pages) / ours,
                "peer_per_s": len(pages) / peer,
                "ratio": peer / ours,
            }
        )
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    print("| input | articles | analysed | workers | storyline art/s | trafilatura art/s | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['format']} | {r['n']:,} | {r['analysed']:,} | {r['workers']} | "
            f"{r['ours_per_s']:.0f} | {r['peer_per_s']:.0f} | {r['ratio']:.2f} |"
        )
    print(f"storyline: clean.v2 + metadata.v1 + language.v2; html: {html_source}.")
    print("peer: trafilatura.extract alone (text dumps given to it as one <p> per line);")
    print("ratio = storyline articles/s ÷ trafilatura articles/s, same pool size.")
    return 0
