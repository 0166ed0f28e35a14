"""One typed settings object: thresholds, limits and names, each with a default and a reason."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

DEFAULT_DB = "storyline.db"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything tunable. Build with ``Settings()`` or ``Settings.from_env()``; never mutate."""

    db_path: Path = _setting(Path(DEFAULT_DB), "SQLite store file (env STORYLINE_DB).")
    workers: int = _setting(
        0, "Worker processes for per-document stages; 0 means one per core, 1 runs in-process."
    )
    batch_size: int = _setting(
        64, "Articles per worker batch and per store transaction (the unit a crash can lose)."
    )
    max_file_bytes: int = _setting(
        25 * 1024 * 1024,
        "Largest single-document file (text/HTML, after gunzip) read; bigger ones are refused.",
    )
    max_record_bytes: int = _setting(
        10 * 1024 * 1024, "Largest record inside a JSONL or WARC container."
    )
    max_fetch_bytes: int = _setting(10 * 1024 * 1024, "Largest HTTP response body accepted.")
    http_timeout: float = _setting(20.0, "Seconds before an HTTP connect/read gives up.")
    http_retries: int = _setting(2, "Retries after a timeout, connection error or 5xx answer.")
    http_backoff: float = _setting(0.5, "First retry delay in seconds; doubles on each retry.")
    max_redirects: int = _setting(10, "Redirects followed before a URL counts as a loop.")
    user_agent: str = _setting(
        "storyline/0.1 (offline news-intelligence engine; respects robots.txt)",
        "User-Agent header sent with every request, also the robots.txt agent name.",
    )
    respect_robots: bool = _setting(True, "Check robots.txt before fetching a page.")
    min_text_chars: int = _setting(
        40, "Clean text shorter than this is rejected as no_text (navigation-only pages)."
    )
    language_min_chars: int = _setting(
        20, "Text shorter than this gets language 'und' instead of a guess."
    )
    html_mode: str = _setting(
        "balanced",
        "trafilatura's extraction mode for HTML main text: balanced, precision or recall "
        "(clean.v2; the boilerplate rules then run on its lines).",
    )
    html_fallbacks: bool = _setting(
        False,
        "Let trafilatura compare its result with readability and jusText (clean.v2). Off: "
        "a third faster, and on zyte-dev f1 0.971 without them against 0.970 with them.",
    )
    e5_mean_min_articles: int = _setting(
        20,
        "Stories' e5 fallback (languages USE v3 lacks): a language's mean e5 vector is removed "
        "once the store holds this many of its articles; before that the mean of all "
        "languages, if the store holds this many articles in all; else none.",
    )

    def __post_init__(self) -> None:
        if not isinstance(self.db_path, Path):  # accept a str from API callers
            object.__setattr__(self, "db_path", Path(self.db_path))

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        env_db = os.environ.get("STORYLINE_DB")
        base = cls(db_path=Path(env_db)) if env_db else cls()
        return base.with_(**overrides)

    def with_(self, **overrides: Any) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        settings = replace(self, **{k: v for k, v in overrides.items() if v is not None})
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.workers < 0:
            raise ConfigError(f"workers must be 0 (auto) or more, got {self.workers}")
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {self.batch_size}")
        if self.html_mode not in ("balanced", "precision", "recall"):
            raise ConfigError(
                f"html_mode must be balanced, precision or recall: {self.html_mode!r}"
            )
        if self.e5_mean_min_articles < 1:
            raise ConfigError(
                f"e5_mean_min_articles must be at least 1, got {self.e5_mean_min_articles}"
            )
        for name in ("max_file_bytes", "max_record_bytes", "max_fetch_bytes"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be positive")

    def effective_workers(self) -> int:
        return self.workers or (os.cpu_count() or 1)

    @staticmethod
    def describe() -> list[tuple[str, str, str]]:
        """(name, default, help) for every setting, for docs and ``--help`` texts."""
        return [(f.name, repr(f.default), f.metadata["help"]) for f in fields(Settings)]
