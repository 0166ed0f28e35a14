"""How one article looks in the terminal (``analyze``, ``show``)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline.document import Document

_LABEL_STYLE = {"body": "green", "title": "bold cyan", "meta": "yellow", "junk": "red"}


def print_document(
    console: Console, doc: Document, *, explain: bool = False, raw: bool = False
) -> None:
    meta = doc.meta
    console.rule(f"[bold]{escape(meta.title or '(no title)')}[/]  [dim]{doc.id}[/]")
    dateline = meta.dateline
    fields = (
        ("source", doc.source),
        ("url", meta.url),
        ("publisher", meta.publisher),
        ("published", meta.published),
        ("dateline", f"{dateline.text}  → {dateline.place}, {dateline.date}" if dateline else None),
        ("author", meta.author),
        ("language", _languages(doc)),
        ("stages", ", ".join(doc.stages)),
    )
    for label, value in fields:
        if value:
            console.print(f"[dim]{label:>10}[/] {escape(value)}")
    for warning in doc.warnings:
        console.print(f"[yellow]{'warning':>10}[/] {escape(warning)}")
    console.print()
    if explain:
        console.print(explain_table(doc))
    else:
        console.print(doc.raw if raw else doc.text, markup=False, highlight=False)
        if not raw:
            _print_layers(console, doc)


def _print_layers(console: Console, doc: Document) -> None:
    """The dates and events found in the article, one line each, under its text."""
    if doc.dates:
        console.print()
    for d in doc.dates:
        value = d.value or f"null ({d.reason})"
        extra = f", inferred: {d.reason}" if d.inferred else ""
        console.print(
            f"[dim]{'date':>10}[/] {escape(d.text)} → {escape(value)} [dim]({d.grain or '-'}"
            f"{escape(extra)})[/]"
        )
    if doc.events:
        console.print()
    for e in doc.events:
        who = ", ".join(a.canonical or a.text for a in e.actors) or "?"
        whom = ", ".join(a.canonical or a.text for a in e.targets)
        parts = [f"[bold]{e.type}[/]", escape(f"[{e.trigger}]"), escape(who)]
        if whom:
            parts.append("→ " + escape(whom))
        if e.place:
            parts.append("@ " + escape(e.place.canonical or e.place.text))
        parts.append(escape(e.date or "date unknown"))
        parts += [
            escape(f"{c.kind} {c.value}" + (f" {c.side}" if c.side else "")) for c in e.counts
        ]
        if e.modality != "asserted":
            parts.append(f"[yellow]{e.modality}[/]")
        if e.attribution:
            parts.append(escape(f"per {e.attribution.text}"))
        console.print(f"[dim]{'event':>10}[/] " + " ".join(parts))


def explain_table(doc: Document) -> Table:
    """Every input line with the verdict of the boilerplate rules and the rule that gave it."""
    table = Table("label", "rule", "line", box=None, show_edge=False)
    for block in doc.blocks:
        style = _LABEL_STYLE.get(block.label, "")
        table.add_row(f"[{style}]{block.label}[/]", block.rule, escape(block.text))
    return table


def _languages(doc: Document) -> str | None:
    language = doc.meta.language
    if not language:
        return None
    others = sorted({p.language for p in doc.paragraph_languages} - {language, "und"})
    mixed = f" (paragraphs also: {', '.join(others)})" if others else ""
    confidence = f" {doc.language_confidence:.2f}" if doc.language_confidence is not None else ""
    return f"{language}{confidence}{mixed}"
