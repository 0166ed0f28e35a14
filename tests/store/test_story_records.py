"""The story summary's sentence splitter: the first sentences of ``re.split`` by sentence
ends, found without splitting the rest of a lead."""

from __future__ import annotations

import random
import re

from storyline.store.story_records import _first_sentences


def test_first_sentences_equal_a_whole_split_cut_short() -> None:
    rng = random.Random(0)
    texts = ["", "One.", "One. Two! Three? Four. Five.", "No end", " . ", "A.\n\nB.  C"]
    texts += [
        "".join(rng.choice("ab .!?\n ") for _ in range(rng.randint(0, 60))) for _ in range(3000)
    ]
    for text in texts:
        for limit in (1, 2, 4):
            assert _first_sentences(text, limit) == re.split(r"(?<=[.!?])\s+", text)[:limit]
