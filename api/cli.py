"""The ``safetykg`` command line.

Every command takes ``--store DIR_OR_URL`` (default ``$SAFETYKG_STORE``, else
``data/store``). Errors go to stderr, one line each; the exit status is non-zero when
anything failed. Each command lives in its own module under :mod:`api.commands`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from api.commands import COMMANDS
from api.commands.common import EXIT_FAILED, error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="safetykg", description=__doc__.split("\n\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", default=None,
                        help="store directory, ':memory:' or SPARQL endpoint URL "
                             "(default: $SAFETYKG_STORE, else data/store)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"api.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"api.commands.{name}":
                raise
            continue
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from graph.errors import QueryError, StoreError
    from ingest.errors import LexiconError

    try:
        return args.func(args)
    except (StoreError, QueryError, LexiconError, ValueError) as exc:
        error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        error("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
