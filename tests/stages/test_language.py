from __future__ import annotations

from pathlib import Path

import pytest

from storyline.document import Document
from storyline.settings import Settings
from storyline.stages import build_pipeline
from storyline.stages.language import letter_rule, script_of
from tests.conftest import EXAMPLES, raw_item

SEED_LANGUAGES = {"000": "en", "001": "en", "002": "en", "003": "ru", "004": "en"}


def language_of(text: str, settings: Settings) -> Document:
    doc = build_pipeline(settings)(raw_item(text))
    assert isinstance(doc, Document)
    return doc


@pytest.mark.parametrize("seed", sorted(SEED_LANGUAGES))
def test_language_seeds(seed: str, settings: Settings) -> None:
    [path] = Path(EXAMPLES).glob(f"{seed}_*.txt")
    doc = language_of(path.read_text("utf-8"), settings)
    assert doc.meta.language == SEED_LANGUAGES[seed]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Президенти Ҷумҳурии Тоҷикистон Эмомалӣ Раҳмон бо Котиби генералии САШД вохӯрӣ кард.",
            "tg",
        ),
        ("Ўзбекистон Республикаси Президенти Шавкат Мирзиёев бугун ўз нутқида сўзлади.", "uz"),
        ("Қазақстан Республикасының Президенті Тоқаев бүгін Астанада кездесу өткізді.", "kk"),
    ],
    ids=["tajik", "uzbek", "kazakh"],
)
def test_language_letter_rules(text: str, expected: str, settings: Settings) -> None:
    assert letter_rule(text) == expected
    assert language_of(text * 2, settings).meta.language == expected


def test_language_short_text_is_und(settings: Settings) -> None:
    assert (
        language_of(
            "Short English text, only here but long enough for a guess.", settings
        ).meta.language
        == "en"
    )
    short = build_pipeline(settings.with_(min_text_chars=5), ["clean.v1", "language.v1"])
    result = short(raw_item("Short text here."))  # 13 letters: below language_min_chars
    assert isinstance(result, Document) and result.meta.language == "und"


def test_language_script() -> None:
    assert script_of("Душанбе and Dushanbe Душанбе") == "Cyrillic"
    assert script_of("Kabul کابل") == "Latin"
    assert script_of("123 !") is None


def test_language_mixed_page_per_paragraph(settings: Settings) -> None:
    english = (
        "The two presidents discussed the security of the border and the situation in the region."
    )
    russian = "Президент Таджикистана Эмомали Рахмон встретился с генеральным секретарём ОДКБ."
    tajik = "Президенти Ҷумҳурии Тоҷикистон Эмомалӣ Раҳмон бо Котиби генералии САШД вохӯрӣ кард."
    doc = language_of(f"{english}\n\n{russian}\n\n{tajik}\n\nOK.", settings)
    assert [p.language for p in doc.paragraph_languages] == ["en", "ru", "tg", "und"]
    assert [doc.text[p.start : p.end] for p in doc.paragraph_languages][:2] == [english, russian]
