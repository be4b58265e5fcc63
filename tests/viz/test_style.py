"""One palette: every kind the issue names is told apart by shape, not colour alone."""

from __future__ import annotations

import pytest

from viz.style import LEVEL_COLOURS, PALETTE, edge_label, edge_width, style_for, style_key

NAMED_KINDS = ("formulation", "campaign", "principle", "sector", "hazard", "incident", "body",
               "place", "person", "document", "concept")


def test_the_named_kinds_differ_in_greyscale():
    """Shape and fill (solid or hollow) differ for every named kind: print stays readable."""
    looks = {(style_for(k).shape, style_for(k).hollow) for k in NAMED_KINDS}
    assert len(looks) == len(NAMED_KINDS)


def test_the_picture_markers_follow_the_view_shapes():
    """The same vis shape always becomes the same matplotlib marker."""
    marker_of: dict[str, str] = {}
    for style in PALETTE.values():
        assert marker_of.setdefault(style.shape, style.marker) == style.marker


@pytest.mark.parametrize("kind", sorted(PALETTE))
def test_every_kind_has_a_chinese_legend_label(kind):
    assert style_for(kind).label_zh and not style_for(kind).label_zh.isascii()


def test_bodies_are_coloured_by_level_darkest_at_the_top():
    colours = [style_for("body", level).colour for level in LEVEL_COLOURS]
    brightness = [sum(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours]
    assert brightness == sorted(brightness)
    assert style_key("body", "county") == "body:county"


def test_unknown_kinds_are_drawn_as_plain_concepts():
    assert style_for("no such kind") == style_for("concept")
    assert style_for(None) == style_for("concept")


def test_typed_relations_are_labelled_and_co_occurrence_is_not():
    assert edge_label("component") == "组成"
    assert edge_label("co-occurs") == ""
    assert edge_label("some new relation") == "some new relation"


def test_edge_width_grows_with_weight_and_is_bounded():
    widths = [edge_width(w) for w in (1, 2, 10, 100, 10**6)]
    assert widths == sorted(widths) and widths[0] == 1 and widths[-1] == 8
