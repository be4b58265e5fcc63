"""/sparql answers SELECT and ASK in the SPARQL JSON results format."""

COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


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
