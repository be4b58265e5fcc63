"""`safetykg ingest PATH…`: files and folders into the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, error, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("ingest", parents=[common], help="Ingest files or folders of documents into the store.")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ingest.errors import IngestError
    from ingest.pipeline import Pipeline, iter_files

    graph, _ = open_graph(args)
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
            error(str(exc))
            continue
        print(f"[{i}/{len(files)}] {path}: {len(docs)} document(s)", file=sys.stderr)
    graph.store.close()
    print(f"ingested {len(files) - failed} of {len(files)} file(s)")
    return EXIT_FAILED if failed else EXIT_OK
