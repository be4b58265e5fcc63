"""`safetykg search TEXT`: find concepts, incidents, bodies, places and people by label."""

from __future__ import annotations

import argparse
import json

from api.commands.common import EXIT_FAILED, EXIT_OK, error, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("search", parents=[common],
                       help="Find resources whose label or alias contains TEXT (simplified or traditional).")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="print the hits as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.queries import search

    graph, _ = open_graph(args)
    hits = search(graph.store, graph.iris, args.text, limit=args.limit)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
    else:
        for hit in hits:
            print(f"{hit['label']}\t{hit['kind']}\t{hit['iri']}")
    if not hits:
        error(f"nothing matches {args.text!r}")
        return EXIT_FAILED
    return EXIT_OK
