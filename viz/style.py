"""One palette and one function that styles a node by its kind.

Every picture — the interactive view, its legend, the SVG/PNG drawings — asks
:func:`style_for`, so a kind looks the same everywhere. Shapes differ as well as colours,
and some kinds are drawn hollow, so that a view stays readable in greyscale print.
Government bodies are coloured by their level, darkest for the national level.
"""

from __future__ import annotations

from typing import NamedTuple


class Style(NamedTuple):
    """How one kind of node is drawn.

    ``shape`` is a vis-network shape; ``marker`` the matplotlib marker drawn for it in
    pictures; ``hollow`` nodes are drawn as an outline in ``colour`` on white. vis-network writes
    the label inside a ``box``; pictures draw ``"box"`` as a wide rectangle.
    """

    colour: str
    shape: str
    marker: str
    label_zh: str
    hollow: bool = False


PALETTE: dict[str, Style] = {
    "formulation": Style("#c0392b", "diamond", "D", "提法"),
    "policy": Style("#e377c2", "diamond", "D", "政策"),
    "mechanism": Style("#7b4fa0", "diamond", "D", "机制"),
    "system": Style("#bcbd22", "diamond", "D", "制度", hollow=True),
    "law": Style("#555555", "diamond", "D", "法规", hollow=True),
    "campaign": Style("#ff7f0e", "triangle", "^", "行动"),
    "principle": Style("#8c564b", "star", "*", "理念"),
    "sector": Style("#2ca02c", "hexagon", "h", "行业领域"),
    "hazard": Style("#f08080", "triangleDown", "v", "风险灾种"),
    "incident": Style("#1a1a1a", "square", "s", "事故"),
    "body": Style("#1f4e96", "box", "box", "机构"),
    "place": Style("#17becf", "triangle", "^", "地方", hollow=True),
    "person": Style("#4a7ebb", "dot", "o", "人物", hollow=True),
    "document": Style("#9a9a9a", "square", "s", "文件", hollow=True),
    "concept": Style("#6abf69", "dot", "o", "概念"),
}
"""Kind → style, in the order legends list them."""

ALIASES = {"body_type": "body", "organization": "body", "level": "body"}
"""Kinds the lexicon or the graph spell differently, mapped onto a palette kind."""

LEVEL_COLOURS: dict[str, str] = {
    "national": "#0b2a5b",
    "provincial": "#1f4e96",
    "prefectural": "#3a77c2",
    "county": "#6a9fd8",
    "township": "#9cc2ea",
    "village": "#c9def5",
}
"""Government bodies, darkest at the top: the order of ``ingest.records.LEVELS``."""

LEVEL_LABELS = {"national": "中央", "provincial": "省级", "prefectural": "地市级",
                "county": "县级", "township": "乡镇", "village": "村（社区）"}

RELATION_LABELS: dict[str, str] = {
    "broader": "上位",
    "narrower": "下位",
    "related": "相关",
    "component": "组成",
    "part of": "组成",
    "mentioned in": "提及",
    "issued by": "发布",
    "cites": "引用",
    "located in": "地点",
}
"""Typed relations get an edge label; plain co-occurrence is shown by width alone."""

UNLABELLED = frozenset({"co-occurs", "co-occurrence", ""})


def palette_kind(kind: str | None) -> str:
    """The palette entry a kind is drawn with; unknown kinds are plain concepts.

    >>> palette_kind("body_type"), palette_kind("nonsense"), palette_kind(None)
    ('body', 'concept', 'concept')
    """
    kind = ALIASES.get(kind or "concept", kind or "concept")
    return kind if kind in PALETTE else "concept"


def style_for(kind: str | None, level: str | None = None) -> Style:
    """The style of a node kind; a body's colour follows its level when known.

    >>> style_for("sector").shape
    'hexagon'
    >>> style_for("body", "national").colour
    '#0b2a5b'
    """
    style = PALETTE[palette_kind(kind)]
    if palette_kind(kind) == "body" and level in LEVEL_COLOURS:
        return style._replace(colour=LEVEL_COLOURS[level],
                              label_zh=f"{style.label_zh}·{LEVEL_LABELS[level]}")
    return style


def style_key(kind: str | None, level: str | None = None) -> str:
    """One key per distinct style: the kind, or ``body:{level}`` for bodies.

    >>> style_key("body_type", "county"), style_key("hazard", "county")
    ('body:county', 'hazard')
    """
    kind = palette_kind(kind)
    return f"{kind}:{level}" if kind == "body" and level in LEVEL_COLOURS else kind


def style_keys() -> list[tuple[str, str | None]]:
    """Every distinct style as (kind, level), in legend order.

    >>> style_keys()[:2]
    [('formulation', None), ('policy', None)]
    """
    keys: list[tuple[str, str | None]] = []
    for kind in PALETTE:
        if kind == "body":
            keys += [("body", level) for level in LEVEL_COLOURS]
        keys.append((kind, None))
    return keys


def edge_label(relation: str | None) -> str:
    """The label shown on an edge: Chinese for typed relations, nothing for co-occurrence.

    >>> edge_label("broader"), edge_label("co-occurs")
    ('上位', '')
    """
    relation = (relation or "").strip()
    if relation in UNLABELLED:
        return ""
    return RELATION_LABELS.get(relation, relation)


def edge_width(weight: float) -> float:
    """Line width in pixels for an edge weight (sentence count): 1 to 8, logarithmic."""
    from math import log2

    return round(min(1.0 + log2(max(weight, 1.0)), 8.0), 2)
