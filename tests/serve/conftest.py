"""A store for the serve tests: the five sample pages, the English translation of seed 003, and
one hostile article whose title, text and URL try to run script in the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.api import ingest
from storyline.settings import Settings
from tests.conftest import EXAMPLES, REPO

TRANSLATION = REPO / "tests" / "data" / "003_translation_en.txt"
HOSTILE_TITLE = "Apricot exports <img src=x onerror=\"document.title='pwned'\">"
HOSTILE_TEXT = (
    "OSH, March 3. Farmers in the Fergana valley reported record apricot exports this spring. "
    "<script>document.title = 'pwned'; window.__pwned = true;</script> "
    "Prices at the wholesale market rose for the third week in a row. "
    '<img src="x" onerror="window.__pwned = true"> Traders expect the apricot season to end early.'
)


def hostile_jsonl(path: Path) -> Path:
    record = {
        "url": "javascript:window.__pwned=true",
        "title": HOSTILE_TITLE,
        "source": "Evil <b>Outlet</b>",
        "published": "2025-03-03",
        "text": HOSTILE_TEXT,
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    return path


@pytest.fixture(scope="session")
def served_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    db = root / "store.db"
    hostile = hostile_jsonl(root / "hostile.jsonl")
    summary = ingest(
        [str(EXAMPLES), str(TRANSLATION), str(hostile)], Settings(db_path=db, workers=1)
    )
    assert summary.stored == 7, summary
    return db
