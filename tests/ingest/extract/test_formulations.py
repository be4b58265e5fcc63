"""Numbered formulations nobody listed: found by their shape, parts read from the text."""

from __future__ import annotations

import pytest

from ingest.extract import ConceptMatcher
from ingest.lexicon import Concept, Lexicon
from ingest.pipeline import Pipeline

SIX = ["组织领导到位", "责任落实到位", "隐患排查到位", "整改治理到位", "执法检查到位", "应急准备到位"]

WRITINGS = {
    "semicolons-after-colon": "会议要求各地落实“六个到位”：" + "；".join(SIX) + "。",
    "quotation-after-colon": "会议要求各地落实“六个到位”：“" + "；".join(SIX) + "。”",
    "yi-yao-points": "会议要求各地落实“六个到位”：\n" + "\n".join(
        f"{n}要{item}。具体工作由各部门负责。" for n, item in zip("一二三四五六", SIX)) + "\n",
    "parenthesis": "会议要求各地落实“六个到位”（" + "；".join(SIX) + "）要求。",
    "list-before": "会议要求各地做到“" + "、".join(SIX) + "”的“六个到位”要求。",
}


@pytest.mark.parametrize("text", WRITINGS.values(), ids=WRITINGS.keys())
def test_an_invented_formulation_gets_its_six_components(text, mini_pipeline):
    [doc] = mini_pipeline.process_text(text, "unseen.txt")
    [formulation] = [f for f in doc.formulations if f.name == "六个到位"]
    assert formulation.count == 6
    assert [c.text for c in formulation.components] == SIX
    assert all(c.origin == "text" for c in formulation.components)
    for c in formulation.components:
        assert doc.text[c.start:c.end] == c.text


def test_five_parts_for_a_name_that_counts_six_gives_none_and_a_flag(mini_pipeline):
    [doc] = mini_pipeline.process_text("落实“六个到位”：" + "；".join(SIX[:5]) + "。", "unseen.txt")
    [formulation] = doc.formulations
    assert formulation.components == ()
    assert "6" in formulation.flag and "5" in formulation.flag


def test_lexicon_components_fill_in_when_the_text_gives_none():
    lexicon = Lexicon(concepts={"四不放过": Concept(
        label="四不放过", kind="formulation", aliases=("四个不放过",),
        components=("原因未查清不放过", "责任人员未处理不放过", "整改措施未落实不放过", "有关人员未受到教育不放过"))})
    pipeline = Pipeline(lexicon, tokens=False)
    [doc] = pipeline.process_text("要按照“四个不放过”的原则严肃查处事故。", "a.txt")
    [formulation] = doc.formulations
    assert formulation.concept == "四不放过"
    assert [c.origin for c in formulation.components] == ["lexicon"] * 4
    assert formulation.components[0].start is None


def test_text_components_win_over_the_lexicon():
    lexicon = Lexicon(concepts={"三个必须": Concept(
        label="三个必须", kind="formulation", components=("甲", "乙", "丙"))})
    [doc] = Pipeline(lexicon, tokens=False).process_text(
        "落实“三个必须”：“管行业必须管安全；管业务必须管安全；管生产经营必须管安全。”", "a.txt")
    [formulation] = doc.formulations
    assert [c.origin for c in formulation.components] == ["text"] * 3


def test_the_matcher_keeps_one_surface_index(mini_lexicon):
    matcher = ConceptMatcher(mini_lexicon)
    assert matcher.surfaces["四个不放过"] == "四不放过"
