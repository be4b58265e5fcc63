"""Named queries: SPARQL text as constants, values always passed as bindings.

User input never enters query text; each function binds its arguments as RDF terms
(pyoxigraph ``substitutions`` on the embedded store, an escaped VALUES block on remote
ones).
"""

from __future__ import annotations

PREFIXES = """\
PREFIX skg: <https://w3id.org/safetykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

CONCEPT_LABEL = PREFIXES + """
SELECT ?label ?kind WHERE {
  ?concept skos:prefLabel ?label . FILTER(lang(?label) = "zh-hans")
  OPTIONAL { ?concept skg:kind ?kind }
}"""

CO_OCCURRING = PREFIXES + """
SELECT ?other ?label ?kind (COUNT(DISTINCT ?sentence) AS ?weight) WHERE {
  ?sentence skg:mentions ?concept .
  ?sentence skg:mentions ?other .
  FILTER(?other != ?concept)
  OPTIONAL { ?other skos:prefLabel ?label . FILTER(lang(?label) = "zh-hans") }
  OPTIONAL { ?other skg:kind ?kind }
}
GROUP BY ?other ?label ?kind
ORDER BY DESC(?weight) ?label
"""

DOCUMENTS_MENTIONING = PREFIXES + """
SELECT ?doc ?title (COUNT(DISTINCT ?sentence) AS ?weight) WHERE {
  ?sentence skg:mentions ?concept ; nif:referenceContext ?doc .
  OPTIONAL { ?doc dcterms:title ?title }
}
GROUP BY ?doc ?title
ORDER BY DESC(?weight) ?title
"""
