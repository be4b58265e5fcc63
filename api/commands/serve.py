"""`safetykg serve`: the HTTP API, SPARQL endpoint and pages."""

from __future__ import annotations

import argparse

from api.commands.common import EXIT_OK
from api.config import Settings


def register(sub, common) -> None:
    p = sub.add_parser("serve", parents=[common], help="Serve the HTTP API, SPARQL endpoint and pages.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app

    settings = Settings.from_env(store=args.store)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return EXIT_OK
