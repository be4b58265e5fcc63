"""`safetykg serve`: the HTTP API, SPARQL endpoint and pages."""

from __future__ import annotations

import argparse

from api.commands.common import EXIT_OK
from api.config import Settings


def register(sub, common) -> None:
    p = sub.add_parser("serve", parents=[common], help="Serve the HTTP API, SPARQL endpoint and pages.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--access-log", action="store_true",
                   help="log every request (off by default: a line per request costs as much "
                        "as a quick query; a proxy in front usually keeps this log)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app

    settings = Settings.from_env(store=args.store)
    # "auto" takes httptools and uvloop when installed (they are dependencies), else the
    # pure-Python h11 and asyncio; the choice is uvicorn's, so both keep working.
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info",
                access_log=args.access_log, http="auto", loop="auto")
    return EXIT_OK
