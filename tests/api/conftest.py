"""Apps over small real graphs, and the real server as a subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.cli import main as cli
from api.config import Settings
from api.main import create_app
from graph.kg import KnowledgeGraph
from graph.store import open_store
from ingest.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "data" / "corpus"


def _close(app) -> None:
    service = getattr(app.state, "sparql", None)
    if service is not None:
        service.close()


@pytest.fixture(scope="session")
def mini_pipeline(mini_lexicon) -> Pipeline:
    """One pipeline for the session: its tokenizer takes a second to build."""
    return Pipeline(mini_lexicon)


def _two_documents(lexicon, pipeline: Pipeline) -> KnowledgeGraph:
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(lexicon)
    kg.put_documents(pipeline.process_text("坚持人民至上。煤矿要健全双重预防机制。", "a.txt"))
    kg.put_documents(pipeline.process_text("落实双重预防工作机制，坚持四不放过。", "b.txt"))
    return kg


@pytest.fixture(scope="session")
def small_graph(mini_lexicon, mini_pipeline) -> KnowledgeGraph:
    """Two short documents under the mini lexicon, shared by the session: read it only
    (a test that writes takes :func:`fresh_graph`)."""
    return _two_documents(mini_lexicon, mini_pipeline)


@pytest.fixture
def fresh_graph(mini_lexicon, mini_pipeline) -> KnowledgeGraph:
    """The same two documents in a graph of the test's own, to write to."""
    return _two_documents(mini_lexicon, mini_pipeline)


@pytest.fixture(scope="session")
def client(small_graph):
    """A read-only app (no token) over :func:`small_graph`, shared by the session."""
    app = create_app(Settings(store=":memory:"), graph=small_graph)
    yield TestClient(app)
    _close(app)


@pytest.fixture(scope="session")
def corpus_graph(lexicon) -> KnowledgeGraph:
    """The sample corpus under the curated lexicon, in memory (shared: read it only)."""
    kg = KnowledgeGraph(open_store(":memory:"))
    pipeline = Pipeline(lexicon)
    kg.publish_lexicon(lexicon)
    for path in sorted(CORPUS.glob("*.txt")):
        kg.put_documents(pipeline.process_file(path))
    return kg


@pytest.fixture(scope="session")
def corpus_app(corpus_graph):
    app = create_app(Settings(store=":memory:"), graph=corpus_graph)
    yield app
    _close(app)


@pytest.fixture(scope="session")
def corpus_client(corpus_app) -> TestClient:
    return TestClient(corpus_app)


def app_with(graph: KnowledgeGraph, **settings) -> TestClient:
    return TestClient(create_app(Settings(store=":memory:", **settings), graph=graph))


@pytest.fixture
def make_client():
    """A client over a graph with chosen settings; its workers are stopped afterwards."""
    made = []

    def make(graph: KnowledgeGraph, **settings) -> TestClient:
        made.append(app_with(graph, **settings))
        return made[-1]

    yield make
    for c in made:
        _close(c.app)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The sample corpus ingested on disk by the real command line."""
    store = tmp_path_factory.mktemp("served") / "store"
    assert cli(["ingest", str(CORPUS), "--store", str(store)]) == 0
    return store


def start_server(store: Path, port: int, **env: str) -> subprocess.Popen:
    """``safetykg serve`` on 127.0.0.1:port, waited for until /healthz answers."""
    environ = {**os.environ, **{f"SAFETYKG_{k.upper()}": v for k, v in env.items()}}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--store", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ, cwd=REPO)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {proc.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer within 30 s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(corpus_store) -> str:
    """The real server (uvicorn) over the corpus, with a 2 s query time limit."""
    port = _free_port()
    proc = start_server(corpus_store, port, query_timeout="2")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
