"""`safetykg validate`: check the whole store against graph/shapes.ttl."""

from __future__ import annotations

import argparse
import sys

from api.commands.common import EXIT_FAILED, EXIT_OK, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("validate", parents=[common],
                       help="Check every graph of the store against the SHACL shapes; "
                            "print each violation in plain words.")
    p.add_argument("--batch", type=int, default=50, help="document graphs validated together")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.shacl import validate_store

    graph, _ = open_graph(args)
    base = graph.iris.base

    def shorten(iri: str) -> str:
        return iri[len(base):] if iri.startswith(base) else iri

    def progress(done: int, total: int) -> None:
        print(f"[{done}/{total}] graphs checked", file=sys.stderr)

    violations = validate_store(graph.store, batch=args.batch, shorten=shorten, progress=progress)
    graphs = len(graph.store.graphs())
    graph.store.close()
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} violation(s) in {graphs} document graph(s)", file=sys.stderr)
        return EXIT_FAILED
    print(f"valid: {graphs} document graph(s) and the lexicon conform to the shapes")
    return EXIT_OK
