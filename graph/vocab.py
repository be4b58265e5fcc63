"""Our own vocabulary, closed: a misspelt term raises instead of minting a new IRI.

Only what SKOS, Dublin Core, PROV-O, ORG, schema.org and NIF lack is defined here; the
terms are documented in ``graph/ontology.ttl``.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

NAMESPACE = "https://w3id.org/safetykg/ontology#"


class SKG(DefinedNamespace):
    """safetykg's own terms.

    >>> str(SKG.Document)
    'https://w3id.org/safetykg/ontology#Document'
    """

    _NS = Namespace(NAMESPACE)
    _fail = True

    # classes
    Document: URIRef
    Mention: URIRef
    Formulation: URIRef
    Component: URIRef
    Campaign: URIRef
    Incident: URIRef
    Level: URIRef
    Body: URIRef
    Person: URIRef
    Place: URIRef
    ExtractionRun: URIRef
    # properties
    mentions: URIRef
    denotes: URIRef
    level: URIRef
    order: URIRef
    kind: URIRef
    part: URIRef
    genre: URIRef
    speaker: URIRef
    contentHash: URIRef
    cleanedText: URIRef
    sentenceCount: URIRef
    duplicateOf: URIRef
    removedText: URIRef
    component: URIRef
    position: URIRef
    origin: URIRef
    count: URIRef
    countMismatch: URIRef
    quotedName: URIRef
    head: URIRef
    incidentType: URIRef
    severityStated: URIRef
    severityByRule: URIRef
    deaths: URIRef
    seriousInjuries: URIRef
    injuries: URIRef
    directLossYuan: URIRef
    dateText: URIRef
    post: URIRef
    divisionCode: URIRef
    marker: URIRef


NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
