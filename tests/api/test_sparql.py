"""/sparql through the app: the Protocol, content negotiation, limits, and refusals."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib

from api.examples import EXAMPLES

COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
LABELS = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"


def test_get_counts_one_graph_per_document(client):
    response = client.get("/sparql", params={"query": COUNT_GRAPHS},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "2"


def test_post_form_and_direct_give_the_same_answer(client):
    form = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
    direct = client.post("/sparql", content="ASK { ?s ?p ?o }",
                         headers={"Content-Type": "application/sparql-query"})
    assert form.json() == direct.json() == {"head": {}, "boolean": True}


def test_a_syntax_error_is_400_in_the_error_shape(client):
    response = client.get("/sparql", params={"query": "SELECT WHERE {"})
    assert response.status_code == 400
    assert set(response.json()) == {"error", "detail", "status"}


@pytest.mark.parametrize("accept,check", [
    ("application/sparql-results+xml", lambda t: "<sparql" in t and "<uri>" in t),
    ("text/csv", lambda t: next(csv.reader(io.StringIO(t))) == ["s", "l"]),
    ("text/tab-separated-values", lambda t: t.splitlines()[0] == "?s\t?l"),
    ("application/sparql-results+json", lambda t: json.loads(t)["head"]["vars"] == ["s", "l"]),
])
def test_select_formats(client, accept, check):
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    assert check(response.text)


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"),
])
def test_construct_formats_parse(client, accept, fmt):
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    graph.parse(data=response.content, format=fmt)
    assert len(graph) >= 1


def test_an_accept_nothing_meets_is_406(client):
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.json()["status"] == 406


def test_a_browser_gets_the_query_page_with_results(client):
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "双重预防机制" in response.text and "永久链接" in response.text
    assert "content-security-policy" in response.headers


def test_turtle_without_query_is_the_service_description(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.feature, sd.UnionDefaultGraph) in graph


def test_options_lists_get_and_post(client):
    response = client.options("/sparql")
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["allow"].split(",")}


@pytest.mark.parametrize("request_kwargs", [
    {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-query"}},
])
def test_updates_are_refused_and_change_nothing(client, small_graph, request_kwargs):
    before = small_graph.store.quad_count()
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert small_graph.store.quad_count() == before


def test_update_by_get_is_refused(client):
    assert client.get("/sparql", params={"update": "DROP ALL"}).status_code == 403


@pytest.mark.parametrize("headers,body", [
    ({"Content-Type": "application/sparql-query; charset=UTF-16"}, "ASK {}".encode("utf-16")),
    ({"Content-Type": "application/sparql-query"}, b"ASK { ?s ?p \"\xff\xfe\" }"),
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"query=ASK%7B%7D%FF"),
    ({"Content-Type": "text/plain"}, b"ASK {}"),
    ({}, b"query=ASK%7B%7D"),
])
def test_bad_encodings_and_media_types_are_4xx(client, headers, body):
    response = client.post("/sparql", content=body, headers=headers)
    assert response.status_code in (400, 415)


def test_two_queries_are_refused(client):
    response = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")
    assert response.status_code == 400


def test_a_declared_large_body_is_413_before_reading(client):
    response = client.post("/sparql", content=b"x" * (2 << 20),
                           headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and response.json()["status"] == 413


def test_a_chunked_large_body_is_413(client):
    def chunks():
        for _ in range(40):
            yield b"#" * 65536

    response = client.post("/sparql", content=chunks(),
                           headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_a_form_with_huge_field_counts_is_refused(client):
    body = "&".join(f"f{i}=1" for i in range(100_000)).encode()[:1_000_000]
    response = client.post("/sparql", content=body,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400


def test_starlette_has_the_form_limit_fix():
    from importlib.metadata import version

    assert tuple(int(p) for p in version("starlette").split(".")[:3]) >= (1, 3, 1)


def test_the_row_cap_cuts_and_says_so(small_graph, make_client):
    client = make_client(small_graph, max_rows=3)
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    body = response.json()
    assert response.status_code == 200
    assert len(body["results"]["bindings"]) == 3
    assert body["truncated"]["rows"] == 3 and body["truncated"]["total"] > 3
    assert response.headers["safetykg-truncated"].startswith("3 of ")


def test_a_complete_result_says_nothing_of_truncation(client):
    response = client.get("/sparql", params={"query": COUNT_GRAPHS})
    assert "truncated" not in response.json() and "safetykg-truncated" not in response.headers


def test_default_graph_uri_narrows_the_dataset(client, small_graph):
    graph = small_graph.iris.document("a")
    response = client.get("/sparql", params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence> }",
        "default-graph-uri": graph})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "2"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.title for e in EXAMPLES])
def test_every_example_query_runs(corpus_client, example):
    response = corpus_client.get("/sparql", params={"query": example.query},
                                 headers={"Accept": "application/sparql-results+json, text/turtle"})
    assert response.status_code == 200, response.text
