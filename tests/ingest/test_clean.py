"""Cleaning: the golden cases (one test each), the corpus, and properties for any text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.clean import clean_text

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
CASES = json.loads((DATA / "cleaning_cases.json").read_text(encoding="utf-8"))
FORBIDDEN = ("ICP备", "浏览", "18禁", "學習啦", "(kāi)", "(huì)", ",、", ",,", "生產", "網站")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case):
    cleaned = clean_text(case["input"])
    assert cleaned.text == case["expected"]
    if "lost_chars" in case:
        assert cleaned.lost_chars == case["lost_chars"]


def test_every_rule_has_cases():
    assert {c["rule"] for c in CASES} >= {"chrome", "t2s", "gloss", "punct", "lost", "normalise"}


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    return {p.name: clean_text(p.read_text(encoding="utf-8")).text for p in sorted(CORPUS.glob("*.txt"))}


@pytest.mark.parametrize("needle", FORBIDDEN)
def test_no_cleaned_corpus_document_contains(corpus, needle):
    assert [name for name, text in corpus.items() if needle in text] == []


def test_003_keeps_its_first_sentence_whole(corpus):
    assert "召开安全生产工作视频会议" in corpus["003_63dc30087dc95b8d.txt"]


def test_removed_lines_are_kept_with_reasons():
    raw = (CORPUS / "000_8f2fa4e4d5a1b8db.txt").read_text(encoding="utf-8")
    removed = clean_text(raw).removed
    assert {r.reason for r in removed} >= {"link list", "page meta", "footer"}
    for r in removed:
        assert raw[r.start:r.end] == r.text


def test_offsets_lead_back_to_the_traditional_original():
    raw = "學習啦 > 實用范文 > 正文\n召開(kāi)安全生產(chǎn)會議,,部署工作。"
    cleaned = clean_text(raw)
    start = cleaned.text.index("安全生产会议")
    a, b = cleaned.raw_span(start, start + len("安全生产会议"))
    assert raw[a:b] == "安全生產(chǎn)會議"


def test_lost_characters_are_counted_in_002():
    raw = (CORPUS / "002_2e884bc53bcb8b9c.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.lost_chars == cleaned.text.count("?") > 0


# --- properties -------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("安全生產产會议議開开(（)）,，、;；:：。.!！?？\"'“”「」 \t\n\r\u3000\u200b*#>/|0123456789aāǎkihuìchǎn")
    + ["(kāi)", "(che)", "（扩大）", "ICP备", "浏览:", "主办:", "首页/ ", " > ", " | ", "\ufffd"])
_TEXT = st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=80).map("".join))
_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_TEXT)
def test_cleaning_never_raises_and_is_idempotent(raw):
    once = clean_text(raw)
    assert clean_text(once.text).text == once.text


@_SETTINGS
@given(_TEXT)
def test_every_cleaned_offset_maps_into_the_raw_text(raw):
    cleaned = clean_text(raw)
    assert len(cleaned.offsets) == len(cleaned.text) + 1
    assert all(0 <= o < len(raw) for o in cleaned.offsets[:-1])
    assert 0 <= cleaned.offsets[-1] <= len(raw)
    assert cleaned.offsets == sorted(cleaned.offsets)
