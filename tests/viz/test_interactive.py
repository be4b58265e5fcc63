"""build_network: a pure function from a subgraph to a styled pyvis Network."""

from __future__ import annotations

import time

import networkx as nx

from viz.interactive import build_network, node_dict, tooltip
from viz.style import style_for


def test_nodes_and_edges_carry_style_width_and_labels(small_neighbourhood):
    net = build_network(small_neighbourhood)
    assert len(net.nodes) == small_neighbourhood.number_of_nodes()
    assert len(net.edges) == small_neighbourhood.number_of_edges()
    by_id = {n["id"]: n for n in net.nodes}
    for node, data in small_neighbourhood.nodes(data=True):
        assert by_id[node]["shape"] == style_for(data["kind"], data.get("level")).shape
    typed = [e for e in net.edges if e["relation"] in ("broader", "related")]
    plain = [e for e in net.edges if e["relation"] == "co-occurs"]
    assert typed and all(e["label"] for e in typed)
    assert plain and all("label" not in e for e in plain)


def test_the_centre_is_drawn_larger(small_neighbourhood):
    by_id = {n["id"]: n for n in build_network(small_neighbourhood).nodes}
    assert by_id["c0"]["size"] > by_id["c1"]["size"]


def test_the_tooltip_shows_definition_counts_and_first_year():
    text = tooltip({"label": "双重预防机制", "kind": "mechanism", "definition": "以风险分级管控为主",
                    "mentions": 12, "documents": 4, "first_year": "2016-05-01"})
    assert text.splitlines() == ["双重预防机制", "机制", "以风险分级管控为主", "提及 12 次，4 篇文件",
                                 "最早提及 2016 年"]


def test_missing_attributes_are_tolerated():
    node = node_dict("https://w3id.org/safetykg/id/concept/%E5%9B%9B", {})
    assert node["label"] == "四" and node["key"] == "四"
    assert node["shape"] == style_for("concept").shape


def test_building_is_not_quadratic(make_neighbourhood):
    """pyvis's add_edge scans a list per edge; we fill the lists directly."""
    g = make_neighbourhood(2000)
    start = time.perf_counter()
    build_network(g)
    assert time.perf_counter() - start < 1.0


def test_a_directed_graph_builds_too():
    g = nx.DiGraph(centre="a")
    g.add_edge("a", "b", relation="component", weight=1)
    assert build_network(g).edges[0]["label"] == "组成"
