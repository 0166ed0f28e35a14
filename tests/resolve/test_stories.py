"""Stories: online assignment with features and reasons; the samples' hard negative; a
translation joins its story; hand merges and splits hold for later articles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyline import api
from storyline.resolve.stories import (
    THRESHOLD,
    EventSignature,
    MemoryStories,
    Profile,
    assign,
)
from storyline.settings import Settings
from storyline.store import SQLiteStore
from tests.conftest import EXAMPLES, REPO

TRANSLATION = REPO / "tests" / "data" / "003_translation_en.txt"


def _profile(
    article: str, vector: list[float], entities: dict[str, float], *events: EventSignature
) -> Profile:
    v = np.array(vector, dtype=np.float32)
    return Profile(article, v / np.linalg.norm(v), entities, list(events), None, "en", None, None)


def test_stories_online_assignment_keeps_features_and_reasons() -> None:
    index = MemoryStories()
    people = {"per:a": 1.0, "per:b": 1.0, "org:c": 0.7}
    meeting = EventSignature("CONSULT", frozenset({"per:a", "per:b"}), "2025-01-29")
    first = assign(index, _profile("a1", [1, 0, 0], people, meeting), "s1")
    assert first.new_story and first.reasons
    second = assign(index, _profile("a2", [0.95, 0.1, 0], people, meeting), "s2")
    assert second.story_id == "s1" and second.score is not None and second.score >= THRESHOLD
    assert set(second.features) >= {"cosine", "entities", "events", "conflict", "days"}
    assert "score" in second.reasons[0]
    other = assign(index, _profile("a3", [0, 1, 0], {"per:x": 1.0}), "s3")
    assert other.new_story and other.story_id == "s3"


def test_stories_same_kind_of_event_with_other_people_is_another_story() -> None:
    index = MemoryStories()
    shared = {"per:rahmon": 1.0, "org:csto": 0.7, "geo:dushanbe": 0.5}
    zas = EventSignature("CONSULT", frozenset({"per:rahmon", "per:zas"}), None)
    tasmagambetov = EventSignature(
        "CONSULT", frozenset({"per:rahmon", "per:tasmagambetov", "per:muhriddin"}), None
    )
    assign(index, _profile("2022", [1, 0.2, 0], {**shared, "per:zas": 1.0}, zas), "s1")
    later = assign(
        index,
        _profile("2025", [1, 0.25, 0], {**shared, "per:tasmagambetov": 1.0}, tasmagambetov),
        "s2",
    )
    assert later.new_story and later.features["conflict"] == 1.0


@pytest.fixture(scope="module")
def store_with_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("stories") / "store.db"
    api.ingest([str(EXAMPLES), str(TRANSLATION)], Settings(db_path=db, workers=1))
    return db


def test_stories_seeds_are_five_stories_and_the_translation_joins(store_with_seeds: Path) -> None:
    with SQLiteStore(store_with_seeds) as store:
        stories = store.stories(limit=50)
        assert len(stories) == 5
        sources = {a.id: a.source for a in store.articles(limit=10)}
        story_003 = store.story_of(
            next(i for i, s in sources.items() if s.endswith("003_f2ecdbd888c828ec.txt"))
        )
        story_tr = store.story_of(
            next(i for i, s in sources.items() if s.endswith("003_translation_en.txt"))
        )
        story_001 = store.story_of(
            next(i for i, s in sources.items() if s.endswith("001_2588ad6ed8e1ea75.txt"))
        )
        assert story_003 == story_tr and story_003 != story_001  # the hard negative stays apart
        record = store.story(story_003 or "")
        assert record["languages"] == ["en", "ru"] and record["articles"] == 2
        joined = next(m for m in record["members"] if m["score"] is not None)
        assert joined["score"] >= THRESHOLD and joined["reasons"]
        assert record["summary"] and all(s["article_id"] in sources for s in record["summary"])
        assert any(
            e["name"] == "Collective Security Treaty Organization" for e in record["key_entities"]
        )


def test_stories_hand_merge_and_split_hold_for_later_articles(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "s.db", workers=1)
    api.ingest(
        [str(EXAMPLES / "003_f2ecdbd888c828ec.txt"), str(EXAMPLES / "001_2588ad6ed8e1ea75.txt")],
        settings,
    )
    with SQLiteStore(settings.db_path) as store:
        a, b = (s.id for s in store.stories())
        store.merge_stories(b, a)
        assert [s.id for s in store.stories()] == [a]
        assert all(
            m["by_hand"]
            for m in store.story(a)["members"]
            if "merged by hand" in " ".join(m["reasons"])
        )
    api.ingest([str(TRANSLATION)], settings)  # it would join b's articles' story: now a
    with SQLiteStore(settings.db_path) as store:
        assert len(store.stories()) == 1 and store.story(a)["articles"] == 3
        translation = next(
            x.id for x in store.articles(limit=10) if x.source.endswith("translation_en.txt")
        )
        new = store.split_story(a, [translation])
        assert store.story_of(translation) == new and store.story(a)["articles"] == 2
