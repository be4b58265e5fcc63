"""/id/{kind}/{key} by content negotiation: a page, or the resource's RDF description."""

from __future__ import annotations

import pytest
import rdflib

SKG = rdflib.Namespace("https://w3id.org/safetykg/ontology#")
CONCEPT = rdflib.URIRef("https://w3id.org/safetykg/id/concept/四个一律")


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/n-triples", "nt")])
def test_a_concept_description_parses_and_holds_its_components(corpus_client, accept, fmt):
    response = corpus_client.get("/id/concept/四个一律", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=response.content, format=fmt)
    parts = list(graph.objects(CONCEPT, SKG.component))
    assert len(parts) == 4 and all(graph.value(p, rdflib.RDF.value) for p in parts)
    assert (CONCEPT, rdflib.namespace.SKOS.prefLabel, rdflib.Literal("四个一律", lang="zh-hans")) in graph


def test_linked_resources_come_with_their_labels(corpus_client):
    graph = rdflib.Graph().parse(data=corpus_client.get(
        "/id/concept/双重预防机制", headers={"Accept": "text/turtle"}).text, format="turtle")
    broader = graph.value(rdflib.URIRef("https://w3id.org/safetykg/id/concept/双重预防机制"),
                          rdflib.namespace.SKOS.broader)
    assert graph.value(broader, rdflib.namespace.SKOS.prefLabel) is not None


def test_html_is_the_page(corpus_client):
    response = corpus_client.get("/id/concept/四个一律", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "对非法生产经营建设" in response.text


def test_a_document_is_its_named_graph(corpus_client):
    key = corpus_client.get("/api/documents").json()["items"][0]["key"]
    response = corpus_client.get(f"/id/document/{key}", headers={"Accept": "application/n-triples"})
    graph = rdflib.Graph().parse(data=response.content, format="nt")
    assert (None, rdflib.RDF.type, SKG.Document) in graph


def test_unknown_resources_and_formats(corpus_client):
    assert corpus_client.get("/id/concept/没有", headers={"Accept": "text/turtle"}).status_code == 404
    assert corpus_client.get("/id/thing/x", headers={"Accept": "text/turtle"}).status_code == 404
    assert corpus_client.get("/id/concept/四个一律", headers={"Accept": "image/png"}).status_code == 406
