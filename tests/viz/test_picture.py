"""Pictures for print: deterministic, styled like the view, Chinese drawn with real glyphs."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread

from viz.errors import VizError
from viz.picture import FONT_FAMILIES, Size, font_properties, png_bytes, svg_bytes

MISSING = "\U000f0000"
"""A private-use code point no font here has: it is drawn as the missing-glyph box."""


def _ink(text: str) -> np.ndarray:
    """``text`` drawn alone at 48 pt into a PNG, decoded back to a darkness array."""
    fig = Figure(figsize=(1, 1), dpi=100)
    fig.text(0.5, 0.5, text, fontproperties=font_properties(48), ha="center", va="center")
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the missing glyph warns; that is the point
        fig.savefig(buffer, format="png")
    pixels = imread(io.BytesIO(buffer.getvalue()))
    return 1.0 - pixels[..., :3].mean(axis=2)


@pytest.mark.parametrize("char", list("双重预防机制"))
def test_each_chinese_glyph_is_drawn_not_the_missing_box(char):
    box = _ink(MISSING)
    glyph = _ink(char)
    assert box.sum() > 20, "the missing-glyph box itself was not drawn: the test proves nothing"
    assert glyph.sum() > 20, "nothing was drawn"
    assert np.abs(glyph - box).mean() > 0.01, f"{char} looks like the missing-glyph box"


def test_different_characters_give_different_pictures():
    """If all of them were the same box, they would all look alike."""
    inks = [_ink(c) for c in "双重预防"]
    assert all(np.abs(a - b).mean() > 0.01 for i, a in enumerate(inks) for b in inks[i + 1:])


def _graph(label: str = "双重预防机制") -> nx.Graph:
    g = nx.Graph(centre="a", omitted=4)
    g.add_node("a", label=label, kind="mechanism")
    g.add_node("b", label="隐患排查治理", kind="mechanism")
    g.add_node("c", label="煤矿", kind="sector")
    g.add_node("d", label="县应急管理局", kind="body", level="county")
    g.add_edge("a", "b", relation="component", weight=3)
    g.add_edge("a", "c", relation="co-occurs", weight=5)
    g.add_edge("a", "d", relation="co-occurs", weight=1)
    return g


def test_the_picture_of_a_chinese_graph_misses_no_glyph():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png_bytes(_graph(), title="双重预防机制")
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_the_png_has_the_size_asked_for():
    data = png_bytes(_graph(), title="t", size=Size(800, 600, 100))
    assert data.startswith(b"\x89PNG")
    assert imread(io.BytesIO(data)).shape[:2] == (600, 800)


def test_the_svg_names_fonts_for_windows_macos_and_linux():
    svg = svg_bytes(_graph(), title="双重预防机制").decode("utf-8")
    families = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert families and all(all(f in value for f in FONT_FAMILIES) for value in families)
    assert "双重预防机制" in svg  # text stays text, selectable and editable


def test_the_svg_shows_the_legend_and_what_was_left_out():
    svg = svg_bytes(_graph(), title="t").decode("utf-8")
    for label in ("机制", "行业领域", "机构·县级", "另有 4 个节点未显示", "组成"):
        assert label in svg


def test_a_hostile_label_is_text_in_the_svg(hostile):
    svg = svg_bytes(_graph(hostile), title=hostile)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert not root.findall(f".//{ns}script") and not root.findall(f".//{ns}foreignObject")
    assert not [el for el in root.iter() for a in el.attrib if a.lower().startswith("on")]
    texts = "".join("".join(el.itertext()) for el in root.iter(f"{ns}text"))
    assert hostile in texts


@pytest.mark.parametrize("label", ["$\\undefinedcommand$", "50% $x^2$ _{a}"], ids=["bad-tex", "tex"])
def test_dollar_signs_are_text_not_mathtext(label):
    svg = svg_bytes(_graph(label), title=label).decode("utf-8")
    assert label.replace("&", "&amp;") in svg


def test_pictures_are_the_same_every_time():
    assert svg_bytes(_graph(), title="t") == svg_bytes(_graph(), title="t")
    assert png_bytes(_graph(), title="t") == png_bytes(_graph(), title="t")


@pytest.mark.parametrize("size", [(100, 600, 100), (800, 600, 5), (8000, 8000, 100)],
                         ids=["too-narrow", "too-coarse", "too-many-pixels"])
def test_unreasonable_sizes_are_refused(size):
    with pytest.raises(VizError):
        Size(*size)


def test_large_graphs_draw_in_bounded_time(make_neighbourhood):
    import time

    g = make_neighbourhood(2000)
    start = time.perf_counter()
    svg_bytes(g, title="t")
    assert time.perf_counter() - start < 5.0
