"""Accident grades by rule (2007 regulation, article 3) at every boundary.

"以上" includes the number, "以下" excludes it; the highest grade any figure reaches wins.
"""

from __future__ import annotations

import pytest

from ingest.extract.severity import grade_by_rule

WAN, YI = 10_000, 100_000_000

BOUNDARIES = [
    ({"deaths": 2}, "一般"), ({"deaths": 3}, "较大"),
    ({"deaths": 9}, "较大"), ({"deaths": 10}, "重大"),
    ({"deaths": 29}, "重大"), ({"deaths": 30}, "特别重大"),
    ({"serious_injuries": 9}, "一般"), ({"serious_injuries": 10}, "较大"),
    ({"serious_injuries": 49}, "较大"), ({"serious_injuries": 50}, "重大"),
    ({"serious_injuries": 99}, "重大"), ({"serious_injuries": 100}, "特别重大"),
    ({"loss_yuan": 999 * WAN}, "一般"), ({"loss_yuan": 1000 * WAN}, "较大"),
    ({"loss_yuan": 4999 * WAN}, "较大"), ({"loss_yuan": 5000 * WAN}, "重大"),
    ({"loss_yuan": 9999 * WAN}, "重大"), ({"loss_yuan": 1 * YI}, "特别重大"),
    ({"deaths": 0}, "一般"),
    ({"deaths": 2, "serious_injuries": 60}, "重大"),
    ({"deaths": 31, "loss_yuan": 10 * WAN}, "特别重大"),
]


@pytest.mark.parametrize(("figures", "grade"), BOUNDARIES, ids=[f"{f}->{g}" for f, g in BOUNDARIES])
def test_grade_at_the_boundary(figures, grade):
    assert grade_by_rule(**figures) == grade


def test_no_figures_no_grade():
    assert grade_by_rule() is None


TEXTS = [
    ("造成2人死亡", "一般"), ("造成3人死亡", "较大"), ("造成九人死亡", "较大"), ("造成10人死亡", "重大"),
    ("造成二十九人死亡", "重大"), ("造成30人死亡", "特别重大"),
    ("造成49人重伤", "较大"), ("造成50人重伤", "重大"), ("造成99人重伤", "重大"), ("造成100人重伤", "特别重大"),
    ("直接经济损失999万元", "一般"), ("直接经济损失1000万元", "较大"), ("直接经济损失4999万元", "较大"),
    ("直接经济损失5000万元", "重大"), ("直接经济损失9999万元", "重大"), ("直接经济损失1亿元", "特别重大"),
    ("直接经济损失1.2亿元", "特别重大"), ("直接经济损失三千万元", "较大"),
]


@pytest.mark.parametrize(("said", "grade"), TEXTS, ids=[t for t, _ in TEXTS])
def test_grade_read_from_the_text(said, grade, mini_pipeline):
    [doc] = mini_pipeline.process_text(f"某化工有限公司发生爆炸事故，{said}。", "a.txt")
    [incident] = doc.incidents
    assert incident.severity_by_rule == grade
    assert incident.severity_stated is None


def test_stated_grade_is_kept_apart_from_the_rule(mini_pipeline):
    [doc] = mini_pipeline.process_text("“5·12”重大火灾事故造成3人死亡。", "a.txt")
    [incident] = doc.incidents
    assert (incident.severity_stated, incident.severity_by_rule) == ("重大", "较大")
