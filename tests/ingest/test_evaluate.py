"""The measuring instrument: gold files, matching rules, scores, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main
from ingest.evaluate import (CATEGORIES, Counts, GoldError, component_matches, evaluate, load_gold,
                             max_matching, score_document)

DATA = Path(__file__).parents[1] / "data"
CORPUS = Path(__file__).parents[2] / "data" / "corpus"

DOC_TEXT = ("县安委会全体会议讲话\n"
            "要坚持人民至上，落实“三个到位”：一要思想到位。二要措施到位。三要责任到位。"
            "县应急管理局要会同县安委会办公室开展“清源”专项行动。"
            "副县长王建国强调，去年某化工厂发生爆炸事故，造成3人死亡。\n")


def _gold(**overrides) -> dict:
    entry = {"file": "a.txt", "concepts": ["人民至上", "三个到位", "清源专项行动"], "sectors": [],
             "formulations": [{"name": "三个到位", "components": ["思想到位", "措施到位", "责任到位"]}],
             "incidents": [{"name": "化工厂爆炸事故", "date": None, "place": None, "type": "爆炸",
                            "deaths": 3, "severity_stated": None, "severity_by_rule": "较大"}],
             "bodies": [{"name": "县应急管理局", "level": "county"}],
             "people": [{"name": "王建国", "post": "副县长"}]}
    entry.update(overrides)
    return entry


@pytest.fixture(scope="module")
def doc(mini_lexicon):
    from ingest.pipeline import Pipeline

    [document] = Pipeline(mini_lexicon, tokens=False).process_text(DOC_TEXT, "a.txt")
    return document


def test_counts_give_precision_recall_and_f1():
    c = Counts(tp=3, predicted=4, gold=6)
    assert (c.precision, c.recall) == (0.75, 0.5)
    assert c.f1 == pytest.approx(0.6)


def test_nothing_to_find_and_nothing_found_is_perfect():
    assert Counts().f1 == 1.0
    assert Counts(predicted=2).precision == 0.0


def test_matching_is_one_to_one_and_maximal():
    pairs = max_matching(["a", "b"], [{"a", "b"}, {"a"}], lambda g, p: g in p)
    assert pairs == [(0, 1), (1, 0)]


def test_components_match_in_order_above_the_similarity():
    gold = ["进一步加强考核奖惩，着力抓好责任落实", "坚持细排查"]
    assert component_matches(gold, ["进一步加强考核奖惩，著力抓好责任落实", "坚持细排查"]) == 2
    assert component_matches(gold, ["坚持细排查", "进一步加强考核奖惩，着力抓好责任落实"]) == 1
    assert component_matches(gold, ["进一步加强考核奖惩"]) == 0


def test_a_document_matching_its_gold_scores_full(doc, mini_lexicon):
    score = score_document(_gold(), doc, mini_lexicon)
    for category in ("formulations", "components", "incidents", "people"):
        assert score.counts[category].f1 == 1.0, category
    assert score.counts["concepts"].recall == 1.0
    assert score.accuracy["post"].value == 1.0
    assert score.accuracy["severity_by_rule"].value == 1.0


def test_misses_and_extra_items_are_counted(doc, mini_lexicon):
    gold = _gold(people=[{"name": "王建国", "post": "县长"}, {"name": "赵六", "post": None}],
                 formulations=[{"name": "三个到位", "components": ["思想到位", "完全不同", "责任到位"]}])
    score = score_document(gold, doc, mini_lexicon)
    assert score.counts["people"].recall == 0.5
    assert score.accuracy["post"].value == 0.0
    assert score.counts["components"].tp == 2


def test_incident_type_and_date_must_match(doc, mini_lexicon):
    score = score_document(_gold(incidents=[{"type": "火灾", "date": None, "place": None}]), doc, mini_lexicon)
    assert score.counts["incidents"].tp == 0
    score = score_document(_gold(incidents=[{"type": "爆炸", "date": "2019"}]), doc, mini_lexicon)
    assert score.counts["incidents"].tp == 0


def test_keys_missing_from_gold_are_not_scored(doc, mini_lexicon):
    score = score_document({"file": "a.txt"}, doc, mini_lexicon)
    assert all(score.counts[c].gold == 0 and score.counts[c].predicted == 0 for c in CATEGORIES)
    assert score.accuracy["date"].total == 0


def _write(tmp_path: Path, gold: dict) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(DOC_TEXT, encoding="utf-8")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return path, docs


def test_evaluate_scores_files_and_lists_missing_ones(tmp_path, mini_lexicon):
    path, docs = _write(tmp_path, {"version": 1, "documents": [_gold(), {"file": "gone.txt", "concepts": ["甲"]}]})
    errors: list[str] = []
    report = evaluate(path, docs, lexicon=mini_lexicon, on_error=errors.append)
    assert report.missing == ["gone.txt"]
    assert report.documents["a.txt"].counts["formulations"].f1 == 1.0
    assert report.overall.counts["concepts"].gold == 4
    assert errors and "gone.txt" in errors[0]


def test_command_prints_the_documented_json_shape(tmp_path, capsys):
    path, docs = _write(tmp_path, {"version": 1, "documents": [_gold()]})
    assert main(["evaluate", str(path), "--docs", str(docs), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"overall", "accuracy", "documents"}
    assert set(out["overall"]) == set(CATEGORIES)
    assert set(out["overall"]["concepts"]) == {"precision", "recall", "f1", "support"}
    assert set(out["accuracy"]) == {"date", "level", "place", "body_level", "post", "severity_by_rule"}
    assert set(out["documents"]["a.txt"]) == {"overall", "accuracy"}


def test_command_prints_a_table(tmp_path, capsys):
    path, docs = _write(tmp_path, {"version": 1, "documents": [_gold()]})
    assert main(["evaluate", str(path), "--docs", str(docs)]) == 0
    out = capsys.readouterr().out
    assert "overall (micro-averaged)" in out and "components" in out and "a.txt" in out


@pytest.mark.parametrize("content", ["{not json", '{"version": 2, "documents": []}', '{"version": 1, "documents": [{}]}'])
def test_bad_gold_is_one_line_naming_the_file(tmp_path, capsys, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match="bad.json"):
        load_gold(path)
    assert main(["evaluate", str(path), "--docs", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bad.json" in err[0]


@pytest.fixture(scope="module")
def corpus_report(lexicon):
    return evaluate(DATA / "gold_corpus.json", CORPUS, lexicon=lexicon)


def test_every_corpus_document_in_gold_is_ingested(corpus_report):
    assert corpus_report.missing == []


@pytest.mark.parametrize("category", CATEGORIES)
def test_corpus_extraction_f1_is_at_least_0_9(corpus_report, category):
    """Acceptance: F1 ≥ 0.9 in every category on the hand-read gold of data/corpus."""
    counts = corpus_report.overall.counts[category]
    assert counts.f1 >= 0.9, f"{category}: P={counts.precision:.3f} R={counts.recall:.3f} F1={counts.f1:.3f}"


def test_unseen_documents_are_all_scored(lexicon):
    """The second gold file is scored the same way (its numbers are reported, not tuned)."""
    report = evaluate(DATA / "gold_unseen.json", DATA / "unseen", lexicon=lexicon)
    assert report.missing == []
    assert len(report.documents) >= 5
