"""Verbs about entities: entities, entity, alias add, merge."""

from __future__ import annotations

from typing import Annotated

import typer

from storyline.cli.common import DbOption, JsonOption, LimitOption, print_json, settings_for

alias_app = typer.Typer(help="Add spellings the alias table should know.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("entities")(entities_cmd)
    app.command("entity")(entity_cmd)
    app.command("merge")(merge_cmd)
    app.command("split")(split_cmd)
    app.add_typer(alias_app, name="alias")
    alias_app.command("add")(alias_add_cmd)


def entities_cmd(
    db: DbOption = None,
    entity_type: Annotated[
        str | None, typer.Option("--type", help="PER, ORG, LOC or NORP.")
    ] = None,
    limit: LimitOption = 50,
    json_out: JsonOption = False,
) -> None:
    """Canonical entities, most mentioned first, with their aliases and counts."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        rows = store.entities(limit=limit, entity_type=entity_type.upper() if entity_type else None)
        if json_out:
            for row in rows:
                print_json(
                    {**row.to_json(), "mentioned_in": store.entity_mentions(row.id, limit=20)}
                )
            return
    table = Table("id", "type", "canonical", "mentions", "articles", "aliases", box=None)
    for row in rows:
        aliases = ", ".join(f"{a['alias']} ({a['count']})" for a in row.aliases[:6])
        table.add_row(
            row.id,
            row.type,
            escape(row.canonical),
            str(row.mentions),
            str(row.articles),
            escape(aliases),
        )
    Console(highlight=False).print(table if rows else "No entities yet: ingest some articles.")


def entity_cmd(
    name: Annotated[str, typer.Argument(help="An entity id or any of its names, in any script.")],
    db: DbOption = None,
    limit: LimitOption = 20,
    json_out: JsonOption = False,
) -> None:
    """One entity: aliases by language and script, and the articles that mention it."""
    from rich.console import Console
    from rich.markup import escape

    from storyline.errors import NotFoundError
    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        ids = store.find_entities(name)
        if not ids:
            raise NotFoundError(f"no entity is called {name!r} (see `storyline entities`)")
        entity = store.entity(ids[0])
        mentions = store.entity_mentions(entity.id, limit=limit)
        roles = store.roles_of(entity.id)
    if json_out:
        print_json(
            {**entity.to_json(), "roles": roles, "mentioned_in": mentions, "other_matches": ids[1:]}
        )
        return
    console = Console(highlight=False)
    console.rule(f"[bold]{escape(entity.canonical)}[/]  [dim]{entity.id} · {entity.type}[/]")
    if entity.lat is not None:
        console.print(
            f"[dim]GeoNames {entity.geonames_id} at {entity.lat:.3f}, {entity.lon:.3f}[/]"
        )
    by_language: dict[str, list[str]] = {}
    for alias in entity.aliases:
        label = alias["language"] or alias["script"] or "?"
        by_language.setdefault(label, []).append(f"{alias['alias']} ×{alias['count']}")
    for language, names in sorted(by_language.items()):
        console.print(f"[dim]{language:>9}[/] {escape(', '.join(names))}")
    for role in roles:
        console.print(
            f"[dim]{'role':>9}[/] {escape(role['role'])} · {escape(role['organisation'] or '?')}"
            f"  [dim]{_span(role['first_seen'], role['last_seen'])}, "
            f"{role['articles']} article(s)[/]"
        )
    console.print()
    for m in mentions:
        console.print(
            f"{m['published'] or '—':>10}  {escape(m['title'] or m['article_id'])}  "
            f"[dim]{m['article_id']} {m['start']}-{m['end']} “{escape(m['text'])}” "
            f"score {m['score']:.2f}[/]"
        )
    if len(ids) > 1:
        console.print(f"[dim]also called {name!r}: {', '.join(ids[1:])}[/]")


def merge_cmd(
    source: Annotated[str, typer.Argument(help="Entity id to merge away.")],
    target: Annotated[str, typer.Argument(help="Entity id that remains.")],
    db: DbOption = None,
) -> None:
    """Merge two entities by hand; later articles follow the merge too."""
    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        store.merge_entities(source, target)
    typer.echo(f"merged {source} into {target}")


def split_cmd(
    entity: Annotated[str, typer.Argument(help="Entity id to split.")],
    alias: Annotated[str, typer.Argument(help="The name whose mentions are someone else.")],
    db: DbOption = None,
) -> None:
    """Split the mentions called ALIAS off an entity by hand; later articles follow it."""
    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        new_id = store.split_entity(entity, alias)
    typer.echo(f"split {alias!r} off {entity} into {new_id}")


def alias_add_cmd(
    alias: Annotated[str, typer.Argument(help="The spelling, e.g. 'Doshanbe'.")],
    entity: Annotated[str, typer.Option("--entity", help="Entity id it names (org:csto, …).")],
    entity_type: Annotated[
        str, typer.Option("--type", help="PER, ORG, LOC or NORP (for a new entity).")
    ] = "ORG",
    language: Annotated[str | None, typer.Option("--lang", help="Language code.")] = None,
    db: DbOption = None,
) -> None:
    """Teach the alias table a spelling; the mention stage uses it from the next run on."""
    from storyline.store import SQLiteStore

    with SQLiteStore(settings_for(db).db_path) as store:
        store.add_user_alias(entity, entity_type.upper(), alias, language)
    typer.echo(f"alias {alias!r} → {entity}")


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "date unknown"
    return first if first == last else f"{first} … {last}"
