"""`safetykg query SPARQL`: run a query and print its results."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from api.commands.common import EXIT_FAILED, EXIT_OK, error, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("query", parents=[common], help="Run a SPARQL query against the store.")
    p.add_argument("sparql")
    p.add_argument("--format", choices=("json", "csv", "table"), default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions

    graph, _ = open_graph(args)
    result = graph.store.query(args.sparql)
    if isinstance(result, QueryBoolean):
        print(json.dumps({"head": {}, "boolean": bool(result)}) if args.format == "json" else str(bool(result)).lower())
        return EXIT_OK
    if not isinstance(result, QuerySolutions):
        error("only SELECT and ASK queries can be printed by 'query'")
        return EXIT_FAILED
    if args.format == "json":
        sys.stdout.write(result.serialize(format=QueryResultsFormat.JSON).decode("utf-8") + "\n")
        return EXIT_OK
    names = [v.value for v in result.variables]
    rows = [[("" if row[n] is None else row[n].value) for n in names] for row in result]
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(rows)
        sys.stdout.write(out.getvalue())
    else:
        print(_table(names, rows))
    return EXIT_OK


def _table(names: list[str], rows: list[list[str]]) -> str:
    from unicodedata import east_asian_width

    def width(text: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max([width(n)] + [width(r[i]) for r in rows]) for i, n in enumerate(names)]
    line = lambda cells: " | ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([line(names), "-+-".join("-" * w for w in widths), *map(line, rows)])
