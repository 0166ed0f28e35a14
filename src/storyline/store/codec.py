"""Documents to store rows and back: the annotation layers travel as one JSON column."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from storyline.document import (
    Block,
    Dateline,
    DateMention,
    Document,
    EntityMention,
    Event,
    Metadata,
    NumberMention,
    OffsetMap,
    ParagraphLanguage,
    RoleMention,
)


def annotations_json(doc: Document) -> str:
    return json.dumps(
        {
            "paragraphs": doc.paragraphs,
            "entities": [asdict(e) for e in doc.entities],
            "dates": [asdict(d) for d in doc.dates],
            "numbers": [asdict(n) for n in doc.numbers],
            "events": [asdict(e) for e in doc.events],
            "roles": [asdict(r) for r in doc.roles],
            "warnings": doc.warnings,
            "stages": doc.stages,
            "script": doc.script,
            "language_confidence": doc.language_confidence,
            "dateline": asdict(doc.meta.dateline) if doc.meta.dateline else None,
            "blocks": [asdict(b) for b in doc.blocks],
            "paragraph_languages": [asdict(p) for p in doc.paragraph_languages],
        },
        ensure_ascii=False,
    )


def offsets_json(doc: Document) -> str:
    return json.dumps(doc.offsets.runs, separators=(",", ":"))


def document_from_row(row: dict[str, Any]) -> Document:
    layers = json.loads(row["annotations"])
    return Document(
        id=row["id"],
        source=row["source"],
        raw=row["raw"],
        raw_format=row["raw_format"],
        text=row["text"],
        offsets=OffsetMap([tuple(run) for run in json.loads(row["offsets"])]),
        paragraphs=[tuple(p) for p in layers.get("paragraphs", [])],
        meta=Metadata(
            title=row["title"],
            publisher=row["publisher"],
            url=row["url"],
            published=row["published"],
            language=row["language"],
            dateline=Dateline(**layers["dateline"]) if layers.get("dateline") else None,
            author=row["author"],
        ),
        entities=[EntityMention(**e) for e in layers.get("entities", [])],
        dates=[DateMention(**d) for d in layers.get("dates", [])],
        numbers=[NumberMention(**n) for n in layers.get("numbers", [])],
        events=[Event.from_json(e) for e in layers.get("events", [])],
        roles=[RoleMention(**r) for r in layers.get("roles", [])],
        warnings=list(layers.get("warnings", [])),
        stages=list(layers.get("stages", [])),
        script=layers.get("script"),
        language_confidence=layers.get("language_confidence"),
        blocks=[Block(**b) for b in layers.get("blocks", [])],
        paragraph_languages=[ParagraphLanguage(**p) for p in layers.get("paragraph_languages", [])],
    )
