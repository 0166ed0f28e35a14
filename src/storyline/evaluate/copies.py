"""Syndicated-copy detection on a generated set: copies of real texts vs same-story articles.

From the shared dev texts (``--gold``: the folder holding ``semeval2022-t8-train/``), every
non-junk text of ``pairs.jsonl`` gets two syndicated copies, made with a fixed seed: one with
another outlet's header and footer and a few words changed, one cut to its first 85 % under
another header. The hard negatives are the pairs' other texts: different articles, many of
them on the same story (gold ``overall`` 1–2), which must not fold. Originals that already
overlap another original (exact shingle Jaccard >= 0.3: the same wire story under two titles,
or a scraped cookie banner longer than the article) are left out, so the truth is complete;
the note says how many.

Every text goes through ``find_copy`` in a shuffled (seeded) order; predicted pairs are the
pairs in one group. Scores: pairwise precision and recall against the generated truth. Peer in
the same run: exact duplicate detection (hash of the whitespace-normalised text).
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

from storyline.errors import NotFoundError
from storyline.evaluate import Report
from storyline.resolve.copies import MemoryCopies, copy_pairs, find_copy, shingles
from storyline.settings import Settings

SEED = 2022
_HEADERS = (
    "Central Asia Daily | World",
    "Reposted with permission from our partners",
    "WIRE — Breaking news",
    "Новости региона | Политика",
)
_FOOTERS = (
    "Follow us on Telegram and X for more news.",
    "All rights reserved. Republication without permission is prohibited.",
    "Подписывайтесь на наш канал, чтобы не пропустить главное.",
    "Share this article: Facebook | X | WhatsApp | Email",
)


def _edit(text: str, rng: random.Random, changes: int) -> str:
    words = text.split(" ")
    for _ in range(changes):
        i = rng.randrange(len(words))
        word = words[i]
        if len(word) > 3:  # a typo: two letters swapped
            j = rng.randrange(1, len(word) - 2)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def generate(gold: Path) -> tuple[dict[str, str], set[frozenset[str]], int]:
    """(text by id, true copy pairs, originals left out as overlapping) for the generated set."""
    path = gold / "semeval2022-t8-train" / "pairs.jsonl"
    if not path.exists():
        raise NotFoundError(f"{path} is not here: give the shared dev-data folder as --gold")
    rng = random.Random(SEED)
    texts: dict[str, str] = {}
    truth: set[frozenset[str]] = set()
    seen: set[str] = set()
    kept: dict[str, set[bytes]] = {}
    overlapping = 0
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row.get("junk_suspect"):
            continue
        for side in ("1", "2"):
            text = row[f"text{side}"] or ""
            key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
            if len(text.split()) < 40 or key in seen:
                continue
            seen.add(key)
            grams = shingles(text)
            if any(len(grams & other) / len(grams | other) >= 0.3 for other in _near(kept, grams)):
                overlapping += 1
                continue
            kept[key] = grams
            original = f"orig-{key}"
            texts[original] = text
            edited = "\n".join(
                [
                    rng.choice(_HEADERS),
                    _edit(text, rng, max(2, len(text.split()) // 50)),
                    rng.choice(_FOOTERS),
                ]
            )
            cut = "\n".join([rng.choice(_HEADERS), text[: int(len(text) * 0.85)]])
            texts[f"copy-a-{key}"] = edited
            texts[f"copy-b-{key}"] = cut
            group = [original, f"copy-a-{key}", f"copy-b-{key}"]
            truth |= {frozenset((a, b)) for a in group for b in group if a < b}
    return texts, truth, overlapping


def _near(kept: dict[str, set[bytes]], grams: set[bytes]) -> list[set[bytes]]:
    """Kept originals sharing at least one shingle with ``grams`` (exact check, no sketch)."""
    return [other for other in kept.values() if not grams.isdisjoint(other)]


def evaluate_copies(gold: Path, settings: Settings) -> Report:
    texts, truth, overlapping = generate(gold)
    order = sorted(texts)
    random.Random(SEED).shuffle(order)
    index = MemoryCopies()
    decisions = [d for i in order if (d := find_copy(index, i, texts[i])) is not None]
    predicted = copy_pairs(decisions)
    exact: dict[str, list[str]] = {}
    for i in order:
        exact.setdefault(" ".join(texts[i].split()), []).append(i)
    peer = {frozenset((a, b)) for g in exact.values() for a in g for b in g if a < b}
    return Report(
        stage="copies",
        gold=str(gold),
        items=len(texts),
        metrics=_scores(predicted, truth),
        peer=_scores(peer, truth),
        peer_name="exact duplicates",
        notes=[
            f"{len(texts)} texts: {len(texts) // 3} originals from semeval2022-t8-train pairs, "
            f"each with 2 generated copies; {len(truth)} true copy pairs",
            "negatives include the pairs' other articles, many on the same story (gold 1-2)",
            f"{overlapping} originals left out: they already overlap another original",
        ],
    )


def _scores(predicted: set[frozenset[str]], truth: set[frozenset[str]]) -> dict[str, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
