from __future__ import annotations

import pytest

from storyline.document import Document
from storyline.errors import PipelineError, Reason, Rejected
from storyline.settings import Settings
from storyline.stages import STAGES, build_pipeline
from storyline.stages.pipeline import Pipeline, StageFn, stage
from tests.conftest import raw_item


def test_pipeline_rejects_missing_requirement(settings: Settings) -> None:
    with pytest.raises(PipelineError, match=r"language\.v1 requires text"):
        build_pipeline(settings, ["language.v1"])


def test_pipeline_rejects_unknown_and_duplicate_stages(settings: Settings) -> None:
    with pytest.raises(PipelineError, match="unknown stage"):
        build_pipeline(settings, ["clean.v9"])
    with pytest.raises(PipelineError, match="twice"):
        build_pipeline(settings, ["clean.v1", "clean.v1"])


def test_pipeline_stage_error_becomes_rejection(settings: Settings) -> None:
    @stage("broken.v1", requires=["text"], assigns=[])
    def broken(_: Settings) -> StageFn:
        """Always fails."""

        def run(doc: Document) -> Document:
            raise ValueError("bad state")

        return run

    pipeline = Pipeline([STAGES["clean.v1"], broken], settings)
    result = pipeline(raw_item(source="x.txt"))
    assert isinstance(result, Rejected) and result.reason is Reason.STAGE_ERROR
    assert "broken.v1 failed: ValueError('bad state')" in result.detail


def test_pipeline_records_stage_versions(settings: Settings) -> None:
    doc = build_pipeline(settings)(raw_item())
    assert isinstance(doc, Document) and doc.stages == [
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
    ]
