"""Per-document stages and the pipeline that chains them.

A stage is a versioned name, the document fields it ``requires`` and ``assigns``, and a factory
that builds its function ``Document -> Document`` once (loading whatever model it needs) from
the settings. ``Pipeline`` checks the declarations when it is built, so a missing requirement
fails at start-up with a message, not halfway through a corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storyline.document import Document, RawItem
from storyline.errors import InputRejected, PipelineError, Reason, Rejected
from storyline.settings import Settings

StageFn = Callable[[Document], Document]

# Fields a document has when it leaves ingest, before any stage ran.
INGEST_ASSIGNS = frozenset({"raw", "source", "meta.url"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str  # versioned: "clean.v1"; a changed output gets a new version
    requires: frozenset[str]
    assigns: frozenset[str]
    factory: Callable[[Settings], StageFn]
    summary: str


def stage(
    name: str, *, requires: Sequence[str], assigns: Sequence[str]
) -> Callable[[Callable[[Settings], StageFn]], Stage]:
    """Declare a stage from its factory; the factory's docstring is the stage's summary."""

    def wrap(factory: Callable[[Settings], StageFn]) -> Stage:
        summary = (factory.__doc__ or "").strip().splitlines()[0] if factory.__doc__ else ""
        return Stage(name, frozenset(requires), frozenset(assigns), factory, summary)

    return wrap


class Pipeline:
    """Stages in order, each built once. Call it on a ``RawItem``; get a Document or Rejected."""

    def __init__(self, stages: Sequence[Stage], settings: Settings) -> None:
        check_order(stages)
        self.stages = list(stages)
        self.settings = settings
        self._functions = [(s.name, s.factory(settings)) for s in stages]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, item: RawItem) -> Document | Rejected:
        doc = Document.from_raw(item)
        for name, function in self._functions:
            try:
                doc = function(doc)
            except InputRejected as exc:
                return _rejected(item, exc.reason, exc.detail)
            except Exception as exc:  # a stage bug must not stop the batch: keep the input
                return _rejected(item, Reason.STAGE_ERROR, f"{name} failed: {exc!r}")
            doc.stages.append(name)
        return doc


def _rejected(item: RawItem, reason: Reason, detail: str) -> Rejected:
    """Rejections keep the decoded input so ``storyline retry`` can run the stages again."""
    if item.payload is not None:
        return Rejected(item.source, reason, detail, item.payload, item.payload_kind)
    return Rejected(item.source, reason, detail, item.content.encode("utf-8"), item.format)


def check_order(stages: Sequence[Stage]) -> None:
    available = set(INGEST_ASSIGNS)
    seen: set[str] = set()
    for s in stages:
        if s.name in seen:
            raise PipelineError(f"stage {s.name} appears twice in the pipeline")
        seen.add(s.name)
        missing = s.requires - available
        if missing:
            raise PipelineError(
                f"stage {s.name} requires {', '.join(sorted(missing))}, which no earlier stage "
                "assigns: add the stage that provides it before this one"
            )
        available |= s.assigns
