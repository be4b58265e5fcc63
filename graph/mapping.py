"""Records to quads: each document becomes one named graph, the lexicon the default graph.

Quads are built as pyoxigraph terms directly (no rdflib objects on the hot path); the
graph IRI of a document is the document's IRI, so replacing a document is replacing
that one graph. The model is described in ``docs/model.md`` and ``graph/ontology.ttl``.

A document graph is self-contained: besides the document, its sentences and the spans
that name things, it types and labels every entity it names (concepts, bodies, places,
people, incidents), so one graph can be validated, exported or read alone.

Spans are most of a graph (a synthetic document of 8,700 characters has ~360 of them
beside ~130 sentences), so a span holds what cannot be derived: its type, document,
offsets, sentence and what it denotes. Its text is not repeated as ``nif:anchorOf``:
it is the sentence's text at the span's offsets (``docs/model.md`` shows the query).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

from graph.iris import Iris
from graph.vocab import NIF, ORG, SCHEMA, SKG
from ingest.lexicon import Lexicon
from ingest.records import LEVELS, Document, Field, Formulation, Incident

TOOL_VERSION = "0.1.0"
"""The version of safetykg recorded on every extraction run."""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"


def _n(iri: object) -> NamedNode:
    return NamedNode(str(iri))


# Terms built once: the mapping runs per document on the ingest hot path.
TYPE, VALUE, LABEL = _n(_RDF + "type"), _n(_RDF + "value"), _n(_RDFS + "label")
XSD_INTEGER = _n(_XSD + "integer")
XSD_DATE, XSD_GYM, XSD_GYEAR = _n(_XSD + "date"), _n(_XSD + "gYearMonth"), _n(_XSD + "gYear")
XSD_GMONTHDAY, XSD_DATETIME = _n(_XSD + "gMonthDay"), _n(_XSD + "dateTime")
SKOS_CONCEPT, SKOS_SCHEME = _n(_SKOS + "Concept"), _n(_SKOS + "ConceptScheme")
PREF, ALT, DEFINITION = _n(_SKOS + "prefLabel"), _n(_SKOS + "altLabel"), _n(_SKOS + "definition")
BROADER, RELATED, IN_SCHEME = _n(_SKOS + "broader"), _n(_SKOS + "related"), _n(_SKOS + "inScheme")
TOP_OF, HAS_TOP, NOTATION = _n(_SKOS + "topConceptOf"), _n(_SKOS + "hasTopConcept"), _n(_SKOS + "notation")
TITLE, DATE, SOURCE = _n(_DCT + "title"), _n(_DCT + "date"), _n(_DCT + "source")
SPATIAL, FORMAT, IDENTIFIER = _n(_DCT + "spatial"), _n(_DCT + "format"), _n(_DCT + "identifier")
DERIVED, GENERATED_BY = _n(_PROV + "wasDerivedFrom"), _n(_PROV + "wasGeneratedBy")
ACTIVITY, STARTED = _n(_PROV + "Activity"), _n(_PROV + "startedAtTime")
ORGANIZATION, SUB_ORG = _n(ORG.Organization), _n(ORG.subOrganizationOf)
CLASSIFICATION = _n(ORG.classification)
AREA, CONTAINED, AREA_SERVED = _n(SCHEMA.AdministrativeArea), _n(SCHEMA.containedInPlace), _n(SCHEMA.areaServed)
PERSON, JOB_TITLE = _n(SCHEMA.Person), _n(SCHEMA.jobTitle)
EVENT, START_DATE, LOCATION = _n(SCHEMA.Event), _n(SCHEMA.startDate), _n(SCHEMA.location)
CONTEXT, SENTENCE, PHRASE = _n(NIF.Context), _n(NIF.Sentence), _n(NIF.Phrase)
IS_STRING, ANCHOR, BEGIN, END = _n(NIF.isString), _n(NIF.anchorOf), _n(NIF.beginIndex), _n(NIF.endIndex)
REFERENCE, IN_SENTENCE = _n(NIF.referenceContext), _n(NIF.sentence)
S = {name: _n(getattr(SKG, name)) for name in SKG.__annotations__}

_DATE_TYPES = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD_DATE),
    (re.compile(r"\d{4}-\d{2}"), XSD_GYM),
    (re.compile(r"\d{4}"), XSD_GYEAR),
    (re.compile(r"--\d{2}-\d{2}"), XSD_GMONTHDAY),
)

LEVEL_LABELS = {
    "national": ("中央", "national"), "provincial": ("省级", "provincial"),
    "prefectural": ("地市级", "prefectural"), "county": ("县级", "county"),
    "township": ("乡镇级", "township"), "village": ("村级", "village"),
}
"""Labels of the six levels when the lexicon gives none (``levels.toml`` overrides them)."""


@dataclass(frozen=True, slots=True)
class Run:
    """One extraction run (PROV-O activity): which safetykg made a graph, and when."""

    tool_version: str = TOOL_VERSION
    started: datetime = field(default_factory=lambda: datetime.now(UTC))


def zh(text: str) -> Literal:
    return Literal(text, language="zh-hans")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


def count(value: int) -> Literal:
    """A count or offset: ``xsd:integer`` (Oxigraph stores ``xsd:nonNegativeInteger`` as
    ``xsd:integer``, so that is what every engine gives back); the shapes require ≥ 0."""
    return Literal(str(value), datatype=XSD_INTEGER)


def date_literal(value: str | None) -> Literal | None:
    """An ISO date at the precision given, typed: ``xsd:date``, ``gYearMonth``, ``gYear``.

    >>> date_literal("2021-03").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    >>> date_literal("去年") is None
    True
    """
    if not value:
        return None
    for pattern, datatype in _DATE_TYPES:
        if pattern.fullmatch(value):
            return Literal(value, datatype=datatype)
    return None


def _utc(moment: datetime) -> str:
    """The canonical ``xsd:dateTime`` form engines store (UTC, ``Z``, whole seconds)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def sentence_iri(doc_iri: str, start: int, end: int) -> str:
    """NIF-style span IRI, ``{document}#char={start},{end}`` (RFC 5147 offsets)."""
    return f"{doc_iri}#char={start},{end}"


