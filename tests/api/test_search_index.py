"""Search reads an in-memory label index; every write to the store renews it."""

from __future__ import annotations

import pyoxigraph as ox

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _concept(kg, key: str) -> list[ox.Quad]:
    iri = ox.NamedNode(kg.iris.concept(key))
    return [ox.Quad(iri, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode(SKOS + "Concept"), ox.DefaultGraph()),
            ox.Quad(iri, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(key, language="zh-hans"),
                    ox.DefaultGraph())]


def _found(client, text: str) -> list[str]:
    return [hit["key"] for hit in client.get("/api/search", params={"q": text}).json()["hits"]]


def test_a_concept_written_after_a_search_is_found(fresh_graph, make_client):
    client = make_client(fresh_graph)
    assert _found(client, "双重预防") and not _found(client, "新写入概念")
    fresh_graph.store.load(_concept(fresh_graph, "新写入概念"))
    assert _found(client, "新写入概念") == ["新写入概念"]


def test_a_document_brings_its_names_and_takes_them_away(fresh_graph, make_client, mini_pipeline):
    client = make_client(fresh_graph)
    assert _found(client, "张三") == []
    fresh_graph.put_documents(mini_pipeline.process_text("省应急管理厅厅长张三同志强调，坚持人民至上。", "c.txt"))
    assert _found(client, "张三") == ["张三"] and _found(client, "应急管理厅") == ["省应急管理厅"]
    fresh_graph.remove_document("c")
    assert _found(client, "张三") == [] and _found(client, "应急管理厅") == []


def test_search_and_labels_agree_on_what_a_resource_is_called(small_graph, client):
    from graph import queries

    hits = client.get("/api/search", params={"q": "机制"}).json()["hits"]
    assert hits
    named = queries.labels(small_graph.store, small_graph.iris, [h["iri"] for h in hits])
    assert [(h["label"], h["kind"]) for h in hits] == [
        (named[h["iri"]]["label"], named[h["iri"]]["kind"]) for h in hits]
