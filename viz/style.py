"""One palette and one function that styles a node by its kind.

Shapes differ as well as colours so that a view stays readable in greyscale print.
"""

from __future__ import annotations

from typing import NamedTuple


class Style(NamedTuple):
    colour: str
    shape: str
    label_zh: str


PALETTE: dict[str, Style] = {
    "formulation": Style("#d62728", "diamond", "提法"),
    "policy": Style("#e377c2", "diamond", "政策"),
    "mechanism": Style("#9467bd", "diamond", "机制"),
    "campaign": Style("#ff7f0e", "triangle", "行动"),
    "system": Style("#bcbd22", "triangle", "制度"),
    "principle": Style("#8c564b", "star", "理念"),
    "law": Style("#7f7f7f", "square", "法规"),
    "sector": Style("#2ca02c", "hexagon", "行业领域"),
    "hazard": Style("#ff9896", "triangleDown", "风险灾种"),
    "incident": Style("#000000", "star", "事故"),
    "body": Style("#1f77b4", "box", "机构"),
    "place": Style("#17becf", "ellipse", "地方"),
    "person": Style("#aec7e8", "circle", "人物"),
    "document": Style("#c7c7c7", "square", "文件"),
    "concept": Style("#98df8a", "dot", "概念"),
}


def style_for(kind: str | None) -> Style:
    """The style of a node kind; unknown kinds look like plain concepts.

    >>> style_for("sector").shape
    'hexagon'
    """
    return PALETTE.get(kind or "concept", PALETTE["concept"])