def incident_key(incident: Incident) -> str:
    """A stable, readable key, so that two documents citing one accident share its IRI.

    Date and place identify an accident better than its wording, which varies between
    documents (栖霞笏山金矿“1.10”重大爆炸事故 / 笏山金矿“1·10”事故); the name is the
    fallback when either is unknown.

    >>> incident_key(Incident("笏山金矿“1.10”重大爆炸事故", 0, 1, 0, date="2021-01-10",
    ...                       place="栖霞市", type="爆炸"))
    '2021-01-10栖霞市爆炸事故'
    """
    if incident.date and incident.place:
        return f"{incident.date}{incident.place}{incident.type or ''}事故"
    return incident.name


def document_quads(doc: Document, iris: Iris, *, run: Run | None = None,
                   fingerprint: str | None = None,
                   duplicates: Iterable[str] = ()) -> list[Quad]:
    """All quads of one document, in its own named graph.

    ``fingerprint`` is the document's near-duplicate fingerprint and ``duplicates`` the
    IRIs of the stored documents it nearly duplicates (see :mod:`graph.dedupe`).

    >>> from ingest.records import CleanText
    >>> doc = Document("a", "a.txt", CleanText("你好。", "你好。", [0, 1, 2, 3]), "h")
    >>> quads = document_quads(doc, Iris())
    >>> {q.graph_name.value for q in quads}
    {'https://w3id.org/safetykg/id/document/a'}
    """
    doc_iri = iris.document(doc.key)
    graph = NamedNode(doc_iri)
    builder = _DocumentBuilder(doc, doc_iri, iris)
    builder.build(run or Run(), fingerprint, duplicates)
    return [Quad(s, p, o, graph) for s, p, o in dict.fromkeys(builder.triples)]


