"""Derived statistics stay equal to a from-scratch build through adds, replaces and removes."""

from __future__ import annotations

from graph.kg import KnowledgeGraph
from graph.stats import corpus_stats
from graph.store import open_store

COUNTY = "乐至县安全生产会议\n要坚持人民至上，健全双重预防机制。全面开展“除隐患、早防范”集中整治行动，健全双重预防机制。"
PROVINCE = ("四川省安全生产会议\n四川省应急管理厅通报昆山“8.2”特大事故。要落实“四个一律”（一律关闭取缔，"
            "一律停产整顿，一律从重处罚，一律严肃追责），坚持人民至上。")
NATIONAL = ("国务院安委会通报\n国务院安委会安全生产第三巡查组通报2021年1月10日栖霞市笏山金矿“1.10”"
            "重大爆炸事故造成10人死亡。昆山“8.2”特大事故。要健全双重预防机制，坚持人民至上。")


def _fresh(lexicon, documents) -> KnowledgeGraph:
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(lexicon)
    kg.put_documents(documents)
    return kg


def test_add_replace_remove_equals_a_build_from_scratch(mini_lexicon, make_document):
    kg = _fresh(mini_lexicon, [])
    kg.put_document(make_document("county", COUNTY, level="county", date="2021-03-09"))
    kg.put_document(make_document("repost", COUNTY, level="county", date="2021-03-09"))
    kg.put_document(make_document("province", PROVINCE, level="provincial", date="2019", place="四川省"))
    kg.put_document(make_document("national", NATIONAL, level="national", date="2022-01", place=None))
    # replace: the provincial document changes text and year; the county one turns into
    # another text, so its repost is no longer a repost of it
    kg.put_document(make_document("province", PROVINCE + "要健全双重预防机制。", level="provincial",
                                  date="2020", place="四川省"))
    kg.put_document(make_document("county", "乐至县会议\n要坚持人民至上。", level="county", date="2021-03-09"))
    kg.remove_document("national")
    incremental = corpus_stats(kg.store)

    scratch = _fresh(mini_lexicon, [
        make_document("repost", COUNTY, level="county", date="2021-03-09"),
        make_document("province", PROVINCE + "要健全双重预防机制。", level="provincial", date="2020",
                      place="四川省"),
        make_document("county", "乐至县会议\n要坚持人民至上。", level="county", date="2021-03-09"),
    ])
    assert incremental == corpus_stats(scratch.store)
    assert incremental.documents == 3


def test_a_repost_counts_once_until_its_original_is_removed(mini_lexicon, make_document):
    kg = _fresh(mini_lexicon, [make_document("a", COUNTY), make_document("b", COUNTY)])
    concept = kg.iris.concept("双重预防机制")
    stats = corpus_stats(kg.store)
    assert (stats.documents, stats.counted_documents) == (2, 1)
    assert stats.concept_totals()[concept] == 1
    kg.remove_document("a")
    stats = corpus_stats(kg.store)
    assert (stats.documents, stats.counted_documents) == (1, 1)
    assert stats.concept_totals()[concept] == 1


def test_cooccurrence_counts_sentences_naming_both(mini_lexicon, make_document):
    kg = _fresh(mini_lexicon, [make_document("a", COUNTY)])
    stats = corpus_stats(kg.store)
    pair = tuple(sorted((kg.iris.concept("人民至上"), kg.iris.concept("双重预防机制"))))
    assert stats.cooccurrence[pair] == 1


def test_incidents_are_counted_per_document_and_per_incident(mini_lexicon, make_document):
    kg = _fresh(mini_lexicon, [make_document("p", PROVINCE, level="provincial"),
                               make_document("n", NATIONAL, level="national")])
    stats = corpus_stats(kg.store)
    assert stats.incidents_per_document == {kg.iris.document("p"): 1, kg.iris.document("n"): 2}
    assert stats.documents_per_incident[kg.iris.of("incident", "2014-08-02昆山市爆炸事故")] == 2
