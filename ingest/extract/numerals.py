"""Numbers written in Chinese or in digits: counts, casualties, money.

cn2an does the conversion; this module adds what it refuses: approximate counts
(``二十多``), mixed forms (``1.2亿``), and the single numerals used in formulation names
(``两``, ``双``).
"""

from __future__ import annotations

import re
from functools import lru_cache

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
"""Characters of a Chinese numeral (``两`` included; ``双`` is handled by :func:`count_of`)."""

_APPROX = re.compile(r"(?:多|余|几|来|左右)$")
_MONEY = re.compile(r"([0-9０-９.．]+|[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?)\s*(万亿|亿|万|千)?元")


def to_int(text: str) -> int | None:
    """The integer ``text`` names, or ``None`` when it names none.

    >>> to_int("二十多"), to_int("7"), to_int("两"), to_int("一百零五"), to_int("人")
    (20, 7, 2, 105, None)
    """
    value = to_number(text)
    return int(value) if value is not None else None


@lru_cache(maxsize=4096)
def to_number(text: str) -> float | None:
    """The number ``text`` names (approximations like ``二十多`` give their lower bound)."""
    text = _APPROX.sub("", text.strip()).translate(_FULLWIDTH)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    if not all(ch in CN_DIGITS or ch in "点" for ch in text):
        return None
    import cn2an  # imported on first use: it loads its tables at import

    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def warm_up() -> None:
    """Import cn2an now (its import compiles regexes for ~0.4 s), e.g. before forking."""
    import cn2an  # noqa: F401 - imported for its import-time work


@lru_cache(maxsize=1024)
def count_of(numeral: str) -> int | None:
    """The count a formulation's numeral stands for (``双`` and ``两`` are 2).

    >>> count_of("双"), count_of("十五"), count_of("13710")
    (2, 15, None)
    """
    if numeral == "双":
        return 2
    if numeral.isdigit() and len(numeral) > 3:
        return None  # 13710 is a code, not a count
    return to_int(numeral)


def money_yuan(text: str) -> int | None:
    """Yuan in a phrase like ``1.2亿元``, ``5000万元``, ``三千万元``.

    >>> money_yuan("直接经济损失1.2亿元"), money_yuan("损失九千九百九十九万元")
    (120000000, 99990000)
    """
    match = _MONEY.search(text)
    if not match:
        return None
    number = to_number(match.group(1).replace("．", "."))
    if number is None:
        return None
    scale = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, None: 1}[match.group(2)]
    return round(number * scale)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
