"""The ``safetykg`` command line.

Every command takes ``--store DIR_OR_URL`` (default ``$SAFETYKG_STORE``, else
``data/store``). Errors go to stderr, one line each; the exit status is non-zero when
anything failed.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from api.config import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _error(message: str) -> None:
    print(f"safetykg: error: {message}", file=sys.stderr)


def _open_graph(args: argparse.Namespace):
    from graph.kg import KnowledgeGraph
    from graph.store import open_store

    settings = Settings.from_env(store=args.store)
    return KnowledgeGraph(open_store(settings.store), base=settings.base), settings


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.errors import IngestError
    from ingest.pipeline import Pipeline, iter_files

    graph, _ = _open_graph(args)
    pipeline = Pipeline()
    graph.publish_lexicon(pipeline.lexicon)
    failed = 0
    files = iter_files([Path(p) for p in args.paths])
    for i, path in enumerate(files, start=1):
        try:
            docs = pipeline.process_file(path)
            graph.put_documents(docs)
        except IngestError as exc:
            failed += 1
            _error(str(exc))
            continue
        print(f"[{i}/{len(files)}] {path}: {len(docs)} document(s)", file=sys.stderr)
    graph.store.close()
    print(f"ingested {len(files) - failed} of {len(files)} file(s)")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app

    settings = Settings.from_env(store=args.store)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions

    graph, _ = _open_graph(args)
    result = graph.store.query(args.sparql)
    if isinstance(result, QueryBoolean):
        print(json.dumps({"head": {}, "boolean": bool(result)}) if args.format == "json" else str(bool(result)).lower())
        return EXIT_OK
    if not isinstance(result, QuerySolutions):
        _error("only SELECT and ASK queries can be printed by 'query'")
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


def cmd_viz(args: argparse.Namespace) -> int:
    from graph.network import concept_neighbourhood
    from viz.html import write_html
    from viz.interactive import build_network

    graph, _ = _open_graph(args)
    g = concept_neighbourhood(graph.store, graph.iris, args.key, limit=args.limit)
    if g.number_of_nodes() <= 1:
        _error(f"no concept {args.key!r} with neighbours in the store {args.store}")
        return EXIT_FAILED
    out = Path(args.output)
    if out.suffix.lower() != ".html":
        _error(f"{out}: unsupported output format {out.suffix!r} (use .html)")
        return EXIT_USAGE
    write_html(build_network(g), out, title=args.key, omitted=g.graph["omitted"])
    print(out)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="safetykg", description=__doc__.split("\n\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", default=None,
                        help="store directory, ':memory:' or SPARQL endpoint URL "
                             "(default: $SAFETYKG_STORE, else data/store)")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("ingest", cmd_ingest, "Ingest files or folders of documents into the store.")
    p.add_argument("paths", nargs="+", help="files or folders")
    p = add("serve", cmd_serve, "Serve the HTTP API, SPARQL endpoint and pages.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p = add("query", cmd_query, "Run a SPARQL query against the store.")
    p.add_argument("sparql")
    p.add_argument("--format", choices=("json", "csv", "table"), default="table")
    p = add("viz", cmd_viz, "Draw a concept's neighbourhood to a file.")
    p.add_argument("key", help="concept key (its preferred label)")
    p.add_argument("-o", "--output", required=True, help="FILE.html")
    p.add_argument("--limit", type=int, default=50)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from graph.errors import QueryError, StoreError
    from ingest.errors import LexiconError

    try:
        return args.func(args)
    except (StoreError, QueryError, LexiconError, ValueError) as exc:
        _error(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