class _DocumentBuilder:
    """Collects the triples of one document graph; spans and entities are written once."""

    def __init__(self, doc: Document, doc_iri: str, iris: Iris) -> None:
        self.doc, self.doc_iri, self.iris = doc, doc_iri, iris
        self.node = NamedNode(doc_iri)
        self.triples: list[tuple] = []
        self._spans: dict[tuple[int, int], NamedNode] = {}
        self._entities: set[str] = set()
        self._sentences: list[NamedNode] = []
        self._nodes: dict[tuple[str, str], NamedNode] = {}

    def entity(self, kind: str, key: str) -> NamedNode:
        """The node of ``{base}id/{kind}/{key}``, minted once per document (a document
        names the same concept or body dozens of times; encoding its key is not free)."""
        node = self._nodes.get((kind, key))
        if node is None:
            node = self._nodes[(kind, key)] = NamedNode(self.iris.of(kind, key))
        return node

    def add(self, s, p, o) -> None:
        self.triples.append((s, p, o))

    def build(self, run: Run, fingerprint: str | None, duplicates: Iterable[str]) -> None:
        self._document(run, fingerprint, duplicates)
        self._metadata()
        self._sentences_of()
        for m in self.doc.mentions:
            self._mention(m.start, m.end, m.sentence, self._concept(m.concept))
        for f in self.doc.formulations:
            self._formulation(f)
        for c in self.doc.campaigns:
            concept = self._concept(c.concept or c.name, kind=None if c.concept else c.kind)
            self.add(concept, TYPE, S["Campaign"])
            self.add(concept, S["quotedName"], zh(c.quoted))
            self.add(concept, S["head"], zh(c.head))
            self._mention(c.start, c.end, c.sentence, concept)
        for i in self.doc.incidents:
            self._mention(i.start, i.end, i.sentence, self._incident(i))
        self._bodies()
        for p in self.doc.places:
            self._mention(p.start, p.end, p.sentence, self._place(p.name, p.level, p.code, p.parent))
        for person in self.doc.people:
            self._mention(person.start, person.end, person.sentence,
                          self._person(person.name, person.post))
        for d in self.doc.dates:
            self._date(d.value, d.start, d.end, d.sentence)
        for i, removed in enumerate(self.doc.clean.removed):
            self._removed(i, removed)

    def _document(self, run: Run, fingerprint: str | None, duplicates: Iterable[str]) -> None:
        d, doc = self.node, self.doc
        self.add(d, TYPE, S["Document"])
        self.add(d, TYPE, CONTEXT)
        self.add(d, IDENTIFIER, Literal(doc.key))
        self.add(d, SOURCE, Literal(doc.source))
        self.add(d, FORMAT, Literal(doc.fmt))
        self.add(d, S["encoding"], Literal(doc.encoding))
        self.add(d, S["contentHash"], Literal(doc.content_hash))
        self.add(d, IS_STRING, Literal(doc.text))
        self.add(d, S["sentenceCount"], count(len(doc.sentences)))
        if doc.part is not None:
            self.add(d, S["part"], integer(doc.part))
        if fingerprint:
            self.add(d, S["fingerprint"], Literal(fingerprint))
        for other in duplicates:
            self.add(d, S["duplicateOf"], NamedNode(other))
        activity = NamedNode(f"{self.doc_iri}#extraction")
        self.add(d, GENERATED_BY, activity)
        self.add(activity, TYPE, ACTIVITY)
        self.add(activity, TYPE, S["ExtractionRun"])
        self.add(activity, S["toolVersion"], Literal(run.tool_version))
        self.add(activity, STARTED, Literal(_utc(run.started), datatype=XSD_DATETIME))

    def _metadata(self) -> None:
        d, meta = self.node, self.doc.metadata
        self.add(d, TITLE, zh(meta.title.value or self.doc.key))
        self._evidence(meta.title, TITLE)
        if meta.date.value:
            typed = date_literal(meta.date.value)
            if typed is not None:
                self.add(d, DATE, typed)
                self.add(d, S["year"], integer(int(meta.date.value[:4])))
            else:
                self.add(d, S["dateText"], Literal(meta.date.value))
            self._evidence(meta.date, DATE)
        if meta.level.value in LEVEL_LABELS:
            self.add(d, S["level"], self.entity("level", meta.level.value))
            self._evidence(meta.level, S["level"])
        if meta.place.value:
            self.add(d, SPATIAL, self._place(meta.place.value))
            self._evidence(meta.place, SPATIAL)
        if meta.genre.value:
            self.add(d, S["genre"], zh(meta.genre.value))
            self._evidence(meta.genre, S["genre"])
        if meta.speaker.value:
            self.add(d, S["speaker"], self._person(meta.speaker.value, None))
            self._evidence(meta.speaker, S["speaker"])

    def _evidence(self, value: Field, prop: NamedNode) -> None:
        """The span a metadata value was read from ``skg:supports`` the property it set."""
        if value.start is not None and value.end is not None and value.end > value.start:
            self.add(self._span(value.start, value.end, None), S["supports"], prop)

    def _sentences_of(self) -> None:
        d = self.node
        for s in self.doc.sentences:
            node = NamedNode(sentence_iri(self.doc_iri, s.start, s.end))
            self._sentences.append(node)
            self.add(node, TYPE, SENTENCE)
            self.add(node, REFERENCE, d)
            self.add(node, ANCHOR, Literal(s.text))
            self.add(node, BEGIN, count(s.start))
            self.add(node, END, count(s.end))

    def _sentence(self, index: int | None) -> NamedNode | None:
        if index is None or not 0 <= index < len(self._sentences):
            return None
        return self._sentences[index]

    def _span(self, start: int, end: int, sentence: int | None) -> NamedNode:
        """The span ``{doc}#char=start,end``: a ``skg:Mention`` (a ``nif:Phrase``)."""
        node = self._spans.get((start, end))
        if node is None:
            node = NamedNode(sentence_iri(self.doc_iri, start, end))
            self._spans[(start, end)] = node
            self.add(node, TYPE, S["Mention"])
            self.add(node, REFERENCE, self.node)
            self.add(node, BEGIN, count(start))
            self.add(node, END, count(end))
            in_sentence = self._sentence(sentence)
            if in_sentence is not None:
                self.add(node, IN_SENTENCE, in_sentence)
        return node

    def _mention(self, start: int, end: int, sentence: int, entity: NamedNode) -> None:
        """The span denotes the entity; its sentence ``skg:mentions`` it."""
        self.add(self._span(start, end, sentence), S["denotes"], entity)
        in_sentence = self._sentence(sentence)
        if in_sentence is not None:
            self.add(in_sentence, S["mentions"], entity)

    def _once(self, iri: str) -> bool:
        if iri in self._entities:
            return False
        self._entities.add(iri)
        return True

    def _concept(self, key: str, *, kind: str | None = None) -> NamedNode:
        """A concept named here; ``kind`` is given only for one the lexicon lacks."""
        node = self.entity("concept", key)
        if self._once(node.value):
            self.add(node, TYPE, SKOS_CONCEPT)
            self.add(node, PREF, zh(key))
            if kind:
                self.add(node, S["kind"], Literal(kind))
        return node

    def _formulation(self, f: Formulation) -> None:
        concept = self._concept(f.concept or f.name, kind=None if f.concept else "formulation")
        self._mention(f.start, f.end, f.sentence, concept)
        node = NamedNode(f"{self.doc_iri}#formulation={f.start},{f.end}")
        self.add(node, TYPE, S["Formulation"])
        self.add(node, LABEL, zh(f.name))
        self.add(node, S["concept"], concept)
        self.add(node, DERIVED, self._span(f.start, f.end, f.sentence))
        if f.count is not None:
            self.add(node, S["count"], count(f.count))
        if f.flag:
            self.add(node, S["flag"], Literal(f.flag))
        for c in f.components:
            part = NamedNode(f"{self.doc_iri}#formulation={f.start},{f.end}&component={c.position}")
            self.add(node, S["component"], part)
            self.add(part, TYPE, S["Component"])
            self.add(part, VALUE, zh(c.text))
            self.add(part, S["position"], count(c.position))
            self.add(part, S["origin"], Literal(c.origin))
            if c.start is not None and c.end is not None and c.end > c.start:
                self.add(part, DERIVED, self._span(c.start, c.end, f.sentence))

    def _incident(self, i: Incident) -> NamedNode:
        node = self.entity("incident", incident_key(i))
        self.add(node, TYPE, S["Incident"])
        self.add(node, TYPE, EVENT)
        self.add(node, LABEL, zh(i.name))
        typed = date_literal(i.date)
        if typed is not None:
            self.add(node, START_DATE, typed)
        elif i.date:
            self.add(node, S["dateText"], Literal(i.date))
        if i.date_code:
            self.add(node, S["dateCode"], Literal(i.date_code))
        if i.place:
            self.add(node, LOCATION, self._place(i.place))
        optional = ((S["incidentType"], i.type), (S["severityStated"], i.severity_stated),
                    (S["severityByRule"], i.severity_by_rule))
        for prop, value in optional:
            if value:
                self.add(node, prop, zh(value))
        numbers = ((S["deaths"], i.deaths), (S["seriousInjuries"], i.serious_injuries),
                   (S["injuries"], i.injuries), (S["directLossYuan"], i.loss_yuan))
        for prop, value in numbers:
            if value is not None:
                self.add(node, prop, count(value))
        return node

    def _bodies(self) -> None:
        names = {b.name for b in self.doc.bodies}
        for b in self.doc.bodies:
            node = self.entity("body", b.name)
            if self._once(node.value):
                self.add(node, TYPE, ORGANIZATION)
                self.add(node, LABEL, zh(b.name))
                if b.level in LEVEL_LABELS:
                    self.add(node, CLASSIFICATION, self.entity("level", b.level))
                if b.place:
                    self.add(node, AREA_SERVED, self._place(b.place))
                parent = _parent_body(b.name, names)
                if parent:
                    self.add(node, SUB_ORG, self.entity("body", parent))
            self._mention(b.start, b.end, b.sentence, node)

    def _place(self, name: str, level: str | None = None, code: str | None = None,
               parent: str | None = None) -> NamedNode:
        node = self.entity("place", name)
        if self._once(node.value):
            self.add(node, TYPE, AREA)
            self.add(node, LABEL, zh(name))
        if level in LEVEL_LABELS:
            self.add(node, S["level"], self.entity("level", level))
        if code:
            self.add(node, S["divisionCode"], Literal(code))
        if parent and parent != name:
            self.add(node, CONTAINED, self._place(parent))
        return node

    def _person(self, name: str, post: str | None) -> NamedNode:
        node = self.entity("person", name)
        if self._once(node.value):
            self.add(node, TYPE, PERSON)
            self.add(node, LABEL, zh(name))
        if post:
            self.add(node, JOB_TITLE, zh(post))
        return node

    def _date(self, value: str, start: int, end: int, sentence: int) -> None:
        span = self._span(start, end, sentence)
        self.add(span, TYPE, S["DateMention"])
        typed = date_literal(value)
        self.add(span, VALUE, typed if typed is not None else Literal(value))

    def _removed(self, index: int, removed) -> None:
        node = NamedNode(f"{self.doc_iri}#removed={index}")
        self.add(self.node, S["removedText"], node)
        self.add(node, TYPE, S["RemovedText"])
        self.add(node, VALUE, Literal(removed.text))
        self.add(node, S["reason"], Literal(removed.reason))
        self.add(node, S["rawStart"], count(removed.start))
        self.add(node, S["rawEnd"], count(removed.end))


