"""Corpus statistics, derived at query time from the document graphs.

Nothing derived is stored, so the figures are right after any add, replace or remove:
each one is a SPARQL aggregate over the named graphs as they are now. Reposts count once:
a document that is ``skg:duplicateOf`` a document whose IRI sorts before its own is left
out of every count that is "per document" (see :mod:`graph.dedupe`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.store import Store

_PREFIXES = """\
PREFIX skg: <https://w3id.org/safetykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""

COUNTED = "FILTER NOT EXISTS { ?doc skg:duplicateOf ?first FILTER (STR(?first) < STR(?doc)) }"
"""Inside ``GRAPH ?doc``: the document is not a repost of one that sorts first."""

CONCEPT_DOCUMENTS = _PREFIXES + f"""
SELECT ?concept ?level ?year (COUNT(DISTINCT ?doc) AS ?documents) WHERE {{
  GRAPH ?doc {{
    ?doc a skg:Document . {COUNTED}
    ?sentence skg:mentions ?concept . ?concept a skos:Concept .
    OPTIONAL {{ ?doc skg:level ?level }}
    OPTIONAL {{ ?doc skg:year ?year }}
  }}
}} GROUP BY ?concept ?level ?year"""

COOCCURRENCE = _PREFIXES + f"""
SELECT ?a ?b (COUNT(DISTINCT ?sentence) AS ?weight) WHERE {{
  GRAPH ?doc {{
    ?doc a skg:Document . {COUNTED}
    ?sentence a nif:Sentence ; skg:mentions ?a , ?b .
    ?a a skos:Concept . ?b a skos:Concept .
    FILTER (STR(?a) < STR(?b))
  }}
}} GROUP BY ?a ?b"""

INCIDENTS_PER_DOCUMENT = _PREFIXES + """
SELECT ?doc (COUNT(DISTINCT ?incident) AS ?incidents) WHERE {
  GRAPH ?doc {
    ?doc a skg:Document .
    OPTIONAL { ?incident a skg:Incident }
  }
} GROUP BY ?doc"""

DOCUMENTS_PER_INCIDENT = _PREFIXES + f"""
SELECT ?incident (COUNT(DISTINCT ?doc) AS ?documents) WHERE {{
  GRAPH ?doc {{ ?doc a skg:Document . {COUNTED} ?incident a skg:Incident . }}
}} GROUP BY ?incident"""

DOCUMENTS = _PREFIXES + f"""
SELECT ?doc ?counted WHERE {{
  GRAPH ?doc {{
    ?doc a skg:Document .
    BIND (NOT EXISTS {{ ?doc skg:duplicateOf ?first FILTER (STR(?first) < STR(?doc)) }} AS ?counted)
  }}
}}"""


@dataclass
class CorpusStats:
    """Every derived figure; two stats are equal when every figure is.

    ``concept_documents[(concept IRI, level key or "", year or 0)]`` — documents naming the
    concept; ``cooccurrence[(concept IRI, concept IRI)]`` (sorted pair) — sentences naming
    both; ``incidents_per_document[document IRI]`` and
    ``documents_per_incident[incident IRI]``; ``documents`` and ``counted_documents``
    (reposts once).
    """

    documents: int = 0
    counted_documents: int = 0
    concept_documents: dict[tuple[str, str, int], int] = field(default_factory=dict)
    cooccurrence: dict[tuple[str, str], int] = field(default_factory=dict)
    incidents_per_document: dict[str, int] = field(default_factory=dict)
    documents_per_incident: dict[str, int] = field(default_factory=dict)

    def concept_totals(self) -> Counter[str]:
        """Documents naming each concept, over all levels and years."""
        totals: Counter[str] = Counter()
        for (concept, _, _), n in self.concept_documents.items():
            totals[concept] += n
        return totals


def corpus_stats(store: Store) -> CorpusStats:
    """Compute every figure from the store as it is now.

    >>> from graph.store import open_store
    >>> corpus_stats(open_store(":memory:")).documents
    0
    """
    stats = CorpusStats()
    for row in store.query(DOCUMENTS, union_default=False):
        stats.documents += 1
        stats.counted_documents += row["counted"].value == "true"
    for row in store.query(CONCEPT_DOCUMENTS, union_default=False):
        level = row["level"].value.rsplit("/", 1)[-1] if row["level"] is not None else ""
        year = int(row["year"].value) if row["year"] is not None else 0
        stats.concept_documents[(row["concept"].value, level, year)] = int(row["documents"].value)
    for row in store.query(COOCCURRENCE, union_default=False):
        stats.cooccurrence[(row["a"].value, row["b"].value)] = int(row["weight"].value)
    for row in store.query(INCIDENTS_PER_DOCUMENT, union_default=False):
        stats.incidents_per_document[row["doc"].value] = int(row["incidents"].value)
    for row in store.query(DOCUMENTS_PER_INCIDENT, union_default=False):
        stats.documents_per_incident[row["incident"].value] = int(row["documents"].value)
    return stats
