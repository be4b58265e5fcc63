"""Metadata of the corpus documents and of texts beyond it, each value with evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import Pipeline

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"

EXPECTED = {
    "000_8f2fa4e4d5a1b8db": dict(date="2021-03-09", level="county", place="乐至县", genre="speech", speaker="彭玉秀"),
    "001_6bc51092b02f1105": dict(date="2022", level="county", place=None, genre="speech", speaker=None),
    "002_2e884bc53bcb8b9c-1": dict(date=None, level="provincial", place="上海市", genre="speech", speaker=None),
    "002_2e884bc53bcb8b9c-2": dict(date="2016", level="prefectural", place="无锡市", genre="speech", speaker=None),
    "003_63dc30087dc95b8d": dict(date=None, level="township", place="清溪镇", genre="meeting_report", speaker=None),
    "004_9cb08e20f04e73bb": dict(date="2017-08-02", level="county", place="宣恩县",
                                 genre="inspection_feedback", speaker=None),
}


@pytest.fixture(scope="module")
def corpus_docs(mini_lexicon):
    pipeline = Pipeline(mini_lexicon, tokens=False)
    return {d.key: d for p in sorted(CORPUS.glob("*.txt")) for d in pipeline.process_file(p)}


def test_the_corpus_gives_six_documents(corpus_docs):
    assert sorted(corpus_docs) == sorted(EXPECTED)


@pytest.mark.parametrize(("key", "field"), [(k, f) for k in EXPECTED for f in EXPECTED[k]])
def test_corpus_metadata(corpus_docs, key, field):
    value = getattr(corpus_docs[key].metadata, field)
    assert value.value == EXPECTED[key][field]
    if value.value is not None:
        assert value.evidence


def test_evidence_in_the_text_is_located_by_offsets(corpus_docs):
    doc = corpus_docs["002_2e884bc53bcb8b9c-2"]
    date = doc.metadata.date
    assert doc.text[date.start:date.end] == date.evidence == "召开2016年"


def test_evidence_in_removed_chrome_is_located_in_the_raw_text(corpus_docs):
    doc = corpus_docs["000_8f2fa4e4d5a1b8db"]
    place = doc.metadata.place
    assert place.start is None
    assert "主办:中共乐至县委" in doc.clean.raw[place.raw_start:place.raw_end]


def test_a_day_without_a_year_leaves_the_date_unknown(corpus_docs):
    date = corpus_docs["003_63dc30087dc95b8d"].metadata.date
    assert date.value is None and "11月28日" in date.evidence


@pytest.mark.parametrize(("text", "field", "value"), [
    ("关于做好汛期安全生产工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。", "genre", "notice"),
    ("市委书记李明在全市安全生产工作会议上的讲话\n同志们：今天开会。", "speaker", "李明"),
    ("王芳同志在全区应急管理工作会议上的讲话\n同志们：今天开会。", "speaker", "王芳"),
    ("本报讯（记者张三）5月10日，全市召开安全生产工作会议。", "genre", "news"),
    ("国务院安委会办公室关于开展安全生产大检查的通知\n各省、自治区、直辖市安委会：", "level", "national"),
    ("二〇二一年全县安全生产工作会议讲话\n同志们：今天开会。", "date", "2021"),
    ("全县安全生产工作会议讲话\n同志们：今天开会。\n2023年2月8日", "date", "2023-02-08"),
    ("会议报道\n3月5日，全镇召开安全生产会议。会议强调，要落实责任。", "date", None),
])
def test_metadata_beyond_the_corpus(mini_lexicon, text, field, value):
    [doc] = Pipeline(mini_lexicon, tokens=False).process_text(text, "x.txt")
    assert getattr(doc.metadata, field).value == value
