"""The store interface: a writer for ingest, a view for everything that reads.

SQLite implements both (``storyline.store.sqlite``); PostgreSQL will implement the same protocols.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from storyline.document import Document
from storyline.errors import Rejected


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    stored: list[str]  # ids newly stored
    known: list[str]  # ids already present (re-ingest is a no-op)
    rejected: list[Rejected]


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: str
    source: str
    url: str | None
    title: str | None
    publisher: str | None
    published: str | None
    language: str | None
    text: str
    ingested_at: str

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "language": self.language,
            "chars": len(self.text),
            "ingested_at": self.ingested_at,
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: ArticleRow
    snippet: str
    score: float


@dataclass(frozen=True, slots=True)
class RejectedRow:
    id: str
    source: str
    reason: str
    detail: str
    kind: str | None
    payload: bytes | None
    attempts: int
    first_seen: str
    last_seen: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "reason": self.reason,
            "detail": self.detail,
            "attempts": self.attempts,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "retryable_from_store": self.payload is not None,
        }


class StoreWriter(Protocol):
    def write(self, results: Sequence[Document | Rejected]) -> WriteOutcome:
        """Store one batch atomically: either all of it is visible afterwards or none."""
        ...

    def known_ids(self, ids: Iterable[str]) -> set[str]: ...

    def has_url(self, url: str) -> bool: ...

    def get_validators(self, url: str) -> tuple[str | None, str | None]: ...

    def put_validators(self, url: str, etag: str | None, last_modified: str | None) -> None: ...

    def forget_rejected(self, ids: Iterable[str]) -> None: ...


class StoreView(Protocol):
    def count_articles(self) -> int: ...

    def articles(
        self, *, limit: int, offset: int = 0, language: str | None = None
    ) -> list[ArticleRow]: ...

    def document(self, article_id: str) -> Document: ...

    def search(self, query: str, *, limit: int) -> list[SearchHit]: ...

    def rejected(self, *, limit: int, reason: str | None = None) -> list[RejectedRow]: ...

    def rejected_by_ids(self, ids: Sequence[str]) -> list[RejectedRow]: ...
