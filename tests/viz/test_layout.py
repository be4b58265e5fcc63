"""Layouts are deterministic and keep the concept in the middle."""

from __future__ import annotations

import pytest

from viz.layout import SPRING_LIMIT, positions


@pytest.mark.parametrize("n", [2, 30, SPRING_LIMIT + 50])
def test_the_same_graph_gets_the_same_positions(make_neighbourhood, n):
    assert positions(make_neighbourhood(n)) == positions(make_neighbourhood(n))


@pytest.mark.parametrize("n", [30, SPRING_LIMIT + 50])
def test_every_node_is_placed_inside_the_unit_square(make_neighbourhood, n):
    pos = positions(make_neighbourhood(n))
    assert len(pos) == n
    assert all(abs(x) <= 1.0 + 1e-9 and abs(y) <= 1.0 + 1e-9 for x, y in pos.values())


def test_the_centre_stays_in_the_middle(make_neighbourhood):
    for n in (30, SPRING_LIMIT + 50):
        x, y = positions(make_neighbourhood(n))["c0"]
        assert abs(x) < 1e-9 and abs(y) < 1e-9


def test_large_graphs_do_not_pile_nodes_on_one_spot(make_neighbourhood):
    pos = positions(make_neighbourhood(2000))
    assert len({(round(x, 4), round(y, 4)) for x, y in pos.values()}) == 2000
