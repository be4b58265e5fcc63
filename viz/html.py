"""pyvis network → one standalone HTML file that needs no network.

pyvis's own template links Bootstrap and vis-network from CDNs even with
``cdn_resources="in_line"`` and writes ``heading`` without escaping; we render the
network's nodes, edges and options with our own autoescaped template instead, with
vis-network's script and stylesheet (shipped inside the pyvis package) inlined.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2
import pyvis
from pyvis.network import Network

from viz.style import PALETTE

_VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("viz", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined)


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet, as text."""
    return ((_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8"),
            (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8"))


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: <, >, & and the line separators escaped."""
    text = json.dumps(value, ensure_ascii=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def render_html(net: Network, *, title: str, omitted: int = 0) -> str:
    """The network as a standalone HTML document with every asset inline."""
    script, css = vis_assets()
    nodes, edges, _, _, _, options = net.get_network_data()
    return _environment().get_template("view.html.j2").render(
        title=title, omitted=omitted, vis_js=script, vis_css=css,
        nodes_json=_script_json(nodes), edges_json=_script_json(edges),
        options_json=options if isinstance(options, str) else _script_json(options),
        legend=[(s.label_zh, s.colour, s.shape) for s in PALETTE.values()])


def write_html(net: Network, path: Path, *, title: str, omitted: int = 0) -> Path:
    path.write_text(render_html(net, title=title, omitted=omitted), encoding="utf-8")
    return path
