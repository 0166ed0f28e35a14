"""Romanisation keys and name similarity across scripts and spellings.

``romanise`` brings a name in any script to one Latin spelling (anyascii, then folds that undo
the usual differences between transliteration systems: dzh/zh/j, kh/h/x, doubled letters,
w/v, q/k, y/i…). ``skeleton`` keeps its consonants: the blocking key under which candidates are
looked up. ``similarity`` scores two names after romanisation (Jaro-Winkler, which forgives the
typos of machine translation: Tasmgambitov ~ Tasmagambetov).
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish
from anyascii import anyascii

# Ordered: longer sequences first. Each pair undoes one transliteration difference.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("x", "h"),
    ("q", "k"),
    ("w", "v"),
    ("ph", "f"),
    ("ts", "c"),
    ("yo", "io"),
    ("ye", "e"),
    ("yu", "iu"),
    ("ya", "ia"),
    ("y", "i"),
    ("ck", "k"),
    ("c", "s"),
)
_APOSTROPHES = re.compile(r"[`'’ʻʼ]")
_NON_LETTERS = re.compile(r"[^a-z ]+")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")
_FINAL_V = re.compile(r"v\b")


def romanise(name: str) -> str:
    """One Latin spelling for any script: 'Мухриддином' and 'Muhriddin' share their stem."""
    text = anyascii(unicodedata.normalize("NFC", name)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _NON_LETTERS.sub(" ", text.replace("-", " "))
    for source, target in _FOLDS:
        text = text.replace(source, target)
    text = _DOUBLED.sub(r"\1", text)
    text = _FINAL_V.sub("f", text)  # Russian final devoicing: Grigoriev ~ Grigarif
    return " ".join(text.split())


def skeleton(romanised: str) -> str:
    """First letter plus consonants of each word: 'tasmagambetov' → 'tsmgmbtv'."""
    return " ".join(w[0] + _VOWELS.sub("", w[1:]) for w in romanised.split() if w)


def similarity(a: str, b: str) -> float:
    """Jaro-Winkler similarity of two romanised names (0..1)."""
    if not a or not b:
        return 0.0
    return float(jellyfish.jaro_winkler_similarity(a, b))


def tokens(romanised: str) -> list[str]:
    return romanised.split()
