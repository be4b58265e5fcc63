"""Fixtures shared by the whole suite: small lexicons, stores, apps, free ports."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ingest.lexicon import Lexicon, load_lexicon

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent
CORPUS = REPO / "data" / "corpus"


@pytest.fixture(scope="session")
def mini_lexicon() -> Lexicon:
    return load_lexicon(DATA / "lexicon")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """The curated lexicon of data/lexicon."""
    return load_lexicon()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def port() -> int:
    return free_port()


class Listener:
    """A real HTTP server on 127.0.0.1 that counts every connection made to it.

    Proof that nothing fetched: a test points SERVICE, FROM, LOAD or a JSON-LD context
    at :attr:`url` and asserts :attr:`connections` stayed 0 (a connection counts even if
    no complete request follows).
    """

    def __init__(self) -> None:
        import http.server
        import threading

        owner = self
        self.connections = 0
        self.paths: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                owner.paths.append(self.path)
                body = b'<http://x/s> <http://x/p> "fetched" .\n'
                self.send_response(200)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_HEAD = do_PUT = do_GET  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def verify_request(self, request, client_address) -> bool:
                owner.connections += 1
                return True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def listener():
    """A counting HTTP listener on 127.0.0.1 (see :class:`Listener`)."""
    server = Listener()
    yield server
    server.close()
