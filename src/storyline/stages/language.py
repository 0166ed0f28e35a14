"""language.v1: the article's language (ISO 639-1 where one exists), script and confidence.

CLD3 (``gcld3``) decides among ~100 languages; letter rules then name the Cyrillic-script
languages CLD3 folds into Russian or mixes up (Tajik, Uzbek, Kazakh, Kyrgyz). Text too short or
undecided gets ``und``: a guess would be worse than no answer.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from storyline.document import Document, ParagraphLanguage
from storyline.settings import Settings
from storyline.stages.pipeline import StageFn, stage

UNDETERMINED = "und"

# Letters that only one of the region's Cyrillic alphabets uses, checked in this order.
_LETTER_RULES: tuple[tuple[str, frozenset[str]], ...] = (
    ("tg", frozenset("ҷӣӯҶӢӮ")),
    ("kk", frozenset("әұіһӘҰІҺ")),
    ("uz", frozenset("ўЎ")),
    ("ky", frozenset("ңөүҢӨҮ")),
)
_MIN_RULE_LETTERS = 3  # distinctive letters needed before a rule overrides the model
_SAMPLE = 4000  # characters given to the model


def script_of(text: str) -> str | None:
    """The dominant writing system of the letters in ``text`` (Latin, Cyrillic, Arabic, …)."""
    scripts: Counter[str] = Counter()
    for ch in text[:_SAMPLE]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts[name.split(" ", 1)[0].title()] += 1
    return scripts.most_common(1)[0][0] if scripts else None


def letter_rule(text: str) -> str | None:
    counts = Counter(ch for ch in text[:_SAMPLE] if not ch.isascii())
    for language, letters in _LETTER_RULES:
        if sum(counts[ch] for ch in letters) >= _MIN_RULE_LETTERS:
            return language
    return None


class Identifier:
    """CLD3 plus the letter rules; one per worker (the model is built once)."""

    def __init__(self, min_letters: int) -> None:
        import gcld3

        self._model = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=_SAMPLE * 2)
        self._min_letters = min_letters

    def identify(self, text: str) -> tuple[str, float | None]:
        """(language code or 'und', confidence) for ``text``."""
        sample = text[:_SAMPLE]
        if sum(1 for ch in sample if ch.isalpha()) < self._min_letters:
            return UNDETERMINED, None
        result = self._model.FindLanguage(text=sample)
        language = result.language.split("-")[0] if result.is_reliable else UNDETERMINED
        if script_of(sample) == "Cyrillic":
            language = letter_rule(sample) or language
        return language, round(float(result.probability), 3)


@stage("language.v1", requires=["text"], assigns=["meta.language", "script"])
def language_v1(settings: Settings) -> StageFn:
    """Language by CLD3 with letter rules for Tajik, Uzbek, Kazakh, Kyrgyz; short text is und."""
    identifier = Identifier(settings.language_min_chars)

    def run(doc: Document) -> Document:
        doc.script = script_of(doc.text)
        language, confidence = identifier.identify(doc.text)
        doc.meta.language = doc.meta.language or language
        doc.language_confidence = confidence
        return doc

    return run


@stage(
    "language.v2",
    requires=["text", "paragraphs"],
    assigns=["meta.language", "script", "paragraph_languages"],
)
def language_v2(settings: Settings) -> StageFn:
    """language.v1 for the article, plus a language for every paragraph (mixed pages)."""
    identifier = Identifier(settings.language_min_chars)

    def run(doc: Document) -> Document:
        doc.script = script_of(doc.text)
        language, confidence = identifier.identify(doc.text)
        doc.meta.language = doc.meta.language or language
        doc.language_confidence = confidence
        doc.paragraph_languages = [
            ParagraphLanguage(start, end, *identifier.identify(doc.text[start:end]))
            for start, end in doc.paragraphs
        ]
        return doc

    return run