def _parent_body(name: str, names: set[str]) -> str | None:
    """The longest other body of the same document whose name begins this one.

    国务院安委会安全生产第三巡查组 is part of 国务院安委会 when both are named.
    """
    parents = [other for other in names if other != name and name.startswith(other)]
    return max(parents, key=len) if parents else None


def lexicon_quads(lexicon: Lexicon, iris: Iris) -> list[Quad]:
    """The lexicon as a SKOS concept scheme, and the levels, in the default graph."""
    return [Quad(s, p, o, DefaultGraph())
            for s, p, o in (*_scheme_triples(lexicon, iris), *_level_triples(lexicon, iris))]


def _scheme_triples(lexicon: Lexicon, iris: Iris) -> Iterator[tuple]:
    scheme = NamedNode(iris.scheme)
    yield scheme, TYPE, SKOS_SCHEME
    yield scheme, PREF, zh("安全生产政策概念表")
    yield scheme, PREF, Literal("safetykg work-safety concept scheme", language="en")
    for concept in lexicon.concepts.values():
        c = NamedNode(iris.concept(concept.key))
        yield c, TYPE, SKOS_CONCEPT
        yield c, PREF, zh(concept.label)
        yield c, IN_SCHEME, scheme
        yield c, S["kind"], Literal(concept.kind)
        for alias in concept.aliases:
            yield c, ALT, zh(alias)
        if concept.english:
            yield c, PREF, Literal(concept.english, language="en")
        if concept.definition:
            yield c, DEFINITION, zh(concept.definition)
        if concept.source:
            yield c, SOURCE, zh(concept.source)
        for target in concept.broader:
            yield c, BROADER, NamedNode(iris.concept(target))
        for target in concept.related:
            yield c, RELATED, NamedNode(iris.concept(target))
        if not concept.broader:
            yield c, TOP_OF, scheme
            yield scheme, HAS_TOP, c
        for position, text in enumerate(concept.components, start=1):
            part = NamedNode(f"{c.value}#component={position}")
            yield c, S["component"], part
            yield part, TYPE, S["Component"]
            yield part, VALUE, zh(text)
            yield part, S["position"], count(position)
            yield part, S["origin"], Literal("lexicon")


def _level_triples(lexicon: Lexicon, iris: Iris) -> Iterator[tuple]:
    """The six levels as ``skg:Level`` individuals (SKOS concepts of their own scheme)."""
    scheme = NamedNode(iris.level_scheme)
    yield scheme, TYPE, SKOS_SCHEME
    yield scheme, PREF, zh("行政层级")
    yield scheme, PREF, Literal("levels of government", language="en")
    above = None
    for order, key in enumerate(LEVELS, start=1):
        known = lexicon.levels.get(key)
        label_zh, label_en = LEVEL_LABELS[key]
        lv = NamedNode(iris.level(key))
        yield lv, TYPE, S["Level"]
        yield lv, TYPE, SKOS_CONCEPT
        yield lv, IN_SCHEME, scheme
        yield lv, PREF, zh(known.label if known else label_zh)
        yield lv, PREF, Literal(label_en, language="en")
        yield lv, NOTATION, Literal(key)
        yield lv, S["order"], integer(known.order if known else order)
        if above is None:
            yield lv, TOP_OF, scheme
        else:
            yield lv, S["subLevelOf"], above
        above = lv
