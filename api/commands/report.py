"""`safetykg report KEY -o DIR`: what an author needs for one concept, in one folder.

Writes ``view.html`` (offline), ``view.svg``, ``view.png``, ``summary.md`` and
``summary.html`` (definition and source, components, related concepts, mentions per
level and year, five cited quotes).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, error, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("report", parents=[common], help="Write a concept's report bundle to a folder.")
    p.add_argument("key", help="concept key (its preferred label)")
    p.add_argument("-o", "--output", required=True, help="folder to write (created if missing)")
    p.add_argument("--limit", type=int, default=50, help="neighbours in the views (default 50)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from viz.errors import NotFoundError, VizError
    from viz.report import bundle

    graph, _ = open_graph(args)
    try:
        files = bundle(graph.store, graph.iris, args.key, limit=args.limit)
    except NotFoundError as exc:
        error(str(exc))
        return EXIT_FAILED
    except VizError as exc:
        error(f"report {args.key!r}: {exc}")
        return EXIT_FAILED
    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
    except OSError as exc:
        error(f"{folder}: cannot write: {exc.strerror}")
        return EXIT_FAILED
    for name, data in files.items():
        print(f"{folder / name}\t{len(data)} bytes")
    return EXIT_OK
