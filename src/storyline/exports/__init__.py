"""Exports of what the store holds, in formats other tools read.

``records`` turns the store into flat records per kind (articles, entities, events, stories)
with fixed columns; ``writers`` writes them as JSON Lines, CSV or Parquet; ``events`` holds the
GDELT-like event table; ``tables.export`` puts them together for ``storyline export``.
"""

from storyline.exports.records import COLUMNS, KINDS, Column, column_names, records
from storyline.exports.tables import FORMATS, export

__all__ = ["COLUMNS", "FORMATS", "KINDS", "Column", "column_names", "export", "records"]
