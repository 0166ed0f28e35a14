"""Project exceptions and the typed record of an input that could not be used."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StorylineError(Exception):
    """Base class: a problem the user can act on; the message says what and what to do."""


class ConfigError(StorylineError):
    """A setting or command-line value is invalid."""


class StoreError(StorylineError):
    """The store cannot be opened or is not a storyline store."""


class NotFoundError(StorylineError):
    """A requested article, rejected item or other record does not exist."""


class PipelineError(StorylineError):
    """A pipeline was assembled wrongly (a stage needs a field nothing assigns)."""


class Reason(StrEnum):
    """Why an input was rejected. A closed set, so summaries can count by reason."""

    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    TOO_LARGE = "too_large"
    TRUNCATED = "truncated"
    MALFORMED_JSON = "malformed_json"
    NO_TEXT = "no_text"
    NOT_FOUND = "not_found"
    HTTP_ERROR = "http_error"
    TIMEOUT = "timeout"
    REDIRECT_LOOP = "redirect_loop"
    ROBOTS_DISALLOWED = "robots_disallowed"
    NOT_A_FEED = "not_a_feed"
    UNSUPPORTED = "unsupported"
    STAGE_ERROR = "stage_error"


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not become an article, with its reason; never silently dropped.

    ``payload`` keeps the bytes of a record that came from inside a container (a JSONL line, a
    WARC record, a fetched page) so that ``storyline retry`` does not depend on the container.
    ``kind`` says how to re-read the payload (``jsonl``, ``text``, ``html``) or is ``None`` when
    the source itself (a path or URL) is re-read.
    """

    source: str
    reason: Reason
    detail: str
    payload: bytes | None = None
    kind: str | None = None

    def message(self) -> str:
        return f"{self.source}: {self.reason.value}: {self.detail}"


class InputRejected(StorylineError):
    """Raised inside readers and stages; the runner turns it into a ``Rejected`` record."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
