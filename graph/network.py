"""The networkx projection: entities and their links, without sentences.

Views, paths and rankings are computed on this projection; it is built from named
queries so it works over every store engine.
"""

from __future__ import annotations

import networkx as nx
from pyoxigraph import NamedNode

from graph import queries
from graph.iris import Iris
from graph.store import Store


def concept_neighbourhood(store: Store, iris: Iris, key: str, *, limit: int = 50) -> nx.Graph:
    """The concept, the concepts named in the same sentences, and the documents naming it.

    Node attributes: ``kind``, ``label``, ``iri``; edge attributes: ``relation``,
    ``weight``. ``graph.graph["omitted"]`` counts the neighbours left out by ``limit``.
    """
    iri = iris.concept(key)
    centre = NamedNode(iri)
    g = nx.Graph()
    rows = list(store.query(queries.CONCEPT_LABEL, bindings={"concept": centre}))
    label = rows[0]["label"].value if rows else key
    kind = rows[0]["kind"].value if rows and rows[0]["kind"] is not None else "concept"
    g.add_node(iri, label=label, kind=kind, iri=iri)
    neighbours = list(store.query(queries.CO_OCCURRING, bindings={"concept": centre}))
    for row in neighbours[:limit]:
        other = row["other"].value
        g.add_node(other, iri=other,
                   label=row["label"].value if row["label"] else iris.parse(other)[1],
                   kind=row["kind"].value if row["kind"] else "concept")
        g.add_edge(iri, other, relation="co-occurs", weight=int(row["weight"].value))
    documents = list(store.query(queries.DOCUMENTS_MENTIONING, bindings={"concept": centre}))
    for row in documents[:limit]:
        doc = row["doc"].value
        g.add_node(doc, iri=doc, kind="document",
                   label=row["title"].value if row["title"] else iris.parse(doc)[1])
        g.add_edge(iri, doc, relation="mentioned in", weight=int(row["weight"].value))
    g.graph["omitted"] = max(len(neighbours) - limit, 0) + max(len(documents) - limit, 0)
    g.graph["centre"] = iri
    return g
