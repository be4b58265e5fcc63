"""Records to quads: every record type, spans that match the text, the vocabulary closed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from graph.iris import Iris
from graph.mapping import document_quads, incident_key, lexicon_quads
from graph.vocab import NIF, SKG
from ingest.records import Incident

ONTOLOGY = "graph/ontology.ttl"


@pytest.fixture
def quads(make_document, fixed_run):
    return document_quads(make_document("a"), Iris(), run=fixed_run)


def _objects(quads, subject: str, predicate: str) -> list:
    return [q.object for q in quads if q.subject.value == subject and q.predicate.value == predicate]


def test_every_span_text_is_the_text_at_its_offsets(quads, make_document):
    text = make_document("a").text
    begins = {q.subject: int(q.object.value) for q in quads if q.predicate.value == str(NIF.beginIndex)}
    ends = {q.subject: int(q.object.value) for q in quads if q.predicate.value == str(NIF.endIndex)}
    anchors = {q.subject: q.object.value for q in quads if q.predicate.value == str(NIF.anchorOf)}
    assert anchors and all(text[begins[s]:ends[s]] == anchors[s] for s in anchors)


def test_formulation_components_are_ordered_addressable_resources(quads):
    statement = next(q.subject.value for q in quads if q.object == ox.NamedNode(str(SKG.Formulation)))
    parts = _objects(quads, statement, str(SKG.component))
    ordered = sorted(parts, key=lambda p: int(_objects(quads, p.value, str(SKG.position))[0].value))
    assert [_objects(quads, p.value, "http://www.w3.org/1999/02/22-rdf-syntax-ns#value")[0].value
            for p in ordered] == ["一律关闭取缔", "一律停产整顿", "一律从重处罚", "一律严肃追责"]
    assert {_objects(quads, p.value, str(SKG.origin))[0].value for p in parts} == {"text"}
    assert ordered[0].value.endswith("&component=1")


def test_an_incident_keeps_its_stated_grade_and_its_grade_by_rule_apart(quads):
    incident = Iris().of("incident", "2021-01-10栖霞市爆炸事故")
    assert [o.value for o in _objects(quads, incident, str(SKG.severityStated))] == ["重大"]
    assert [o.value for o in _objects(quads, incident, str(SKG.severityByRule))] == ["重大"]


def test_bodies_use_org_with_level_and_parent(quads):
    iris = Iris()
    group = iris.of("body", "国务院安委会安全生产第三巡查组")
    assert _objects(quads, group, "http://www.w3.org/ns/org#subOrganizationOf") == [
        ox.NamedNode(iris.of("body", "国务院安委会"))]
    assert _objects(quads, group, "http://www.w3.org/ns/org#classification") == [
        ox.NamedNode(iris.level("national"))]


def test_places_are_administrative_areas_with_code_and_parent(quads):
    iris = Iris()
    place = iris.of("place", "乐至县")
    assert [o.value for o in _objects(quads, place, str(SKG.divisionCode))] == ["512022"]
    assert _objects(quads, place, "https://schema.org/containedInPlace") == [
        ox.NamedNode(iris.of("place", "资阳市"))]


def test_people_carry_their_posts(quads):
    person = Iris().of("person", "李家锦")
    assert [o.value for o in _objects(quads, person, "https://schema.org/jobTitle")] == ["副县长"]


def test_the_extraction_run_is_recorded_with_prov(quads):
    run = Iris().document("a") + "#extraction"
    assert [o.value for o in _objects(quads, run, str(SKG.toolVersion))] == ["0.1.0"]
    assert [o.value for o in _objects(quads, run, "http://www.w3.org/ns/prov#startedAtTime")] == [
        "2024-01-01T00:00:00Z"]


def test_the_levels_are_ordered_named_individuals(mini_lexicon):
    quads = lexicon_quads(mini_lexicon, Iris())
    orders = {q.subject.value.rsplit("/", 1)[1]: int(q.object.value)
              for q in quads if q.predicate.value == str(SKG.order)}
    assert orders == {"national": 1, "provincial": 2, "prefectural": 3, "county": 4,
                      "township": 5, "village": 6}


@pytest.mark.parametrize(("incident", "key"), [
    (Incident("笏山金矿“1.10”事故", 0, 1, 0, date="2021-01-10", place="栖霞市", type="爆炸"),
     "2021-01-10栖霞市爆炸事故"),
    (Incident("海力士发生的火灾事故", 0, 1, 0), "海力士发生的火灾事故"),
])
def test_incident_keys_are_stable_and_readable(incident, key):
    assert incident_key(incident) == key


def test_every_vocabulary_term_is_defined_in_the_ontology_with_labels_and_comment():
    graph = rdflib.Graph().parse(ONTOLOGY)
    for name in SKG.__annotations__:
        term = rdflib.URIRef(str(getattr(SKG, name)))
        languages = {label.language for label in graph.objects(term, rdflib.RDFS.label)}
        assert languages == {"en", "zh-hans"}, name
        assert graph.value(term, rdflib.RDFS.comment) is not None, name


def test_a_misspelt_term_fails():
    with pytest.raises(AttributeError):
        SKG.mention  # noqa: B018
