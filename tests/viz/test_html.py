"""A view is one standalone file: vis-network inline, nothing fetched, labels inert."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viz.html import html_view, render_html, vis_assets
from viz.interactive import PHYSICS_LIMIT, build_network, short_label

NETWORK_REFERENCE = re.compile(r"""(src|href)=["']?https?://""", re.IGNORECASE)


class Elements(HTMLParser):
    """Every element with its attributes, the text of <title>, and the JSON data block."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.title = ""
        self.data = ""
        self._in: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "title":
            self._in = "title"
        elif tag == "script" and attributes.get("id") == "view-data":
            self._in = "data"

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "data":
            self.data += data


def test_the_file_references_no_network(small_neighbourhood):
    html = html_view(small_neighbourhood, title="双重预防机制")
    assert "new vis.Network" in html
    assert not NETWORK_REFERENCE.search(html)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html)


def test_the_offline_file_forbids_every_fetch_in_its_own_policy(small_neighbourhood):
    html = html_view(small_neighbourhood, title="t")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "connect-src" not in policy


def test_a_served_view_carries_its_nonce_and_no_policy_of_its_own(small_neighbourhood):
    html = html_view(small_neighbourhood, title="t", api="/api/concepts/", nonce="abc123")
    assert 'http-equiv="Content-Security-Policy"' not in html
    assert html.count('nonce="abc123"') == 4  # two styles, two scripts


def test_a_hostile_label_is_text_everywhere(hostile):
    from networkx import Graph

    g = Graph(centre="a")
    g.add_node("a", label=hostile, kind="formulation", definition=hostile)
    g.add_node(hostile, label=hostile, kind="sector")
    g.add_edge("a", hostile, relation=hostile, weight=2)
    html = html_view(g, title=hostile, api="/api/concepts/", permalink="/viz/concept/x.html")
    parsed = Elements(html)
    assert parsed.title == hostile
    assert [t for t, _ in parsed.elements].count("script") == 3
    assert "img" not in [t for t, _ in parsed.elements]
    for tag, attributes in parsed.elements:
        assert not [a for a in attributes if a.startswith("on")], (tag, attributes)
        assert not str(attributes.get("href", "")).lower().startswith("javascript:")
    assert "<img src=x" not in html and "</script><script>alert" not in html
    nodes = json.loads(parsed.data)["nodes"]
    assert {n["label"] for n in nodes} == {short_label(hostile)}
    assert all(n["title"].startswith(hostile) for n in nodes)


def test_template_syntax_in_a_label_is_not_evaluated():
    from networkx import Graph

    g = Graph(centre="a")
    g.add_node("a", label="{{7*7}}", kind="principle")
    parsed = Elements(html_view(g, title="{{7*7}}"))
    assert parsed.title == "{{7*7}}"
    assert json.loads(parsed.data)["nodes"][0]["label"] == "{{7*7}}"


def test_no_untrusted_text_reaches_inner_html(hostile_graph):
    """pyvis switches tooltips to innerHTML when a title holds "href"; we never do."""
    html = html_view(hostile_graph, title="t")
    assert "innerHTML" not in html
    assert "popup.innerHTML" not in html
    assert "insertAdjacentHTML" not in html and "document.write" not in html


def test_titles_with_href_stay_plain_text(hostile_graph):
    nodes = json.loads(Elements(html_view(hostile_graph, title="t")).data)["nodes"]
    titles = [n["title"] for n in nodes if "href" in n["title"]]
    assert titles and all(isinstance(t, str) for t in titles)


def test_the_pyvis_configuration_has_no_menus_no_heading_and_inline_resources(small_neighbourhood):
    net = build_network(small_neighbourhood)
    assert net.select_menu is False and net.filter_menu is False
    assert net.heading == ""
    assert net.cdn_resources == "in_line"


def test_the_legend_lists_the_kinds_in_view_and_hides_the_rest(small_neighbourhood):
    parsed = Elements(html_view(small_neighbourhood, title="t"))
    kinds = {d.get("kind") for _, d in small_neighbourhood.nodes(data=True)}
    shown = {a["data-group"].split(":")[0] for t, a in parsed.elements
             if t == "button" and "data-group" in a}
    assert kinds <= shown


def test_omitted_neighbours_are_counted_in_the_view(hostile_graph):
    html = html_view(hostile_graph, title="t")
    assert re.search(r'id="omitted-count">3<', html)


def test_the_same_graph_renders_the_same_file_twice(small_neighbourhood):
    assert html_view(small_neighbourhood, title="t") == html_view(small_neighbourhood, title="t")


def test_physics_is_off_above_the_threshold(make_neighbourhood):
    small = json.loads(Elements(html_view(make_neighbourhood(50), title="t")).data)
    large = json.loads(Elements(html_view(make_neighbourhood(PHYSICS_LIMIT + 1), title="t")).data)
    assert small["options"]["physics"]["enabled"] is True
    assert large["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in large["nodes"])


def test_a_5000_node_view_is_built_quickly_and_stays_small(make_neighbourhood):
    g = make_neighbourhood(5000)
    start = time.perf_counter()
    html = html_view(g, title="t")
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0
    assert len(html.encode("utf-8")) < 6 * 1024 * 1024


def test_render_html_takes_a_network_directly(small_neighbourhood):
    html = render_html(build_network(small_neighbourhood), title="t", omitted=2)
    assert vis_assets()[0] in html
    assert re.search(r'id="omitted-count">2<', html)


@pytest.mark.parametrize("asset", ["script", "stylesheet"])
def test_the_vis_assets_themselves_fetch_nothing(asset):
    text = vis_assets()[0 if asset == "script" else 1]
    assert not NETWORK_REFERENCE.search(text)
    assert not re.search(r"url\(\s*['\"]?https?:", text)


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "div", "h1", "ul", "li", "button",
                "svg", "polygon", "rect", "circle", "span", "a", "script"}


@settings(max_examples=60, deadline=None)
@given(label=st.text(max_size=60), title=st.text(max_size=60))
def test_any_label_and_title_stay_data(label, title):
    from networkx import Graph

    g = Graph(centre="a")
    g.add_node("a", label=label, kind="formulation", definition=label)
    html = html_view(g, title=title, api="/api/concepts/", permalink="/viz/concept/a.html")
    parsed = Elements(html.replace(vis_assets()[0], "").replace(vis_assets()[1], ""))
    assert {t for t, _ in parsed.elements} <= ALLOWED_TAGS
    assert [t for t, _ in parsed.elements].count("script") == 3
    assert parsed.title == title
    node = json.loads(parsed.data)["nodes"][0]
    assert node["label"] == short_label(label or "a") and node["title"].startswith(label or "a")
