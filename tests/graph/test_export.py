"""Export then import into an empty store gives an isomorphic dataset; the scheme alone is
SKOS a SKOS tool reads; GraphML is the entity network."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import SKOS

from graph.export import export, import_file
from graph.store import open_store

# rdflib's own parsers still call its deprecated Dataset API
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _dataset(path: Path) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(path, format={"trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[path.suffix[1:]])
    return dataset


def assert_isomorphic(a: rdflib.Dataset, b: rdflib.Dataset) -> None:
    """Graph by graph, with a readable diff of the first graph that differs."""
    graphs_a = {g.identifier: g for g in a.graphs() if len(g)}
    graphs_b = {g.identifier: g for g in b.graphs() if len(g)}
    assert sorted(graphs_a) == sorted(graphs_b)
    for name, graph in graphs_a.items():
        if not isomorphic(graph, graphs_b[name]):
            _, only_a, only_b = graph_diff(to_isomorphic(graph), to_isomorphic(graphs_b[name]))
            pytest.fail(f"graph {name} differs:\nonly before: {only_a.serialize(format='nt')}\n"
                        f"only after: {only_b.serialize(format='nt')}")


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld"])
def test_export_then_import_into_an_empty_store_is_isomorphic(example_graph, tmp_path, suffix):
    first = tmp_path / f"first{suffix}"
    export(example_graph.store, first)
    empty = open_store(tmp_path / "empty")
    import_file(empty, first)
    second = tmp_path / f"second{suffix}"
    export(empty, second)
    empty.close()
    assert_isomorphic(_dataset(first), _dataset(second))
    assert len(list(_dataset(first).quads())) == example_graph.store.quad_count()


def test_importing_a_dump_replaces_the_graphs_it_holds(example_graph, tmp_path):
    dump = tmp_path / "dump.nq"
    export(example_graph.store, dump)
    before = set(example_graph.store.quads())
    import_file(example_graph.store, dump)
    assert set(example_graph.store.quads()) == before


def test_the_scheme_alone_is_a_skos_concept_scheme(example_graph, tmp_path):
    out = tmp_path / "scheme.ttl"
    export(example_graph.store, out, scheme_only=True)
    graph = rdflib.Graph().parse(out, format="turtle")
    schemes = set(graph.subjects(rdflib.RDF.type, SKOS.ConceptScheme))
    assert rdflib.URIRef(example_graph.iris.scheme) in schemes
    concept = rdflib.URIRef(example_graph.iris.concept("双重预防机制"))
    assert (concept, SKOS.inScheme, rdflib.URIRef(example_graph.iris.scheme)) in graph
    assert rdflib.Literal("双重预防工作机制", lang="zh-hans") in set(graph.objects(concept, SKOS.altLabel))
    assert not any("document" in str(s) for s in graph.subjects())


def test_graphml_is_the_entity_network(example_graph, tmp_path):
    out = tmp_path / "net.graphml"
    export(example_graph.store, out, iris=example_graph.iris)
    g = nx.read_graphml(out)
    doc, concept = example_graph.iris.document("leizhi-2021"), example_graph.iris.concept("人民至上")
    assert g.has_edge(doc, concept)
    assert g.nodes[concept]["label"] == "人民至上" and g.nodes[concept]["kind"] == "concept"
    assert not any("#char=" in node for node in g.nodes)


def test_an_unknown_format_is_refused_with_the_file_named(example_graph, tmp_path):
    from graph.errors import StoreError

    with pytest.raises(StoreError, match=r"dump\.xml: unknown RDF format"):
        export(example_graph.store, tmp_path / "dump.xml")
