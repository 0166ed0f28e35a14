"""The bench's store builder: real pipeline output multiplied into a store of N articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench import corpus
from storyline.document import Document


def test_corpus_build_stores_n_articles_in_stories(
    seeds: dict[str, Document], tmp_path: Path
) -> None:
    path = tmp_path / "bench.db"
    corpus.build(path, 30, list(seeds.values()), log=False)

    with sqlite3.connect(path) as db:
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        sizes = [r[0] for r in db.execute("SELECT count(*) FROM story_members GROUP BY story_id")]
        bad_spans = [
            (article, start)
            for article, start, end, text, body in db.execute(
                "SELECT m.article_id, m.start, m.end, m.text, a.text FROM mentions m "
                "JOIN articles a ON a.id = m.article_id"
            )
            if body[start:end] != text
        ]
    assert articles == 30
    assert sum(sizes) == 30
    assert any(size > 1 for size in sizes)
    assert len(sizes) > 1
    assert bad_spans == []


def test_corpus_derive_keeps_annotation_offsets(seeds: dict[str, Document]) -> None:
    docs = list(corpus.articles(20, list(seeds.values())))

    assert len({d.id for d in docs}) == 20
    for doc in docs:
        assert all(doc.text[m.start : m.end] == m.text for m in doc.entities)
        assert all(doc.text[c : c + n] == doc.raw[r : r + n] for c, r, n in doc.offsets.runs)
        assert doc.meta.publisher and doc.meta.published
