"""Apps over small real graphs, and the real server as a subprocess."""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(scope="session")
def live_server(corpus_store, serve_store) -> str:
    """The real server (uvicorn) over the corpus, with a 2 s query time limit."""
    return serve_store(corpus_store, query_timeout="2").url
