"""A view is one standalone file: vis-network inline, nothing fetched, labels inert."""

import re

import networkx as nx

from viz.html import render_html, vis_assets
from viz.interactive import build_network


def _graph(label: str) -> nx.Graph:
    g = nx.Graph(centre="a")
    g.add_node("a", label=label, kind="formulation")
    g.add_node("b", label="煤矿", kind="sector")
    g.add_edge("a", "b", relation="co-occurs", weight=2)
    return g


def test_the_file_references_no_network():
    html = render_html(build_network(_graph("四个一律")), title="四个一律")
    assert "new vis.Network" in html
    assert not re.search(r"""(src|href)=["']?https?://""", html)


def test_a_hostile_label_stays_inside_the_json_blob():
    hostile = "</script><script>alert(1)</script><img src=x onerror=alert(1)>"
    html = render_html(build_network(_graph(hostile)), title=hostile).replace(vis_assets()[0], "")
    assert "<img src=x" not in html
    assert html.count("</script>") == html.count("<script>")
