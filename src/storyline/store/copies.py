"""Syndicated copies in SQLite: the ``CopyIndex`` the store writes through, and group queries."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import numpy as np

from storyline.resolve.copies import CopyDecision


class SQLiteCopies:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def candidates(self, bands: list[tuple[int, int]]) -> dict[str, int]:
        found: dict[str, int] = {}
        for band, value in bands:
            for (article,) in self._db.execute(
                "SELECT article_id FROM signature_bands WHERE band = ? AND hash = ?", (band, value)
            ):
                found[article] = found.get(article, 0) + 1
        return found

    def signature(self, article_id: str) -> np.ndarray:
        row = self._db.execute(
            "SELECT signature FROM article_signatures WHERE article_id = ?", (article_id,)
        ).fetchone()
        return np.frombuffer(row[0], dtype=np.uint64)

    def canonical(self, article_id: str) -> str:
        row = self._db.execute(
            "SELECT canonical_id FROM copies WHERE article_id = ?", (article_id,)
        ).fetchone()
        return str(row[0]) if row else article_id

    def add(self, article_id: str, signature: np.ndarray, bands: list[tuple[int, int]]) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO article_signatures VALUES (?, ?)",
            (article_id, signature.astype(np.uint64).tobytes()),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO signature_bands VALUES (?, ?, ?)",
            [(band, value, article_id) for band, value in bands],
        )

    def record(self, decision: CopyDecision) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?)",
            (
                decision.article_id,
                decision.canonical_id,
                decision.similarity,
                json.dumps(decision.reasons, ensure_ascii=False),
            ),
        )


def copy_group(db: sqlite3.Connection, article_id: str) -> list[dict[str, Any]]:
    """The article's group, canonical first: every copy with its outlet, score and reasons."""
    row = db.execute(
        "SELECT canonical_id FROM copies WHERE article_id = ?", (article_id,)
    ).fetchone()
    canonical = row[0] if row else article_id
    rows = db.execute(
        "SELECT a.id, a.publisher, a.url, a.source, a.published, c.similarity, c.reasons "
        "FROM articles a LEFT JOIN copies c ON c.article_id = a.id "
        "WHERE a.id = ? OR a.id IN (SELECT article_id FROM copies WHERE canonical_id = ?) "
        "ORDER BY c.similarity IS NOT NULL, a.ingested_at, a.id",
        (canonical, canonical),
    ).fetchall()
    if len(rows) < 2:
        return []
    return [
        {
            "id": r[0],
            "canonical": r[0] == canonical,
            "publisher": r[1],
            "url": r[2],
            "source": r[3],
            "published": r[4],
            "similarity": r[5],
            "reasons": json.loads(r[6]) if r[6] else [],
        }
        for r in rows
    ]
