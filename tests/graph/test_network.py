"""The neighbourhood from the in-memory mention index equals the one the SPARQL queries give.

The embedded engine answers co-occurrence, document counts and the documents naming a
concept from :class:`graph.network.MentionIndex`; a remote store is asked with the
queries. The same documents in both must give the same graph, node for node and edge
for edge, and the index must follow writes.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graph.kg import KnowledgeGraph
from graph.network import mention_index, concept_neighbourhood
from graph.store import open_store

DOCS = (
    # key, text, level, date, place — one without a date: its year is unbound
    ("leizhi-2021", None, "county", "2021-03-09", "乐至县"),
    ("anyue-2018", "安岳县安全生产工作会议\n要健全双重预防机制，坚持人民至上。双重预防机制要落实。",
     "county", "2018-04-02", "安岳县"),
    ("sichuan", "四川省安全生产电视电话会议\n要落实“四个一律”（一律关闭取缔，一律停产整顿，一律从重处罚，一律严肃追责），"
     "健全双重预防机制，坚持人民至上。",
     "provincial", None, "四川省"),
    ("national-2022", "国务院安委会通报\n要健全双重预防机制。坚持人民至上，健全双重预防机制。",
     "national", "2022", None),
)


def _fill(kg: KnowledgeGraph, make_document, fixed_run) -> None:
    for key, text, level, date, place in DOCS:
        kwargs = {"level": level, "date": date, "place": place}
        doc = make_document(key, **kwargs) if text is None else make_document(key, text, **kwargs)
        kg.put_document(doc, run=fixed_run)


def _as_data(g: nx.Graph) -> tuple:
    nodes = sorted((n, sorted(d.items())) for n, d in g.nodes(data=True))
    edges = sorted((tuple(sorted((a, b))), sorted(d.items())) for a, b, d in g.edges(data=True))
    return nodes, edges, sorted(g.graph.items())


@pytest.fixture
def both(mini_lexicon, make_document, fixed_run, oxigraph_server) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    """The same documents in an embedded store (indexed) and an Oxigraph server (queried)."""
    local = KnowledgeGraph(open_store(":memory:"))
    remote_store = open_store(oxigraph_server)
    remote_store.clear()
    remote = KnowledgeGraph(remote_store)
    for kg in (local, remote):
        kg.publish_lexicon(mini_lexicon)
        _fill(kg, make_document, fixed_run)
    yield local, remote
    remote_store.close()


def test_embedded_store_is_indexed_and_remote_is_not(both):
    local, remote = both
    assert mention_index(local.store) is not None
    assert mention_index(remote.store) is None


@pytest.mark.parametrize("depth", [1, 2])
@pytest.mark.parametrize("limit", [2, 50])
def test_index_answers_as_the_queries(both, mini_lexicon, depth, limit):
    local, remote = both
    compared = 0
    for key in sorted(mini_lexicon.concepts):
        a = concept_neighbourhood(local.store, local.iris, key, depth=depth, limit=limit)
        b = concept_neighbourhood(remote.store, remote.iris, key, depth=depth, limit=limit)
        assert _as_data(a) == _as_data(b), key
        compared += a.number_of_edges() > 0
    assert compared >= 3  # the corpus links several concepts: the comparison is not vacuous


def test_a_remote_store_this_process_alone_writes_is_indexed_and_answers_the_same(
        both, mini_lexicon, make_document, fixed_run, oxigraph_server):
    from graph import diffusion, evidence, queries

    local, remote = both
    sole = KnowledgeGraph(open_store(oxigraph_server, sole_writer=True))
    try:
        assert mention_index(sole.store) is not None  # built from the server once
        sole.put_document(make_document("late", "坚持人民至上，健全双重预防机制。", level="county",
                                        date="2022-06-01"), run=fixed_run)
        local.put_document(make_document("late", "坚持人民至上，健全双重预防机制。", level="county",
                                         date="2022-06-01"), run=fixed_run)
        for key in sorted(mini_lexicon.concepts):  # the index followed the write
            assert (_as_data(concept_neighbourhood(sole.store, sole.iris, key, depth=2))
                    == _as_data(concept_neighbourhood(local.store, local.iris, key, depth=2))), key
            assert (evidence.evidence(sole.store, sole.iris, key)
                    == evidence.evidence(local.store, local.iris, key)), key
            assert (diffusion.diffusion(sole.store, sole.iris, key)
                    == diffusion.diffusion(local.store, local.iris, key)), key
        assert queries.search(sole.store, sole.iris, "机制") == queries.search(local.store, local.iris, "机制")
        found = evidence.evidence(sole.store, sole.iris, "双重预防机制", size=100)["items"]
        assert "late" in {item["document"] for item in found}
    finally:
        sole.store.close()


def test_index_follows_writes(memory_kg, make_document, fixed_run):
    key = "双重预防机制"
    centre = memory_kg.iris.concept(key)
    memory_kg.put_document(make_document("one", "要健全双重预防机制。", date="2019-01-01"), run=fixed_run)
    before = concept_neighbourhood(memory_kg.store, memory_kg.iris, key)
    assert before.nodes[centre]["documents"] == 1
    memory_kg.put_document(make_document("two", "坚持人民至上，健全双重预防机制。", date="2017-05-01"),
                           run=fixed_run)
    after = concept_neighbourhood(memory_kg.store, memory_kg.iris, key)
    assert after.nodes[centre]["documents"] == 2
    assert after.nodes[centre]["first_year"] == 2017
    assert memory_kg.iris.document("two") in after
    memory_kg.remove_document("two")
    again = concept_neighbourhood(memory_kg.store, memory_kg.iris, key)
    assert again.nodes[centre]["documents"] == 1
    assert memory_kg.iris.document("two") not in again


def test_documents_beyond_the_limit_are_counted_not_kept(memory_kg, make_document, fixed_run):
    key = "双重预防机制"
    for doc_key in ("b", "a", "c"):  # one sentence each: equal weights, ranked by IRI
        memory_kg.put_document(make_document(doc_key, "健全双重预防机制。"), run=fixed_run)
    g = concept_neighbourhood(memory_kg.store, memory_kg.iris, key, limit=2, kinds=["document"])
    docs = sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "document")
    assert docs == [memory_kg.iris.document("a"), memory_kg.iris.document("b")]
    assert g.graph["omitted"] == 1


def _contents(index) -> tuple:
    """The index as plain values (names, not numbers), to compare two indexes."""
    names, docs = index.names, index.docs
    co = {(names[a], names[b]): w for a, linked in index.co.items() for b, w in linked.items()}
    naming = {names[e]: [(n, docs[d]) for n, d in found] for e, found in index.mentioned_in.items()}
    return (co, naming, {name: index.node_facts(name) for name in naming},
            {docs[d]: facts for d, facts in index.facts.items()})


STEPS = (  # (action, key, text, date): re-ingests change a document, removals take it away
    ("put", "one", "要健全双重预防机制，坚持人民至上。", "2019-01-01"),
    ("put", "two", "坚持人民至上，健全双重预防机制。双重预防机制要落实。", "2017-05-01"),
    ("put", "three", "要落实“四个一律”（一律关闭取缔，一律停产整顿，一律从重处罚，一律严肃追责），"
                      "健全双重预防机制。", None),
    ("put", "one", "坚持人民至上。", "2016-02-01"),
    ("remove", "two", None, None),
    ("put", "two", "健全双重预防机制，坚持人民至上。", "2021-07-01"),
    ("remove", "three", None, None),
    ("remove", "one", None, None),
    ("remove", "two", None, None),
)


def test_document_writes_update_the_index_to_what_a_fresh_build_gives(memory_kg, make_document,
                                                                       fixed_run):
    from graph.network import MentionIndex

    store = memory_kg.store
    first, linked = mention_index(store), 0
    for action, key, text, date in STEPS:
        if action == "put":
            memory_kg.put_document(make_document(key, text, date=date), run=fixed_run)
        else:
            memory_kg.remove_document(key)
        index = mention_index(store)
        assert index.ids is first.ids, f"rebuilt after {action} {key}"  # updated, not rebuilt
        assert _contents(index) == _contents(MentionIndex.of(store)), f"after {action} {key}"
        linked += bool(index.co)
    assert linked >= 5  # the steps link concepts: the comparison is not vacuous
    assert _contents(index) == ({}, {}, {}, {})


def test_a_write_outside_the_document_path_rebuilds_the_index(memory_kg, make_document, fixed_run,
                                                              mini_lexicon):
    memory_kg.put_document(make_document("one", "要健全双重预防机制。"), run=fixed_run)
    first = mention_index(memory_kg.store)
    memory_kg.publish_lexicon(mini_lexicon)  # not a document write: the index is left behind
    again = mention_index(memory_kg.store)
    assert again is not first and again.ids is not first.ids
    assert _contents(again) == _contents(first)


def test_a_reader_holding_the_old_index_keeps_a_whole_state(memory_kg, make_document, fixed_run):
    key = memory_kg.iris.concept("双重预防机制")
    memory_kg.put_document(make_document("one", "要健全双重预防机制，坚持人民至上。"), run=fixed_run)
    held = mention_index(memory_kg.store)
    before = _contents(held)
    memory_kg.put_document(make_document("two", "坚持人民至上，健全双重预防机制。"), run=fixed_run)
    assert _contents(held) == before  # the update made a new index; the held one is unchanged
    assert [n for n, _ in mention_index(memory_kg.store).documents_mentioning(key)] == [1, 1]


def test_neighbourhoods_beside_writes_never_fail_and_end_as_a_fresh_build(memory_kg, make_document,
                                                                          fixed_run, readers_beside):
    from graph.network import MentionIndex

    store, iris = memory_kg.store, memory_kg.iris
    docs = [make_document(key, text, date=date) for _, key, text, date in STEPS if text]

    def read() -> None:
        for key in ("双重预防机制", "人民至上"):
            concept_neighbourhood(store, iris, key, depth=2)

    with readers_beside(read, 3) as failures:
        for _ in range(3):
            for doc in docs:
                memory_kg.put_document(doc, run=fixed_run)
            memory_kg.remove_document(docs[0].key)
    assert failures == []
    assert _contents(mention_index(store)) == _contents(MentionIndex.of(store))
