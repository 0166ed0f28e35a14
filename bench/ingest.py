"""Ingest and store of plain-text articles: articles/s and peak memory by corpus size.

Each size runs in a fresh process so its peak memory is its own. In that process storyline's
``ingest`` (all stages that exist, process pool, SQLite + FTS5) runs first, then the peer: the
bare minimum any ingest must do (read each file, decode UTF-8, insert into SQLite with the same
FTS5 index). The ratio says what the pipeline costs over storing alone.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "examples"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=10_000, help="largest corpus size")
    parser.add_argument("--steps", type=int, default=4, help="corpus sizes up to N")
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    parser.add_argument("--stages", default="", help="comma-separated stages (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON rows")


def add_one_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--stages", default="")


def variant(i: int) -> str:
    """The i-th of many distinct page dumps: a sample page with a numbered line after its head."""
    seeds = _seed_texts()
    lines = seeds[i % len(seeds)].splitlines()
    note = f"Report {i} from the wire desk: the story is being updated as details come in."
    return "\n".join([*lines[:2], note, *lines[2:]])


@functools.cache
def _seed_texts() -> tuple[str, ...]:
    return tuple(p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt")))


def make_corpus(folder: Path, n: int) -> None:
    """N distinct page dumps in folders of 1,000 files."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"{i:07d}.txt").write_text(variant(i), encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    sizes = sorted({max(1, args.n * k // args.steps) for k in range(1, args.steps + 1)})
    rows = []
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}"
            make_corpus(corpus, n)
            out = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench",
                    "ingest-one",
                    "--n",
                    str(n),
                    "--corpus",
                    str(corpus),
                    "--workers",
                    str(args.workers),
                    "--stages",
                    args.stages,
                ],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return 0
    print(
        "| articles | storyline art/s | peer art/s | ratio | stored | peak RSS main MiB "
        "| peak RSS worker MiB | peer peak MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['n']:,} | {r['ours_per_s']:.0f} | {r['peer_per_s']:.0f} | "
            f"{r['ratio']:.2f} | {r['stored']:,} | {r['rss_main_mib']:.0f} | "
            f"{r['rss_worker_mib']:.0f} | {r['rss_after_peer_mib']:.0f} |"
        )
    print(
        "ratio = storyline articles/s ÷ peer articles/s (peer: read + decode + SQLite/FTS5 "
        "insert only). Peer peak is the whole process after both runs."
    )
    return 0


def run_one(args: argparse.Namespace) -> int:
    from storyline import Settings
    from storyline.api import ingest
    from storyline.stages import DEFAULT_PIPELINE

    with tempfile.TemporaryDirectory(prefix="storyline-bench-db-") as tmp:
        settings = Settings(db_path=Path(tmp) / "bench.db", workers=args.workers)
        start = time.perf_counter()
        stages = [s for s in args.stages.split(",") if s] or list(DEFAULT_PIPELINE)
        summary = ingest([str(args.corpus)], settings, stages=stages)
        ours = time.perf_counter() - start
        rss_main = _max_rss(resource.RUSAGE_SELF)
        rss_worker = _max_rss(resource.RUSAGE_CHILDREN)

        start = time.perf_counter()
        peer_stored = _peer(args.corpus, Path(tmp) / "peer.db")
        peer = time.perf_counter() - start
    row = {
        "n": args.n,
        "stored": summary.stored,
        "rejected": summary.rejected_total,
        "ours_s": round(ours, 3),
        "ours_per_s": args.n / ours,
        "peer_per_s": peer_stored / peer,
        "ratio": (args.n / ours) / (peer_stored / peer),
        "rss_main_mib": rss_main,
        "rss_worker_mib": rss_worker,
        "rss_after_peer_mib": _max_rss(resource.RUSAGE_SELF),
    }
    print(json.dumps(row))
    return 0


def _peer(corpus: Path, db_path: Path) -> int:
    """Read, decode and store with FTS5, one transaction per 64 files, as storyline batches."""
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE docs (rowid INTEGER PRIMARY KEY, source TEXT UNIQUE, text TEXT)")
    db.execute(
        "CREATE VIRTUAL TABLE docs_fts USING fts5(text, content='docs', content_rowid='rowid', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    count = 0
    files = sorted(corpus.rglob("*.txt"))
    for i in range(0, len(files), 64):
        db.execute("BEGIN")
        for path in files[i : i + 64]:
            text = path.read_bytes().decode("utf-8")
            cur = db.execute("INSERT INTO docs (source, text) VALUES (?, ?)", (str(path), text))
            db.execute("INSERT INTO docs_fts (rowid, text) VALUES (?, ?)", (cur.lastrowid, text))
            count += 1
        db.execute("COMMIT")
    db.close()
    return count


def _max_rss(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB
