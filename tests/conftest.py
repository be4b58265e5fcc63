"""Fixtures shared by the whole suite: small lexicons, stores, apps, free ports."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

import pytest

from ingest.lexicon import Lexicon, load_lexicon

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent
CORPUS = REPO / "data" / "corpus"


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium: the browser tests drive it, not a browser playwright downloads."""
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through playwright's sync API, skipped when either is missing.

    Module scope on purpose: while the sync API is open it keeps an asyncio event loop
    running in the main thread, so a longer-lived browser would break every later test
    that calls ``asyncio.run``; closing it with the module ends that loop.
    """
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make chromium)")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


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


class Served:
    """A real ``safetykg serve`` process on a free 127.0.0.1 port."""

    def __init__(self, store: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--store", str(store),
             "--port", str(self.port)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env={**os.environ, **{f"SAFETYKG_{k.upper()}": v for k, v in env.items()}})
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"the server stopped: {self.process.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail("the server did not answer within 30 s")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def serve_store():
    """Start ``safetykg serve`` over a store: ``serve_store(store, query_timeout="2")``
    gives a :class:`Served` (settings as ``SAFETYKG_*`` variables); every server still
    running is stopped when the session ends, and callers may stop theirs sooner."""
    started: list[Served] = []

    def start(store: Path, **env: str) -> Served:
        started.append(Served(store, env))
        return started[-1]

    yield start
    for served in started:
        served.stop()


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
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)
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


_PHRASES = ("要坚持人民至上、生命至上", "健全双重预防机制", "落实安全生产责任制", "开展隐患排查治理",
            "加强煤矿安全监管", "严格危险化学品管理", "推进消防安全专项整治", "强化道路交通安全",
            "做好汛期安全防范", "深化建筑施工安全整治", "抓好非煤矿山整顿", "落实党政同责、一岗双责",
            "严格执行四不放过", "强化应急值守", "加强安全宣传教育", "推进安全生产标准化建设",
            "压实企业主体责任", "开展打非治违", "强化执法检查", "完善应急预案")
_PLACES = ("乐至县", "安岳县", "雁江区", "资阳市", "成都市", "绵阳市", "泸州市", "宜宾市")


def write_synthetic_corpus(folder: Path, count: int, *, seed: int = 7) -> list[Path]:
    """``count`` small, distinct policy texts as ``.txt`` files (stable for a seed).

    Each has a title line and five sentences drawn from a pool, so that documents differ
    enough not to be near-duplicates of one another.
    """
    import random

    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        body = "".join(f"{_PLACES[(i + j) % len(_PLACES)]}{phrase}，第{i}号文件第{j}条要求"
                       f"{rnd.randint(1, 99)}项。" for j, phrase in enumerate(rnd.sample(_PHRASES, 5)))
        path = folder / f"d{i:04d}.txt"
        path.write_text(f"{_PLACES[i % len(_PLACES)]}安全生产文件第{i}号\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def synthetic_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of 1,000 synthetic documents (see :func:`write_synthetic_corpus`)."""
    folder = tmp_path_factory.mktemp("synthetic") / "docs"
    write_synthetic_corpus(folder, 1000)
    return folder


@pytest.fixture
def readers_beside():
    """``with readers_beside(read, n) as failures:`` runs ``read`` in a loop in ``n``
    threads while the block writes; what the readers raised is in ``failures`` after it."""
    @contextmanager
    def running(read, n: int):
        stop, failures = threading.Event(), []

        def loop() -> None:
            while not stop.is_set():
                try:
                    read()
                except Exception as exc:  # noqa: BLE001 - the test asserts on failures
                    failures.append(exc)

        threads = [threading.Thread(target=loop) for _ in range(n)]
        for thread in threads:
            thread.start()
        try:
            yield failures
        finally:
            stop.set()
            for thread in threads:
                thread.join()

    return running


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``oxigraph serve`` on a free 127.0.0.1 port; yields its query URL."""
    beside_python = Path(sys.executable).parent / "oxigraph"
    executable = str(beside_python) if beside_python.exists() else shutil.which("oxigraph")
    if executable is None:
        pytest.fail("the oxigraph server (PyPI 'oxigraph', a test dependency) is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [executable, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {process.stderr.read().decode()[:500]}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within {timeout} s")


def _never_asked_ask() -> str:
    import uuid

    return f'ASK {{ ?s ?p ?o FILTER("{uuid.uuid4()}" != "") }}'


@pytest.fixture
def never_asked():
    """Makes ``ASK { ?s ?p ?o }`` in a text no request has sent before: answered by a query
    worker, never by the endpoint's result cache (a test that a worker still answers
    needs one)."""
    return _never_asked_ask
