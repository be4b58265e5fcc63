"""Records to quads: each document becomes one named graph, the lexicon the default graph.

Quads are built as pyoxigraph terms directly (no rdflib objects on the hot path); the
graph IRI of a document is the document's IRI, so replacing a document is replacing
that one graph.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.iris import Iris
from graph.vocab import NIF, SKG
from ingest.lexicon import Lexicon
from ingest.records import Document

_XSD_INT = NamedNode(str(XSD.integer))
_XSD_NNI = NamedNode(str(XSD.nonNegativeInteger))


def n(term: str) -> NamedNode:
    return NamedNode(str(term))


def zh(text: str) -> Literal:
    return Literal(text, language="zh-hans")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_INT)


def offset(value: int) -> Literal:
    return Literal(str(value), datatype=_XSD_NNI)


def sentence_iri(doc_iri: str, start: int, end: int) -> str:
    """NIF-style span IRI, ``{document}#char={start},{end}``."""
    return f"{doc_iri}#char={start},{end}"


def document_quads(doc: Document, iris: Iris) -> list[Quad]:
    """All quads of one document, in its own named graph."""
    doc_iri = iris.document(doc.key)
    graph = NamedNode(doc_iri)
    return [Quad(s, p, o, graph) for s, p, o in _document_triples(doc, doc_iri, iris)]


def _document_triples(doc: Document, doc_iri: str, iris: Iris) -> Iterator[tuple]:
    d = NamedNode(doc_iri)
    yield d, n(RDF.type), n(SKG.Document)
    yield d, n(RDF.type), n(NIF.Context)
    yield d, n(DCTERMS.source), Literal(doc.source)
    yield d, n(SKG.contentHash), Literal(doc.content_hash)
    yield d, n(NIF.isString), Literal(doc.text)
    yield d, n(SKG.sentenceCount), integer(len(doc.sentences))
    if doc.part is not None:
        yield d, n(SKG.part), integer(doc.part)
    meta = doc.metadata
    yield d, n(DCTERMS.title), zh(meta.title.value or doc.key)
    if meta.date.value:
        yield d, n(DCTERMS.date), Literal(meta.date.value)
    if meta.level.value:
        yield d, n(SKG.level), NamedNode(iris.level(meta.level.value))
    if meta.place.value:
        yield d, n(DCTERMS.spatial), NamedNode(iris.of("place", meta.place.value))
    if meta.genre.value:
        yield d, n(SKG.genre), Literal(meta.genre.value)
    sentence_nodes = []
    for s in doc.sentences:
        node = NamedNode(sentence_iri(doc_iri, s.start, s.end))
        sentence_nodes.append(node)
        yield node, n(RDF.type), n(NIF.Sentence)
        yield node, n(NIF.referenceContext), d
        yield node, n(NIF.anchorOf), Literal(s.text)
        yield node, n(NIF.beginIndex), offset(s.start)
        yield node, n(NIF.endIndex), offset(s.end)
    for m in doc.mentions:
        concept = NamedNode(iris.concept(m.concept))
        sentence = sentence_nodes[m.sentence]
        yield sentence, n(SKG.mentions), concept
        mention = NamedNode(sentence_iri(doc_iri, m.start, m.end))
        yield mention, n(RDF.type), n(SKG.Mention)
        yield mention, n(NIF.anchorOf), Literal(m.surface)
        yield mention, n(NIF.beginIndex), offset(m.start)
        yield mention, n(NIF.endIndex), offset(m.end)
        yield mention, n(NIF.sentence), sentence
        yield mention, n(NIF.referenceContext), d
        yield mention, n(SKG.denotes), concept
        yield mention, n(PROV.wasDerivedFrom), d


def lexicon_quads(lexicon: Lexicon, iris: Iris) -> list[Quad]:
    """The lexicon as a SKOS concept scheme, and the levels, in the default graph."""
    g = DefaultGraph()
    scheme = NamedNode(iris.scheme)
    quads = [
        Quad(scheme, n(RDF.type), n(SKOS.ConceptScheme), g),
        Quad(scheme, n(SKOS.prefLabel), zh("安全生产政策概念表"), g),
        Quad(scheme, n(SKOS.prefLabel), Literal("safetykg work-safety concept scheme", language="en"), g),
    ]
    for concept in lexicon.concepts.values():
        c = NamedNode(iris.concept(concept.key))
        quads += [
            Quad(c, n(RDF.type), n(SKOS.Concept), g),
            Quad(c, n(SKOS.prefLabel), zh(concept.label), g),
            Quad(c, n(SKOS.inScheme), scheme, g),
            Quad(c, n(SKG.kind), Literal(concept.kind), g),
        ]
        quads += [Quad(c, n(SKOS.altLabel), zh(a), g) for a in concept.aliases]
        if concept.english:
            quads.append(Quad(c, n(SKOS.prefLabel), Literal(concept.english, language="en"), g))
        if concept.definition:
            quads.append(Quad(c, n(SKOS.definition), zh(concept.definition), g))
        if concept.source:
            quads.append(Quad(c, n(DCTERMS.source), zh(concept.source), g))
        for target in concept.broader:
            quads.append(Quad(c, n(SKOS.broader), NamedNode(iris.concept(target)), g))
        for target in concept.related:
            quads.append(Quad(c, n(SKOS.related), NamedNode(iris.concept(target)), g))
        if not concept.broader:
            quads.append(Quad(c, n(SKOS.topConceptOf), scheme, g))
    for level in lexicon.levels.values():
        lv = NamedNode(iris.level(level.key))
        quads += [
            Quad(lv, n(RDF.type), n(SKG.Level), g),
            Quad(lv, n(RDFS.label), zh(level.label), g),
            Quad(lv, n(RDFS.label), Literal(level.key, language="en"), g),
            Quad(lv, n(SKG.order), integer(level.order), g),
        ]
    return quads
