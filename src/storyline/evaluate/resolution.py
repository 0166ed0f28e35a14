"""Cross-document, cross-script entity resolution scored on BSNLP (six Slavic languages).

Gold: each annotated document lists its mention forms with lemma, type and a cross-lingual
entity id. Every form is a mention; mentions go through ``coref`` (within the document) and the
``Resolver`` (across documents and languages), with the gold lemmas and types as input, so the
score is the resolution's alone. Scored over all mentions of the topic: B-cubed precision,
recall and F1, and pairwise precision. The peer, in the same run: single-link Jaro-Winkler over
anyascii of the gold lemmas, with gold types (threshold 0.9).

Also scored: Russian lemma accuracy — our normal form of each Russian form (natasha and
pymorphy3 over the document text) against the gold lemma.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import jellyfish
from anyascii import anyascii

from storyline.document import Document, EntityMention
from storyline.errors import NotFoundError
from storyline.evaluate import Report
from storyline.settings import Settings

PEER_THRESHOLD = 0.9


@dataclass(frozen=True)
class Mention:
    doc: str
    language: str
    form: str
    lemma: str
    type: str
    gold: str


def load_bsnlp(folder: Path) -> tuple[list[Mention], dict[str, str]]:
    """All gold mentions and each document's body text (by document key)."""
    topic = next((p for p in folder.iterdir() if (p / "annotated").exists()), folder)
    annotated = sorted((topic / "annotated").glob("*/*.out"))
    if not annotated:
        raise NotFoundError(f"no BSNLP annotated/*/*.out files under {folder}")
    texts: dict[str, str] = {}
    for raw in sorted((topic / "raw").glob("*/*.txt")):
        lines = raw.read_text("utf-8", errors="replace").splitlines()
        if len(lines) > 4:
            texts[f"{raw.parent.name}/{lines[0].strip()}"] = "\n".join(lines[4:])
    mentions = []
    for path in annotated:
        lines = path.read_text("utf-8", errors="replace").splitlines()
        language = path.parent.name
        key = f"{language}/{lines[0].strip()}" if lines else path.stem
        for line in lines[1:]:
            parts = line.split("\t")
            if len(parts) >= 4 and parts[0].strip():
                mentions.append(
                    Mention(
                        key,
                        language,
                        parts[0].strip(),
                        parts[1].strip(),
                        parts[2].strip(),
                        parts[3].strip(),
                    )
                )
    return mentions, texts


def storyline_clusters(mentions: list[Mention], texts: dict[str, str]) -> list[str]:
    from storyline.aliases import alias_table
    from storyline.resolve import MemoryEntities, Resolver
    from storyline.stages.coref import canonical_names, cluster

    table = alias_table()
    resolver = Resolver(MemoryEntities())
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_doc[m.doc].append(i)
    assigned = [""] * len(mentions)
    for key, indexes in by_doc.items():
        text = texts.get(key, "")
        entities = []
        for n, i in enumerate(indexes):
            # As the mention stage would: the alias table names what it knows.
            known = table.lookup(mentions[i].lemma) or table.lookup(mentions[i].form)
            entities.append(
                EntityMention(
                    n,
                    n + 1,
                    mentions[i].form,
                    mentions[i].type,
                    lemma=mentions[i].lemma,
                    source="gold",
                    entity_id=known[0].id if known else None,
                    canonical=known[0].canonical if known else None,
                )
            )
        doc = Document(
            id=key, source=key, raw=text, raw_format="text", text=text, entities=entities
        )
        doc.meta.language = mentions[indexes[0]].language
        cluster(doc)
        canonical_names(doc)
        resolver.add(doc)
        for i, entity in zip(indexes, doc.entities, strict=True):
            assigned[i] = entity.entity_id or f"none:{i}"
    return assigned


def peer_clusters(mentions: list[Mention]) -> list[str]:
    """Single-link Jaro-Winkler (>= 0.9) over anyascii of gold lemmas, within gold types."""
    keys = sorted({(m.type, anyascii(m.lemma).lower()) for m in mentions})
    parent = {k: k for k in keys}

    def find(k: tuple[str, str]) -> tuple[str, str]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_type: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for k in keys:
        by_type[k[0]].append(k)
    for group in by_type.values():
        for a, b in itertools.combinations(group, 2):
            if jellyfish.jaro_winkler_similarity(a[1], b[1]) >= PEER_THRESHOLD:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[rb] = ra
    return ["|".join(find((m.type, anyascii(m.lemma).lower()))) for m in mentions]


def b_cubed(gold: list[str], predicted: list[str]) -> dict[str, float]:
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[str, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        both = len(by_gold[g] & by_pred[p])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    n = len(gold)
    precision, recall = precision / n, recall / n
    same = pairs = 0
    for members in by_pred.values():
        counts: dict[str, int] = defaultdict(int)
        for i in members:
            counts[gold[i]] += 1
        pairs += len(members) * (len(members) - 1) // 2
        same += sum(c * (c - 1) // 2 for c in counts.values())
    return {
        "bcubed_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "bcubed_precision": precision,
        "bcubed_recall": recall,
        "pairwise_precision": same / pairs if pairs else 1.0,
    }


def russian_lemma_accuracy(mentions: list[Mention], texts: dict[str, str]) -> float:
    from storyline.aliases import alias_table
    from storyline.stages.mentions import Recognisers

    recognisers = Recognisers(alias_table())
    russian = [m for m in mentions if m.language == "ru"]
    normal: dict[tuple[str, str], str] = {}
    for key in sorted({m.doc for m in russian}):
        text = texts.get(key, "")
        for span in recognisers.russian(text):
            normal.setdefault((key, text[span.start : span.end]), span.lemma or "")
    right = 0
    for m in russian:
        lemma = normal.get((m.doc, m.form))
        if lemma is None:
            lemma = recognisers._person_lemma(m.form) if m.type == "PER" else m.form
        right += lemma.casefold().replace("ё", "е") == m.lemma.casefold().replace("ё", "е")
    return right / len(russian) if russian else 0.0


def evaluate_resolution(folder: Path, settings: Settings) -> Report:
    mentions, texts = load_bsnlp(folder)
    gold = [m.gold for m in mentions]
    metrics = b_cubed(gold, storyline_clusters(mentions, texts))
    metrics["ru_lemma_accuracy"] = russian_lemma_accuracy(mentions, texts)
    languages = sorted({m.language for m in mentions})
    return Report(
        stage="resolution",
        gold=str(folder),
        items=len(mentions),
        metrics=metrics,
        peer=b_cubed(gold, peer_clusters(mentions)),
        peer_name="single-link Jaro-Winkler >= 0.9 on anyascii(gold lemma), gold types",
        notes=[
            f"{len(mentions)} mentions, {len(set(gold))} gold entities, languages "
            f"{', '.join(languages)}; resolution input: gold lemmas and types"
        ],
    )
