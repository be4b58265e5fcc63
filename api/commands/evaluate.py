"""`safetykg evaluate GOLD.json --docs DIR [--json]`: extraction scored against gold."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, error


def register(sub, common) -> None:
    p = sub.add_parser("evaluate", parents=[common],
                       help="Score extraction against a gold file (precision, recall, F1).")
    p.add_argument("gold", help="gold annotations (JSON, see tests/data/GOLD.md)")
    p.add_argument("--docs", required=True, help="folder holding the files the gold file names")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ingest.evaluate import evaluate, format_table

    docs = Path(args.docs)
    if not docs.is_dir():
        error(f"{docs}: not a folder")
        return EXIT_FAILED
    problems: list[str] = []
    report = evaluate(Path(args.gold), docs, on_error=problems.append)
    for problem in problems:
        error(problem)
    for name in report.missing:
        if not any(name.split("#", 1)[0] in p for p in problems):
            error(f"{name}: no document of that name was ingested from {docs}")
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(report), end="")
    return EXIT_FAILED if problems or report.missing else EXIT_OK
