"""Ten example queries for the SPARQL page; the suite runs each against a real store."""

from __future__ import annotations

from typing import NamedTuple

from graph.queries import PREFIXES


class Example(NamedTuple):
    title: str
    query: str


EXAMPLES: tuple[Example, ...] = (
    Example("每份文件的标题、日期和层级", PREFIXES + """
SELECT ?doc ?title ?date ?level WHERE {
  ?doc a skg:Document ; dcterms:title ?title .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc skg:level/skos:prefLabel ?level . FILTER(lang(?level) = "zh-hans") }
} ORDER BY DESC(?date) LIMIT 50"""),
    Example("被最多文件提到的概念", PREFIXES + """
SELECT ?label (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?sentence skg:mentions ?c ; nif:referenceContext ?doc .
  ?c a skos:Concept ; skos:prefLabel ?label . FILTER(lang(?label) = "zh-hans")
} GROUP BY ?label ORDER BY DESC(?documents) LIMIT 20"""),
    Example("“四个一律”由哪几部分组成", PREFIXES + """
SELECT ?position ?text WHERE {
  <https://w3id.org/safetykg/id/concept/四个一律> skg:component ?part .
  ?part skg:position ?position ; rdf:value ?text .
} ORDER BY ?position"""),
    Example("提到“双重预防机制”的句子", PREFIXES + """
SELECT ?doc ?text WHERE {
  ?sentence skg:mentions <https://w3id.org/safetykg/id/concept/双重预防机制> ;
            nif:referenceContext ?doc ; nif:anchorOf ?text .
} LIMIT 20"""),
    Example("与“双重预防机制”同句出现的概念", PREFIXES + """
SELECT ?label (COUNT(DISTINCT ?s) AS ?sentences) WHERE {
  ?s skg:mentions <https://w3id.org/safetykg/id/concept/双重预防机制>, ?other .
  ?other a skos:Concept ; skos:prefLabel ?label .
  FILTER(?other != <https://w3id.org/safetykg/id/concept/双重预防机制> && lang(?label) = "zh-hans")
} GROUP BY ?label ORDER BY DESC(?sentences) LIMIT 20"""),
    Example("各层级、各年份的文件数", PREFIXES + """
SELECT ?level ?year (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  ?doc a skg:Document .
  OPTIONAL { ?doc skg:level ?level }
  OPTIONAL { ?doc skg:year ?year }
} GROUP BY ?level ?year ORDER BY ?level ?year"""),
    Example("文件引用的事故及其等级", PREFIXES + """
SELECT ?label ?date ?severity ?deaths WHERE {
  ?i a skg:Incident ; rdfs:label ?label .
  OPTIONAL { ?i schema:startDate ?date }
  OPTIONAL { ?i skg:severityByRule ?severity }
  OPTIONAL { ?i skg:deaths ?deaths }
} ORDER BY ?date LIMIT 50"""),
    Example("概念的上位与下位", PREFIXES + """
SELECT ?narrowerLabel ?broaderLabel WHERE {
  ?n skos:broader ?b .
  ?n skos:prefLabel ?narrowerLabel . FILTER(lang(?narrowerLabel) = "zh-hans")
  ?b skos:prefLabel ?broaderLabel . FILTER(lang(?broaderLabel) = "zh-hans")
} LIMIT 50"""),
    Example("有没有省级文件提到“四不放过”（ASK）", PREFIXES + """
ASK {
  ?s skg:mentions <https://w3id.org/safetykg/id/concept/四不放过> ; nif:referenceContext ?doc .
  ?doc skg:level <https://w3id.org/safetykg/id/level/provincial> .
}"""),
    Example("“双重预防机制”的描述（CONSTRUCT）", PREFIXES + """
CONSTRUCT { ?c ?p ?o } WHERE {
  BIND(<https://w3id.org/safetykg/id/concept/双重预防机制> AS ?c)
  ?c ?p ?o .
}"""),
)
