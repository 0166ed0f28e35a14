"""One store for the export tests: the sample articles, a translation (a two-language story)
and dated articles from a JSONL file, one of them a syndicated copy of another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import api
from storyline.settings import Settings
from tests.conftest import EXAMPLES, REPO

TRANSLATION = REPO / "tests" / "data" / "003_translation_en.txt"

CLASH = (
    "DUSHANBE, December 26. On 25 December, the National Security Committee of Tajikistan "
    "confirmed an armed clash with militants infiltrating from Afghanistan, resulting in three "
    "insurgent and two border guard deaths.\n\n"
    "The committee said the militants were armed with automatic weapons and that the border "
    "guards returned fire before the group fled back across the river."
)
VISIT_RU = (
    "Президент Таджикистана Эмомали Рахмон 3 февраля принял в Душанбе министра иностранных дел "
    "России Сергея Лаврова. Стороны обсудили ситуацию на таджикско-афганской границе.\n\n"
    "Лавров заявил, что Россия продолжит помогать Таджикистану в укреплении границы."
)
DATED = [
    {
        "url": "https://example.org/clash",
        "title": "Tajik border clash leaves five dead",
        "source": "Example Wire",
        "published": "2024-12-26",
        "text": CLASH,
    },
    {
        "url": "https://example.net/world/clash",
        "title": "Tajik border clash leaves five dead",
        "source": "Example Daily",
        "published": "2024-12-27",
        "text": CLASH,
    },
    {
        "url": "https://example.org/ru/visit",
        "title": "Рахмон принял Лаврова в Душанбе",
        "published": "2025-02-03",
        "language": "ru",
        "text": VISIT_RU,
    },
]


@pytest.fixture(scope="package")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    dated = folder / "dated.jsonl"
    dated.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in DATED), "utf-8")
    db = folder / "store.db"
    inputs = [str(EXAMPLES), str(TRANSLATION), str(dated)]
    summary = api.ingest(inputs, Settings(db_path=db, workers=1))
    assert (summary.stored, summary.rejected_total) == (9, 0), summary.rejections
    return db
