"""Stories near a query by meaning, for search in any language (USE v3, as stories use).

The story index keeps each story's sum of member embeddings; this reads them once into one
normalised matrix, and reads them again only when the stories change (a cheap check per
query). A query is embedded with the same multilingual encoder, so "border clash" finds a
story told in Russian. Entity and word matches stay the main route; this adds the stories
they miss, each with its cosine as the reason.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# A short query against a story's centroid scores lower than two articles do. On the sample
# stories, queries on their topics scored 0.22-0.38 with the right story and unrelated ones
# ("weather tomorrow", "football match") stayed under 0.05: a first cut, not a tuned value.
MIN_COSINE = 0.15


@dataclass
class StoryVectors:
    """Normalised story centroids, refreshed when the store's stories change."""

    ids: list[str] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 512), dtype=np.float32))
    version: tuple[Any, ...] = ()

    def refresh(self, db: sqlite3.Connection) -> None:
        version = tuple(
            db.execute(
                "SELECT count(*), max(last_seen), sum(size) FROM stories WHERE merged_into IS NULL"
            ).fetchone()
        )
        if version == self.version:
            return
        ids, rows = [], []
        for sid, blob in db.execute("SELECT id, vector_sum FROM stories WHERE merged_into IS NULL"):
            vector = np.frombuffer(blob, dtype=np.float32)
            norm = float(np.linalg.norm(vector)) if vector.size == 512 else 0.0
            if norm > 0:
                ids.append(sid)
                rows.append(vector / norm)
        self.ids = ids
        self.matrix = np.vstack(rows) if rows else np.zeros((0, 512), dtype=np.float32)
        self.version = version

    def nearest(self, query: np.ndarray, *, limit: int = 5) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        scores = self.matrix @ (query / (np.linalg.norm(query) or 1.0))
        top = np.argsort(-scores)[:limit]
        return [(self.ids[i], round(float(scores[i]), 4)) for i in top if scores[i] >= MIN_COSINE]


def embed_query(text: str) -> np.ndarray:
    """The query through the stories' encoder (loaded once per process, on first use)."""
    from storyline.stages.embed import embed

    vector: np.ndarray = embed([text])[0]
    return vector
