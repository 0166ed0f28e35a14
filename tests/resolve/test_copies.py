"""Syndicated copies: MinHash over shingles, LSH candidates, first-seen canonical, reasons."""

from __future__ import annotations

from pathlib import Path

from storyline import api
from storyline.resolve.copies import MemoryCopies, bands, find_copy, signature
from storyline.settings import Settings
from storyline.store import SQLiteStore
from tests.conftest import EXAMPLES

SEED_004 = (EXAMPLES / "004_0d45933a0dea4436.txt").read_text("utf-8")


def _syndicated(text: str) -> str:
    lines = text.splitlines()
    body = "\n".join(lines[:-1]).replace("porous", "porous and mountainous")
    return (
        f"Central Asia Daily — Security\nReposted with permission\n{body}\nFollow us on Telegram."
    )


def test_copies_signature_is_seeded_and_stable() -> None:
    a, b = signature(SEED_004), signature(SEED_004)
    assert a is not None and b is not None and (a == b).all()
    assert bands(a) == bands(b)
    assert signature("too short") is None


def test_copies_fold_syndicated_copy_not_a_same_story_article() -> None:
    index = MemoryCopies()
    assert find_copy(index, "original", SEED_004) is None
    decision = find_copy(index, "copy", _syndicated(SEED_004))
    assert decision is not None and decision.canonical_id == "original"
    assert decision.similarity >= 0.5 and "Jaccard" in decision.reasons[0]
    # a copy of the copy joins the first-seen article's group
    again = find_copy(index, "copy-of-copy", _syndicated(_syndicated(SEED_004)))
    assert again is not None and again.canonical_id == "original"
    same_story = (EXAMPLES / "001_2588ad6ed8e1ea75.txt").read_text("utf-8")
    assert find_copy(index, "other", same_story) is None


def test_copies_found_across_runs_in_the_store(tmp_path: Path, settings: Settings) -> None:
    api.ingest([str(EXAMPLES)], settings)
    (tmp_path / "copy.txt").write_text(_syndicated(SEED_004), encoding="utf-8")
    api.ingest([str(tmp_path / "copy.txt")], settings)  # a later run: bands come from the store
    with SQLiteStore(settings.db_path) as store:
        copy_id = next(a.id for a in store.articles(limit=10) if a.source.endswith("copy.txt"))
        group = store.copies(copy_id)
        assert [m["canonical"] for m in group] == [True, False]
        assert group[0]["source"].endswith("004_0d45933a0dea4436.txt")
        assert group[1]["similarity"] >= 0.5 and group[1]["reasons"]
        others = [
            a.id
            for a in store.articles(limit=10)
            if not a.source.endswith(("copy.txt", "004_0d45933a0dea4436.txt"))
        ]
        assert all(store.copies(i) == [] for i in others)
