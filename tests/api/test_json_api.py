"""The JSON API over the sample corpus: search, concepts, evidence, documents, incidents,
diffusion and paths."""

from __future__ import annotations

import pytest

INJECTIONS = ['"} ; DROP ALL ; #', "\u0000", 'l1" } UNION { ?s ?p ?x',
              'x\\" ) } } ; DROP ALL ; INSERT { <a> <b> <c> } WHERE { #']


@pytest.mark.parametrize("text", ["双重预防", "雙重預防", "双控机制"])
def test_search_finds_the_concept_from_simplified_traditional_or_alias(corpus_client, text):
    hits = corpus_client.get("/api/search", params={"q": text}).json()["hits"]
    assert hits[0]["key"] == "双重预防机制"
    assert hits[0]["kind"] == "mechanism" and hits[0]["label"] == "双重预防机制"


def test_search_ranks_exact_label_before_prefix_and_containing(corpus_client):
    hits = corpus_client.get("/api/search", params={"q": "四不放过"}).json()["hits"]
    assert hits[0]["key"] == "四不放过" and hits[0]["rank"] == 0
    assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_text_finds_nothing_and_changes_nothing(corpus_client, corpus_graph, text):
    before = corpus_graph.store.quad_count()
    response = corpus_client.get("/api/search", params={"q": text})
    assert response.status_code == 200 and response.json()["hits"] == []
    assert corpus_graph.store.quad_count() == before


def test_concept_detail_has_labels_definition_components_and_counts(corpus_client):
    c = corpus_client.get("/api/concepts/四个一律").json()
    assert c["label"] == "四个一律" and c["kind"] == "formulation"
    assert [p["position"] for p in c["components"]] == [1, 2, 3, 4]
    assert c["definition"] and "四个一律措施" in c["aliases"]
    detail = corpus_client.get("/api/concepts/双重预防机制").json()
    assert {r["key"] for r in detail["narrower"]} >= {"隐患排查治理"}
    assert sum(cell["documents"] for cell in detail["counts"]["cells"]) == detail["documents"] >= 2


def test_an_unknown_concept_is_404_in_the_error_shape(corpus_client):
    response = corpus_client.get("/api/concepts/没有这个概念")
    assert response.status_code == 404
    assert response.json() == {"error": "not found", "detail": "no concept '没有这个概念' in the store",
                               "status": 404}


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_neighbourhood_grows_with_depth_and_stays_under_the_limit(corpus_client, depth):
    body = corpus_client.get("/api/concepts/双重预防机制/neighbourhood",
                             params={"depth": depth, "limit": 30}).json()
    assert 1 < len(body["nodes"]) <= 31 and body["depth"] == depth
    assert all(e["weight"] >= 1 and e["relation"] for e in body["edges"])
    if depth > 1:
        assert body["omitted"] > 0


def test_neighbourhood_keeps_only_the_kinds_asked_for(corpus_client):
    body = corpus_client.get("/api/concepts/双重预防机制/neighbourhood",
                             params={"kinds": "document"}).json()
    centre = body["centre"]
    assert {n["kind"] for n in body["nodes"] if n["id"] != centre} == {"document"}
    assert body["filtered"] > 0


def test_neighbourhood_refuses_unknown_kinds(corpus_client):
    response = corpus_client.get("/api/concepts/双重预防机制/neighbourhood", params={"kinds": "x"})
    assert response.status_code == 422


def test_evidence_sentences_carry_document_and_offsets(corpus_client):
    body = corpus_client.get("/api/concepts/双重预防机制/evidence", params={"size": 1}).json()
    assert body["total"] >= 2 and len(body["items"]) == 1
    item = body["items"][0]
    assert item["document"] and item["level"] == "county" and item["date"]
    span = item["mentions"][0]
    assert "双重预防" in item["text"][span["start"]:span["end"]]
    second = corpus_client.get("/api/concepts/双重预防机制/evidence",
                               params={"size": 1, "page": 2}).json()["items"][0]
    assert second["sentence"] != item["sentence"]


def test_evidence_filters_by_year(corpus_client):
    body = corpus_client.get("/api/concepts/双重预防机制/evidence", params={"year": 2022}).json()
    assert body["items"] and all(i["date"].startswith("2022") for i in body["items"])


def test_document_offsets_point_at_the_mention_in_the_text(corpus_client):
    listing = corpus_client.get("/api/documents", params={"level": "county"}).json()
    assert listing["total"] >= 2
    doc = corpus_client.get(f"/api/documents/{listing['items'][0]['key']}").json()
    assert doc["text"] and doc["mentions"]
    for m in doc["mentions"][:20]:
        assert doc["text"][m["start"]:m["end"]]


def test_documents_filter_by_place_and_year(corpus_client):
    body = corpus_client.get("/api/documents", params={"place": "乐至县", "year": 2021}).json()
    assert body["total"] >= 1 and all(d["place"] == "乐至县" for d in body["items"])


def test_incidents_list_and_detail(corpus_client):
    listing = corpus_client.get("/api/incidents").json()
    assert listing["total"] >= 1
    first = listing["items"][0]
    detail = corpus_client.get(f"/api/incidents/{first['key']}").json()
    assert detail["label"] and len(detail["documents"]) == first["documents"]


def test_diffusion_gives_first_mention_and_counts_per_level(corpus_client):
    body = corpus_client.get("/api/concepts/双重预防机制/diffusion").json()
    county = next(lv for lv in body["levels"] if lv["level"] == "county")
    assert county["first_mention"]["date"] == "2021-03-09"
    assert sum(y["documents"] for y in county["years"]) >= 2


def test_path_connects_two_concepts(corpus_client):
    body = corpus_client.get("/api/path", params={"from": "双重预防机制", "to": "四个一律"}).json()
    assert body["paths"] and all(p[0].endswith("双重预防机制") and p[-1].endswith("四个一律")
                                 for p in body["paths"])
    assert len(body["edges"]) >= len(body["paths"][0]) - 1


@pytest.mark.parametrize("bad", ["http://a> } DROP ALL { <b", "javascript:alert(1)",
                                 "file:///etc/passwd"])
def test_path_refuses_foreign_iris(corpus_client, bad):
    response = corpus_client.get("/api/path", params={"from": bad, "to": "四个一律"})
    assert response.status_code == 422
