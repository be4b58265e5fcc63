"""Subgraph → SVG or PNG for print, drawn with matplotlib in the view's style.

The layout is :func:`viz.layout.positions` (a seeded spring layout), so the picture of a
neighbourhood is the same every time and matches the interactive view; shapes, colours
and the legend come from :mod:`viz.style`.

Chinese text: PNGs are drawn with an installed CJK font (Debian ``fonts-noto-cjk``; the
Makefile installs it), and refuse to draw empty boxes when none is installed. SVGs keep
text as text and name a font-family list that Windows and macOS resolve too.

matplotlib's pyplot and rcParams are process-wide state and not thread-safe; the server
renders in worker threads, so figures are built with the object API and saved under
one lock.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import networkx as nx

from viz.errors import FontMissingError, SizeError
from viz.interactive import short_label
from viz.layout import positions
from viz.style import edge_label, edge_width, style_for, style_key, style_keys

FONT_FAMILIES = ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimHei")
"""CJK fonts named in SVGs, covering Windows, macOS and Linux; the first installed one
draws PNGs."""

SVG_FONT_FAMILY = ", ".join(f"'{f}'" for f in FONT_FAMILIES) + ", sans-serif"

DEFAULT_SIZE = (1200, 900, 150)
"""width and height in pixels, dots per inch."""

LIMITS = {"width": (200, 8000), "height": (200, 8000), "dpi": (50, 600)}
MAX_PIXELS = 40_000_000
"""A PNG larger than this is refused (about 160 MB of RGBA to rasterise)."""

LABEL_LIMIT = 80
"""At most this many node labels (the heaviest nodes), so labels stay legible."""

EDGE_LABEL_LIMIT = 100
"""Typed-relation labels are drawn on edges only in graphs up to this many nodes."""

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Size:
    """A picture's size: pixels and resolution (inches are width / dpi)."""

    width: int = DEFAULT_SIZE[0]
    height: int = DEFAULT_SIZE[1]
    dpi: int = DEFAULT_SIZE[2]

    def __post_init__(self) -> None:
        for name, (low, high) in LIMITS.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise SizeError(f"picture {name}={value} is outside {low}..{high}")
        if self.width * self.height > MAX_PIXELS:
            raise SizeError(f"picture {self.width}x{self.height} has more than {MAX_PIXELS} pixels")


@lru_cache(maxsize=1)
def installed_cjk_families() -> tuple[str, ...]:
    """The families of :data:`FONT_FAMILIES` (or any Noto CJK SC) matplotlib can find."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    found = tuple(f for f in FONT_FAMILIES if f in names)
    extra = tuple(sorted(n for n in names if "CJK SC" in n and n not in found))
    return found + extra


def font_properties(size: float = 8.0):
    """Font properties for every text in a picture: the CJK font, then DejaVu Sans.

    :raises FontMissingError: when no CJK font is installed.
    """
    from matplotlib.font_manager import FontProperties

    families = installed_cjk_families()
    if not families:
        raise FontMissingError(
            "no CJK font is installed, Chinese labels would be drawn as empty boxes; "
            "install one (Debian: apt-get install fonts-noto-cjk, or `make fonts`)")
    return FontProperties(family=[families[0], "DejaVu Sans"], size=size)


def draw(graph: nx.Graph, *, title: str, size: Size = Size()):
    """A matplotlib ``Figure`` of ``graph`` (not attached to pyplot)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size.width / size.dpi, size.height / size.dpi), dpi=size.dpi)
    ax = fig.add_axes((0.01, 0.05, 0.98, 0.85))
    ax.set_axis_off()
    pos = positions(graph)
    n = graph.number_of_nodes()
    scale = 1.0 if n <= 50 else 0.75 if n <= 200 else 0.55
    _draw_edges(ax, graph, pos, scale)
    _draw_nodes(ax, graph, pos, scale)
    _draw_labels(ax, graph, pos, scale)
    ax.set_xlim(-1.2, 1.2)
    ax.set_ylim(-1.2, 1.15)
    ax.set_aspect("equal", adjustable="box")
    _draw_legend(fig, graph)
    fig.text(0.01, 0.985, title, va="top", ha="left", fontproperties=font_properties(13), parse_math=False,
             fontweight="bold")
    omitted = int(graph.graph.get("omitted", 0) or 0)
    if omitted:
        fig.text(0.01, 0.01, f"另有 {omitted} 个节点未显示", va="bottom", ha="left",
                 fontproperties=font_properties(7), color="#555555")
    return fig


