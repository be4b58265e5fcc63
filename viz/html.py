"""pyvis network → one standalone HTML document that needs no network.

pyvis's own template links Bootstrap and vis-network from CDNs even with
``cdn_resources="in_line"``, writes ``heading`` without escaping, and switches tooltips
to ``innerHTML`` when a title contains ``href``. We render the network's nodes, edges
and options with our own autoescaped template instead, with vis-network's script and
stylesheet (shipped inside the pyvis package) inlined. Node and edge data travel in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and reach
the page only through the canvas, ``innerText`` (vis-network's tooltips) and
``textContent``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
import networkx as nx
import pyvis
from pyvis.network import Network

from viz.errors import VizError
from viz.interactive import LABEL_INSIDE, build_network, is_dark, node_colour
from viz.style import RELATION_LABELS, style_for, style_key, style_keys

_PYVIS_LIB = Path(pyvis.__file__).parent / "lib"

EXPAND_LIMIT = 20
"""Neighbours one click adds to the view."""

NOT_EXPANDABLE = frozenset({"document", "incident", "body", "place", "person"})
"""Kinds the concept API cannot expand."""


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    colour: str
    shape: str
    hollow: bool
    present: bool


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """The autoescaping Jinja environment of viz/templates."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("viz", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as text, from the copy pyvis ships.

    :raises VizError: naming the folder when pyvis no longer ships them there.
    """
    found = sorted(_PYVIS_LIB.glob("vis-*/vis-network.min.js"))
    if not found or not (found[-1].parent / "vis-network.css").exists():
        raise VizError(f"vis-network's script and stylesheet are not under {_PYVIS_LIB}/vis-*/ "
                       f"(pyvis {getattr(pyvis, '__version__', '?')}); safetykg needs pyvis 0.3.2")
    folder = found[-1].parent
    return ((folder / "vis-network.min.js").read_text(encoding="utf-8"),
            (folder / "vis-network.css").read_text(encoding="utf-8"))


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: <, >, & and the line separators escaped.

    >>> script_json({"label": "</script>"})
    '{"label": "\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def legend(present: set[str]) -> list[LegendItem]:
    """One item per style; those of nodes in the view are shown, the rest kept hidden
    until an expansion brings such a node in."""
    items = []
    for kind, level in style_keys():
        style = style_for(kind, level)
        key = style_key(kind, level)
        items.append(LegendItem(key, style.label_zh, style.colour, style.shape, style.hollow,
                                key in present))
    return items


def _js_styles() -> dict[str, dict]:
    """What the page needs to style nodes that an expansion adds."""
    out = {}
    for kind, level in style_keys():
        style = style_for(kind, level)
        entry = {"shape": style.shape, "label": style.label_zh, "color": node_colour(style.colour, style.hollow),
                 "borderWidth": 3 if style.hollow else 1, "expandable": kind not in NOT_EXPANDABLE}
        if style.shape in LABEL_INSIDE:
            entry["font"] = {"color": "#ffffff" if is_dark(style.colour) else "#111111"}
        out[style_key(kind, level)] = entry
    return out


def render_html(net: Network, *, title: str, omitted: int = 0, api: str | None = None,
                permalink: str | None = None, nonce: str | None = None) -> str:
    """The network as a standalone HTML document with every asset inline.

    ``api`` is the path of the concept JSON API (``/api/concepts/``) when the page is
    served; without it the page is an offline file, says so when a node is clicked, and
    carries a Content-Security-Policy that forbids every fetch. ``nonce`` marks the
    inline scripts and styles for a served page's CSP header.
    """
    script, css = vis_assets()
    nodes, edges, _, _, _, options = net.get_network_data()
    options = json.loads(options) if isinstance(options, str) else options
    for node in nodes:
        node.setdefault("expandable", node.get("kind") not in NOT_EXPANDABLE)
    data = {"nodes": nodes, "edges": edges, "options": options, "styles": _js_styles(),
            "relations": RELATION_LABELS, "api": api, "expandLimit": EXPAND_LIMIT}
    return templates().get_template("view.html.j2").render(
        title=title, omitted=omitted, vis_js=script, vis_css=css, nonce=nonce,
        data_json=script_json(data), permalink=permalink, offline=api is None,
        legend=legend({str(n.get("group")) for n in nodes}))


def html_view(graph: nx.Graph, *, title: str, api: str | None = None,
              permalink: str | None = None, nonce: str | None = None) -> str:
    """Build and render in one call: the function the CLI, the server and the bench use."""
    return render_html(build_network(graph), title=title, omitted=int(graph.graph.get("omitted", 0)),
                       api=api, permalink=permalink, nonce=nonce)
