"""Same-story scores on SemEval-2022 task 8 pairs (a smoke test: processed, partly
back-translated texts; see the data's SOURCE.md).

Every text of ``pairs.jsonl`` (junk rows skipped) runs through the whole pipeline, entities are
resolved across all of them, and each pair is scored as the clustering would: the second
article against a story made of the first. Reported per language pair and overall: Pearson
correlation of the score with the gold similarity (4 − ``overall``, so higher is more alike),
and F1 of the same-story decision (score >= the clustering threshold) on pairs the gold calls
the same story (``overall`` <= 1.5) or different (>= 3). The peer, same run: plain cosine of the
same embeddings; its F1 uses the threshold that is best on this very set (an oracle, so the
peer's F1 is an upper bound for cosine alone).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from storyline.document import Document, RawItem
from storyline.errors import NotFoundError
from storyline.evaluate import Report
from storyline.settings import Settings


def evaluate_stories(gold: Path, settings: Settings) -> Report:
    from storyline.resolve import MemoryEntities, Resolver
    from storyline.resolve.events import link_entities
    from storyline.resolve.stories import THRESHOLD, Story, features, profile_of, score
    from storyline.run import process

    path = gold / "semeval2022-t8-train" / "pairs.jsonl"
    if not path.exists():
        raise NotFoundError(f"{path} is not here: give the shared dev-data folder as --gold")
    pairs = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    pairs = [p for p in pairs if not p.get("junk_suspect") and p.get("text1") and p.get("text2")]
    items = []
    for p in pairs:
        for side in ("1", "2"):
            items.append(RawItem(f"{p['pair_id']}/{side}", p[f"text{side}"], "text"))
    docs: dict[str, Document] = {}
    resolver = Resolver(MemoryEntities())
    # 2,800 texts through the whole pipeline: a batch job, so on every core
    for outcome in process(iter(items), replace(settings, workers=0)):
        if isinstance(outcome, Document):
            if outcome.entities:
                resolver.add(outcome)
                link_entities(outcome)
            docs[outcome.source] = outcome
    ours: list[tuple[str, float, float]] = []
    cosine: list[tuple[str, float, float]] = []
    for p in pairs:
        a, b = docs.get(f"{p['pair_id']}/1"), docs.get(f"{p['pair_id']}/2")
        if a is None or b is None or a.embedding is None or b.embedding is None:
            continue
        va, vb = (np.frombuffer(d.embedding or b"", dtype=np.float32) for d in (a, b))
        story = Story("a", np.zeros_like(va))
        story.add(profile_of(a, va))
        feats = features(profile_of(b, vb), story)
        pair = f"{p['lang1']}-{p['lang2']}"
        ours.append((pair, score(feats), float(p["overall"])))
        cosine.append((pair, feats["cosine"], float(p["overall"])))
    metrics = _metrics(ours, THRESHOLD)
    best = max((t / 100 for t in range(0, 100)), key=lambda t: _metrics(cosine, t)["same_story_f1"])
    return Report(
        stage="stories",
        gold=str(gold),
        items=len(ours),
        metrics=metrics,
        peer=_metrics(cosine, best),
        peer_name=f"embedding cosine (oracle threshold {best:.2f})",
        notes=[
            f"{len(ours)} pairs scored of {len(pairs)} non-junk pairs "
            "(the rest had a text the pipeline set aside as too short)",
            "same_story_f1: gold overall <= 1.5 positive, >= 3 negative, others not counted",
        ],
    )


def _metrics(rows: list[tuple[str, float, float]], threshold: float) -> dict[str, float]:
    by_pair: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for pair, value, overall in rows:
        by_pair[pair].append((value, overall))
        by_pair["all"].append((value, overall))
    out: dict[str, float] = {}
    for pair, values in sorted(by_pair.items()):
        if len(values) < 3:
            continue
        scores = np.array([v for v, _ in values])
        similarity = np.array([4.0 - o for _, o in values])
        r = (
            float(np.corrcoef(scores, similarity)[0, 1])
            if scores.std() and similarity.std()
            else 0.0
        )
        out[f"pearson_{pair}"] = round(r, 4)
    tp = fp = fn = 0
    for _, value, overall in rows:
        if 1.5 < overall < 3:
            continue
        same, predicted = overall <= 1.5, value >= threshold
        tp += same and predicted
        fp += predicted and not same
        fn += same and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    out["same_story_precision"] = round(precision, 4)
    out["same_story_recall"] = round(recall, 4)
    out["same_story_f1"] = round(
        2 * precision * recall / (precision + recall) if precision + recall else 0.0, 4
    )
    return out
