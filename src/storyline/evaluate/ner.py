"""Named-entity recognition scored on gold spans: Russian (factRuEval-2016), English (re3d).

The gold text goes straight to the mention stages (mentions.v1 + coref.v1; no cleaning, so
offsets stay the gold ones). Scores per type: exact span match and overlap match (same type,
spans overlap), micro precision/recall/F1. The peer runs in the same process on the same
texts: natasha's NER tagger alone for Russian, spaCy en_core_web_sm alone for English.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from storyline.document import Document, ParagraphLanguage
from storyline.errors import NotFoundError
from storyline.evaluate import Report
from storyline.settings import Settings

TYPES = ("PER", "ORG", "LOC")
Span = tuple[int, int, str]  # start, end, type
_FACTRU_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
_FACTRU_NAME_SPANS = {"name", "surname", "patronymic", "nickname", "org_name", "loc_name"}
_RE3D_TYPES = {"Person": "PER", "Organisation": "ORG", "Location": "LOC"}


@dataclass
class GoldDoc:
    id: str
    text: str
    spans: list[Span]


@dataclass
class Counts:
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)

    def add(self, gold: list[Span], predicted: list[Span], *, overlap: bool) -> None:
        used: set[int] = set()
        for p in predicted:
            match = next(
                (
                    i
                    for i, g in enumerate(gold)
                    if i not in used
                    and g[2] == p[2]
                    and ((g[0], g[1]) == (p[0], p[1]) or (overlap and g[0] < p[1] and p[0] < g[1]))
                ),
                None,
            )
            if match is None:
                self.fp[p[2]] = self.fp.get(p[2], 0) + 1
            else:
                used.add(match)
                self.tp[p[2]] = self.tp.get(p[2], 0) + 1
        for i, g in enumerate(gold):
            if i not in used:
                self.fn[g[2]] = self.fn.get(g[2], 0) + 1

    def f1(self, kind: str) -> float:
        tp, fp, fn = self.tp.get(kind, 0), self.fp.get(kind, 0), self.fn.get(kind, 0)
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def load_factru(folder: Path) -> list[GoldDoc]:
    devset = folder / "devset" if (folder / "devset").exists() else folder
    texts = sorted(devset.glob("*.txt"))
    if not texts:
        raise NotFoundError(f"no factRuEval *.txt files under {folder}")
    docs = []
    for path in texts:
        stem = path.with_suffix("")
        spans: dict[str, tuple[str, int, int]] = {}
        for line in stem.with_suffix(".spans").read_text("utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 4:
                spans[parts[0]] = (parts[1], int(parts[2]), int(parts[2]) + int(parts[3]))
        gold = []
        for line in stem.with_suffix(".objects").read_text("utf-8").splitlines():
            head = line.split("#", 1)[0].split()
            if len(head) < 3 or head[1] not in _FACTRU_TYPES:
                continue
            names = [spans[s] for s in head[2:] if s in spans and spans[s][0] in _FACTRU_NAME_SPANS]
            if names:
                gold.append(
                    (min(n[1] for n in names), max(n[2] for n in names), _FACTRU_TYPES[head[1]])
                )
        docs.append(GoldDoc(path.stem, path.read_text("utf-8"), gold))
    return docs


def load_re3d(folder: Path) -> list[GoldDoc]:
    docs: dict[str, GoldDoc] = {}
    sources = [p for p in sorted(folder.iterdir()) if (p / "documents.json").exists()]
    if not sources:
        raise NotFoundError(f"no re3d documents.json under {folder}")
    for source in sources:
        for line in (source / "documents.json").read_text("utf-8-sig").splitlines():
            if line.strip():
                record = json.loads(line)
                docs[record["_id"]] = GoldDoc(record["_id"], record["text"], [])
        for line in (source / "entities.json").read_text("utf-8-sig").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            kind = _RE3D_TYPES.get(record["type"])
            if kind and record["documentId"] in docs:
                docs[record["documentId"]].spans.append((record["begin"], record["end"], kind))
    return list(docs.values())


def storyline_spans(settings: Settings, language: str) -> Callable[[str], list[Span]]:
    from storyline.stages import STAGES

    mentions = STAGES["mentions.v1"].factory(settings)
    coref = STAGES["coref.v1"].factory(settings)

    def run(text: str) -> list[Span]:
        doc = Document(id="gold", source="gold", raw=text, raw_format="text", text=text)
        doc.meta.language = language
        doc.paragraph_languages = [ParagraphLanguage(0, len(text), language)]
        doc = coref(mentions(doc))
        return [(m.start, m.end, m.type) for m in doc.entities if m.type in TYPES]

    return run


def natasha_spans(text: str) -> list[Span]:
    from natasha import Doc

    from storyline.models import natasha_russian

    segmenter, _, _, _, ner = natasha_russian()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    return [(s.start, s.stop, s.type) for s in doc.spans if s.type in TYPES]


def spacy_spans(text: str) -> list[Span]:
    from storyline.models import spacy_english_full

    kinds = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
    doc = spacy_english_full()(text)
    return [(e.start_char, e.end_char, kinds[e.label_]) for e in doc.ents if e.label_ in kinds]


def _score(docs: Iterable[GoldDoc], system: Callable[[str], list[Span]]) -> dict[str, float]:
    exact, overlap = Counts(), Counts()
    for doc in docs:
        predicted = system(doc.text)
        exact.add(doc.spans, predicted, overlap=False)
        overlap.add(doc.spans, predicted, overlap=True)
    metrics = {}
    for kind in TYPES:
        metrics[f"{kind}_f1"] = exact.f1(kind)
        metrics[f"{kind}_overlap_f1"] = overlap.f1(kind)
    return metrics


def _report(
    stage: str,
    folder: Path,
    docs: list[GoldDoc],
    ours: Callable[[str], list[Span]],
    peer: tuple[str, Callable[[str], list[Span]]],
    note: str,
) -> Report:
    return Report(
        stage=stage,
        gold=str(folder),
        items=len(docs),
        metrics=_score(docs, ours),
        peer=_score(docs, peer[1]),
        peer_name=peer[0],
        notes=[note],
    )


def evaluate_ner_ru(folder: Path, settings: Settings) -> Report:
    return _report(
        "ner-ru",
        folder,
        load_factru(folder),
        storyline_spans(settings, "ru"),
        ("natasha NewsNERTagger alone", natasha_spans),
        "factRuEval objects (Person, Org, Location, LocOrg→LOC) over their name spans",
    )


def evaluate_ner_en(folder: Path, settings: Settings) -> Report:
    return _report(
        "ner-en",
        folder,
        load_re3d(folder),
        storyline_spans(settings, "en"),
        ("spaCy en_core_web_sm alone", spacy_spans),
        "re3d Person, Organisation, Location",
    )
