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

The ``e5_fallback_*`` rows measure the cosine used for languages USE v3 lacks, here on the same
pairs as if neither side had a USE vector: e5 vectors with each text's language mean removed
(the means over all these texts, as a store holding them would have), mapped onto the USE
scale by ``E5_CALIBRATION``; its F1 is at the clustering threshold, not an oracle. A note gives
the raw e5 cosine (no mean removed) for comparison.
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
    from storyline.resolve.stories import (
        THRESHOLD,
        LanguageMeans,
        Story,
        cosine,
        features,
        profile_of,
        score,
    )
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
    means = LanguageMeans(settings.e5_mean_min_articles)
    for doc in docs.values():
        vector = profile_of(doc).e5
        if vector is not None:
            means.add(doc.meta.language or "und", vector)
    ours: list[tuple[str, float, float]] = []
    plain: list[tuple[str, float, float]] = []
    fallback: list[tuple[str, float, float]] = []
    raw_e5: list[tuple[str, float, float]] = []
    through_e5 = 0  # pairs the clustering compares in e5 (a side USE does not cover)
    for p in pairs:
        a, b = docs.get(f"{p['pair_id']}/1"), docs.get(f"{p['pair_id']}/2")
        if a is None or b is None:
            continue
        story = Story("a", np.zeros(0, dtype=np.float32))
        story.add(profile_of(a))
        feats = features(profile_of(b), story, means)  # as the clustering would
        if "cosine" not in feats:  # no vector in a shared space (neither USE nor e5)
            continue
        pair = f"{p['lang1']}-{p['lang2']}"
        ours.append((pair, score(feats), float(p["overall"])))
        plain.append((pair, feats["cosine"], float(p["overall"])))
        through_e5 += bool(feats.get("e5"))
        e5a, e5b = (replace(profile_of(d), embedding=None) for d in (a, b))
        if e5a.e5 is None or e5b.e5 is None:
            continue
        alone = Story("a", np.zeros(0, dtype=np.float32))
        alone.add(e5a)
        centred, uncentred = cosine(e5b, alone, means), cosine(e5b, alone)
        fallback.append((pair, centred.value or 0.0, float(p["overall"])))
        raw_e5.append((pair, uncentred.raw or 0.0, float(p["overall"])))
    metrics = _metrics(ours, THRESHOLD)
    best = max((t / 100 for t in range(0, 100)), key=lambda t: _metrics(plain, t)["same_story_f1"])
    e5 = _metrics(fallback, THRESHOLD)
    metrics |= {
        f"e5_fallback_{k}": v
        for k, v in e5.items()
        if k in ("pearson_all", "same_story_precision", "same_story_recall", "same_story_f1")
    }
    best_raw = max(
        (t / 100 for t in range(0, 100)), key=lambda t: _metrics(raw_e5, t)["same_story_f1"]
    )
    raw = _metrics(raw_e5, best_raw)
    return Report(
        stage="stories",
        gold=str(gold),
        items=len(ours),
        metrics=metrics,
        peer=_metrics(plain, best),
        peer_name=f"embedding cosine (oracle threshold {best:.2f})",
        notes=[
            f"{len(ours)} pairs scored of {len(pairs)} non-junk pairs "
            "(the rest had a text the pipeline set aside as too short)",
            "same_story_f1: gold overall <= 1.5 positive, >= 3 negative, others not counted",
            f"{through_e5} of them compared through the e5 fallback by the clustering (a text "
            "detected in a language USE v3 lacks)",
            f"e5_fallback_*: {len(fallback)} pairs, e5 cosine with language means removed "
            f"({', '.join(f'{k} {n}' for k, n in means.counts.most_common())} texts), "
            f"calibrated, F1 at {THRESHOLD}; raw e5 cosine (no mean removed): Pearson "
            f"{raw['pearson_all']:.4f}, F1 {raw['same_story_f1']:.4f} at its oracle threshold "
            f"{best_raw:.2f}",
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
