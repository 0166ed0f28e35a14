"""Verbs that read the store: articles, show, search."""

from __future__ import annotations

from typing import Annotated

import typer

from storyline.cli.common import DbOption, JsonOption, LimitOption, print_json, settings_for


def register(app: typer.Typer) -> None:
    app.command("articles")(articles_cmd)
    app.command("show")(show_cmd)
    app.command("search")(search_cmd)


def articles_cmd(
    db: DbOption = None,
    language: Annotated[str | None, typer.Option(help="Only this language code.")] = None,
    limit: LimitOption = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many first.")] = 0,
    json_out: JsonOption = False,
) -> None:
    """List stored articles, newest first."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        rows = store.articles(limit=limit, offset=offset, language=language)
        total = store.count_articles()
    if json_out:
        for row in rows:
            print_json(row.summary())
        return
    table = Table("id", "lang", "published", "publisher", "title", box=None)
    for row in rows:
        table.add_row(
            row.id,
            row.language or "",
            escape(row.published or ""),
            escape(row.publisher or ""),
            escape(row.title or _lead(row.text)),
        )
    console = Console(highlight=False)
    console.print(table if rows else "No articles stored yet: run `storyline ingest PATH`.")
    if rows:
        console.print(f"[dim]{len(rows)} of {total} articles[/]")


def show_cmd(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = None,
    raw: Annotated[bool, typer.Option("--raw", help="Print the raw input instead.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each input line with its boilerplate rule.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """Show one stored article: metadata, clean text and its annotation layers."""
    from rich.console import Console
    from rich.markup import escape

    from storyline.cli.render import print_document
    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        doc = store.document(article_id)
        group = store.copies(doc.id)
    if json_out:
        print_json(doc.to_json(explain=explain))
        return
    console = Console(highlight=False)
    print_document(console, doc, explain=explain, raw=raw)
    if group:
        console.print()
    for member in group:  # syndicated copies of this article, the first-seen one first
        where = member["publisher"] or member["url"] or member["source"]
        how = "canonical" if member["canonical"] else f"copy {member['similarity']:.2f}"
        console.print(f"[dim]{'copies':>10}[/] {member['id']} {escape(where)} [dim]({how})[/]")


def search_cmd(
    query: Annotated[str, typer.Argument(help="Words that must all occur; word* for a prefix.")],
    db: DbOption = None,
    limit: LimitOption = 20,
    json_out: JsonOption = False,
) -> None:
    """Full-text search over titles and clean text (best matches first)."""
    from rich.console import Console
    from rich.markup import escape

    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        hits = store.search(query, limit=limit)
    if json_out:
        for hit in hits:
            print_json({**hit.article.summary(), "snippet": hit.snippet, "score": hit.score})
        return
    console = Console(highlight=False)
    if not hits:
        console.print(f"No article matches {query!r}.", markup=False)
    for hit in hits:
        title = hit.article.title or _lead(hit.article.text)
        console.print(f"[bold]{escape(title)}[/]  [dim]{hit.article.id}[/]")
        console.print(f"   {escape(hit.snippet)}")


def _lead(text: str, width: int = 70) -> str:
    first = text.split("\n", 1)[0]
    return first if len(first) <= width else first[: width - 1] + "…"
