"""Storage behind a writer/view interface; SQLite is the embedded default."""

from storyline.store.base import ArticleRow, RejectedRow, SearchHit, StoreView, StoreWriter
from storyline.store.sqlite import SQLiteStore

__all__ = ["ArticleRow", "RejectedRow", "SQLiteStore", "SearchHit", "StoreView", "StoreWriter"]
