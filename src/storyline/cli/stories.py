"""Verbs about stories: stories, story, compare, merge-stories, split-story."""

from __future__ import annotations

from typing import Annotated

import typer

from storyline.cli.common import DbOption, JsonOption, LimitOption, print_json, settings_for


def register(app: typer.Typer) -> None:
    app.command("stories")(stories_cmd)
    app.command("story")(story_cmd)
    app.command("compare")(compare_cmd)
    app.command("merge-stories")(merge_stories_cmd)
    app.command("split-story")(split_story_cmd)


def stories_cmd(
    db: DbOption = None,
    limit: LimitOption = 50,
    min_size: Annotated[int, typer.Option("--min-size", min=1, help="Only stories this big.")] = 1,
    json_out: JsonOption = False,
) -> None:
    """Stories, newest first: size, languages, outlets, date span and a title per language."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        rows = store.stories(limit=limit, min_size=min_size)
    if json_out:
        for row in rows:
            print_json(row.to_json())
        return
    table = Table("id", "articles", "languages", "dates", "outlets", "title", box=None)
    for row in rows:
        span = " … ".join(dict.fromkeys(d for d in (row.first_day, row.last_day) if d)) or "?"
        title = next(iter(row.titles.values()), "")
        table.add_row(
            row.id,
            str(row.size),
            ", ".join(row.languages),
            span,
            escape(", ".join(row.outlets[:3])),
            escape(title),
        )
    Console(highlight=False).print(table if rows else "No stories yet: ingest some articles.")


def story_cmd(
    story_id: Annotated[str, typer.Argument(help="A story id from `storyline stories`.")],
    db: DbOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each article's features, score and reasons.")
    ] = False,
    json_out: JsonOption = False,
) -> None:
    """One story: its articles side by side, key entities, events and a cited summary."""
    from rich.console import Console
    from rich.markup import escape

    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        record = store.story(story_id)
    if json_out:
        print_json(record)
        return
    console = Console(highlight=False)
    titles = record["titles"]
    console.rule(
        f"[bold]{escape(next(iter(titles.values()), record['id']))}[/]  [dim]{record['id']}[/]"
    )
    for language, title in titles.items():
        console.print(f"[dim]{language:>10}[/] {escape(title)}")
    span = record["date_span"]
    console.print(f"[dim]{'dates':>10}[/] {escape(' … '.join(d for d in span if d) or 'unknown')}")
    console.print(
        f"[dim]{'entities':>10}[/] " + escape(", ".join(e["name"] for e in record["key_entities"]))
    )
    for event in record["events"]:
        console.print(
            f"[dim]{'event':>10}[/] {event['type']} {escape(event['date'] or '?')} {event['id']}"
        )
    console.print()
    for line in record["summary"]:
        console.print(f"  {escape(line['sentence'])} [dim][{line['article_id']}][/]")
    console.print()
    for m in record["members"]:
        head = f"{m['article_id']}  {m['language'] or '?'}  {m['publisher'] or m['source']}"
        console.print(f"[bold]{escape(head)}[/]  {escape(m['title'] or '')}")
        if explain:
            feats = ", ".join(f"{k} {v:.2f}" for k, v in m["features"].items())
            score = "started the story" if m["score"] is None else f"score {m['score']:.2f}"
            console.print(f"    [dim]{score}; {escape(feats)}[/]")
            for reason in m["reasons"]:
                console.print(f"    [dim]{escape(reason)}[/]")


def compare_cmd(
    first: Annotated[str, typer.Argument(help="A file, URL or stored article id.")],
    second: Annotated[str, typer.Argument(help="A file, URL or stored article id.")],
    db: DbOption = None,
    json_out: JsonOption = False,
) -> None:
    """Would two articles be one story? The score, the decision and every feature."""
    from storyline.api import compare

    result = compare(first, second, settings_for(db))
    if json_out:
        print_json(result)
        return
    verdict = "same story" if result["same_story"] else "different stories"
    typer.echo(f"{verdict} (score {result['score']:.2f}, threshold {result['threshold']})")
    features = result["features"]
    assert isinstance(features, dict)
    for name, value in features.items():
        typer.echo(f"  {name:>9} {value:.3f}")


def merge_stories_cmd(
    source: Annotated[str, typer.Argument(help="The story to fold in.")],
    target: Annotated[str, typer.Argument(help="The story that keeps its id.")],
    db: DbOption = None,
) -> None:
    """Merge two stories by hand; articles that would join SOURCE later join TARGET."""
    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        store.merge_stories(source, target)
    typer.echo(f"merged {source} into {target}")


def split_story_cmd(
    story_id: Annotated[str, typer.Argument(help="The story to split.")],
    articles: Annotated[list[str], typer.Argument(help="Article ids to move to a new story.")],
    db: DbOption = None,
) -> None:
    """Move articles out of a story into a new one by hand; later runs keep the split."""
    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        new = store.split_story(story_id, articles)
    typer.echo(f"moved {len(articles)} article(s) from {story_id} to {new}")
