"""Per-document stages, registered here explicitly (no registration by import side effect)."""

from __future__ import annotations

from collections.abc import Sequence

from storyline.errors import PipelineError
from storyline.settings import Settings
from storyline.stages.clean import clean_v1, clean_v2
from storyline.stages.coref import coref_v1
from storyline.stages.embed import embed_v1, embed_v2
from storyline.stages.events import events_v1
from storyline.stages.language import language_v1, language_v2
from storyline.stages.mentions import mentions_v1
from storyline.stages.metadata import metadata_v1
from storyline.stages.numbers import numbers_v1
from storyline.stages.pipeline import Pipeline, Stage, check_order
from storyline.stages.roles import roles_v1
from storyline.stages.temporal import dates_v1

STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        clean_v1,
        clean_v2,
        metadata_v1,
        language_v1,
        language_v2,
        mentions_v1,
        coref_v1,
        roles_v1,
        dates_v1,
        numbers_v1,
        events_v1,
        embed_v1,
        embed_v2,
    )
}
DEFAULT_PIPELINE: tuple[str, ...] = (
    "clean.v2",
    "metadata.v1",
    "language.v2",
    "mentions.v1",
    "coref.v1",
    "roles.v1",
    "dates.v1",
    "numbers.v1",
    "events.v1",
    "embed.v2",
)

__all__ = ["DEFAULT_PIPELINE", "STAGES", "Pipeline", "Stage", "build_pipeline", "check_order"]


def build_pipeline(settings: Settings, names: Sequence[str] = DEFAULT_PIPELINE) -> Pipeline:
    unknown = [n for n in names if n not in STAGES]
    if unknown:
        raise PipelineError(
            f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(sorted(STAGES))}"
        )
    return Pipeline([STAGES[n] for n in names], settings)
