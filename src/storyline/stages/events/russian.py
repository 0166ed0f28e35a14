"""Russian source phrases as yargy rules: 'по данным ГКНБ Таджикистана', 'как сообщает
пресс-служба президента', 'со ссылкой на МИД'.

The cue is matched in any inflection (yargy's morph pipeline over pymorphy); the source is the
noun phrase after it, up to punctuation or a word that cannot be part of a name phrase.
"""

from __future__ import annotations

import functools
from typing import Any

CUES = (
    "по данным",
    "по словам",
    "по информации",
    "по сообщению",
    "по мнению",
    "по оценке",
    "как сообщает",
    "как сообщил",
    "как сообщили в",
    "как заявили в",
    "как передает",
    "со ссылкой на",
    "сообщает",
    "передает",
)


@functools.cache
def _parser() -> Any:
    from yargy import Parser, or_, rule
    from yargy.pipelines import morph_pipeline
    from yargy.predicates import eq, gram, is_capitalized
    from yargy.predicates import type as token_type

    cue = morph_pipeline(list(CUES)).named("cue")
    word = or_(
        gram("NOUN"),
        gram("ADJF"),
        gram("PRTF"),
        gram("Abbr"),
        token_type("LATIN"),
        is_capitalized(),
        eq("-"),
    )
    return Parser(rule(cue, word.repeatable(max=8)).named("attribution"))


def attributions(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """(cue, source start, source end) for each source phrase in ``text[start:end]``."""
    found = []
    for match in _parser().findall(text[start:end]):
        tokens = match.tokens
        cue_end = _cue_length(tokens)
        if cue_end >= len(tokens):
            continue
        source = tokens[cue_end:]
        found.append(
            (
                " ".join(t.value for t in tokens[:cue_end]).lower(),
                start + source[0].span.start,
                start + source[-1].span.stop,
            )
        )
    return found


def _cue_length(tokens: list[Any]) -> int:
    """How many leading tokens are the cue: the longest cue whose words they inflect."""
    from storyline.models import russian_morphology

    morph = russian_morphology()
    lemmas = [morph.parse(t.value.lower())[0].normal_form for t in tokens]
    best = 0
    for cue in CUES:
        words = [morph.parse(w)[0].normal_form for w in cue.split()]
        if lemmas[: len(words)] == words:
            best = max(best, len(words))
    return best or 1
