"""Hostile SPARQL against the real server and the in-process app: nesting that would crash
the engine, every spelling of fetching, and any text at all as a query.

pyoxigraph 0.5.13 segfaults the whole process on ~2,500 nested braces, fetches SERVICE
IRIs and has LOAD; the guard (:mod:`api.sparql_guard`) must stop all of them before a
worker sees them, and the server process must be the same one afterwards.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.store import open_store

REPO = Path(__file__).resolve().parents[2]
DEPTH_LIMIT = 64
"""The server's default SAFETYKG_MAX_QUERY_DEPTH."""
GRAPH = "https://w3id.org/safetykg/id/document/hostile"


@pytest.fixture(scope="module")
def server(tmp_path_factory, serve_store) -> Iterator[tuple[str, subprocess.Popen]]:
    """``python -m api.cli serve`` over a one-graph store on a free port: (url, process)."""
    location = tmp_path_factory.mktemp("hostile") / "store"
    store = open_store(location)
    store.update(f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{GRAPH}> <http://purl.org/dc/terms/title> "甲" }} }}')
    store.close()
    served = serve_store(location, query_timeout="3")
    yield served.url, served.process
    served.stop()


def _ask(url: str, query: str, *, how: str = "get") -> httpx.Response:
    if how == "get":
        return httpx.get(f"{url}/sparql", params={"query": query}, timeout=15)
    if how == "form":
        return httpx.post(f"{url}/sparql", data={"query": query}, timeout=15)
    return httpx.post(f"{url}/sparql", content=query.encode("utf-8"), timeout=15,
                      headers={"Content-Type": "application/sparql-query"})


def _still_serving(url: str, process: subprocess.Popen, pid: int, ask: str) -> None:
    assert process.poll() is None, "the server process died"
    assert process.pid == pid
    response = _ask(url, ask, how="get")
    assert response.status_code == 200 and response.json()["boolean"] is True


def _nested(open_: str, close: str, depth: int) -> str:
    return "SELECT * WHERE " + open_ * depth + close * depth


NESTINGS = {
    "braces": _nested("{", "}", 3000),
    "braces, direct POST": _nested("{", "}", 3000),
    "parentheses in a FILTER": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }",
    "brackets": "SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "1" + " ]" * 3000 + " }",
    "braces, unclosed": "SELECT * WHERE " + "{" * 3000,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", NESTINGS)
def test_deep_nesting_is_400_and_the_same_process_answers_next(server, name, never_asked):
    url, process = server
    pid = process.pid
    response = _ask(url, NESTINGS[name], how="direct" if "POST" in name else "get")
    assert response.status_code == 400
    assert response.json()["error"] == "query too deeply nested"
    _still_serving(url, process, pid, never_asked())


@pytest.mark.slow
def test_depth_at_the_limit_is_accepted_and_one_more_refused(server, never_asked):
    url, process = server
    at_limit = _ask(url, "ASK " + "{" * DEPTH_LIMIT + "}" * DEPTH_LIMIT)
    over = _ask(url, "ASK " + "{" * (DEPTH_LIMIT + 1) + "}" * (DEPTH_LIMIT + 1))
    assert at_limit.status_code == 200, at_limit.text
    assert over.status_code == 400 and over.json()["error"] == "query too deeply nested"
    _still_serving(url, process, process.pid, never_asked())


HIDDEN_BRACKETS = {
    "string": 'SELECT * WHERE { ?s ?p ?o FILTER(?o != "' + "{" * 200 + '") }',
    "long string": "SELECT * WHERE { ?s ?p ?o FILTER(?o != '''" + "{(" * 200 + "''') }",
    "IRI": "SELECT * WHERE { ?s ?p ?o FILTER(?s != <http://example.org/" + "(" * 200 + ">) }",
    "comment": "SELECT * WHERE { ?s ?p ?o # " + "{" * 200 + "\n}",
}


@pytest.mark.slow
@pytest.mark.parametrize("where", HIDDEN_BRACKETS)
def test_brackets_in_strings_iris_and_comments_do_not_count(server, where):
    url, _ = server
    response = _ask(url, HIDDEN_BRACKETS[where])
    assert response.status_code == 200, response.text


