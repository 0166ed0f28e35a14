"""`storyline stories`, `story`, `compare`, `merge-stories`, `split-story` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import json_lines, storyline
from tests.conftest import EXAMPLES, REPO

TRANSLATION = REPO / "tests" / "data" / "003_translation_en.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stories") / "store.db"
    storyline("ingest", str(EXAMPLES), str(TRANSLATION), db=path)
    return path


def test_stories_cli_list_and_one_story(db: Path) -> None:
    stories = json_lines(storyline("stories", "--json", db=db).stdout)
    assert len(stories) == 5 and sum(s["articles"] for s in stories) == 6
    [pair] = [s for s in stories if s["articles"] == 2]
    assert pair["languages"] == ["en", "ru"] and pair["date_span"] == ["2025-01-29", "2025-01-29"]
    shown = storyline("story", pair["id"], "--explain", db=db).stdout
    assert "CSTO Secretary General visits Dushanbe" in shown and "score" in shown
    record = json_lines(storyline("story", pair["id"], "--json", db=db).stdout)[0]
    assert {m["language"] for m in record["members"]} == {"en", "ru"}
    missing = storyline("story", "st-nope", db=db, check=4)
    assert "no story 'st-nope'" in missing.stderr


def test_stories_cli_compare_files_and_stored_articles(db: Path) -> None:
    seed_003 = str(EXAMPLES / "003_f2ecdbd888c828ec.txt")
    same = json_lines(storyline("compare", seed_003, str(TRANSLATION), "--json").stdout)[0]
    assert same["same_story"] and set(same["features"]) >= {"cosine", "entities", "events"}
    hard = json_lines(
        storyline("compare", str(EXAMPLES / "001_2588ad6ed8e1ea75.txt"), seed_003, "--json").stdout
    )[0]
    assert not hard["same_story"] and hard["features"]["conflict"] == 1.0
    ids = [a["id"] for a in json_lines(storyline("articles", "--json", db=db).stdout)][:2]
    stored = json_lines(storyline("compare", *ids, "--json", db=db).stdout)[0]
    assert stored["first"] == ids[0] and "score" in stored
    storyline("compare", "no-such-article", seed_003, db=db, check=4)


def test_stories_cli_merge_and_split(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    storyline(
        "ingest",
        str(EXAMPLES / "001_2588ad6ed8e1ea75.txt"),
        str(EXAMPLES / "002_b397054ceee57275.txt"),
        db=db,
    )
    a, b = (s["id"] for s in json_lines(storyline("stories", "--json", db=db).stdout))
    assert "merged" in storyline("merge-stories", b, a, db=db).stdout
    [merged] = json_lines(storyline("stories", "--json", db=db).stdout)
    assert merged["id"] == a and merged["articles"] == 2
    article = json_lines(storyline("story", a, "--json", db=db).stdout)[0]["members"][0][
        "article_id"
    ]
    assert "moved 1" in storyline("split-story", a, article, db=db).stdout
    assert len(json_lines(storyline("stories", "--json", db=db).stdout)) == 2
    again = storyline("merge-stories", a, a, db=db, check=3)
    assert "already one story" in again.stderr
