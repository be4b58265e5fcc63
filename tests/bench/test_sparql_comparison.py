"""The Oxigraph comparison reads the data safetykg answers over, in both of the bench's modes.

Our data lives in named graphs and safetykg reads their union. A real ``oxigraph serve``
is filled through our own store (the ``--store URL`` mode); the same files go into a
store directory (the embedded mode, served by ``oxigraph serve-read-only``). The mix
must find the same results in both, and the bench's check must refuse a server that
reads the default graph alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import measure_ingest, measure_sparql, measure_store
from bench.__main__ import _mix_concepts
from bench.corpus import REPO, ensure_corpus
from bench.harness import Server, free_port, venv_tool

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pipeline():
    return measure_ingest.make_pipeline(REPO / "tests" / "data" / "lexicon")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    found, _ = ensure_corpus(tmp_path_factory.mktemp("corpus"), 5, seed=0)
    return found


@pytest.fixture(scope="module")
def concept_iris(pipeline) -> list[str]:
    return _mix_concepts(pipeline.lexicon, 0)


def _fill(location: str, pipeline, files: list[Path]) -> None:
    """The store at ``location`` as the bench builds it: lexicon, then every file."""
    kg = measure_store.open_graph(location)
    try:
        kg.publish_lexicon(pipeline.lexicon)
        for path in files:
            kg.put_documents(pipeline.process_file(path))
    finally:
        measure_store.close(kg)


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory, pipeline, files) -> Iterator[str]:
    """The query URL of a separately started ``oxigraph serve`` holding the data."""
    port = free_port()
    argv = [venv_tool("oxigraph"), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
            "--bind", f"127.0.0.1:{port}"]
    with Server("oxigraph serve", argv, port, "/query?query=ASK%7B%7D", timeout=20.0) as server:
        url = server.url + "/query"
        _fill(url, pipeline, files)
        yield url


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, pipeline, files) -> str:
    """A store directory holding the same data."""
    location = str(tmp_path_factory.mktemp("embedded") / "store")
    _fill(location, pipeline, files)
    return location


def _mix_results(location: str, concept_iris: list[str], log: Path) -> dict[str, int]:
    """The mix's results per query through the bench's Oxigraph endpoint over ``location``."""
    with measure_sparql.oxigraph_endpoint(location, log=log) as url:
        return measure_sparql.check_mix("oxigraph", url, concept_iris)


@pytest.mark.parametrize("mode", ["remote", "embedded"])
def test_every_query_of_the_mix_finds_results(request, mode, concept_iris, tmp_path):
    found = _mix_results(request.getfixturevalue(mode), concept_iris, tmp_path / "oxigraph.log")
    assert set(found) == set(measure_sparql.MIX)
    assert all(n > 0 for n in found.values()), found


def test_both_modes_read_the_same_data(remote, embedded, concept_iris, tmp_path):
    assert _mix_results(remote, concept_iris, tmp_path / "remote.log") == \
        _mix_results(embedded, concept_iris, tmp_path / "embedded.log")


def test_a_server_reading_the_default_graph_alone_is_refused(remote, concept_iris):
    with pytest.raises(measure_sparql.MixMatchedNothing, match="matched nothing on oxigraph") as refused:
        measure_sparql.check_mix("oxigraph", remote, concept_iris)
    assert "mentions_1hop" in str(refused.value)


def test_the_load_clients_keep_the_union_parameter(remote):
    url = measure_sparql.union_query_url(remote)
    target = measure_sparql.request_target(url, "ASK {}")
    assert target == "/query?union-default-graph&query=ASK%20%7B%7D"


@pytest.mark.parametrize("given", ["http://h:1/query", "http://h:1/query?union-default-graph",
                                   "http://h:1/query?union-default-graph=true"])
def test_the_union_is_asked_for_once(given):
    asked = measure_sparql.union_query_url(given)
    assert asked.count("union-default-graph") == 1
    assert measure_sparql.union_query_url(asked) == asked
