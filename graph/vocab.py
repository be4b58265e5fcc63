"""Our own vocabulary, closed: a misspelt term raises instead of minting a new IRI.

Only what SKOS, Dublin Core, PROV-O, ORG, schema.org and NIF lack is defined here; the
terms are documented (labels in English and Chinese, comments, domains and ranges) in
``graph/ontology.ttl``, and a test checks that the two agree.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

NAMESPACE = "https://w3id.org/safetykg/ontology#"


class SKG(DefinedNamespace):
    """safetykg's own terms.

    >>> str(SKG.Document)
    'https://w3id.org/safetykg/ontology#Document'
    >>> SKG.documnet
    Traceback (most recent call last):
    ...
    AttributeError: term 'documnet' not in namespace 'https://w3id.org/safetykg/ontology#'
    """

    _NS = Namespace(NAMESPACE)
    _fail = True

    # classes
    Document: URIRef  # a cleaned document (one file or one part of a file)
    Mention: URIRef  # a span of text naming something
    Formulation: URIRef  # a numbered formulation as one document states it
    Component: URIRef  # one ordered part of a formulation
    Campaign: URIRef  # a quoted campaign or system
    Incident: URIRef  # an accident a document cites
    Level: URIRef  # a level of government
    ExtractionRun: URIRef  # the run of safetykg that made a document graph
    DateMention: URIRef  # a span naming a date
    RemovedText: URIRef  # raw text that cleaning dropped
    # document properties
    level: URIRef
    year: URIRef
    genre: URIRef
    speaker: URIRef
    part: URIRef
    contentHash: URIRef
    fingerprint: URIRef
    duplicateOf: URIRef
    sentenceCount: URIRef
    encoding: URIRef
    removedText: URIRef
    reason: URIRef
    rawStart: URIRef
    rawEnd: URIRef
    # mentions and evidence
    mentions: URIRef
    denotes: URIRef
    supports: URIRef
    # levels and concepts
    order: URIRef
    subLevelOf: URIRef
    kind: URIRef
    # formulations and campaigns
    concept: URIRef
    count: URIRef
    flag: URIRef
    component: URIRef
    position: URIRef
    origin: URIRef
    quotedName: URIRef
    head: URIRef
    # incidents
    incidentType: URIRef
    severityStated: URIRef
    severityByRule: URIRef
    deaths: URIRef
    seriousInjuries: URIRef
    injuries: URIRef
    directLossYuan: URIRef
    dateText: URIRef
    dateCode: URIRef
    # places
    divisionCode: URIRef
    # provenance
    toolVersion: URIRef


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
