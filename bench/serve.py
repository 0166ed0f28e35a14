"""Serve: latency of the web page and the JSON API under load, and the weight of each page.

A store of N articles (``bench.corpus``, cached) is served by ``storyline serve`` (uvicorn, two
workers by default) in a subprocess on a free loopback port. This process is the load
generator: for each view, ``--clients`` closed-loop clients (asyncio, a minimal HTTP/1.1
client, one keep-alive connection each, no think time) request URLs drawn from the store's own
values (stories weighted by size, articles, entities weighted by mentions, searches built from
entity names in English and Russian) for ``--seconds``. Latency is the client's, from request
to last body byte.

The peer, in the same run and the same server processes: ``/api/health`` under the same load,
the framework's own floor. Each view's p99 is given as a ratio to it.

The generator competes with the server for the same cores; both processes' CPU use is printed
so a reader can see when the generator, not the server, is the limit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import corpus
from bench.load import Result, load

FIXED_QUERIES = ["Rahmon", "ОДКБ", "Dushanbe border", "Afghanistan", "Таджикистан", "Ryanair"]
PEER = "peer: /api/health"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--seconds", type=float, default=20.0, help="load per view")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--cache-mb",
        type=int,
        default=0,
        help="the server's response cache per worker (default 0: every request computes its "
        "page, the cold cost; `storyline serve` keeps 64)",
    )
    parser.add_argument("--db", type=Path, help="serve this store instead of building one")
    parser.add_argument("--views", default="", help="comma-separated view names (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON rows")


# -- what clients ask for --------------------------------------------------------------------


@dataclass(slots=True)
class Values:
    stories: list[str]
    articles: list[str]
    entities: list[str]
    queries: list[str]


def sample_values(db_path: Path, k: int = 2_000, seed: int = 3) -> Values:
    """Ids and queries a reader would use: a story reached from a random article (so large
    stories come up as often as readers meet them), entities as often as they are mentioned."""
    rng = random.Random(seed)
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        count = db.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0
        rowids = [rng.randint(1, count) for _ in range(k)]
        marks = ",".join("?" * len(rowids))
        articles = [
            r[0] for r in db.execute(f"SELECT id FROM articles WHERE rowid IN ({marks})", rowids)
        ]
        amarks = ",".join("?" * len(articles))
        stories = [
            r[0]
            for r in db.execute(
                f"SELECT story_id FROM story_members WHERE article_id IN ({amarks})", articles
            )
        ]
        mentions = db.execute("SELECT max(rowid) FROM mentions").fetchone()[0] or 0
        mrows = [rng.randint(1, mentions) for _ in range(k)] if mentions else []
        mmarks = ",".join("?" * len(mrows))
        entities = [
            r[0]
            for r in db.execute(f"SELECT entity_id FROM mentions WHERE rowid IN ({mmarks})", mrows)
        ]
        names = [
            r[0]
            for r in db.execute(
                "SELECT canonical FROM entities WHERE type IN ('PER', 'ORG', 'LOC') "
                "ORDER BY mentions DESC LIMIT 60"
            )
        ]
    words = ["border", "security", "talks", "границы", "визит"]
    queries = FIXED_QUERIES + names + [f"{n} {rng.choice(words)}" for n in names[:30]]
    return Values(stories, articles, entities, queries)


def read_through(path: Path) -> float:
    """Read the store file once, so each view is measured against a warm OS page cache
    rather than paying the first disk reads of whichever view runs first."""
    start = time.perf_counter()
    with path.open("rb") as f:
        while f.read(16 * 2**20):
            pass
    return time.perf_counter() - start


def describe(path: Path) -> dict[str, float]:
    """What is in a store: articles, stories by size, copies, entities, events."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        sizes = [r[0] for r in db.execute("SELECT count(*) FROM story_members GROUP BY story_id")]
        counts = {
            t: float(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("articles", "copies", "entities", "events")
        }
    return counts | {
        "stories": len(sizes),
        "stories_2plus": sum(s > 1 for s in sizes),
        "largest_story": max(sizes, default=0),
        "mb": path.stat().st_size / 2**20,
    }


def views(values: Values) -> dict[str, list[str]]:
    """View name → the URLs its clients cycle through; the peer first."""
    from urllib.parse import quote

    q = [quote(v) for v in values.queries]
    pages: dict[str, list[str]] = {
        PEER: ["/api/health"],
        "feed /": ["/", "/?page=2"],
        "story /stories/{id}": [f"/stories/{i}" for i in values.stories],
        "article /articles/{id}": [f"/articles/{i}" for i in values.articles],
        "entity /entities/{id}": [f"/entities/{i}" for i in values.entities],
        "events /events": ["/events"],
        "search /search?q=": [f"/search?q={v}" for v in q],
    }
    api: dict[str, list[str]] = {
        "api /api/stories": ["/api/stories"],
        "api /api/stories/{id}": [f"/api/stories/{i}" for i in values.stories],
        "api /api/articles": ["/api/articles"],
        "api /api/articles/{id}": [f"/api/articles/{i}" for i in values.articles],
        "api /api/entities": ["/api/entities"],
        "api /api/entities/{id}": [f"/api/entities/{i}" for i in values.entities],
        "api /api/events": ["/api/events"],
        "api /api/search?q=": [f"/api/search?q={v}" for v in q],
    }
    return pages | api


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int, cache_mb: int = 0) -> subprocess.Popen[bytes]:
    """``storyline serve`` in a subprocess, answering on ``/api/health``."""
    command = [sys.executable, "-m", "storyline", "serve", "--db", str(db)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    command += ["--cache-mb", str(cache_mb)]
    log = tempfile.TemporaryFile()  # noqa: SIM115  # lives as long as the server; read on failure
    process = subprocess.Popen(command, cwd=corpus.REPO, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            said = log.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"the server exited with {process.returncode}: {command}\n{said}")
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    process.terminate()
    raise RuntimeError(f"no answer from {base}/api/health within 120 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn workers), from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for task in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def worker_split(pid: int, port: int) -> str:
    """Established client connections per server worker, most first ("27/23")."""
    import psutil

    counts = []
    for child in _children(pid):
        try:
            connections = psutil.Process(child).net_connections(kind="tcp")
        except psutil.Error:
            continue
        counts.append(
            sum(1 for c in connections if c.laddr.port == port and c.status == "ESTABLISHED")
        )
    return "/".join(str(n) for n in sorted(counts, reverse=True) if n)


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found] + [g for c in found for g in _children(int(c))]


_ASSET = re.compile(r"""<(?:link[^>]+href|script[^>]+src|img[^>]+src)=["']([^"']+)["']""", re.I)


def asset_bytes(base: str, url: str) -> int | None:
    """What an HTML page links (stylesheets, scripts, images on this server), fetched once;
    None when the view is not HTML."""
    page = httpx.get(base + url, timeout=30)
    if "html" not in page.headers.get("content-type", ""):
        return None
    total = 0
    for link in dict.fromkeys(_ASSET.findall(page.text)):
        if link.startswith(("http://", "https://", "//", "data:")):
            continue  # not served by storyline (an offline page should link none)
        response = httpx.get(httpx.URL(base + url).join(link), timeout=30)
        total += len(response.content) if response.status_code == 200 else 0
    return total


def measure(port: int, pid: int, view: str, urls: list[str], args: argparse.Namespace) -> Result:
    server, client = cpu_seconds(pid), time.process_time()
    wall = time.perf_counter()
    result = asyncio.run(
        load(port, view, urls, args.clients, args.seconds, split=lambda: worker_split(pid, port))
    )
    wall = time.perf_counter() - wall
    result.server_cpu = (cpu_seconds(pid) - server) / wall
    result.client_cpu = (time.process_time() - client) / wall
    if not view.startswith(("api ", "peer")):
        result.assets = asset_bytes(f"http://127.0.0.1:{port}", urls[0])
    return result


# -- the command -----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    if args.db is not None:
        db, built = args.db, None
        if not db.exists():
            raise SystemExit(f"no store at {db}")
    else:
        print(f"Store of {args.n:,} articles (bench/.cache, built when missing) …", flush=True)
        db, built = corpus.cached_store(args.n)
    store = describe(db)
    values = sample_values(db)
    seconds = read_through(db)
    print(
        f"Store file read once in {seconds:.1f} s (the OS page cache, as on a server up a while)."
    )
    chosen = [v for v in args.views.split(",") if v]
    plan = {
        k: u
        for k, u in views(values).items()
        if k == PEER or not chosen or any(c in k for c in chosen)
    }
    port = free_port()
    process = start_server(db, port, args.workers, args.cache_mb)
    try:
        results = [measure(port, process.pid, view, urls, args) for view, urls in plan.items()]
    finally:
        process.terminate()
        process.wait(30)
    peer_p99 = results[0].row(None)["p99_ms"]
    rows = [r.row(peer_p99) for r in results]
    if args.json:
        print(json.dumps({"store": store, "built_s": built, "rows": rows}))
        return 0
    _print(args, db, store, built, rows)
    return 0


def _print(
    args: argparse.Namespace,
    db: Path,
    store: dict[str, float],
    built: float | None,
    rows: list[dict[str, Any]],
) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"\nCores available: {cores}. Server: storyline serve, {args.workers} uvicorn "
        f"worker(s), on {db}; "
        + (
            f"response cache {args.cache_mb} MiB per worker."
            if args.cache_mb
            else "no response cache (every request computes its page)."
        )
    )
    print(
        f"Load: {args.clients} closed-loop clients per view, no think time, {args.seconds:g} s "
        "each after a warm-up; a minimal asyncio HTTP client in this process, on the same "
        "cores as the server."
    )
    print(
        f"Store: {store['articles']:,.0f} articles, {store['stories']:,.0f} stories "
        f"({store['stories_2plus']:,.0f} with 2+ articles, largest {store['largest_story']:,.0f}),"
        f" {store['copies']:,.0f} copies, {store['entities']:,.0f} entities, "
        f"{store['events']:,.0f} events, {store['mb']:,.0f} MiB."
        + (
            f" Built in {built:.0f} s ({store['articles'] / built:.0f} articles/s)."
            if built
            else ""
        )
    )
    print(
        "\n| view | requests | req/s | p50 ms | p90 ms | p99 ms | p99 ÷ peer | errors "
        "| body KiB | wire KiB | page + assets KiB | server CPU | generator CPU | cache hits "
        "| clients per worker |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        ratio = f"{r['p99_vs_peer']:.1f}" if r["p99_vs_peer"] is not None else ""
        page = f"{r['page_bytes'] / 1024:.1f}" if r["page_bytes"] is not None else ""
        errors = f"{r['errors']}" + (f" ({r['error_kinds']})" if r["errors"] else "")
        print(
            f"| {r['view']} | {r['requests']:,} | {r['per_s']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {ratio} | {errors} | "
            f"{r['body_bytes'] / 1024:.1f} | {r['wire_bytes'] / 1024:.1f} | {page} | "
            f"{r['server_cpu']:.0%} | {r['client_cpu']:.0%} | {r['cache_hits']:.0%} | "
            f"{r['connections_per_worker']} |"
        )
    print(
        "\np99 ÷ peer: the view's p99 over /api/health's, measured the same way in the same run "
        "(target: p99 < 200 ms). CPU: CPU seconds per wall second (200% = both cores). When the "
        "generator's CPU is high, part of each latency is its own queueing, not the server's."
    )
