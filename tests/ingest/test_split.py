"""Files that hold several documents are split into parts; others are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.clean import clean_text
from ingest.split import find_parts, number, part_text

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def test_002_holds_two_speeches():
    cleaned = clean_text((CORPUS / "002_2e884bc53bcb8b9c.txt").read_text(encoding="utf-8"))
    parts = find_parts(cleaned.text)
    assert [(p.number, p.heading) for p in parts] == [
        (1, "市安全生产会议讲话（一）："), (2, "市安全生产会议讲话（二）：")]
    first, second = (part_text(cleaned, p.start, p.end) for p in parts)
    assert "上海" in first.text and "上海" not in second.text
    assert "2016年全市安全生产工作会议" in second.text
    assert "学习啦" not in first.text  # the page head belongs to no part
    for part in (first, second):
        assert len(part.offsets) == len(part.text) + 1
        assert all(0 <= o < len(part.raw) for o in part.offsets[:-1])


@pytest.mark.parametrize("name", ["000_8f2fa4e4d5a1b8db", "001_6bc51092b02f1105",
                                  "003_63dc30087dc95b8d", "004_9cb08e20f04e73bb"])
def test_single_documents_are_not_split(name):
    assert find_parts(clean_text((CORPUS / f"{name}.txt").read_text(encoding="utf-8")).text) == []


def test_numbered_sections_of_one_speech_are_not_parts():
    text = "讲话\n（一）强化责任落实\n要落实。\n（二）强化隐患排查\n要排查。"
    assert find_parts(text) == []


def test_zhi_yi_zhi_er_headings_split():
    text = "全县安全生产讲话之一\n甲。\n全县安全生产讲话之二\n乙。\n全县安全生产讲话之三\n丙。"
    assert [p.number for p in find_parts(text)] == [1, 2, 3]


def test_numbers_must_count_up_from_one():
    text = "会议讲话（二）：\n甲。\n会议讲话（三）：\n乙。"
    assert find_parts(text) == []


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十一", 21), ("3", 3)])
def test_numbers(text, value):
    assert number(text) == value
