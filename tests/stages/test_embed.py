"""embed.v2: USE v3 where USE knows the language, an e5 vector for every article."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.document import Document
from storyline.settings import Settings
from storyline.stages import build_pipeline
from storyline.stages.embed import E5_DIM, use_covers
from tests.conftest import ARTICLE_EN, ARTICLE_RU, raw_item

ARTICLE_TG = (
    "Дабири кулли СААД бо сафари корӣ ба Душанбе омад ва бо Президенти Тоҷикистон мулоқот "
    "кард.\n\nҶонибҳо омодагии худро ба идомаи ҳамкорӣ дар соҳаи амният тасдиқ карданд."
)


@pytest.mark.parametrize(
    ("language", "covered"),
    [
        ("en", True),
        ("ru", True),
        ("zh", True),
        ("zh-Latn", True),
        ("tg", False),
        ("kk", False),
        ("fa", False),
        ("und", False),
        (None, False),
    ],
)
def test_embed_use_covers_only_its_languages(language: str | None, covered: bool) -> None:
    assert use_covers(language) is covered


@pytest.fixture(scope="module")
def embedded() -> dict[str, Document]:
    pipeline = build_pipeline(Settings(workers=1))  # the default pipeline ends with embed.v2
    assert pipeline.names[-1] == "embed.v2"
    out = {}
    for name, text in (("en", ARTICLE_EN), ("ru", ARTICLE_RU), ("tg", ARTICLE_TG)):
        doc = pipeline(raw_item(text, source=f"{name}.txt"))
        assert isinstance(doc, Document), doc
        out[name] = doc
    return out


def test_embed_v2_gives_use_where_covered_and_e5_everywhere(
    embedded: dict[str, Document],
) -> None:
    assert embedded["tg"].meta.language == "tg" and embedded["tg"].embedding is None
    for name in ("en", "ru"):
        assert embedded[name].embedding is not None
        assert np.frombuffer(embedded[name].embedding or b"", dtype=np.float32).shape == (512,)
    for doc in embedded.values():
        e5 = np.frombuffer(doc.e5_embedding or b"", dtype=np.float32)
        assert e5.shape == (E5_DIM,) and abs(float(np.linalg.norm(e5)) - 1) < 1e-3
        assert "e5_embedding" not in doc.to_json() and "embedding" not in doc.to_json()


def test_embed_v2_e5_puts_a_translation_nearer_than_another_text(
    embedded: dict[str, Document],
) -> None:
    """The Tajik text says what the Russian one says; the English one is about another visit."""
    e5 = {k: np.frombuffer(d.e5_embedding or b"", dtype=np.float32) for k, d in embedded.items()}
    assert float(e5["tg"] @ e5["ru"]) > float(e5["tg"] @ e5["en"])
