"""The real server (uvicorn in a subprocess) with real clients: SPARQLWrapper, rdflib,
curl-like HTTP; the time limit; and proof that no query makes the server fetch."""

from __future__ import annotations

import http.server
import json
import threading
import time

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.slow

COUNT_DOCS = ("PREFIX skg: <https://w3id.org/safetykg/ontology#> "
              "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a skg:Document }")
CONSTRUCT = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "CONSTRUCT { ?c skos:prefLabel ?l } WHERE { SELECT DISTINCT ?c ?l WHERE "
             "{ ?c a skos:Concept ; skos:prefLabel ?l } LIMIT 20 }")


def _wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_select_json(live_server):
    result = _wrapper(live_server, COUNT_DOCS, JSON).query().convert()
    assert int(result["results"]["bindings"][0]["n"]["value"]) >= 5


def test_sparqlwrapper_select_xml(live_server):
    document = _wrapper(live_server, COUNT_DOCS, XML).query().convert()
    literal = document.getElementsByTagName("literal")[0].firstChild.data
    assert int(literal) >= 5


@pytest.mark.parametrize("fmt,separator", [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_and_tsv(live_server, fmt, separator):
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?l WHERE "
             "{ ?c skos:prefLabel ?l } LIMIT 5")
    text = _wrapper(live_server, query, fmt).query().convert().decode("utf-8")
    lines = text.strip().splitlines()
    assert lines[0].replace("?", "").split(separator) == ["c", "l"]
    assert len(lines) == 6


def test_sparqlwrapper_ask(live_server):
    client = _wrapper(live_server, "ASK { ?s ?p ?o }", JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("fmt", [TURTLE, JSONLD])
def test_sparqlwrapper_construct(live_server, fmt):
    result = _wrapper(live_server, CONSTRUCT, fmt).query().convert()
    graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(
        data=result, format="turtle")
    assert len(graph) == 20
    assert all(str(p) == "http://www.w3.org/2004/02/skos/core#prefLabel" for _, p, _ in graph)


def test_rdflib_sparqlstore_answers_graph_query(live_server):
    graph = rdflib.Graph(store=SPARQLStore(f"{live_server}/sparql"))
    rows = list(graph.query(COUNT_DOCS))
    assert int(rows[0][0]) >= 5


def test_a_runaway_query_gets_503_in_time_while_search_keeps_answering(live_server, never_asked):
    outcome: dict = {}

    def runaway() -> None:
        started = time.monotonic()
        response = httpx.get(f"{live_server}/sparql", timeout=30, params={
            "query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        outcome.update(status=response.status_code, seconds=time.monotonic() - started,
                       retry=response.headers.get("retry-after"), body=response.json())

    thread = threading.Thread(target=runaway)
    thread.start()
    answers = []
    while thread.is_alive():
        started = time.monotonic()
        response = httpx.get(f"{live_server}/api/search", params={"q": "双重预防"}, timeout=5)
        answers.append((response.status_code, time.monotonic() - started))
        assert response.json()["hits"][0]["key"] == "双重预防机制"
        time.sleep(0.1)
    thread.join()
    assert outcome["status"] == 503 and outcome["retry"]
    assert outcome["seconds"] < 3.0
    assert set(outcome["body"]) == {"error", "detail", "status"}
    assert len(answers) >= 5 and all(s == 200 and t < 1.0 for s, t in answers)
    follow = httpx.get(f"{live_server}/sparql", params={"query": never_asked()})
    assert follow.json()["boolean"] is True


def test_turtle_of_a_concept_parses_and_holds_its_components(live_server):
    response = httpx.get(f"{live_server}/id/concept/四个一律", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    concept = rdflib.URIRef("https://w3id.org/safetykg/id/concept/四个一律")
    skg = rdflib.Namespace("https://w3id.org/safetykg/ontology#")
    parts = sorted((int(graph.value(p, skg.position)), str(graph.value(p, rdflib.RDF.value)))
                   for p in graph.objects(concept, skg.component))
    assert [pos for pos, _ in parts] == [1, 2, 3, 4]
    assert all(text.startswith("对") or "一律" in text for _, text in parts)


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Counter.hits.append(self.path)
        body = b"<urn:a> <urn:b> <urn:c> ."
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def listener():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    _Counter.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


FETCHING = [
    "SELECT * WHERE { SERVICE <{u}/x> { ?s ?p ?o } }",
    "select * where { service <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{u}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{u}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <{u}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{u}/x> { ?s ?p ?o } } } }",
    "SELECT * WHERE { VALUES ?x { <{u}/x> } SERVICE ?x { ?s ?p ?o } }",
    "SELECT * FROM <{u}/g.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{u}/g.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
    "SELECT * FROM <\\u0066ile:///etc/hostname> WHERE { ?s ?p ?o }",
    "LOAD <{u}/g.ttl>",
    "LOAD <{u}/g.ttl> ; SELECT * WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("template", FETCHING)
def test_no_query_makes_the_server_fetch(live_server, listener, template):
    query = template.replace("{u}", listener)
    response = httpx.get(f"{live_server}/sparql", params={"query": query}, timeout=10)
    assert response.status_code in (400, 403)
    assert _Counter.hits == []


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_never_fetch(live_server, listener, param):
    response = httpx.get(f"{live_server}/sparql", timeout=10, params={
        "query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", param: f"{listener}/g.ttl"})
    assert response.status_code == 400
    assert _Counter.hits == []


def test_health_stays_fast_while_every_worker_is_busy(live_server, never_asked):
    results: list[int] = []

    def slow() -> None:
        r = httpx.get(f"{live_server}/sparql", timeout=30,
                      params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        results.append(r.status_code)

    threads = [threading.Thread(target=slow) for _ in range(4)]
    for t in threads:
        t.start()
    client = httpx.Client(timeout=5)  # made before timing: a new client costs ~0.1 s of TLS set-up
    client.get(f"{live_server}/healthz")
    time.sleep(0.5)
    started = time.monotonic()
    refused = client.get(f"{live_server}/sparql", params={"query": never_asked()})
    refused_after = time.monotonic() - started
    health_times = []
    for _ in range(5):
        started = time.monotonic()
        health = client.get(f"{live_server}/healthz")
        health_times.append(time.monotonic() - started)
    health_after = max(health_times)
    for t in threads:
        t.join()
    assert refused.status_code == 429 and refused.headers["retry-after"]
    assert refused_after < 0.2
    assert health.status_code == 200 and health_after < 0.2
    assert set(results) <= {429, 503} and 503 in results  # as many workers as threads: all 503
    assert json.loads(refused.text)["status"] == 429