def svg_bytes(graph: nx.Graph, *, title: str, size: Size = Size()) -> bytes:
    """The picture as SVG: text kept as text, named with :data:`SVG_FONT_FAMILY`."""
    fig = draw(graph, title=title, size=size)
    buffer = io.BytesIO()
    with _LOCK:
        import matplotlib

        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "safetykg"}):
            fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue().decode("utf-8")
    return re.sub(r"font-family:[^;\"]*", f"font-family: {SVG_FONT_FAMILY}", text).encode("utf-8")


def png_bytes(graph: nx.Graph, *, title: str, size: Size = Size()) -> bytes:
    """The picture as PNG, drawn with the installed CJK font."""
    fig = draw(graph, title=title, size=size)
    buffer = io.BytesIO()
    with _LOCK:
        fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _marker(name: str):
    """matplotlib marker for a style marker name; ``"box"`` is a wide rectangle."""
    return _box() if name == "box" else name


@lru_cache(maxsize=1)
def _box():
    from matplotlib.path import Path

    return Path([(-1, -0.55), (1, -0.55), (1, 0.55), (-1, 0.55), (-1, -0.55)], closed=True)


def _draw_edges(ax, graph: nx.Graph, pos: dict, scale: float) -> None:
    from matplotlib.collections import LineCollection

    segments, widths = [], []
    for u, v, data in graph.edges(data=True):
        segments.append((pos[u], pos[v]))
        widths.append(edge_width(_weight(data)) * 0.6 * scale)
    ax.add_collection(LineCollection(segments, linewidths=widths, colors="#b5b5b5", zorder=1))
    labelled = [(u, v, edge_label(d.get("relation"))) for u, v, d in graph.edges(data=True)]
    labelled = [item for item in labelled if item[2]]
    if graph.number_of_nodes() > EDGE_LABEL_LIMIT:
        return
    font = font_properties(5.5 * max(scale, 0.8))
    for u, v, label in labelled:
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.text((x1 + x2) / 2, (y1 + y2) / 2, label, fontproperties=font, color="#555555",
                ha="center", va="center", zorder=1.5, parse_math=False,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})


def _draw_nodes(ax, graph: nx.Graph, pos: dict, scale: float) -> None:
    centre = graph.graph.get("centre")
    groups: dict[tuple[str, bool], list] = {}
    for node, data in graph.nodes(data=True):
        groups.setdefault((style_key(data.get("kind"), data.get("level")), node == centre), []).append(node)
    for (key, is_centre), nodes in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        data = graph.nodes[nodes[0]]
        style = style_for(data.get("kind"), data.get("level"))
        area = (260 if is_centre else 70) * scale * (1.6 if style.marker == "*" else 1.0)
        ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
                   marker=_marker(style.marker), s=area,
                   c="#ffffff" if style.hollow else style.colour, edgecolors=style.colour,
                   linewidths=1.6 if style.hollow else 0.6, zorder=3 if is_centre else 2)


def _draw_labels(ax, graph: nx.Graph, pos: dict, scale: float) -> None:
    centre = graph.graph.get("centre")
    strength = dict(graph.degree(weight="weight"))
    ranked = sorted(graph.nodes, key=lambda n: (n != centre, -_num(strength.get(n)), str(n)))
    small = font_properties(7 * max(scale, 0.7))
    big = font_properties(11)
    for node in ranked[:LABEL_LIMIT]:
        data = graph.nodes[node]
        x, y = pos[node]
        label = short_label(str(data.get("label") or node))
        is_centre = node == centre
        ax.text(x, y - (0.06 if is_centre else 0.035), label, fontproperties=big if is_centre else small,
                ha="center", va="top", color="#111111", zorder=4, parse_math=False,
                fontweight="bold" if is_centre else "normal")


def _draw_legend(fig, graph: nx.Graph) -> None:
    from matplotlib.lines import Line2D

    present = {style_key(d.get("kind"), d.get("level")) for _, d in graph.nodes(data=True)}
    handles = []
    for kind, level in style_keys():
        if style_key(kind, level) not in present:
            continue
        style = style_for(kind, level)
        handles.append(Line2D([], [], linestyle="none", marker=_marker(style.marker), markersize=7,
                              markerfacecolor="#ffffff" if style.hollow else style.colour,
                              markeredgecolor=style.colour, markeredgewidth=1.4 if style.hollow else 0.6,
                              label=style.label_zh))
    if handles:
        fig.legend(handles=handles, loc="upper right", prop=font_properties(7), frameon=True,
                   ncol=min(len(handles), 6), borderaxespad=0.4, handletextpad=0.3, columnspacing=0.8,
                   edgecolor="#cccccc")


def _weight(data: dict) -> float:
    return _num(data.get("weight"), 1.0)


def _num(value: object, default: float = 0.0) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
