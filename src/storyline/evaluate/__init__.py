"""Quality measured on gold data: ``storyline eval STAGE --gold PATH``.

Each evaluator returns a ``Report``: named metrics for storyline and for the peer tool run in the
same process. Floors (the lowest acceptable value of each metric) live in ``floors.toml`` and a
test fails when a stage drops below them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from storyline.errors import ConfigError, NotFoundError
from storyline.settings import Settings


@dataclass
class Report:
    stage: str
    gold: str
    items: int
    metrics: dict[str, float]  # storyline's numbers
    peer: dict[str, float] = field(default_factory=dict)  # the peer tool, same data, same run
    peer_name: str | None = None
    notes: list[str] = field(default_factory=list)

    def below_floors(self, floors: dict[str, float]) -> list[str]:
        return [
            f"{name} = {self.metrics.get(name, 0.0):.4f} is below its floor {floor:.4f}"
            for name, floor in floors.items()
            if self.metrics.get(name, 0.0) < floor
        ]

    def to_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "gold": self.gold,
            "items": self.items,
            "metrics": self.metrics,
            "peer": {"name": self.peer_name, "metrics": self.peer} if self.peer_name else None,
            "floors": load_floors().get(self.stage, {}),
            "notes": self.notes,
        }


Evaluator = Callable[[Path, Settings], Report]


def evaluators() -> dict[str, tuple[Evaluator, str]]:
    """Stage name → (evaluator, what gold it reads). Imports stay inside: eval is rare."""
    from storyline.evaluate.copies import evaluate_copies
    from storyline.evaluate.events import evaluate_events
    from storyline.evaluate.extraction import evaluate_extraction
    from storyline.evaluate.ner import evaluate_ner_en, evaluate_ner_ru
    from storyline.evaluate.resolution import evaluate_resolution
    from storyline.evaluate.stories import evaluate_stories

    return {
        "copies": (
            evaluate_copies,
            "syndicated-copy detection on copies generated (seeded) from real texts, against "
            "same-story articles; gold: the shared dev-data folder (semeval2022-t8-train)",
        ),
        "events": (
            evaluate_events,
            "event types per sentence (PLOVER + STATEMENT) on our labelled sentences; gold: the "
            "shared dev-data folder the labels point into (--labels: tests/evaluate/labels)",
        ),
        "stories": (
            evaluate_stories,
            "same-story pair scores (Pearson per language pair, same-story F1) vs plain "
            "embedding cosine; gold: the shared dev-data folder (semeval2022-t8-train)",
        ),
        "resolution": (
            evaluate_resolution,
            "cross-document, cross-script entity resolution (B-cubed) and Russian lemmas; "
            "gold: a BSNLP topic folder (raw/ and annotated/ by language)",
        ),
        "ner-ru": (
            evaluate_ner_ru,
            "Russian NER per type; gold: factRuEval-2016 devset folder (.txt/.spans/.objects)",
        ),
        "ner-en": (
            evaluate_ner_en,
            "English NER per type; gold: re3d folder (sources with documents.json/entities.json)",
        ),
        "extraction": (
            evaluate_extraction,
            "HTML main-text extraction; gold: a folder with ground-truth.json and html/*.html.gz "
            "(article-extraction-benchmark layout)",
        ),
    }


def evaluate(stage: str, gold: Path, settings: Settings, labels: Path | None = None) -> Report:
    """Score ``stage``; ``labels`` is for evaluators that pair our labels with shared texts."""
    known = evaluators()
    if stage not in known:
        raise ConfigError(f"no evaluator for {stage!r}; known: {', '.join(sorted(known))}")
    if not gold.exists():
        raise NotFoundError(f"gold data {gold} does not exist")
    if stage == "events":
        from storyline.evaluate.events import evaluate_events

        return evaluate_events(gold, settings, labels)
    return known[stage][0](gold, settings)


def load_floors() -> dict[str, dict[str, float]]:
    text = resources.files("storyline.evaluate").joinpath("floors.toml").read_text("utf-8")
    return {k: dict(v) for k, v in tomllib.loads(text).items()}
