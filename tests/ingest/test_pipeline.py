"""The whole ingest path on small texts: cleaning, sentences, lexicon matches."""

from ingest.pipeline import Pipeline, document_key


def test_traditional_text_is_matched_after_conversion(mini_lexicon):
    [doc] = Pipeline(mini_lexicon).process_text("落實雙重預防機制。", "a.txt")
    assert doc.text == "落实双重预防机制。"
    assert [m.concept for m in doc.mentions] == ["双重预防机制"]


def test_the_longest_alias_wins(mini_lexicon):
    [doc] = Pipeline(mini_lexicon).process_text("健全风险分级管控和隐患排查治理双重预防机制。", "a.txt")
    assert [(m.concept, m.surface) for m in doc.mentions] == [
        ("双重预防机制", "风险分级管控和隐患排查治理双重预防机制")]


def test_mention_offsets_point_at_the_surface(mini_lexicon):
    [doc] = Pipeline(mini_lexicon).process_text("要坚持人民至上。坚持四个不放过。", "a.txt")
    for m in doc.mentions:
        assert doc.text[m.start:m.end] == m.surface
        sentence = doc.sentences[m.sentence]
        assert sentence.start <= m.start < m.end <= sentence.end


def test_document_keys_come_from_the_source_not_the_content():
    assert document_key("data/corpus/001_6bc5.txt") == "001_6bc5"
    assert document_key("data/corpus/002_2e88.txt", 2) == "002_2e88-2"
