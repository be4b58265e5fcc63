"""Search reads an in-memory label index; every write to the store renews it: a document
write updates it from that document's graph, any other write has it rebuilt."""

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


def _searchable(store) -> set[tuple[str, str, int]]:
    """What the union of graphs says is searchable, asked of the store itself."""
    from graph import queries

    return {(r["s"].value, r["matched"].value, int(r["how"].value))
            for r in store.query(queries.SEARCHABLE)}


def _index_rows(store) -> tuple[set, dict, dict]:
    from graph import queries

    index = queries._label_index(store)
    return (set(index.containing("")), index.label, index.kind)


def _rebuilt(store) -> tuple[set, dict, dict]:
    from graph import queries

    index = queries._build_labels(store).index
    return (set(index.containing("")), index.label, index.kind)


TEXTS = {
    "a": "省应急管理厅厅长张三同志强调，各地要落实双重预防机制。",
    "b": "省应急管理厅副厅长李四指出，坚持四不放过，落实双重预防机制。",
    "a2": "市应急管理局局长王五同志强调，坚持党政同责。",
}


def test_document_writes_update_the_index_in_place_and_it_matches_the_store(fresh_graph,
                                                                           mini_pipeline):
    from graph import queries

    store = fresh_graph.store
    queries._label_index(store)
    counts = queries._indexed(store).counts
    steps = [("put", "a", "a"), ("put", "b", "b"), ("put", "a", "a2"),  # a re-ingested, changed
             ("remove", "b", None), ("put", "b", "b"), ("remove", "a", None)]
    for action, key, text in steps:
        if action == "put":
            fresh_graph.put_documents(mini_pipeline.process_text(TEXTS[text], f"{key}.txt"))
        else:
            fresh_graph.remove_document(key)
        searched, label, kind = _index_rows(store)
        assert queries._indexed(store).counts is counts, f"rebuilt after {action} {key}"
        assert searched == _searchable(store), f"after {action} {key}"
        assert (searched, label, kind) == _rebuilt(store), f"after {action} {key}"


def test_a_name_two_documents_hold_stays_until_both_are_gone(fresh_graph, make_client, mini_pipeline):
    client = make_client(fresh_graph)
    for key in ("a", "b"):
        fresh_graph.put_documents(mini_pipeline.process_text(TEXTS[key], f"{key}.txt"))
    assert _found(client, "应急管理厅") == ["省应急管理厅"]
    fresh_graph.remove_document("a")
    assert _found(client, "应急管理厅") == ["省应急管理厅"] and _found(client, "张三") == []
    fresh_graph.remove_document("b")
    assert _found(client, "应急管理厅") == []


def test_a_write_outside_the_document_path_rebuilds_the_index(fresh_graph):
    from graph import queries

    store = fresh_graph.store
    queries._label_index(store)
    counts = queries._indexed(store).counts
    store.load(_concept(fresh_graph, "新写入概念"))
    searched, _, _ = _index_rows(store)
    assert queries._indexed(store).counts is not counts
    assert searched == _searchable(store)


def test_searches_running_beside_writes_see_each_finished_write(fresh_graph, mini_pipeline,
                                                               readers_beside):
    from graph import queries

    store, iris = fresh_graph.store, fresh_graph.iris
    docs = {key: mini_pipeline.process_text(TEXTS[key], f"{key}.txt") for key in ("a", "b")}

    def read() -> None:
        queries.search(store, iris, "应急")
        queries.labels(store, iris, [iris.concept("双重预防机制")])

    with readers_beside(read, 4) as failures:
        for key, name in [("a", "张三"), ("b", "李四")] * 5:
            fresh_graph.put_documents(docs[key])
            assert [h["label"] for h in queries.search(store, iris, name)] == [name]
            fresh_graph.remove_document(key)
            assert queries.search(store, iris, name) == []
    assert failures == []
    assert set(queries._label_index(store).containing("")) == _searchable(store)


