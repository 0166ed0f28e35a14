"""Syndicated copies: the same article under another outlet's header and footer, lightly edited.

Each article's clean text becomes word 5-gram shingles and a seeded MinHash signature
(datasketch, 128 permutations). Locality-sensitive hashing splits the signature into bands
(datasketch's optimal banding for the threshold); articles sharing a band are candidates, and a
candidate is a copy when the signatures' estimated Jaccard similarity reaches ``THRESHOLD``.
The first-seen article is the canonical one; a copy of a copy joins the same group. Every
decision keeps its similarity and reasons.

The band index lives behind ``CopyIndex``: in memory for ``analyze`` and evaluations, in SQLite
for the store (the same bands in a table), so a later run finds copies of earlier articles.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

NUM_PERM = 128
SEED = 7  # fixed: signatures from different runs and machines compare
SHINGLE = 5  # words
THRESHOLD = 0.5  # estimated Jaccard at which a candidate is a copy
# Bands are cut for a lower similarity than the decision needs, so that a copy at 0.55 is
# almost surely a candidate (at 0.5 banding, one in ten would slip through).
LSH_THRESHOLD = 0.3
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CopyDecision:
    article_id: str
    canonical_id: str
    similarity: float
    reasons: list[str] = field(default_factory=list)


class CopyIndex(Protocol):
    def candidates(self, bands: list[tuple[int, int]]) -> dict[str, int]:
        """Article ids sharing at least one band, with how many bands they share."""
        ...

    def signature(self, article_id: str) -> np.ndarray: ...

    def canonical(self, article_id: str) -> str:
        """The group's canonical article (the article itself when it is no copy)."""
        ...

    def add(self, article_id: str, signature: np.ndarray, bands: list[tuple[int, int]]) -> None: ...

    def record(self, decision: CopyDecision) -> None: ...


@functools.cache
def _banding() -> tuple[int, int]:
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


@functools.cache
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED)


def shingles(text: str) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {
        " ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)
    }


def signature(text: str) -> np.ndarray | None:
    """The seeded MinHash of ``text``'s shingles; None for a text too short to compare."""
    from datasketch import MinHash

    grams = shingles(text)
    if len(grams) < 3:
        return None
    template = _template()
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, permutations=template.permutations, scheme=template.scheme
    )
    minhash.update_batch(grams)
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    """(band number, a stable 63-bit hash of the band's rows): equal bands, equal keys, in any
    process (Python's own ``hash`` of bytes changes from run to run)."""
    b, r = _banding()
    return [
        (
            i,
            int.from_bytes(
                hashlib.blake2b(sig[i * r : (i + 1) * r].tobytes(), digest_size=8).digest()
            )
            >> 1,
        )
        for i in range(b)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def find_copy(index: CopyIndex, article_id: str, text: str) -> CopyDecision | None:
    """Add the article to ``index``; return the copy decision if it copies an earlier one."""
    sig = signature(text)
    if sig is None:
        return None
    own = bands(sig)
    best: tuple[float, str, int] | None = None
    for candidate, shared in index.candidates(own).items():
        if candidate == article_id:
            continue
        score = similarity(sig, index.signature(candidate))
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, candidate, shared)
    index.add(article_id, sig, own)
    if best is None:
        return None
    score, candidate, shared = best
    canonical = index.canonical(candidate)
    decision = CopyDecision(
        article_id,
        canonical,
        round(score, 3),
        [
            f"MinHash Jaccard estimate {score:.2f} >= {THRESHOLD} with {candidate}",
            f"{shared} of {_banding()[0]} LSH bands shared",
            *([f"{candidate} is itself a copy of {canonical}"] if canonical != candidate else []),
        ],
    )
    index.record(decision)
    return decision


@dataclass
class MemoryCopies:
    """``CopyIndex`` in memory: for ``analyze``, evaluations and benches."""

    _bands: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    _signatures: dict[str, np.ndarray] = field(default_factory=dict)
    _canonical: dict[str, str] = field(default_factory=dict)

    def candidates(self, bands: list[tuple[int, int]]) -> dict[str, int]:
        found: dict[str, int] = {}
        for band in bands:
            for article in self._bands.get(band, []):
                found[article] = found.get(article, 0) + 1
        return found

    def signature(self, article_id: str) -> np.ndarray:
        return self._signatures[article_id]

    def canonical(self, article_id: str) -> str:
        return self._canonical.get(article_id, article_id)

    def add(self, article_id: str, signature: np.ndarray, bands: list[tuple[int, int]]) -> None:
        self._signatures[article_id] = signature
        for band in bands:
            self._bands.setdefault(band, []).append(article_id)

    def record(self, decision: CopyDecision) -> None:
        self._canonical[decision.article_id] = decision.canonical_id


def copy_pairs(decisions: Iterable[CopyDecision]) -> set[frozenset[str]]:
    """Every pair of articles in one group (for scoring against known copies)."""
    groups: dict[str, set[str]] = {}
    for d in decisions:
        groups.setdefault(d.canonical_id, {d.canonical_id}).add(d.article_id)
    return {frozenset((a, b)) for g in groups.values() for a in g for b in g if a < b}
