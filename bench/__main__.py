"""``python -m bench STAGE [options]``: run one benchmark and print its table."""

from __future__ import annotations

import argparse
import sys

from bench import clean, entities, events, ingest, serve, stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    ingest.add_arguments(commands.add_parser("ingest", help=ingest.__doc__))
    ingest.add_one_arguments(commands.add_parser("ingest-one", help="(internal) one size"))
    clean.add_arguments(commands.add_parser("clean", help=clean.__doc__))
    entities.add_arguments(commands.add_parser("entities", help=entities.__doc__))
    events.add_arguments(commands.add_parser("events", help=events.__doc__))
    stories.add_arguments(commands.add_parser("stories", help=stories.__doc__))
    serve.add_arguments(commands.add_parser("serve", help=serve.__doc__))
    args = parser.parse_args(argv)
    if args.command == "ingest":
        return ingest.run(args)
    if args.command == "clean":
        return clean.run(args)
    if args.command == "entities":
        return entities.run(args)
    if args.command == "events":
        return events.run(args)
    if args.command == "stories":
        return stories.run(args)
    if args.command == "serve":
        return serve.run(args)
    return ingest.run_one(args)


if __name__ == "__main__":
    sys.exit(main())
