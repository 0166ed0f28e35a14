"""storyline: offline multilingual news intelligence.

The public API, in pipeline order: read inputs, run per-document stages, store, query.
Nothing heavy is imported here; models load when a stage is built.
"""

from storyline.document import Document, Metadata, OffsetMap, RawItem, article_id
from storyline.errors import Reason, Rejected, StorylineError
from storyline.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Metadata",
    "OffsetMap",
    "RawItem",
    "Reason",
    "Rejected",
    "Settings",
    "StorylineError",
    "__version__",
    "analyze",
    "article_id",
    "ingest",
    "retry",
]


def __getattr__(name: str) -> object:
    # The api module pulls in the ingest/store layers; import it only when asked for.
    if name in ("ingest", "analyze", "retry"):
        from storyline import api

        return getattr(api, name)
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
