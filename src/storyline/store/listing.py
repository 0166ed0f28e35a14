"""What a listing is: its filters, its page window, and a page of rows with whether more follow."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Filters:
    """What a listing is narrowed to; ``None`` means no filter."""

    since: str | None = None  # ISO date or a prefix of one (2024, 2024-12)
    until: str | None = None
    language: str | None = None
    outlet: str | None = None
    entity: str | None = None  # an entity id or any spelling of a name
    event_type: str | None = None
    place: str | None = None  # an entity id or a place name


@dataclass(frozen=True, slots=True)
class Window:
    """A page of a listing: ``page`` counts from 1."""

    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Listing:
    """One page of rows and whether another page follows."""

    items: list[dict[str, Any]]
    window: Window
    more: bool
    notes: list[str] = field(default_factory=list)  # how a filter was read ("Rahmon" → per:rahmon)

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "page": self.window.page,
            "per_page": self.window.per_page,
            "more": self.more,
            "notes": self.notes,
        }


def _until(value: str) -> str:
    """An upper bound that includes the whole period a partial date names (2024-12 → Dec 31)."""
    return value + "\uffff" if len(value) < 10 else value


def _page(rows: list[Any], window: Window) -> tuple[list[Any], bool]:
    return rows[: window.per_page], len(rows) > window.per_page
