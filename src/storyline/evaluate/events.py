"""Event types scored on sentences we labelled ourselves (``tests/evaluate/labels/events_*.tsv``).

The label files hold pointers, never text: a document in the shared dev data (``--gold``, the
folder that holds ``re3d-dev/``, ``semeval2022-t8-train/``, ``factruveval-dev/``), a sentence's
character offsets in it, a hash of the sentence, and the PLOVER types a careful reader finds in
it (``NONE`` for none). Each document runs through the entity, date, number and event stages
whole (so pronouns and dates have their context); a sentence's predicted types are those of the
events whose trigger (or a folded report's trigger) lies inside it.

Scores: per type precision/recall/F1 over (sentence, type) pairs, their micro average, and the
share of sentences whose predicted set equals the gold set. The peer is the same trigger tables
without the syntax rules (every trigger word anywhere counts), run in the same process: what
the dependency rules add.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from storyline.document import Document, ParagraphLanguage
from storyline.errors import NotFoundError
from storyline.evaluate import Report
from storyline.settings import Settings

LABELS_ENV = "STORYLINE_EVENT_LABELS"
_REPO_LABELS = Path(__file__).resolve().parents[3] / "tests" / "evaluate" / "labels"


@dataclass(frozen=True, slots=True)
class Label:
    doc: str
    start: int
    end: int
    sha1: str
    types: frozenset[str]
    language: str


def labels_dir(given: Path | None = None) -> Path:
    for candidate in (
        given,
        Path(os.environ.get(LABELS_ENV, "")) if os.environ.get(LABELS_ENV) else None,
        _REPO_LABELS,
    ):
        if candidate is not None and candidate.is_dir():
            return candidate
    raise NotFoundError(
        "event labels not found: give --labels (tests/evaluate/labels in a source checkout) "
        f"or set {LABELS_ENV}"
    )


def read_labels(folder: Path) -> list[Label]:
    out: list[Label] = []
    for path in sorted(folder.glob("events_*.tsv")):
        language = path.stem.split("_", 1)[1]
        header: list[str] | None = None
        for line in path.read_text("utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells, strict=False))
            types = frozenset() if row["types"] == "NONE" else frozenset(row["types"].split(","))
            out.append(
                Label(row["doc"], int(row["start"]), int(row["end"]), row["sha1"], types, language)
            )
    return out


def load_text(root: Path, doc: str) -> str:
    """The text a label points into: a file, or a record's field in a JSON-lines file."""
    path, _, key = doc.partition("#")
    if not key:
        with (root / path).open(encoding="utf-8", newline="") as f:
            return f.read()
    record_id, _, field_name = key.partition("/")
    with (root / path).open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            if str(record.get("_id", record.get("pair_id"))) == record_id:
                return str(record[field_name or "text"])
    raise NotFoundError(f"{doc}: no such record under {root}")


def _document(doc_id: str, text: str, language: str) -> Document:
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    doc = Document(id=doc_id, source=doc_id, raw=text, raw_format="text", text=text)
    doc.paragraphs = paragraphs
    doc.meta.language = language
    doc.paragraph_languages = [ParagraphLanguage(s, e, language) for s, e in paragraphs]
    return doc


def predicted_types(doc: Document, start: int, end: int) -> set[str]:
    found = set()
    for event in doc.events:
        triggers = [(event.trigger_start, event.type)] + [
            (m.trigger_start, event.type) for m in event.merged
        ]
        found |= {t for at, t in triggers if start <= at < end}
    return found


def lexicon_types(sentence: str, language: str) -> set[str]:
    """The peer: every word of the trigger tables, wherever it stands, names its type."""
    from storyline.stages.events import lexicon as L
    from storyline.stages.events.syntax import parse_english, parse_russian

    parse = parse_russian if language == "ru" else parse_english
    verbs, nouns = (L.RU_VERBS, L.RU_NOUNS) if language == "ru" else (L.EN_VERBS, L.EN_NOUNS)
    tokens = parse([(0, len(sentence))], sentence)[0].tokens
    return {
        (verbs.get(t.lemma) or nouns.get(t.lemma) or nouns[t.text.lower()]).type
        for t in tokens
        if t.lemma in verbs or t.lemma in nouns or t.text.lower() in nouns
    }


