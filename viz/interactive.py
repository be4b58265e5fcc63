"""Subgraph → pyvis ``Network``: a pure function, no files, no ``show()``.

Whether the network becomes an HTTP response or a file is decided by the caller, with
:func:`viz.html.render_html`. Nodes and edges are written into ``net.nodes`` and
``net.edges`` directly: pyvis's ``add_edge`` searches a list for duplicates, which makes
building quadratic, and networkx has already removed duplicates for us.

Node positions come from :mod:`viz.layout` (the same as the pictures'); vis-network's
physics then relaxes them and stops. Above :data:`PHYSICS_LIMIT` nodes physics is off
and the positions are final.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
from pyvis.network import Network

from viz.layout import SEED, positions
from viz.style import edge_label, edge_width, palette_kind, style_for, style_key

PHYSICS_LIMIT = 300
"""More nodes than this and the view is drawn without physics (it would not settle)."""

FONT_STACK = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimHei", sans-serif'

LABEL_INSIDE = frozenset({"box", "ellipse", "circle", "database", "text"})


def build_network(graph: nx.Graph, *, height: str = "100%") -> Network:
    """A styled pyvis network of ``graph``.

    Nodes carry ``label`` and ``kind`` (and may carry ``level``, ``definition``, counts
    and a first-mention year for the tooltip); edges carry ``relation`` and ``weight``.
    Missing attributes are tolerated. ``graph.graph["centre"]`` is drawn larger.

    >>> g = nx.Graph(centre="a"); g.add_edge("a", "b", relation="broader", weight=3)
    >>> net = build_network(g)
    >>> [n["id"] for n in net.nodes], net.edges[0]["label"]
    (['a', 'b'], '上位')
    """
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line",
                  select_menu=False, filter_menu=False, heading="")
    centre = graph.graph.get("centre")
    pos = positions(graph)
    scale = 90.0 * math.sqrt(max(graph.number_of_nodes(), 4))
    for node, data in graph.nodes(data=True):
        x, y = pos.get(node, (0.0, 0.0))
        net.nodes.append(node_dict(str(node), data, centre=node == centre,
                                   x=round(x * scale, 1), y=round(y * scale, 1)))
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    for source, target, data in graph.edges(data=True):
        net.edges.append(edge_dict(str(source), str(target), data))
    net.options = view_options(graph.number_of_nodes())
    return net


def node_dict(node_id: str, data: Mapping, *, centre: bool = False,
              x: float | None = None, y: float | None = None) -> dict:
    """One vis-network node; the label and tooltip are plain text."""
    kind = palette_kind(data.get("kind"))
    level = data.get("level")
    style = style_for(kind, level)
    label = str(data.get("label") or _key_of(node_id))
    node = {
        "id": node_id, "label": short_label(label), "title": tooltip(data, label=label),
        "shape": style.shape, "group": style_key(kind, level), "kind": kind,
        "key": str(data.get("key") or _key_of(node_id)),
        "size": 26 if centre else 14, "borderWidth": 3 if style.hollow else 1,
        "color": node_colour(style.colour, style.hollow),
    }
    if style.shape in LABEL_INSIDE:
        node["font"] = {"color": "#ffffff" if is_dark(style.colour) else "#111111"}
    if centre:
        node["font"] = {**node.get("font", {}), "size": 18}
        node["centre"] = True
    if x is not None and y is not None:
        node["x"], node["y"] = x, y
    return node


LABEL_LENGTH = 18
"""Longer labels (document titles) are cut on the canvas; the tooltip has them whole."""


def short_label(label: str, limit: int = LABEL_LENGTH) -> str:
    """The label as drawn: at most ``limit`` characters.

    >>> short_label("在2022年县安委会全体（扩大）会议暨全县安全生产工作会讲话")
    '在2022年县安委会全体（扩大）会…'
    """
    return _shorten(label, limit)


def edge_dict(source: str, target: str, data: Mapping) -> dict:
    """One vis-network edge: width from the weight, a label for typed relations."""
    relation = str(data.get("relation") or "")
    weight = _number(data.get("weight"), 1.0)
    label = edge_label(relation)
    title = f"{label or relation or '共现'} · {weight:g}"
    edge = {"id": f"{source}\n{target}\n{relation}", "from": source, "to": target,
            "width": edge_width(weight), "title": title, "relation": relation}
    if label:
        edge["label"] = label
    return edge


def tooltip(data: Mapping, *, label: str | None = None) -> str:
    """Plain text only: vis-network writes a string title with ``innerText``.

    >>> tooltip({"label": "煤矿", "kind": "sector", "mentions": 3, "first_year": 2019})
    '煤矿\\n行业领域\\n提及 3 次\\n最早提及 2019 年'
    """
    parts = [label or str(data.get("label", ""))]
    parts.append(style_for(data.get("kind"), data.get("level")).label_zh)
    definition = data.get("definition")
    if definition:
        parts.append(_shorten(str(definition), 160))
    counts = []
    mentions = _first(data, "mentions", "mention_count", "count", "sentences")
    documents = _first(data, "documents", "document_count", "docs")
    if mentions is not None:
        counts.append(f"提及 {mentions} 次")
    if documents is not None:
        counts.append(f"{documents} 篇文件")
    if counts:
        parts.append("，".join(counts))
    year = _first(data, "first_year", "first_mention_year", "first_mention", "since")
    if year is not None:
        parts.append(f"最早提及 {str(year)[:4]} 年")
    return "\n".join(parts)


def view_options(node_count: int) -> dict:
    """vis-network options: physics that settles in about two seconds, then stops."""
    physics = node_count <= PHYSICS_LIMIT
    return {
        "autoResize": True,
        "layout": {"randomSeed": SEED, "improvedLayout": False},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -2500, "centralGravity": 0.2,
                          "springLength": 110, "springConstant": 0.03, "damping": 0.5,
                          "avoidOverlap": 0.1},
            "maxVelocity": 30, "minVelocity": 1.5, "timestep": 0.5,
            "stabilization": {"enabled": physics, "iterations": 150, "updateInterval": 25,
                              "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": node_count > 100,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"font": {"size": 13, "face": FONT_STACK}},
        "edges": {"smooth": False, "color": {"color": "#b5b5b5", "highlight": "#333333",
                                             "hover": "#555555"},
                  "font": {"size": 10, "face": FONT_STACK, "align": "middle", "strokeWidth": 3}},
    }


def node_colour(colour: str, hollow: bool) -> dict:
    fill = "#ffffff" if hollow else colour
    return {"background": fill, "border": colour,
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"}}


def is_dark(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _key_of(node_id: str) -> str:
    """The readable key at the end of one of our IRIs (``…/id/concept/四个一律``)."""
    from urllib.parse import unquote

    return unquote(node_id.rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0])


def _first(data: Mapping, *names: str) -> object | None:
    for name in names:
        if data.get(name) not in (None, ""):
            return data[name]
    return None


def _number(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
