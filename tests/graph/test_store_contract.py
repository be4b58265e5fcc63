"""The store contract: the same behaviour from the embedded store on disk, the in-memory
store and a real ``oxigraph serve`` reached over the SPARQL Protocol (see the ``store``
fixture: every test here runs once per engine)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.errors import QueryError
from graph.mapping import document_quads
from graph.vocab import SKG

MENTIONS = f"SELECT ?c WHERE {{ ?s <{SKG.mentions}> ?c }} ORDER BY ?c"


def graph_quads(store, iri: str) -> set[ox.Quad]:
    return set(store.quads(iri))


def test_a_new_store_is_empty(store):
    assert store.quad_count() == 0
    assert store.graphs() == []


def test_each_document_is_one_named_graph(kg, make_document):
    kg.put_document(make_document("a"))
    kg.put_document(make_document("b", "管好煤矿。"))
    assert kg.document_keys() == ["a", "b"]


def test_a_document_graph_holds_exactly_its_mapping(kg, make_document, fixed_run):
    doc = make_document("a")
    iri = kg.put_document(doc, run=fixed_run)
    expected = set(document_quads(doc, kg.iris, run=fixed_run,
                                  fingerprint=_fingerprint(kg, iri)))
    assert graph_quads(kg.store, iri) == expected


def test_replacing_a_document_leaves_nothing_of_the_old_version(kg, make_document, fixed_run):
    kg.put_document(make_document("a"), run=fixed_run)
    new = make_document("a", "要坚持人民至上。")
    iri = kg.put_document(new, run=fixed_run)
    expected = set(document_quads(new, kg.iris, run=fixed_run,
                                  fingerprint=_fingerprint(kg, iri)))
    assert graph_quads(kg.store, iri) == expected
    assert [r["c"].value.rsplit("/", 1)[1] for r in kg.store.query(MENTIONS)] == ["人民至上"]


def test_removing_a_document_drops_its_graph_and_keeps_the_lexicon(kg, make_document):
    lexicon_size = len(list(kg.store.quads("")))
    kg.put_document(make_document("a"))
    kg.remove_document("a")
    assert kg.store.graphs() == []
    assert kg.store.quad_count() == lexicon_size > 0


def test_the_default_graph_is_the_union_for_queries(kg, make_document):
    kg.put_document(make_document("a"))
    ask = ("ASK { ?s <http://www.w3.org/2004/02/skos/core#inScheme> ?scheme . "
           f"?x <{SKG.mentions}> ?s }}")
    assert bool(kg.store.query(ask))


@pytest.mark.parametrize("hostile", ['"} ; DROP ALL ; #', "\u0000", 'x\\" ) } } ; DROP ALL ; #',
                                     "l1\" } UNION { ?s ?p ?x"])
def test_bound_values_never_become_query_text(kg, make_document, hostile):
    kg.put_document(make_document("a"))
    before = kg.store.quad_count()
    rows = list(kg.store.query(
        "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        bindings={"label": ox.Literal(hostile, language="zh-hans")}))
    assert rows == []
    assert kg.store.quad_count() == before


def test_a_value_with_control_characters_round_trips(store):
    text = "a\u0000b\u2028c\"}"
    quad = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                   ox.Literal(text), ox.NamedNode("http://example.org/g"))
    store.write(insert=[quad])
    assert list(store.quads("http://example.org/g")) == [quad]


def test_a_failed_update_changes_nothing(kg, make_document):
    kg.put_document(make_document("a"))
    before = set(kg.store.quads())
    with pytest.raises(QueryError):
        kg.store.write(drop=[kg.iris.document("a")], before="DELETE WHERE { ?s ?p }")
    assert set(kg.store.quads()) == before


def test_a_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError):
        store.query("SELECT WHERE {")


def test_quads_out_then_load_into_an_empty_store_gives_the_same_quads(kg, make_document):
    kg.put_document(make_document("a"))
    kg.put_document(make_document("b", "管好煤矿。"))
    everything = set(kg.store.quads())
    kg.store.clear()
    assert kg.store.quad_count() == 0
    kg.store.load(everything)
    assert set(kg.store.quads()) == everything


def test_near_duplicates_are_linked_both_ways_and_unlinked_on_removal(kg, make_document):
    a, b = kg.iris.document("a"), kg.iris.document("b")
    kg.put_document(make_document("a"))
    kg.put_document(make_document("b"))
    links = f"SELECT ?x ?y WHERE {{ GRAPH ?x {{ ?x <{SKG.duplicateOf}> ?y }} }} ORDER BY ?x"
    assert [(r["x"].value, r["y"].value) for r in kg.store.query(links)] == [(a, b), (b, a)]
    kg.remove_document("a")
    assert list(kg.store.query(links)) == []


def test_replacing_a_repost_with_other_text_unlinks_it(kg, make_document):
    kg.put_document(make_document("a"))
    kg.put_document(make_document("b"))
    kg.put_document(make_document("b", "管好煤矿，排查隐患。"))
    ask = f"ASK {{ ?x <{SKG.duplicateOf}> ?y }}"
    assert not bool(kg.store.query(ask))


def _fingerprint(kg, iri: str) -> str:
    rows = kg.store.query(f"SELECT ?f WHERE {{ <{iri}> <{SKG.fingerprint}> ?f }}")
    return next(iter(rows))["f"].value
