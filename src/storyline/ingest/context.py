"""What every reader needs: the settings, a lazily built HTTP fetcher and the store's memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storyline.ingest.fetch import Fetcher, ValidatorCache
from storyline.settings import Settings


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input deliberately not read again: a feed link already stored, a feed not modified."""

    source: str
    why: str  # "already stored" | "not modified"


@dataclass
class ReadContext:
    settings: Settings
    validators: ValidatorCache | None = None
    is_known_url: Callable[[str], bool] = lambda url: False
    feed_inputs: frozenset[str] = frozenset()  # inputs the user said are feeds (--feed)
    glob: str | None = None
    exclude: frozenset[Path] = frozenset()  # files never read as input (the store itself)
    _fetcher: Fetcher | None = field(default=None, repr=False)

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings, self.validators)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None
