"""Events: dates + numbers + events stages, articles/s after NER, against parsing everything.

Articles are first taken through the pipeline up to ``roles.v1`` (cleaning, language, NER,
coreference), untimed. Then, in a pool of the same size for both:

- storyline: ``dates.v1``, ``numbers.v1`` and ``events.v1`` on each article (the event stage
  parses only the sentences its trigger-word filter lets through);
- peer: the dependency parse alone of *every* sentence of the same articles (spaCy's full
  English model, natasha's syntax for Russian): what the event stage would cost if it parsed
  all text, before any rule ran.

Corpora: page dumps made from the samples (``seeds``), and, when the shared dev data is there,
the documents our event labels point into (English press releases and news, Russian news).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from typing import Any

from bench.ingest import REPO, variant

SHARED = REPO.parent / "shared" / "data"
AFTER_NER = ("clean.v2", "metadata.v1", "language.v2", "mentions.v1", "coref.v1", "roles.v1")
EVENT_STAGES = ("dates.v1", "numbers.v1", "events.v1")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, default=400, help="sample-page articles")
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    parser.add_argument("--json", action="store_true", help="print JSON rows")


_functions: list[Any] = []


def _load_models() -> None:
    """One math thread per worker, and both parsers loaded before the clock starts."""
    from bench.entities import _one_thread
    from storyline.models import natasha_russian, russian_morphology, spacy_english_full

    _one_thread()
    spacy_english_full()
    natasha_russian()
    russian_morphology()


def _init_ours() -> None:
    from storyline import Settings
    from storyline.stages import STAGES

    _load_models()
    _functions[:] = [STAGES[n].factory(Settings(workers=1)) for n in EVENT_STAGES]


def _ours(doc: Any) -> int:
    for function in _functions:
        doc = function(doc)
    return len(doc.events)


def _peer(doc: Any) -> int:
    from storyline.stages.events import sentences
    from storyline.stages.events.syntax import parse_english, parse_russian

    spans = list(sentences(doc))
    parse = parse_russian if doc.meta.language == "ru" else parse_english
    return sum(len(s.tokens) for s in parse(spans, doc.text))


def _prepare(texts: list[str], workers: int) -> list[Any]:
    from storyline import Settings
    from storyline.document import Document, RawItem
    from storyline.run import process

    settings = Settings(workers=workers)
    items = (RawItem(f"bench-{i}", text, "text") for i, text in enumerate(texts))
    return [d for d in process(items, settings, AFTER_NER) if isinstance(d, Document)]


def _time(function: Any, docs: list[Any], workers: int, initializer: Any) -> float:
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=initializer) as pool:
        pool.map(function, docs[:workers], chunksize=1)  # load the models before timing
        start = time.perf_counter()
        pool.map(function, docs, chunksize=4)
        return time.perf_counter() - start


def measure(name: str, texts: list[str], workers: int) -> dict[str, Any]:
    docs = _prepare(texts, workers)
    ours = _time(_ours, docs, workers, _init_ours)
    peer = _time(_peer, docs, workers, _load_models)
    return {
        "corpus": name,
        "articles": len(docs),
        "languages": sorted({d.meta.language or "und" for d in docs}),
        "avg_chars": sum(len(d.text) for d in docs) / max(1, len(docs)),
        "ours_per_s": len(docs) / ours,
        "peer_per_s": len(docs) / peer,
        "ratio": peer / ours,
    }


def _shared_texts() -> list[str]:
    from storyline.evaluate.events import labels_dir, load_text, read_labels

    try:
        folder = labels_dir()
    except Exception:
        return []
    documents = dict.fromkeys(label.doc for label in read_labels(folder))
    return [load_text(SHARED, doc) for doc in documents]


def run(args: argparse.Namespace) -> int:
    from storyline import Settings

    workers = Settings(workers=args.workers).effective_workers()
    rows = [measure("sample pages", [variant(i) for i in range(args.n)], workers)]
    if SHARED.exists():
        texts = _shared_texts()
        if texts:
            rows.append(measure("labelled dev documents", texts, workers))
    if args.json:
        print(json.dumps(rows))
        return 0
    print(
        "| corpus | articles | languages | avg chars | workers | dates+numbers+events art/s "
        "| parse-everything art/s | speed-up |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['corpus']} | {r['articles']} | {', '.join(r['languages'])} | "
            f"{r['avg_chars']:.0f} | {workers} | {r['ours_per_s']:.1f} | {r['peer_per_s']:.1f} | "
            f"{r['ratio']:.2f} |"
        )
    print(
        "\nAfter NER (untimed). storyline: the three stages; peer: the dependency parse alone "
        "of every sentence, in a pool of the same size."
    )
    return 0
