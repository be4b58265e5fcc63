"""Choosing what a view shows: the neighbourhood from the graph, capped to what reads.

:func:`neighbourhood` asks ``graph.network`` for a concept's neighbourhood (node
attributes beyond ``label`` and ``kind`` may be missing; the views tolerate that).
:func:`cap` keeps the top-N nodes by weight and counts the rest in
``graph.graph["omitted"]``, which every view shows as "N more not shown".
"""

from __future__ import annotations

from collections.abc import Collection

import networkx as nx

from graph.iris import Iris
from graph.network import concept_neighbourhood
from graph.store import Store

MAX_NODES = 200
"""Nodes a view shows by default; more are counted, not drawn."""


def neighbourhood(store: Store, iris: Iris, key: str, *, depth: int = 1,
                  kinds: Collection[str] | None = None, limit: int = 50) -> nx.Graph:
    """A concept's neighbourhood with ``graph.graph["centre"]`` and ``["omitted"]`` set."""
    graph = concept_neighbourhood(store, iris, key, depth=depth,
                                  kinds=sorted(kinds) if kinds else None, limit=limit)
    graph.graph.setdefault("omitted", 0)
    graph.graph.setdefault("centre", iris.concept(key))
    return graph


def cap(graph: nx.Graph, max_nodes: int = MAX_NODES) -> nx.Graph:
    """At most ``max_nodes`` nodes: the centre, then the heaviest by summed edge weight.

    Returns ``graph`` itself when it is small enough.

    >>> g = nx.star_graph(5); g.graph["centre"] = 0
    >>> small = cap(g, 3)
    >>> small.number_of_nodes(), small.graph["omitted"]
    (3, 3)
    """
    if graph.number_of_nodes() <= max_nodes:
        return graph
    centre = graph.graph.get("centre")
    strength = dict(graph.degree(weight="weight"))
    ranked = sorted(graph.nodes, key=lambda n: (n != centre, -float(strength.get(n, 0)), str(n)))
    out = graph.subgraph(ranked[:max_nodes]).copy()
    out.graph["omitted"] = graph.graph.get("omitted", 0) + graph.number_of_nodes() - max_nodes
    return out