def evaluate_events(gold: Path, settings: Settings, labels: Path | None = None) -> Report:
    from storyline.stages import STAGES

    folder = labels_dir(labels)
    rows = read_labels(folder)
    stages = [
        STAGES[n].factory(settings)
        for n in ("mentions.v1", "coref.v1", "dates.v1", "numbers.v1", "events.v1")
    ]
    by_doc: dict[str, list[Label]] = defaultdict(list)
    for row in rows:
        by_doc[row.doc].append(row)
    ours: list[tuple[Label, set[str]]] = []
    peer: list[tuple[Label, set[str]]] = []
    stale = 0
    for doc_key, doc_rows in by_doc.items():
        text = load_text(gold, doc_key)
        doc = _document(doc_key, text, doc_rows[0].language)
        for stage in stages:
            doc = stage(doc)
        for row in doc_rows:
            sentence = text[row.start : row.end]
            if hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:10] != row.sha1:
                stale += 1  # the text moved under the label: skip it, say so
                continue
            ours.append((row, predicted_types(doc, row.start, row.end)))
            peer.append((row, lexicon_types(sentence, row.language)))
    metrics = _scores(ours)
    # The labels served development too: the held-out half (by document) is the honest number.
    held_out = [(label, types) for label, types in ours if is_held_out(label.doc)]
    metrics["held_out_micro_f1"] = _scores(held_out)["micro_f1"]
    peer_scores = _scores(peer)
    peer_scores["held_out_micro_f1"] = _scores(
        [(label, types) for label, types in peer if is_held_out(label.doc)]
    )["micro_f1"]
    notes = [
        f"labels: {folder} ({len(rows)} sentences: "
        + ", ".join(f"{lang} {n}" for lang, n in sorted(Counter(r.language for r in rows).items()))
        + ")",
        "per-type support (gold sentences): "
        + ", ".join(
            f"{t} {n}" for t, n in sorted(Counter(t for r, _ in ours for t in r.types).items())
        ),
    ]
    notes.append(
        f"held_out_micro_f1: {len(held_out)} sentences of documents never inspected during "
        "development; the other figures include the development half"
    )
    if stale:
        notes.append(f"{stale} labels skipped: their sentence hash no longer matches the text")
    return Report(
        stage="events",
        gold=str(gold),
        items=len(ours),
        metrics=metrics,
        peer=peer_scores,
        peer_name="trigger words only",
        notes=notes,
    )


def is_held_out(doc: str) -> bool:
    """Half of the labelled documents, fixed by a hash of their pointer, were never looked at
    while the rules were written; the other half were (the development half)."""
    return int(hashlib.sha1(doc.encode("utf-8")).hexdigest(), 16) % 2 == 1


def _scores(pairs: list[tuple[Label, set[str]]]) -> dict[str, float]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    by_language: dict[str, Counter[str]] = defaultdict(Counter)
    exact = 0
    for label, predicted in pairs:
        gold = set(label.types)
        exact += gold == predicted
        for t in predicted & gold:
            tp[t] += 1
            by_language[label.language]["tp"] += 1
        for t in predicted - gold:
            fp[t] += 1
            by_language[label.language]["fp"] += 1
        for t in gold - predicted:
            fn[t] += 1
            by_language[label.language]["fn"] += 1
    metrics: dict[str, float] = {}
    total = sum(tp.values()), sum(fp.values()), sum(fn.values())
    metrics["micro_precision"], metrics["micro_recall"], metrics["micro_f1"] = _prf(*total)
    for language, c in sorted(by_language.items()):
        metrics[f"{language}_micro_f1"] = _prf(c["tp"], c["fp"], c["fn"])[2]
    metrics["sentence_accuracy"] = exact / len(pairs) if pairs else 0.0
    for t in sorted(set(tp) | set(fn) | set(fp)):
        p, r, f = _prf(tp[t], fp[t], fn[t])
        metrics[f"{t}_precision"], metrics[f"{t}_recall"], metrics[f"{t}_f1"] = p, r, f
    return {k: round(v, 4) for k, v in metrics.items()}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
