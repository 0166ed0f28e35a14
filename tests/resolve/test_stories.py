"""Stories: online assignment with features and reasons; the samples' hard negative; a
translation joins its story (the Tajik one through the e5 fallback); hand merges and splits
hold for later articles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storyline import api
from storyline.resolve.stories import (
    THRESHOLD,
    EventSignature,
    LanguageMeans,
    MemoryStories,
    Profile,
    Story,
    assign,
    cosine,
    features,
    score,
)
from storyline.settings import Settings
from storyline.store import SQLiteStore
from tests.conftest import EXAMPLES, REPO

TRANSLATION = REPO / "tests" / "data" / "003_translation_en.txt"
TRANSLATION_TG = REPO / "tests" / "data" / "003_translation_tg.txt"


def _unit(vector: list[float] | np.ndarray) -> np.ndarray:
    v = np.asarray(vector, dtype=np.float32)
    return v / np.linalg.norm(v)


def _profile(
    article: str,
    vector: list[float] | None,
    entities: dict[str, float],
    *events: EventSignature,
    e5: np.ndarray | None = None,
    language: str = "en",
) -> Profile:
    use = None if vector is None else _unit(vector)
    return Profile(article, use, entities, list(events), None, language, None, None, e5)


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
    api.ingest(
        [str(EXAMPLES), str(TRANSLATION), str(TRANSLATION_TG)], Settings(db_path=db, workers=1)
    )
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
        assert record["languages"] == ["en", "ru", "tg"] and record["articles"] == 3
        joined = next(m for m in record["members"] if m["language"] == "en")
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


# -- the e5 fallback ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"tg": 20, "ru": 3}, "tg mean of 20 removed"),
        ({"tg": 5, "ru": 30}, "all-language mean of 35 removed (tg: 5 < 20)"),
        ({"tg": 5, "ru": 10}, "no mean removed (15 articles < 20)"),
        ({}, "no mean removed (0 articles < 20)"),
    ],
)
def test_stories_language_means_fall_back_to_all_languages_then_none(
    counts: dict[str, int], expected: str
) -> None:
    means = LanguageMeans(20)
    offsets = {"tg": np.array([1.0, 0, 0]), "ru": np.array([0, 1.0, 0])}
    for language, n in counts.items():
        for _ in range(n):
            means.add(language, offsets[language])
    mean, detail = means.mean("tg")
    assert detail == expected
    if "tg mean" in expected:
        assert mean is not None and np.allclose(mean, [1, 0, 0])
    elif "all-language" in expected:
        assert mean is not None and np.allclose(mean, [5 / 35, 30 / 35, 0])
    else:
        assert mean is None


E5 = _unit([1, 1, 0, 0])


@pytest.mark.parametrize(
    ("article_use", "article_e5", "story_use", "story_e5", "space"),
    [
        (True, True, True, True, "use"),  # both in USE: USE as before
        (False, True, True, True, "e5"),  # a Tajik article against a Russian story
        (True, True, False, True, "e5"),  # a Russian article against a Tajik story
        (True, False, False, True, "none"),  # an article stored before embed.v2
        (False, True, True, False, "none"),  # a story built before embed.v2
    ],
)
def test_stories_cosine_uses_use_when_both_sides_have_it_else_e5(
    article_use: bool, article_e5: bool, story_use: bool, story_e5: bool, space: str
) -> None:
    member = _profile(
        "m", [1, 0, 0] if story_use else None, {}, e5=E5 if story_e5 else None, language="ru"
    )
    story = Story("s", np.zeros(0, dtype=np.float32))
    story.add(member)
    article = _profile(
        "a", [1, 0, 0] if article_use else None, {}, e5=E5 if article_e5 else None, language="tg"
    )
    result = cosine(article, story, LanguageMeans(20))
    assert result.space == space
    feats = features(article, story, LanguageMeans(20))
    if space == "none":  # unknown, not zero: no cosine feature, nothing to join on
        assert result.value is None and "cosine unknown" in result.detail
        assert "cosine" not in feats and score(feats) == 0.0
    else:
        assert result.value is not None and feats["cosine"] == pytest.approx(result.value, 1e-3)
        assert ("e5" in feats) is (space == "e5")


def test_stories_unknown_cosine_leaves_entity_overlap_as_the_base() -> None:
    feats = {"entities": 0.8, "entity_evidence": 1.0, "events": 0.0, "conflict": 0.0}
    assert score(feats) == pytest.approx(0.8)
    assert score({**feats, "cosine": 0.5}) == pytest.approx(0.55 * 0.5 + 0.45 * 0.8)


def test_stories_e5_fallback_removes_the_language_mean_before_comparing() -> None:
    """Raw e5 vectors of one language all share a large component; only with it removed does
    a Tajik article find the Russian story on its own topic rather than the other one."""
    rng = np.random.default_rng(5)
    dim = 64
    tg_offset, ru_offset = (4 * _unit(rng.standard_normal(dim)) for _ in range(2))
    topic_a, topic_b = (_unit(rng.standard_normal(dim)) for _ in range(2))
    index = MemoryStories(means=LanguageMeans(20))
    for _ in range(20):  # enough articles of each language for its own mean
        for language, offset in (("tg", tg_offset), ("ru", ru_offset)):
            noise = _unit(offset + 3 * _unit(rng.standard_normal(dim)))
            index.means.add(language, noise)
    ru_a = _profile("ru-a", None, {}, e5=_unit(ru_offset + topic_a), language="ru")
    ru_b = _profile("ru-b", None, {}, e5=_unit(ru_offset + 1.2 * topic_b), language="ru")
    assign(index, ru_a, "sa")
    assign(index, ru_b, "sb")
    tg = _profile("tg-a", None, {}, e5=_unit(tg_offset + topic_a), language="tg")
    joined = assign(index, tg, "sc")
    assert joined.story_id == "sa" and joined.features["e5"] == 1.0
    assert "tg mean of 20 removed" in joined.reasons[0]
    apart = index.stories["sb"].size == 1  # the two Russian topics stayed two stories
    raw_index = MemoryStories(means=LanguageMeans(1_000))  # too few articles: no mean at all
    assign(raw_index, ru_a, "sa")
    merged = assign(raw_index, ru_b, "sb")  # what Russian shares outweighs the topics
    assert apart and merged.story_id == "sa" and "no mean removed" in merged.reasons[0]


def test_stories_tajik_translation_joins_its_story_through_e5(store_with_seeds: Path) -> None:
    """USE v3 has no Tajik: our translation of seed 003 has only an e5 vector, and must join
    seed 003's story, not seed 001's (the same kind of visit to Dushanbe, another year)."""
    with SQLiteStore(store_with_seeds) as store:
        sources = {a.source: a.id for a in store.articles(limit=10)}
        tg = next(i for s, i in sources.items() if s.endswith("003_translation_tg.txt"))
        seed_003 = next(i for s, i in sources.items() if s.endswith("003_f2ecdbd888c828ec.txt"))
        seed_001 = next(i for s, i in sources.items() if s.endswith("001_2588ad6ed8e1ea75.txt"))
        assert store.document(tg).meta.language == "tg"
        assert store.embedding(tg) is None and store.e5_embedding(tg) is not None
        story = store.story_of(tg)
        assert story == store.story_of(seed_003) and story != store.story_of(seed_001)
        member = next(m for m in store.story(story or "")["members"] if m["article_id"] == tg)
        feats = member["features"]
        assert feats["e5"] == 1.0 and feats["cosine"] >= THRESHOLD  # e5 alone would join
        assert "e5 cosine" in member["reasons"][0] and "mean removed" in member["reasons"][0]
        assert member["runner_up"] is None or member["runner_up"][1] < THRESHOLD


def test_stories_tajik_translation_and_the_hard_negative_compare_apart() -> None:
    settings = Settings(workers=1)
    hard = api.compare(str(TRANSLATION_TG), str(EXAMPLES / "001_2588ad6ed8e1ea75.txt"), settings)
    same = api.compare(str(EXAMPLES / "003_f2ecdbd888c828ec.txt"), str(TRANSLATION_TG), settings)
    assert same["same_story"] and not hard["same_story"]
    apart, together = hard["features"], same["features"]
    assert isinstance(apart, dict) and isinstance(together, dict)
    assert apart["e5"] == together["e5"] == 1.0  # the Tajik side has no USE vector
    assert apart["cosine"] < THRESHOLD <= together["cosine"]
