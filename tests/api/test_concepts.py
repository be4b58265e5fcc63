"""The neighbourhood of a concept: what is named beside it, and where."""

from urllib.parse import quote

import pyoxigraph as ox
import pytest


def test_neighbourhood_lists_cooccurring_concepts_and_documents(client):
    body = client.get("/api/concepts/双重预防机制/neighbourhood").json()
    labels = {n["label"]: n["kind"] for n in body["nodes"]}
    assert labels["煤矿"] == "sector"
    assert labels["四不放过"] == "formulation"
    assert {n["kind"] for n in body["nodes"]} >= {"document"}
    assert body["omitted"] == 0


def test_limit_cuts_and_counts_what_was_left_out(client):
    body = client.get("/api/concepts/双重预防机制/neighbourhood", params={"limit": 1}).json()
    assert body["omitted"] >= 1


@pytest.fixture
def slash_client(fresh_graph, make_client):
    """A graph holding a concept whose key has a slash (as lexicon keys like 煤矿/非煤矿山 may)."""
    iri = ox.NamedNode(fresh_graph.iris.concept(SLASHED))
    skos = "http://www.w3.org/2004/02/skos/core#"
    fresh_graph.store.load([
        ox.Quad(iri, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode(skos + "Concept"), ox.DefaultGraph()),
        ox.Quad(iri, ox.NamedNode(skos + "prefLabel"), ox.Literal(SLASHED, language="zh-hans"),
                ox.DefaultGraph())])
    return make_client(fresh_graph)


SLASHED = "煤矿/非煤矿山"


@pytest.mark.parametrize("encoded", [True, False], ids=["%2F", "/"])
@pytest.mark.parametrize("suffix, field", [("", "key"), ("/neighbourhood", "centre"),
                                           ("/evidence", "key"), ("/diffusion", "key")])
def test_keys_with_a_slash_reach_every_concept_route(slash_client, encoded, suffix, field):
    key = quote(SLASHED, safe="" if encoded else "/")
    response = slash_client.get(f"/api/concepts/{key}{suffix}")
    assert response.status_code == 200, response.text
    assert response.json()[field] in (SLASHED, slash_client.app.state.graph.iris.concept(SLASHED))


def test_a_slashed_key_of_no_concept_is_404(client):
    assert client.get("/api/concepts/no/such/neighbourhood").status_code == 404
    assert client.get("/api/documents/no/such").status_code == 404
    assert client.get("/api/incidents/no/such").status_code == 404
