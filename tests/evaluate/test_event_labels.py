"""Our event-type labels: well formed always; pointing at the right sentences when the shared
texts are here."""

from __future__ import annotations

import hashlib

import pytest

from storyline.evaluate.events import is_held_out, labels_dir, load_text, read_labels
from storyline.stages.events.lexicon import PLOVER_TYPES
from tests.conftest import SHARED_DATA


def test_event_labels_are_well_formed() -> None:
    folder = labels_dir()
    labels = read_labels(folder)
    assert len(labels) >= 300
    assert {label.language for label in labels} == {"en", "ru"}
    for path in folder.glob("events_*.tsv"):
        head = path.read_text("utf-8").split("\ndoc\t", 1)[0]
        # every file says who labelled it and where its texts come from, with their licence
        assert "Labels written by the storyline team" in head, path
        assert "MIT" in head or "public domain" in head, path
    for label in labels:
        assert label.types <= set(PLOVER_TYPES), label
        assert 0 <= label.start < label.end and len(label.sha1) == 10
    assert len({(label.doc, label.start) for label in labels}) == len(labels)  # no duplicates
    held_out = sum(is_held_out(label.doc) for label in labels)
    assert 0.3 < held_out / len(labels) < 0.7


@pytest.mark.gold
def test_event_labels_point_at_their_sentences() -> None:
    if not SHARED_DATA.exists():
        pytest.skip(f"shared data {SHARED_DATA} is not here")
    texts: dict[str, str] = {}
    for label in read_labels(labels_dir()):
        text = texts.setdefault(label.doc, load_text(SHARED_DATA, label.doc))
        sentence = text[label.start : label.end]
        assert sentence == sentence.strip() and sentence
        assert hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:10] == label.sha1, label
