"""`safetykg export -o FILE.{trig,nq,ttl,jsonld,graphml} [--scheme]`: dump the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.commands.common import EXIT_OK, open_graph


def register(sub, common) -> None:
    p = sub.add_parser(
        "export", parents=[common],
        help="Write the store to a file (.trig/.nq keep the document graphs; .ttl merges them; "
             ".jsonld; .graphml is the entity network).")
    p.add_argument("-o", "--output", required=True, help="FILE.trig, .nq, .ttl, .nt, .jsonld or .graphml")
    p.add_argument("--scheme", action="store_true",
                   help="only the lexicon: the SKOS concept scheme and the levels")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.export import export

    graph, _ = open_graph(args)
    out = Path(args.output)
    if out.suffix.lower() in (".ttl", ".nt") and not args.scheme:
        print(f"safetykg: note: {out.suffix} holds one graph; the document graphs are merged "
              f"(use .trig or .nq to keep them)", file=sys.stderr)
    written = export(graph.store, out, scheme_only=args.scheme, iris=graph.iris)
    graph.store.close()
    unit = "edges" if out.suffix.lower() == ".graphml" else "statements"
    print(f"{out}: {written} {unit}")
    return EXIT_OK