FETCHING = [
    "SELECT * WHERE { SERVICE <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { service <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE#comment\n<{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE {\tSERVICE\n\n<{u}/x>{?s ?p ?o} }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{u}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE SILENT <{u}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{u}/x> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <{u}/x> { ?a ?b ?c } } }",
    "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <{u}/x> { ?a ?b ?c } } }",
    "ASK { SERVICE <{u}/x> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{u}/x> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?x { <{u}/x> } SERVICE ?x { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{u}/x> AS ?x) SERVICE SILENT ?x { ?s ?p ?o } }",
    "PREFIX r: <{u}/> SELECT * WHERE { SERVICE r:x { ?s ?p ?o } }",
    "BASE <{u}/> SELECT * WHERE { SERVICE <x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <\\u0068ttp://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "SELECT * FROM <{u}/g.ttl> WHERE { ?s ?p ?o }",
    "select * from <{u}/g.ttl> where { ?s ?p ?o }",
    "SELECT * FROM NAMED <{u}/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX r: <{u}/> SELECT * FROM r:g.ttl WHERE { ?s ?p ?o }",
    "BASE <{u}/> SELECT * FROM <g.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM <\\u0068ttp://127.0.0.1:{port}/g.ttl> WHERE { ?s ?p ?o }",
    "LOAD <{u}/g.ttl>",
    "load <{u}/g.ttl> into graph <urn:g>",
    "LOAD SILENT <{u}/g.ttl>",
    "LOAD <{u}/g.ttl> ; SELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; LOAD <{u}/g.ttl>",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("template", FETCHING)
def test_nothing_makes_the_server_fetch(server, listener, template, how):
    url, process = server
    port = listener.url.rsplit(":", 1)[1]
    query = template.replace("{u}", listener.url).replace("{port}", port)
    response = _ask(url, query, how=how)
    assert response.status_code in (400, 403), response.text
    time.sleep(0.05)  # a fetch, had one started, would have connected by now
    assert listener.connections == 0
    assert process.poll() is None


@pytest.mark.slow
@pytest.mark.parametrize("template", [
    "SELECT * FROM <{file}> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{file}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{file}> { ?s ?p ?o } }",
    "SELECT ?o FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
])
def test_no_query_reads_a_local_file(server, tmp_path, template):
    canary = tmp_path / "canary.ttl"
    canary.write_text('<urn:canary> <urn:says> "CANARY-91d3" .\n', encoding="utf-8")
    url, _ = server
    response = _ask(url, template.replace("{file}", canary.as_uri()))
    assert response.status_code in (400, 403)
    assert "CANARY-91d3" not in response.text


@pytest.mark.slow
@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("target", ["{u}/g.ttl", "file:///etc/hostname"])
def test_dataset_parameters_never_fetch_or_read(server, listener, param, target):
    url, _ = server
    response = httpx.get(f"{url}/sparql", timeout=10, params={
        "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: target.replace("{u}", listener.url)})
    assert response.status_code == 400
    assert listener.connections == 0


ALLOWED = {200, 400, 403, 413, 429, 503}
SPARQL_WORDS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "[", "]",
                "?s", "?p", "?o", "*", ".", ";", ",", "FILTER", "OPTIONAL", "UNION", "GRAPH",
                "VALUES", "BIND", "AS", "LIMIT", "1", '"x"', "<urn:a>", "a", "COUNT", "GROUP BY",
                "ORDER BY", "SERVICE", "FROM", "NAMED", "PREFIX", "p:", "p:x", "#", "\n", "'''",
                "REGEX", "STR", "LANG", "@zh", "^^", "!", "|", "/", "+", "?"]
TERMS = st.one_of(st.sampled_from(["?s", "?p", "?o", "?x", "<urn:a>", f"<{GRAPH}>", "[]", "_:b"]),
                  st.text(max_size=12).map(json.dumps), st.integers().map(str))
TRIPLES = st.tuples(TERMS, st.sampled_from(["?p", "<http://purl.org/dc/terms/title>", "a", "^a"]),
                    TERMS).map(" ".join)
GROUPS = st.recursive(TRIPLES.map(lambda t: "{ " + t + " }"), lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=3).map(lambda gs: "{ " + " ".join(gs) + " }"),
    st.tuples(inner, inner).map(lambda g: f"{{ {g[0]} UNION {g[1]} }}"),
    inner.map(lambda g: f"{{ ?s ?p ?o OPTIONAL {g} }}"),
    inner.map(lambda g: f"{{ GRAPH ?g {g} }}"),
    st.tuples(inner, st.text(max_size=8)).map(
        lambda g: f"{{ {g[0]} FILTER(CONTAINS(STR(?o), {json.dumps(g[1])})) }}"),
), max_leaves=8)
FORMS = st.sampled_from(["SELECT * WHERE", "ASK", "SELECT (COUNT(*) AS ?n) WHERE",
                         "SELECT DISTINCT ?s WHERE", "CONSTRUCT { ?s ?p ?o } WHERE", "DESCRIBE ?s WHERE"])
GRAMMAR = st.tuples(FORMS, GROUPS, st.sampled_from(["", " LIMIT 5", " ORDER BY ?s"])).map("".join)
"""Mostly well-formed queries, so that many reach the engine rather than stop at the guard."""
QUERIES = st.one_of(
    st.text(max_size=300),
    st.text(max_size=200).map(lambda t: "SELECT * WHERE { " + t),
    st.lists(st.sampled_from(SPARQL_WORDS), max_size=40).map(" ".join),
    GRAMMAR, GRAMMAR,
    st.tuples(GRAMMAR, st.integers(0, 200), st.text(max_size=5)).map(
        lambda g: g[0][:g[1]] + g[2] + g[0][g[1]:]),
)


@settings(max_examples=2000, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES, how=st.sampled_from(["get", "direct"]))
def _any_text(client, query, how):
    if how == "get":
        response = client.get("/sparql", params={"query": query})
    else:
        response = client.post("/sparql", content=query.encode("utf-8"),
                               headers={"Content-Type": "application/sparql-query"})
    assert response.status_code in ALLOWED, f"{response.status_code} for {query!r}: {response.text[:300]}"


@pytest.mark.slow
def test_any_text_as_a_query_never_gets_500_nor_kills_a_worker(client, never_asked):
    """2,000 texts through the in-process app (guard, worker pool, engine)."""
    _any_text(client)
    service = client.app.state.sparql
    assert service.executor.stats.crashed == 0
    response = client.get("/sparql", params={"query": never_asked()})
    assert response.status_code == 200 and response.json()["boolean"] is True
