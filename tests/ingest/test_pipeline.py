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


def test_a_file_of_two_speeches_becomes_two_documents(mini_lexicon):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / "corpus" / "002_2e884bc53bcb8b9c.txt"
    docs = Pipeline(mini_lexicon).process_file(path)
    assert [(d.key, d.part) for d in docs] == [("002_2e884bc53bcb8b9c-1", 1), ("002_2e884bc53bcb8b9c-2", 2)]
    assert docs[0].content_hash != docs[1].content_hash
    for doc in docs:
        assert len(doc.tokens) == len(doc.sentences)
        for s in doc.sentences:
            assert doc.text[s.start:s.end] == s.text


def test_the_same_text_under_two_names_has_one_hash(mini_lexicon):
    pipeline = Pipeline(mini_lexicon, tokens=False)
    [a] = pipeline.process_text("首页/ 新闻/ 正文\n今天召开会议。", "site-a/x.html")
    [b] = pipeline.process_text("今天召開會議。\n网站标识码：123 ICP备1号", "site-b/y.html")
    assert a.content_hash == b.content_hash and a.key != b.key


def test_a_file_of_chrome_only_is_refused(mini_lexicon):
    import pytest

    from ingest.errors import IngestError

    with pytest.raises(IngestError, match="no document text left"):
        Pipeline(mini_lexicon).process_text("首页/ 新闻/ 正文\n网站标识码：123 ICP备1号", "a.html")
