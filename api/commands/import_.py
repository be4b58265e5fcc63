"""`safetykg import FILE`: load a dump; each named graph in it replaces the stored one."""

from __future__ import annotations

import argparse
from pathlib import Path

from api.commands.common import EXIT_OK, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("import", parents=[common],
                       help="Load a .trig, .nq, .jsonld, .ttl, .nt or .rdf file into the store.")
    p.add_argument("file", help="FILE.trig (as written by 'safetykg export')")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.export import import_file

    graph, _ = open_graph(args)
    count = import_file(graph.store, Path(args.file))
    graph.store.close()
    print(f"{args.file}: {count} statements loaded")
    return EXIT_OK
