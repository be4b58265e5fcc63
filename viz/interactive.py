"""Subgraph → pyvis ``Network``: a pure function, no files, no ``show()``.

Whether the network becomes an HTTP response or a file is decided by the caller, with
:func:`viz.html.render_html`.
"""

from __future__ import annotations

import networkx as nx
from pyvis.network import Network

from viz.style import style_for

SEED = 7


def build_network(graph: nx.Graph, *, height: str = "640px") -> Network:
    """A styled pyvis network of ``graph`` (nodes carry ``label`` and ``kind``)."""
    net = Network(height=height, width="100%", directed=True, cdn_resources="local",
                  select_menu=False, filter_menu=False)
    centre = graph.graph.get("centre")
    for node, data in graph.nodes(data=True):
        style = style_for(data.get("kind"))
        net.add_node(
            str(node), label=str(data.get("label", node)), shape=style.shape,
            color=style.colour, title=_tooltip(data), size=28 if node == centre else 16,
            group=data.get("kind", "concept"))
    for source, target, data in graph.edges(data=True):
        weight = float(data.get("weight", 1))
        net.add_edge(str(source), str(target), title=str(data.get("relation", "")),
                     width=min(1 + weight, 8), value=weight)
    net.set_options(
        '{"physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200,'
        ' "fit": true}}, "layout": {"randomSeed": %d},'
        ' "interaction": {"hover": true, "navigationButtons": false}}' % SEED)
    return net


def _tooltip(data: dict) -> str:
    """Plain text only: vis-network shows a string title as text, never as HTML."""
    parts = [str(data.get("label", ""))]
    if data.get("kind"):
        parts.append(style_for(data["kind"]).label_zh)
    if data.get("definition"):
        parts.append(str(data["definition"]))
    return "\n".join(parts)