def test_the_indexes_are_built_in_the_background_as_the_server_starts(fresh_graph):
    from fastapi.testclient import TestClient

    from api.config import Settings
    from api.main import create_app
    from graph import derived, network, queries

    store = fresh_graph.store
    kinds = (queries.LABEL_INDEX, network.MENTION_INDEX)
    assert all(derived._state(store, kind).current is None for kind in kinds)  # not built yet
    app = create_app(Settings(store=":memory:"), graph=fresh_graph)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        app.state.warming.join(timeout=30)
        assert all(derived._state(store, kind).current[0] == store.generation for kind in kinds)
        index = network.mention_index(store)
        response = client.get("/api/concepts/双重预防机制/neighbourhood")
        assert response.status_code == 200 and response.json()["nodes"]
        assert network.mention_index(store) is index  # the request used the warm index


def test_a_fact_stated_twice_in_one_graph_goes_with_the_graph(fresh_graph):
    from graph import queries

    store, iris = fresh_graph.store, fresh_graph.iris
    doc, body = ox.NamedNode(iris.document("twice")), ox.NamedNode(iris.of("body", "某局"))
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    quads = [ox.Quad(body, a, ox.NamedNode("https://schema.org/Person"), doc),  # two types: ("y",) twice
             ox.Quad(body, a, ox.NamedNode("http://www.w3.org/ns/org#Organization"), doc),
             ox.Quad(body, label, ox.Literal("某局", language="zh-hans"), doc),
             ox.Quad(body, label, ox.Literal("某局"), doc)]  # the same name twice
    store.write(drop=[doc.value], insert=quads)  # not through changing: the next search rebuilds
    assert [hit["label"] for hit in queries.search(store, iris, "某局")] == ["某局"]
    with queries.changing(store, [doc.value]):  # counted by the build, taken away by the update
        store.write(drop=[doc.value])
    assert queries.search(store, iris, "某局") == []
    assert _index_rows(store) == _rebuilt(store)
    with queries.changing(store, [doc.value]):  # and the other way round
        store.write(drop=[doc.value], insert=quads)
    assert [hit["label"] for hit in queries.search(store, iris, "某局")] == ["某局"]
    assert _index_rows(store) == _rebuilt(store)


def test_the_index_ranks_as_the_engine_would_for_every_query(small_graph):
    """The in-memory scan (labels only for the hits shown) gives the same hits, ranks and
    matched labels as ranking everything the engine finds, for every one- and
    two-character piece of every searchable label and for whole labels."""
    from graph import queries

    store, iris = small_graph.store, small_graph.iris
    labels = {matched for _, matched, _ in _searchable(store)}
    pieces = sorted({label[i:i + n] for label in labels for n in (1, 2)
                     for i in range(len(label) - n + 1)} | labels)
    assert len(pieces) > 200
    for piece in pieces[::3]:
        query = queries.to_simplified(piece.strip())
        if not query:
            continue
        for limit in (1, 20):
            by_engine = queries._best(queries._search_rows(store, query), query, limit, store, iris)
            assert [(hit["iri"], hit["rank"], hit["matched"]) for hit in
                    queries.search(store, iris, query, limit=limit)] == by_engine, query


def test_search_leaves_the_event_loop_only_when_the_index_needs_work(fresh_graph, mini_pipeline):
    """The route runs a search in the event loop only when it is a scan of a ready layout;
    a build, or the layout's renewal after a write, goes to a worker thread."""
    from graph import queries

    store, iris = fresh_graph.store, fresh_graph.iris
    assert not queries.search_is_immediate(store)  # no index yet
    queries.search(store, iris, "机制")
    assert queries.search_is_immediate(store)
    fresh_graph.put_documents(mini_pipeline.process_text("坚持党政同责。", "d.txt"))
    assert not queries.search_is_immediate(store)  # updated index, layout not made yet
    queries.search(store, iris, "党政")
    assert queries.search_is_immediate(store)
