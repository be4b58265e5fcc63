"""Deterministic node positions, shared by the interactive view and the pictures.

Small graphs get networkx's spring layout with a fixed seed. Large ones (where the
spring layout costs seconds, and networkx wants scipy from 500 nodes on) get a radial
layout around the centre: rings by distance, each ring ordered by kind and weight. A
neighbourhood is star-shaped, so the rings read the same way the spring layout does.
"""

from __future__ import annotations

import math

import networkx as nx


SEED = 7
"""The one seed of every layout: the same view looks the same twice."""

SPRING_LIMIT = 300
"""Above this many nodes the radial layout is used."""

Positions = dict[object, tuple[float, float]]


def positions(graph: nx.Graph, *, seed: int = SEED) -> Positions:
    """Positions in the unit square around (0, 0), the same for the same graph.

    >>> g = nx.path_graph(3)
    >>> positions(g) == positions(g)
    True
    """
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() <= SPRING_LIMIT:
        return _normalise(_spring(graph, seed))
    return radial(graph)


def _spring(graph: nx.Graph, seed: int) -> Positions:
    centre = graph.graph.get("centre")
    fixed = [centre] if centre in graph else None
    start = {centre: (0.0, 0.0)} if fixed else None
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(graph.nodes, key=str))
    ordered.add_edges_from((u, v, {"weight": _log_weight(d)}) for u, v, d in graph.edges(data=True))
    k = 1.6 / math.sqrt(max(graph.number_of_nodes(), 1))
    pos = nx.spring_layout(ordered, seed=seed, pos=start, fixed=fixed, k=k, weight="weight",
                           iterations=60)
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}


def _normalise(pos: Positions) -> Positions:
    """Scale into [-1, 1] on both axes, keeping the aspect."""
    extent = max((max(abs(x), abs(y)) for x, y in pos.values()), default=0.0) or 1.0
    return {node: (x / extent, y / extent) for node, (x, y) in pos.items()}


def _log_weight(data: dict) -> float:
    return 1.0 + math.log1p(float(data.get("weight", 1) or 1))


def radial(graph: nx.Graph) -> Positions:
    """The centre in the middle, the rest in bands by hop distance.

    Within a band, nodes lie on a sunflower spiral (golden-angle steps, even density),
    the heaviest link to the centre innermost.

    >>> g = nx.star_graph(4)
    >>> g.graph["centre"] = 0
    >>> radial(g)[0]
    (0.0, 0.0)
    """
    centre = graph.graph.get("centre")
    if centre not in graph:
        centre = max(graph.nodes, key=lambda n: (graph.degree(n), str(n)))
    depth = nx.single_source_shortest_path_length(graph, centre)
    far = max(depth.values(), default=0) + 1
    bands: dict[int, list] = {}
    for node in graph.nodes:
        bands.setdefault(depth.get(node, far), []).append(node)
    pos: Positions = {}
    band_width = 0.85 / max(len(bands) - 1, 1)
    for index, (band, nodes) in enumerate(sorted(bands.items())):
        if band == 0:
            pos.update({n: (0.0, 0.0) for n in nodes})
            continue
        nodes.sort(key=lambda n: (-_weight_to(graph, centre, n), str(n)))
        inner = 0.15 + (index - 1) * band_width
        for i, node in enumerate(nodes):
            r = inner + band_width * math.sqrt((i + 0.5) / len(nodes))
            angle = i * _GOLDEN_ANGLE
            pos[node] = (r * math.cos(angle), r * math.sin(angle))
    return pos


_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def _weight_to(graph: nx.Graph, centre: object, node: object) -> float:
    data = graph.get_edge_data(centre, node) or {}
    return float(data.get("weight", 0) or 0)
