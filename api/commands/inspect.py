"""`safetykg inspect FILE`: one file's cleaned text, sentence by sentence, and what was removed."""

from __future__ import annotations

import argparse
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, error


def register(sub, common) -> None:
    p = sub.add_parser("inspect", parents=[common],
                       help="Show one file's cleaned text with sentence numbers (nothing is stored).")
    p.add_argument("file")
    p.add_argument("--raw", action="store_true", help="show each sentence's raw text beside it")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from api.commands.ingest import describe
    from ingest.errors import IngestError
    from ingest.pipeline import Pipeline

    try:
        docs = Pipeline(tokens=False).process_file(Path(args.file))
    except IngestError as exc:
        error(str(exc))
        return EXIT_FAILED
    for doc in docs:
        print(describe(doc))
        width = len(str(len(doc.sentences)))
        for s in doc.sentences:
            print(f"{s.index + 1:>{width}}  {s.text}")
            if args.raw:
                start, end = doc.clean.raw_span(s.start, s.end)
                print(f"{'':>{width}}  ↳ {' '.join(doc.clean.raw[start:end].split())}")
        print()
    return EXIT_OK
