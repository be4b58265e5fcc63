"""Reposts: the documented SimHash threshold separates reposts from other documents."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from graph.dedupe import MAX_DISTANCE, NearDuplicateIndex, distance, simhash

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
FILES = sorted(CORPUS.glob("*.txt"))
CHROME_TOP = "首页 | 新闻中心 | 政务公开 | 网站地图\n当前位置：首页 > 工作动态\n"
CHROME_BOTTOM = ("\n版权所有：某某县人民政府办公室 备案号：蜀ICP备12345678号 技术支持：某某网络\n"
                 "【打印本页】【关闭窗口】")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=[p.name[:3] for p in FILES])
def test_the_same_text_with_other_chrome_is_a_near_duplicate(path):
    text = _text(path)
    assert distance(simhash(text), simhash(CHROME_TOP + text + CHROME_BOTTOM)) <= MAX_DISTANCE


@pytest.mark.parametrize("path", FILES, ids=[p.name[:3] for p in FILES])
def test_rewrapped_lines_do_not_change_the_fingerprint(path):
    text = _text(path)
    assert simhash(text) == simhash(text.replace("\n", "").replace(" ", ""))


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(FILES, 2)),
                         ids=[f"{a.name[:3]}-{b.name[:3]}" for a, b in itertools.combinations(FILES, 2)])
def test_different_documents_are_far_apart(a, b):
    assert distance(simhash(_text(a)), simhash(_text(b))) > 3 * MAX_DISTANCE


def test_the_index_finds_every_fingerprint_within_the_threshold():
    index = NearDuplicateIndex()
    base = 0x0123_4567_89AB_CDEF
    index.add("far", base ^ ((1 << (MAX_DISTANCE + 1)) - 1))
    for bits in range(MAX_DISTANCE + 1):
        index.add(f"near{bits}", base ^ ((1 << bits) - 1) << (bits * 7 % 50))
    assert index.matches(base) == sorted(f"near{bits}" for bits in range(MAX_DISTANCE + 1))
