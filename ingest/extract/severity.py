"""Accident grades by rule, as article 3 of the 2007 regulation defines them.

《生产安全事故报告和调查处理条例》（国务院令第493号）第三条 grades an accident by
deaths, serious injuries (including acute industrial poisoning) and direct economic
loss, whichever gives the highest grade; "以上" includes the number and "以下" excludes
it. The grade a text states is kept apart from this one: texts use older words
(特大) and sometimes grade loosely.
"""

from __future__ import annotations

GRADES = ("特别重大", "重大", "较大", "一般")
"""The four grades, most severe first."""

_YI = 100_000_000
_WAN = 10_000

# (grade, deaths at least, serious injuries at least, loss at least in yuan)
_THRESHOLDS = (
    ("特别重大", 30, 100, 1 * _YI),
    ("重大", 10, 50, 5000 * _WAN),
    ("较大", 3, 10, 1000 * _WAN),
)

STATED_GRADES = {"特别重大": "特别重大", "重大": "重大", "较大": "较大", "一般": "一般"}
"""Grade words a text may state; 特大 and 重特大 are not grades and map to nothing."""


def grade_by_rule(deaths: int | None = None, serious_injuries: int | None = None,
                  loss_yuan: int | None = None) -> str | None:
    """The grade the regulation gives, or ``None`` when no figure is known.

    >>> grade_by_rule(deaths=2), grade_by_rule(deaths=3), grade_by_rule(deaths=30)
    ('一般', '较大', '特别重大')
    >>> grade_by_rule(loss_yuan=50_000_000), grade_by_rule(serious_injuries=49)
    ('重大', '较大')
    >>> grade_by_rule() is None
    True
    """
    if deaths is None and serious_injuries is None and loss_yuan is None:
        return None
    for grade, min_deaths, min_serious, min_loss in _THRESHOLDS:
        if ((deaths or 0) >= min_deaths or (serious_injuries or 0) >= min_serious
                or (loss_yuan or 0) >= min_loss):
            return grade
    return "一般"
