"""Entities: NER + resolution throughput, and resolution cost as the store grows.

1. Throughput: storyline's whole pipeline (clean … mentions, coref, roles) through the process
   pool and into a fresh store (resolution included), on page dumps made from the samples
   (~3 KB each), against the peer — spaCy (English) or natasha (Russian) alone on the same
   clean texts, in a pool of the same size.
2. Growth: synthetic articles (ten mentions each: five new names, five recurring) written
   through the store's resolver until it holds ``--entities`` entities; the time per added
   article is printed at each step. Flat means blocking works: candidates, not the store,
   set the cost.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import tempfile
import time
from pathlib import Path

from bench.ingest import variant


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=400, help="articles for throughput")
    parser.add_argument("--entities", type=int, default=100_000, help="store size to grow to")
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    parser.add_argument("--json", action="store_true", help="print JSON rows")


def _peer(text_and_language: tuple[str, str]) -> int:
    text, language = text_and_language
    if language == "ru":
        from natasha import Doc

        from storyline.models import natasha_russian

        segmenter, _, _, _, ner = natasha_russian()
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(ner)
        return len(doc.spans)
    from storyline.models import spacy_english

    return len(spacy_english()(text).ents)


def _one_thread() -> None:
    from storyline.run import _one_thread_per_worker

    _one_thread_per_worker()


def throughput(n: int, workers: int) -> dict[str, float]:
    from storyline import Settings
    from storyline.api import ingest
    from storyline.document import Document, RawItem
    from storyline.stages import build_pipeline

    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(n):
            (corpus / f"{i:05d}.txt").write_text(variant(i), encoding="utf-8")
        settings = Settings(db_path=Path(tmp) / "bench.db", workers=workers)
        start = time.perf_counter()
        summary = ingest([str(corpus)], settings)
        ours = time.perf_counter() - start
        cleaner = build_pipeline(settings, ["clean.v2", "metadata.v1", "language.v2"])
        texts = []
        for i in range(n):
            doc = cleaner(RawItem(f"{i}", variant(i), "text"))
            if isinstance(doc, Document):
                texts.append((doc.text, doc.meta.language or "en"))
        context = multiprocessing.get_context("fork")
        # The peer's pool gets the same one-math-thread-per-worker setting as storyline's.
        with context.Pool(settings.effective_workers(), initializer=_one_thread) as pool:
            pool.map(_peer, texts[:2], chunksize=1)  # load the models before timing
            start = time.perf_counter()
            pool.map(_peer, texts, chunksize=8)
            peer = time.perf_counter() - start
    size = sum(len(t.encode("utf-8")) for t, _ in texts) / max(1, len(texts))
    return {
        "articles": n,
        "stored": summary.stored,
        "avg_clean_bytes": size,
        "ours_per_s": n / ours,
        "peer_per_s": len(texts) / peer,
        "ratio": (n / ours) / (len(texts) / peer),
    }


# Consonant-vowel(-consonant) syllables: names as varied in their consonants as real ones
# (a small syllable set would make every consonant skeleton a crowd no real corpus has).
_SYLLABLES = [c + v for c in "bdfgklmnprstvzhjc" for v in "aeiou"] + [
    c + v + e for c in "bdgkmrst" for v in "aiou" for e in "lnrs"
]


def _name(rng: random.Random, words: int) -> str:
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        for _ in range(words)
    )


def growth(target: int, step_articles: int = 1000) -> list[dict[str, float]]:
    from storyline.document import Document, EntityMention
    from storyline.store import SQLiteStore

    rng = random.Random(7)
    recurring = [(_name(rng, 2), "PER") for _ in range(200)] + [
        (_name(rng, 1), "ORG") for _ in range(200)
    ]
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp,
        SQLiteStore(Path(tmp) / "growth.db") as store,
    ):
        article = 0
        entities = 0
        while entities < target:
            batch = []
            for _ in range(step_articles):
                names = (
                    [(_name(rng, 2), "PER") for _ in range(3)]
                    + [(_name(rng, 1), "LOC") for _ in range(2)]
                    + rng.sample(recurring, 5)
                )
                text = ". ".join(n for n, _ in names) + "."
                mentions, offset = [], 0
                for i, (name, kind) in enumerate(names):
                    mentions.append(
                        EntityMention(
                            offset,
                            offset + len(name),
                            name,
                            kind,
                            lemma=name,
                            cluster=i,
                            canonical=name,
                        )
                    )
                    offset += len(name) + 2
                doc = Document(
                    id=f"{article:012x}",
                    source=f"synthetic-{article}",
                    raw=text,
                    raw_format="text",
                    text=text,
                    entities=mentions,
                )
                batch.append(doc)
                article += 1
            start = time.perf_counter()
            for i in range(0, len(batch), 64):
                store.write(batch[i : i + 64])
            elapsed = time.perf_counter() - start
            entities = store._db.execute("SELECT count(*) FROM entities").fetchone()[0]
            rows.append(
                {
                    "articles": article,
                    "entities": entities,
                    "ms_per_article": 1000 * elapsed / len(batch),
                }
            )
    return rows


def run(args: argparse.Namespace) -> int:
    from storyline import Settings

    workers = Settings(workers=args.workers).effective_workers()
    speed = throughput(args.n, args.workers)
    curve = growth(args.entities)
    if args.json:
        print(json.dumps({"throughput": speed, "growth": curve}))
        return 0
    print("| articles | avg clean KB | workers | storyline art/s | NER alone art/s | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {speed['articles']:,} | {speed['avg_clean_bytes'] / 1024:.1f} | {workers} | "
        f"{speed['ours_per_s']:.1f} | {speed['peer_per_s']:.1f} | {speed['ratio']:.2f} |"
    )
    print(
        "storyline: the whole pipeline and the store, resolution included; peer: the NER model "
        "alone on the same clean text.\n"
    )
    print("| articles stored | entities | ms per added article (resolution + store) |")
    print("|---:|---:|---:|")
    for row in curve:
        print(f"| {row['articles']:,} | {row['entities']:,} | {row['ms_per_article']:.2f} |")
    return 0
