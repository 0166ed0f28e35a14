"""Verbs that read inputs: ingest, analyze, retry, rejected."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from storyline.cli.common import (
    EXIT_REJECTED,
    DbOption,
    JsonOption,
    LimitOption,
    exit_with,
    print_json,
    settings_for,
)

if TYPE_CHECKING:
    from storyline.api import IngestSummary, Progress

Inputs = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files, directories, globs, http(s) URLs of pages or feeds, or - (stdin).",
        show_default=False,
    ),
]
FeedOption = Annotated[
    list[str] | None,
    typer.Option(
        "--feed",
        help="A URL or file that must be an RSS/Atom feed (repeatable).",
        show_default=False,
    ),
]
GlobOption = Annotated[
    str | None, typer.Option("--glob", help="Only files under directories matching this glob.")
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Exit with code 1 if any input was rejected.")
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=0, help="Worker processes (0 = one per core, 1 = in-process)."),
]
ExplainOption = Annotated[
    bool,
    typer.Option("--explain", help="Show every input line with the rule that kept or removed it."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_cmd)
    app.command("analyze")(analyze_cmd)
    app.command("rejected")(rejected_cmd)
    app.command("retry")(retry_cmd)


def ingest_cmd(
    inputs: Inputs = None,
    feed: FeedOption = None,
    glob: GlobOption = None,
    db: DbOption = None,
    workers: WorkersOption = None,
    strict: StrictOption = False,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read inputs, analyse them and store the articles; print what was stored and rejected."""
    from storyline import api

    if not inputs and not feed:
        raise typer.BadParameter("give at least one PATH, URL, FEED or -", param_hint="INPUTS")
    settings = settings_for(db, workers=workers)
    with _Progress(quiet or json_out) as progress:
        summary = api.ingest(inputs or [], settings, feeds=feed or [], glob=glob, progress=progress)
    _report(summary, json_out, str(settings.db_path))
    exit_with(EXIT_REJECTED if strict and summary.rejected_total else 0)


def analyze_cmd(
    inputs: Inputs = None,
    feed: FeedOption = None,
    glob: GlobOption = None,
    workers: WorkersOption = None,
    strict: StrictOption = False,
    json_out: JsonOption = False,
    explain: ExplainOption = False,
) -> None:
    """Analyse inputs without storing them; --json prints one JSON object per article."""
    from rich.console import Console

    from storyline import api
    from storyline.cli.render import print_document
    from storyline.errors import Rejected

    if not inputs and not feed:
        raise typer.BadParameter("give at least one PATH, URL, FEED or -", param_hint="INPUTS")
    settings = settings_for(None, workers=workers)
    console = Console()
    rejected = 0
    for outcome in api.analyze(inputs or [], settings, feeds=feed or [], glob=glob):
        if isinstance(outcome, Rejected):
            rejected += 1
            typer.echo(f"rejected {outcome.message()}", err=True)
        elif json_out:
            print_json(outcome.to_json(explain=explain))
        else:
            print_document(console, outcome, explain=explain)
    exit_with(EXIT_REJECTED if strict and rejected else 0)


def rejected_cmd(
    db: DbOption = None,
    reason: Annotated[str | None, typer.Option(help="Only this reason code.")] = None,
    limit: LimitOption = 50,
    json_out: JsonOption = False,
) -> None:
    """List inputs that could not be used, newest first, with their reasons."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from storyline.store import SQLiteStore

    settings = settings_for(db)
    with SQLiteStore(settings.db_path) as store:
        rows = store.rejected(limit=limit, reason=reason)
    if json_out:
        for row in rows:
            print_json(row.to_json())
        return
    table = Table("id", "reason", "source", "detail", "tries", box=None)
    for row in rows:
        table.add_row(row.id, row.reason, escape(row.source), escape(row.detail), str(row.attempts))
    Console().print(table if rows else "No rejected inputs.", highlight=False)


def retry_cmd(
    ids: Annotated[list[str] | None, typer.Argument(help="Rejected ids (default: all).")] = None,
    db: DbOption = None,
    reason: Annotated[str | None, typer.Option(help="Only items rejected for this reason.")] = None,
    workers: WorkersOption = None,
    strict: StrictOption = False,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read rejected inputs again; those that now succeed leave the rejected list."""
    from storyline import api

    settings = settings_for(db, workers=workers)
    with _Progress(quiet or json_out) as progress:
        summary = api.retry(settings, ids=ids or [], reason=reason, progress=progress)
    _report(summary, json_out, str(settings.db_path))
    exit_with(EXIT_REJECTED if strict and summary.rejected_total else 0)


class _Progress:
    """A live counter on stderr while a run goes on; a no-op when quiet or not a terminal."""

    def __init__(self, quiet: bool) -> None:
        self._enabled = not quiet and sys.stderr.isatty()
        self._counts = {"stored": 0, "rejected": 0, "skipped": 0}

    def __enter__(self) -> Progress | None:
        if not self._enabled:
            return None
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("starting…")
        return self._tick

    def _tick(self, outcome: object) -> None:
        from storyline.errors import Rejected
        from storyline.ingest import Skipped

        key = (
            "rejected"
            if isinstance(outcome, Rejected)
            else "skipped"
            if isinstance(outcome, Skipped)
            else "stored"
        )
        self._counts[key] += 1
        c = self._counts
        self._bar.update(
            self._task,
            description=f"{c['stored']} analysed · {c['skipped']} known · {c['rejected']} rejected",
        )

    def __exit__(self, *exc: object) -> None:
        if self._enabled:
            self._bar.stop()


def _report(summary: IngestSummary, json_out: bool, db: str) -> None:
    if json_out:
        print_json(summary.to_json())
        return
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    console.print(
        f"[bold]{summary.stored}[/] stored, [bold]{summary.known}[/] already known, "
        + (f"{summary.not_modified} not modified, " if summary.not_modified else "")
        + f"[bold]{summary.rejected_total}[/] rejected  [dim]({escape(db)})[/]"
    )
    for reason, count in sorted(summary.rejected.items()):
        console.print(f"  {reason}: {count}")
    shown = summary.rejections[:20]
    for item in shown:
        console.print(f"  [yellow]rejected[/] {escape(item.message())}")
    if summary.rejected_total > len(shown):
        console.print(f"  … and {summary.rejected_total - len(shown)} more: `storyline rejected`")
