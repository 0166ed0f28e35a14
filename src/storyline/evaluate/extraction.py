"""Article body extraction scored as the article-extraction benchmark scores it.

Per page: 4-gram token shingles of the gold and predicted bodies, counted with multiplicity;
tp/fp/fn normalised by their sum so long pages weigh no more than short ones. Precision and
recall are averaged over pages and F1 is computed from the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from pathlib import Path

from storyline.document import RawItem
from storyline.errors import NotFoundError
from storyline.evaluate import Report
from storyline.settings import Settings

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page's shingles."""
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(pages: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(precision(*c) for c in pages if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in pages if c[0] + c[2] > 0)
    return {"f1": 2 * p * r / (p + r) if p + r else 0.0, "precision": p, "recall": r}


def load_gold(folder: Path) -> list[tuple[str, str, str, str | None]]:
    """(id, html, gold body, url) for every page of an article-extraction-benchmark folder."""
    truth_path = folder / "ground-truth.json"
    if not truth_path.exists():
        raise NotFoundError(f"{truth_path} not found: expected ground-truth.json and html/")
    truth = json.loads(truth_path.read_text("utf-8"))
    pages = []
    for key in sorted(truth):
        html_path = folder / "html" / f"{key}.html.gz"
        html = gzip.decompress(html_path.read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, html, truth[key].get("articleBody", ""), truth[key].get("url")))
    return pages


def evaluate_extraction(folder: Path, settings: Settings) -> Report:
    import trafilatura

    from storyline.stages import DEFAULT_PIPELINE, build_pipeline

    cleaner = DEFAULT_PIPELINE[0]
    pipeline = build_pipeline(settings, [cleaner])
    ours, peer = [], []
    for key, html, gold, url in load_gold(folder):
        result = pipeline(RawItem(source=key, content=html, format="html", url=url))
        predicted = getattr(result, "text", "")
        ours.append(page_counts(gold, predicted))
        baseline = trafilatura.extract(html, url=url, favor_precision=True) or ""
        peer.append(page_counts(gold, baseline))
    return Report(
        stage="extraction",
        notes=[f"stage {cleaner}"],
        gold=str(folder),
        items=len(ours),
        metrics=score(ours),
        peer=score(peer),
        peer_name="trafilatura.extract(favor_precision=True)",
    )
