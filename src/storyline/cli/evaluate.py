"""``storyline eval``: score a stage on gold data and compare with its floors and its peer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storyline.cli.common import EXIT_REJECTED, JsonOption, exit_with, print_json, settings_for


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_cmd)


def eval_cmd(
    stage: Annotated[str | None, typer.Argument(help="Stage to score (omit to list them).")] = None,
    gold: Annotated[Path | None, typer.Option("--gold", help="Gold data folder or file.")] = None,
    labels: Annotated[
        Path | None,
        typer.Option("--labels", help="Our label files, for `events` (tests/evaluate/labels)."),
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Score a stage against gold data; exit 1 if it is below its pinned floor."""
    from rich.console import Console
    from rich.table import Table

    from storyline.evaluate import evaluate, evaluators, load_floors

    console = Console(highlight=False)
    if stage is None:
        for name, (_, about) in sorted(evaluators().items()):
            console.print(f"[bold]{name}[/]  {about}")
        return
    if gold is None:
        raise typer.BadParameter("--gold PATH is required", param_hint="--gold")
    report = evaluate(stage, gold, settings_for(None), labels)
    floors = load_floors().get(stage, {})
    problems = report.below_floors(floors)
    if json_out:
        print_json({**report.to_json(), "below_floors": problems})
    else:
        table = Table(
            "metric",
            "storyline",
            report.peer_name or "peer",
            "floor",
            box=None,
            title=f"{stage} on {report.items} items from {report.gold}",
        )
        for name, value in report.metrics.items():
            peer = report.peer.get(name)
            floor = floors.get(name)
            table.add_row(
                name,
                f"{value:.4f}",
                "" if peer is None else f"{peer:.4f}",
                "" if floor is None else f"{floor:.4f}",
            )
        console.print(table)
        for note in report.notes:
            console.print(f"[dim]{note}[/]")
        for problem in problems:
            console.print(f"[red]below floor:[/] {problem}")
    exit_with(EXIT_REJECTED if problems else 0)
