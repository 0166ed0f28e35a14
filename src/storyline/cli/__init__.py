"""The ``storyline`` command. Verbs are thin wrappers over ``storyline.api`` and the store.

Exit codes: 0 success; 1 inputs were rejected under ``--strict``; 2 wrong usage; 3 the store or
a setting is unusable; 4 the requested record does not exist.
"""

from __future__ import annotations

import sys

import typer

from storyline.cli import browse, entities, evaluate, events, export, ingest, serve, stories

app = typer.Typer(
    name="storyline",
    help="Offline multilingual news intelligence: clean articles, entities, events and stories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
ingest.register(app)
browse.register(app)
entities.register(app)
events.register(app)
stories.register(app)
export.register(app)
serve.register(app)
evaluate.register(app)


def main() -> None:
    from storyline.cli.common import run_app

    sys.exit(run_app(app))
