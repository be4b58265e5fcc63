"""The SHACL shapes accept what the mapping writes and reject broken graphs in plain words."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.shacl import validate, validate_store
from graph.vocab import NIF, SKG


def test_every_record_type_maps_to_a_valid_graph(memory_kg, make_document):
    memory_kg.put_document(make_document("a"))
    assert validate_store(memory_kg.store) == []


def test_the_example_corpus_is_valid(example_graph):
    assert validate_store(example_graph.store, batch=2) == []


def _document_and_lexicon(kg, key: str = "a") -> list[ox.Quad]:
    return list(kg.store.quads("")) + list(kg.store.quads(kg.iris.document(key)))


def _without(quads, predicate: str, subject_contains: str = "") -> list[ox.Quad]:
    dropped = [q for q in quads if q.predicate.value == predicate and subject_contains in q.subject.value]
    assert dropped, f"nothing to drop for {predicate}"
    return [q for q in quads if q not in dropped[:1]]


def _messages(quads) -> list[str]:
    return [str(v) for v in validate(quads)]


def test_a_document_missing_a_sentence_is_reported_as_not_whole(memory_kg, make_document):
    memory_kg.put_document(make_document("a"))
    quads = _document_and_lexicon(memory_kg)
    sentence = next(q.subject for q in quads if q.object == ox.NamedNode(str(NIF.Sentence)))
    broken = [q for q in quads if q.subject != sentence]
    messages = _messages(broken)
    assert any("the document graph is not whole: it declares 6 sentences" in m
               and "but holds 5" in m for m in messages), messages


def test_a_missing_title_is_named_in_plain_words(memory_kg, make_document):
    memory_kg.put_document(make_document("a"))
    broken = _without(_document_and_lexicon(memory_kg), "http://purl.org/dc/terms/title")
    assert _messages(broken) == [
        "https://w3id.org/safetykg/id/document/a: a document needs a title (dcterms:title) "
        "tagged with its language"]


def test_a_grade_by_rule_below_the_regulation_is_reported(memory_kg, make_document):
    memory_kg.put_document(make_document("a"))
    quads = _document_and_lexicon(memory_kg)
    grade = next(q for q in quads if q.predicate.value == str(SKG.severityByRule))
    lowered = ox.Quad(grade.subject, grade.predicate, ox.Literal("一般", language="zh-hans"), grade.graph_name)
    messages = _messages([q for q in quads if q != grade] + [lowered])
    assert any("the grade by rule (\"一般\"@zh-hans) is lower than the 2007 regulation" in m
               or "the grade by rule (一般) is lower than the 2007 regulation" in m for m in messages), messages


@pytest.mark.parametrize(("predicate", "value", "expected"), [
    (str(SKG.severityByRule), ox.Literal("特大", language="zh-hans"),
     "grade by rule (skg:severityByRule) must be 特别重大, 重大, 较大 or 一般"),
    (str(SKG.deaths), ox.Literal("-1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
     "deaths (skg:deaths) must be a whole number ≥ 0"),
])
def test_bad_incident_values_are_reported(memory_kg, make_document, predicate, value, expected):
    memory_kg.put_document(make_document("a"))
    quads = _document_and_lexicon(memory_kg)
    old = next(q for q in quads if q.predicate.value == predicate)
    broken = [q for q in quads if q != old] + [ox.Quad(old.subject, old.predicate, value, old.graph_name)]
    assert any(expected in m for m in _messages(broken))


def test_a_component_without_position_is_reported(memory_kg, make_document):
    memory_kg.put_document(make_document("a"))
    broken = _without(_document_and_lexicon(memory_kg), str(SKG.position), "component=2")
    assert any("a component needs exactly one position" in m for m in _messages(broken))
