"""language.v1: the article's language (ISO 639-1 where one exists), script and confidence.

CLD3 (``gcld3``) decides among ~100 languages; letter rules then name the Cyrillic-script
languages CLD3 folds into Russian or mixes up (Tajik, Uzbek, Kazakh, Kyrgyz). Text too short or
undecided gets ``und``: a guess would be worse than no answer.
"""

from __future__ import annotations

import re
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


# Letter ranges of the scripts news in our region comes in; other letters are named by Unicode.
_SCRIPT_RANGES = (
    ("Latin", re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")),
    ("Cyrillic", re.compile(r"[\u0400-\u052F]")),
    ("Arabic", re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")),
)


_LETTER = re.compile(r"[^\W\d_]")


def count_letters(text: str) -> int:
    return len(_LETTER.findall(text))


def script_of(text: str) -> str | None:
    """The dominant writing system of the letters in ``text`` (Latin, Cyrillic, Arabic, …)."""
    sample = text[:_SAMPLE]
    counts = Counter({name: len(pattern.findall(sample)) for name, pattern in _SCRIPT_RANGES})
    known = sum(counts.values())
    others = count_letters(sample) - known
    if others > known:  # Greek, CJK, Devanagari…: name them the slow way
        for ch in sample:
            if ch.isalpha() and not any(p.match(ch) for _, p in _SCRIPT_RANGES):
                counts[unicodedata.name(ch, "").split(" ", 1)[0].title()] += 1
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] else None


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
        if count_letters(sample) < self._min_letters:
            return UNDETERMINED, None
        result = self._model.FindLanguage(text=sample)
        language = result.language.split("-")[0] if result.is_reliable else UNDETERMINED
        if script_of(sample) == "Cyrillic":
            language = letter_rule(sample) or language
        return language, round(float(result.probability), 3)

    def identify_mixed(self, text: str) -> tuple[str, float | None, bool]:
        """Like ``identify`` in one CLD3 pass, plus whether a second language covers more
        than a tenth of ``text``."""
        sample = text[:_SAMPLE]
        if count_letters(sample) < self._min_letters:
            return UNDETERMINED, None, False
        results = self._model.FindTopNMostFreqLangs(text=sample, num_langs=2)
        top = results[0]
        language = top.language.split("-")[0] if top.is_reliable else UNDETERMINED
        if script_of(sample) == "Cyrillic":
            language = letter_rule(sample) or language
        mixed = len(results) > 1 and results[1].is_reliable and results[1].proportion > 0.1
        return language, round(float(top.probability), 3), mixed


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
    """language.v1 for the article, plus a language for every paragraph (mixed pages).

    Paragraphs are identified one by one only when CLD3 sees more than one language in the
    article (or none); otherwise they share the article's language."""
    identifier = Identifier(settings.language_min_chars)

    def run(doc: Document) -> Document:
        doc.script = script_of(doc.text)
        language, confidence, mixed = identifier.identify_mixed(doc.text)
        doc.meta.language = doc.meta.language or language
        doc.language_confidence = confidence
        if mixed or language == UNDETERMINED:
            doc.paragraph_languages = [
                ParagraphLanguage(start, end, *identifier.identify(doc.text[start:end]))
                for start, end in doc.paragraphs
            ]
        else:  # one language throughout: every paragraph is in it, no need to ask again
            doc.paragraph_languages = [
                ParagraphLanguage(start, end, language, confidence) for start, end in doc.paragraphs
            ]
        return doc

    return run
