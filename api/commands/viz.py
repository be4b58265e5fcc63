"""`safetykg viz KEY -o FILE`: draw a concept's neighbourhood."""

from __future__ import annotations

import argparse
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("viz", parents=[common], help="Draw a concept's neighbourhood to a file.")
    p.add_argument("key", help="concept key (its preferred label)")
    p.add_argument("-o", "--output", required=True, help="FILE.html")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.network import concept_neighbourhood
    from viz.html import write_html
    from viz.interactive import build_network

    graph, _ = open_graph(args)
    g = concept_neighbourhood(graph.store, graph.iris, args.key, limit=args.limit)
    if g.number_of_nodes() <= 1:
        error(f"no concept {args.key!r} with neighbours in the store {args.store}")
        return EXIT_FAILED
    out = Path(args.output)
    if out.suffix.lower() != ".html":
        error(f"{out}: unsupported output format {out.suffix!r} (use .html)")
        return EXIT_USAGE
    write_html(build_network(g), out, title=args.key, omitted=g.graph["omitted"])
    print(out)
    return EXIT_OK
