"""The command line over a real store on disk, and `safetykg serve` as a real process."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from api.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("corpus") / "store"
    assert main(["ingest", str(CORPUS), "--store", str(store)]) == 0
    return store


def test_query_reports_one_graph_per_document(corpus_store, capsys):
    capsys.readouterr()
    assert main(["query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                 "--store", str(corpus_store), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert int(result["results"]["bindings"][0]["n"]["value"]) >= len(list(CORPUS.glob("*.txt")))


def test_viz_writes_an_offline_html_file(corpus_store, tmp_path):
    out = tmp_path / "v.html"
    assert main(["viz", "双重预防机制", "-o", str(out), "--store", str(corpus_store)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "new vis.Network" in html
    assert not re.search(r"""(src|href)=["']?https?://""", html)


def test_a_missing_file_fails_with_one_line(tmp_path, capsys):
    code = main(["ingest", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert any("nope.txt" in line for line in err)


@pytest.mark.slow
def test_serve_answers_sparql_over_http(corpus_store, serve_store):
    served = serve_store(corpus_store)
    try:
        response = httpx.get(f"{served.url}/sparql",
                             params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=10)
        assert response.json()["boolean"] is True
    finally:
        served.stop()


def test_search_takes_traditional_input(corpus_store, capsys):
    capsys.readouterr()
    assert main(["search", "雙重預防", "--store", str(corpus_store)]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("双重预防机制\tmechanism\t")
