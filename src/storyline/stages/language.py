"""language.v1: the article's language (ISO 639-1 where one exists), script and confidence.

CLD3 (``gcld3``) decides among ~100 languages; letter rules then name the Cyrillic-script
languages CLD3 folds into Russian or mixes up (Tajik, Uzbek, Kazakh, Kyrgyz). Text too short or
undecided gets ``und``: a guess would be worse than no answer.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from storyline.document import Document
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


@stage("language.v1", requires=["text"], assigns=["meta.language", "script"])
def language_v1(settings: Settings) -> StageFn:
    """Language by CLD3 with letter rules for Tajik, Uzbek, Kazakh, Kyrgyz; short text is und."""
    import gcld3

    model = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=_SAMPLE * 2)

    def run(doc: Document) -> Document:
        sample = doc.text[:_SAMPLE]
        doc.script = script_of(sample)
        letters = sum(1 for ch in sample if ch.isalpha())
        if letters < settings.language_min_chars:
            doc.meta.language = doc.meta.language or UNDETERMINED
            return doc
        result = model.FindLanguage(text=sample)
        language = result.language if result.is_reliable else UNDETERMINED
        if doc.script == "Cyrillic":
            language = letter_rule(sample) or language
        doc.meta.language = doc.meta.language or language.split("-")[0]
        doc.language_confidence = round(float(result.probability), 3)
        return doc

    return run
