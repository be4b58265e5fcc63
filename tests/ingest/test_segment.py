"""Paragraphs, sentences and jieba tokens with our own tokenizer."""

from __future__ import annotations

import jieba

from ingest.segment import Segmenter, paragraphs, sentences


def test_sentences_carry_offsets_into_the_text():
    text = "同志们：\n今天开会。要落实“四个一律”！问题解决了吗？\n谢谢大家"
    spans = sentences(text)
    assert [s.text for s in spans] == ["同志们：", "今天开会。", "要落实“四个一律”！", "问题解决了吗？", "谢谢大家"]
    for s in spans:
        assert text[s.start:s.end] == s.text
    assert [s.paragraph for s in spans] == [0, 1, 1, 1, 2]
    assert len(paragraphs(text)) == 3


def test_a_lost_character_does_not_end_a_sentence():
    assert len(sentences("需要?,F在煤炭价格上涨。")) == 1


def test_lexicon_terms_stay_one_token(mini_lexicon):
    segmenter = Segmenter.from_lexicon(mini_lexicon)
    assert "双重预防机制" in segmenter.cut("要健全双重预防机制")
    assert "风险分级管控和隐患排查治理双重预防机制" in segmenter.words


def test_the_tokenizer_is_our_own_and_built_lazily(mini_lexicon):
    segmenter = Segmenter.from_lexicon(mini_lexicon)
    assert segmenter._tokenizer is None
    segmenter.cut("安全")
    assert segmenter.tokenizer is not jieba.dt
    assert "双重预防机制" not in jieba.dt.FREQ or jieba.dt.FREQ.get("双重预防机制") != segmenter.tokenizer.FREQ["双重预防机制"]


def test_surfaces_jieba_cannot_hold_are_left_out_of_the_user_dictionary():
    segmenter = Segmenter(["党政同责、一岗双责", "安全生产", "x"])
    assert segmenter.user_dictionary() == "安全生产\n"


def test_tokens_follow_sentences(mini_lexicon):
    segmenter = Segmenter.from_lexicon(mini_lexicon)
    text = "坚持人民至上。健全双重预防机制。"
    tokens = segmenter.tokens(text, sentences(text))
    assert len(tokens) == 2 and "双重预防机制" in tokens[1]
