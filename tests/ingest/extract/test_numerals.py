"""Chinese and Arabic numbers as extraction reads them."""

from __future__ import annotations

import pytest

from ingest.extract.numerals import count_of, money_yuan, to_int

INTS = [("7", 7), ("十", 10), ("二十九", 29), ("两", 2), ("一百零五", 105), ("二十多", 20), ("30余", 30), ("人", None)]


@pytest.mark.parametrize(("text", "value"), INTS, ids=[t for t, _ in INTS])
def test_to_int(text, value):
    assert to_int(text) == value


COUNTS = [("双", 2), ("两", 2), ("十五", 15), ("15", 15), ("13710", None)]


@pytest.mark.parametrize(("numeral", "count"), COUNTS, ids=[n for n, _ in COUNTS])
def test_count_of(numeral, count):
    assert count_of(numeral) == count


MONEY = [("损失999万元", 9_990_000), ("损失1亿元", 100_000_000), ("损失1.2亿元", 120_000_000),
         ("损失三千万元", 30_000_000), ("损失5000元", 5000), ("没有损失", None)]


@pytest.mark.parametrize(("text", "yuan"), MONEY, ids=[t for t, _ in MONEY])
def test_money_yuan(text, yuan):
    assert money_yuan(text) == yuan
