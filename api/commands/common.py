"""What every command shares: exit codes, one-line errors, opening the graph."""

from __future__ import annotations

import argparse
import sys

from api.config import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def error(message: str) -> None:
    """One line on stderr."""
    print(f"safetykg: error: {message}", file=sys.stderr)


def open_graph(args: argparse.Namespace):
    """The knowledge graph at ``--store`` (or the configured store), and the settings."""
    from graph.kg import KnowledgeGraph
    from graph.store import open_store

    settings = Settings.from_env(store=args.store)
    return KnowledgeGraph(open_store(settings.store), base=settings.base), settings
