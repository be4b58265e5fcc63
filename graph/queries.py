"""Named queries: SPARQL text as constants, values always passed as bindings.

User input never enters query text: each function binds its arguments as RDF terms
(``store.query(sparql, bindings=…)``, see :mod:`graph.binding`). The only numbers written
into text are ``LIMIT``/``OFFSET`` values that are Python ``int``\\ s, and the only lists
are ``VALUES`` blocks of terms serialised by pyoxigraph (:func:`values`), which escapes
them as N-Triples.

The functions return plain dicts and lists (JSON-ready), read through the union of all
graphs (see ``docs/model.md``). Reposts are counted once: a document is left out of a
count when it is ``skg:duplicateOf`` a document whose IRI sorts before its own.

Speed at scale comes from two rules. Everything a document says lives in its own named
graph, so "the sentences of ``?doc`` that mention X" is written ``GRAPH ?doc { ?sentence
skg:mentions X }`` — an index range — never as a join on ``nif:referenceContext``, which
costs a lookup per sentence. (The document's own facts — title, date, level — are read
outside the ``GRAPH`` block: Oxigraph is slow to match a pattern whose subject is the
graph's own variable inside it.) And the union of graphs repeats a concept's label and type
once per document naming it, so a query never puts two such patterns in one product
(``OPTIONAL`` after ``OPTIONAL``): labels are read as ``DISTINCT ?s ?p ?o`` and put
together here. Each call runs a fixed number of queries, whatever the page holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from graph import derived
from graph.iris import Iris
from graph.store import Store

PREFIXES = """\
PREFIX skg: <https://w3id.org/safetykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
"""

NOT_A_REPOST = """
  FILTER NOT EXISTS { ?doc skg:duplicateOf ?earlier . FILTER(STR(?earlier) < STR(?doc)) }"""

LABEL_OF = """
  OPTIONAL { ?%(v)s skos:prefLabel ?%(v)sPref . FILTER(lang(?%(v)sPref) = "zh-hans") }
  OPTIONAL { ?%(v)s rdfs:label ?%(v)sRdfs . FILTER(lang(?%(v)sRdfs) = "zh-hans") }
  OPTIONAL { ?%(v)s dcterms:title ?%(v)sTitle }
  OPTIONAL { ?%(v)s skg:kind ?%(v)sKind }
  BIND(COALESCE(?%(v)sPref, ?%(v)sRdfs, ?%(v)sTitle) AS ?%(v)sLabel)"""


def label_of(var: str) -> str:
    """A fragment binding ``?{var}Label`` and ``?{var}Kind`` for the resource ``?{var}``."""
    return LABEL_OF % {"v": var}


CONCEPT_LABEL = PREFIXES + """
SELECT ?label ?kind WHERE {
  ?concept skos:prefLabel ?label . FILTER(lang(?label) = "zh-hans")
  OPTIONAL { ?concept skg:kind ?kind }
} LIMIT 1"""

DOCUMENTS_MENTIONING = PREFIXES + """
SELECT ?doc (COUNT(DISTINCT ?sentence) AS ?weight) WHERE {
  GRAPH ?doc { ?sentence skg:mentions ?concept }
}
GROUP BY ?doc
ORDER BY DESC(?weight) ?doc
"""
"""The documents naming ``?concept`` and in how many sentences (titles: :func:`labels`).

Where a query groups in a subquery, the bound value is written into the subquery as a
``VALUES`` block (``%(values)s``, by :func:`values`): a subquery does not see the
bindings of the query around it."""

SEARCHABLE = PREFIXES + """
SELECT DISTINCT ?s ?matched ?how WHERE {
  { ?s skos:prefLabel ?matched . BIND(0 AS ?how) }
  UNION { ?s skos:altLabel ?matched . BIND(1 AS ?how) }
  UNION { { SELECT DISTINCT ?s WHERE {
              VALUES ?type { skg:Incident org:Organization schema:AdministrativeArea schema:Person }
              ?s a ?type } }
          ?s rdfs:label ?matched . BIND(2 AS ?how) }
}"""
"""Every label search looks in (preferred labels, aliases, and the names of incidents,
bodies, places and people — not the text of sentences), for the label index."""

SEARCH = SEARCHABLE.replace("BIND(2 AS ?how) }\n}", "BIND(2 AS ?how) }\n  FILTER(CONTAINS(STR(?matched), STR(?q)))\n}")
"""The labels containing ``?q`` (for engines the label index does not cache)."""

LABELS = PREFIXES + """
SELECT DISTINCT ?s ?p ?o WHERE {
  { ?s skos:prefLabel ?o . BIND(skos:prefLabel AS ?p) }
  UNION { ?s rdfs:label ?o . BIND(rdfs:label AS ?p) }
  UNION { ?s dcterms:title ?o . BIND(dcterms:title AS ?p) }
  UNION { ?s skg:kind ?o . BIND(skg:kind AS ?p) }
}"""
"""What :func:`labels` needs of many resources, without the union's repetitions. One
pattern per predicate: Oxigraph joins ``VALUES ?p`` with ``?s ?p ?o`` by scanning, which
made a lookup in the union of graphs grow with the corpus (190 ms for 50 documents at
300 documents, 12 ms this way)."""

CONCEPT = PREFIXES + """
SELECT DISTINCT ?p ?o (LANG(?o) AS ?lang) WHERE {
  ?concept ?p ?o .
  FILTER(?p IN (rdf:type, skos:prefLabel, skos:altLabel, skos:definition, dcterms:source,
                skg:kind, skos:broader, skos:related, skos:inScheme))
}"""

NARROWER = PREFIXES + """
SELECT DISTINCT ?narrower WHERE { ?narrower skos:broader ?concept }"""

LEXICON_COMPONENTS = PREFIXES + """
SELECT DISTINCT ?position ?text WHERE {
  ?concept skg:component ?part . ?part rdf:value ?text ; skg:position ?position .
} ORDER BY ?position"""

TEXT_COMPONENTS = PREFIXES + """
SELECT ?position ?text (COUNT(DISTINCT ?f) AS ?n) WHERE {
  GRAPH ?doc { ?f skg:concept ?concept ; a skg:Formulation ; skg:component ?part .
               ?part rdf:value ?text ; skg:position ?position . }
} GROUP BY ?position ?text ORDER BY ?position DESC(?n)"""

COUNTS_BY_LEVEL_YEAR = PREFIXES + """
SELECT ?level ?year (COUNT(DISTINCT ?doc) AS ?documents) (SUM(?n) AS ?sentences)
WHERE {
  { SELECT ?doc (COUNT(DISTINCT ?sentence) AS ?n) WHERE {
      %(values)s GRAPH ?doc { ?sentence skg:mentions ?concept } } GROUP BY ?doc }
  OPTIONAL { ?doc skg:level ?level }
  OPTIONAL { ?doc skg:year ?year }""" + NOT_A_REPOST + """
} GROUP BY ?level ?year ORDER BY ?level ?year"""

DOCUMENTS = PREFIXES + """
SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) (SAMPLE(?y) AS ?year)
       (SAMPLE(?l) AS ?level) (SAMPLE(?pl) AS ?placeLabel) (SAMPLE(?g) AS ?genre)
       (SAMPLE(?dup) AS ?duplicateOf) WHERE {
  GRAPH ?doc { ?doc a skg:Document . }
  %(filters)s
  OPTIONAL { ?doc dcterms:title ?t }
  OPTIONAL { ?doc dcterms:date ?d }
  OPTIONAL { ?doc skg:year ?y }
  OPTIONAL { ?doc skg:level ?l }
  OPTIONAL { ?doc dcterms:spatial ?p . GRAPH ?doc { ?p rdfs:label ?pl } }
  OPTIONAL { ?doc skg:genre ?g }
  OPTIONAL { ?doc skg:duplicateOf ?dup }
} GROUP BY ?doc ORDER BY DESC(?date) ?doc"""

DOCUMENT = PREFIXES + """
SELECT ?p ?o WHERE { GRAPH ?doc { ?doc ?p ?o } }"""

DOCUMENT_SPANS = PREFIXES + """
SELECT ?span ?begin ?end ?entity WHERE {
  GRAPH ?doc { ?span skg:denotes ?entity ; nif:beginIndex ?begin ; nif:endIndex ?end . }
} ORDER BY ?begin ?end"""

DOCUMENT_REMOVED = PREFIXES + """
SELECT ?text ?reason ?start ?end WHERE {
  GRAPH ?doc { ?doc skg:removedText ?r . ?r rdf:value ?text ; skg:reason ?reason ;
               skg:rawStart ?start ; skg:rawEnd ?end . }
} ORDER BY ?start"""

DOCUMENT_FORMULATIONS = PREFIXES + """
SELECT ?f ?name ?concept ?count ?flag ?position ?text WHERE {
  GRAPH %(doc)s { ?f a skg:Formulation ; rdfs:label ?name ; skg:concept ?concept .
    OPTIONAL { ?f skg:count ?count } OPTIONAL { ?f skg:flag ?flag }
    OPTIONAL { ?f skg:component ?part . ?part rdf:value ?text ; skg:position ?position } }
} ORDER BY ?f ?position"""

INCIDENTS = PREFIXES + """
SELECT ?incident (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) (SAMPLE(?pl) AS ?placeLabel)
       (SAMPLE(?t) AS ?type) (SAMPLE(?ss) AS ?severityStated) (SAMPLE(?sr) AS ?severityByRule)
       (SAMPLE(?dead) AS ?deaths) (COUNT(DISTINCT ?g) AS ?documents) WHERE {
  GRAPH ?g {
    ?incident a skg:Incident .
    %(filters)s
    OPTIONAL { ?incident rdfs:label ?l }
    OPTIONAL { ?incident schema:startDate ?d }
    OPTIONAL { ?incident schema:location ?p . ?p rdfs:label ?pl }
    OPTIONAL { ?incident skg:incidentType ?t }
    OPTIONAL { ?incident skg:severityStated ?ss }
    OPTIONAL { ?incident skg:severityByRule ?sr }
    OPTIONAL { ?incident skg:deaths ?dead }
  }
} GROUP BY ?incident ORDER BY DESC(?documents) ?incident"""
"""Each document graph describes the incidents it cites (one row per graph): the facts
are sampled over the graphs, never multiplied across them."""

RESOURCE = PREFIXES + """
SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o }"""

CITING_DOCUMENTS = PREFIXES + """
SELECT ?doc (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) (SAMPLE(?l) AS ?level) WHERE {
  { SELECT DISTINCT ?doc WHERE { %(values)s GRAPH ?doc { ?sentence skg:mentions ?entity } } }
  OPTIONAL { ?doc dcterms:title ?t } OPTIONAL { ?doc dcterms:date ?d }
  OPTIONAL { ?doc skg:level ?l }
} GROUP BY ?doc ORDER BY ?date"""

LEVELS = PREFIXES + """
SELECT ?level ?label ?order WHERE {
  ?level a skg:Level ; skg:order ?order ; skos:prefLabel ?label . FILTER(lang(?label) = "zh-hans")
} ORDER BY ?order"""

STATS = PREFIXES + """
SELECT
  (COUNT(DISTINCT ?doc) AS ?documents)
WHERE { ?doc a skg:Document }"""

COUNT_OF_TYPE = PREFIXES + """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type }"""

TOP_CONCEPTS_BY_LEVEL = PREFIXES + """
SELECT ?level ?concept (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  { SELECT DISTINCT ?doc ?concept WHERE {
      GRAPH ?doc { ?concept a skos:Concept . FILTER EXISTS { ?sentence skg:mentions ?concept } } } }
  OPTIONAL { ?doc skg:level ?level }""" + NOT_A_REPOST + """
} GROUP BY ?level ?concept ORDER BY ?level DESC(?documents) ?concept"""


DESCRIBE_RESOURCE = PREFIXES + """
CONSTRUCT { ?s ?p ?o . ?part ?pp ?po . ?o ?lp ?label . } WHERE {
  { ?s ?p ?o }
  UNION { ?s skg:component ?part . ?part ?pp ?po . }
  UNION { ?s ?p ?o . FILTER(isIRI(?o))
          ?o ?lp ?label . FILTER(?lp IN (skos:prefLabel, rdfs:label, dcterms:title)) }
}"""
"""A resource's description: its triples, its components, and the labels of what it
links to (``/id/{kind}/{key}`` in RDF)."""

DESCRIBE_DOCUMENT = PREFIXES + """
CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?doc { ?s ?p ?o } }"""
"""A document's description is its named graph."""


def describe(store: Store, iris: Iris, kind: str, key: str) -> list[ox.Triple]:
    """The triples describing ``/id/{kind}/{key}`` (empty when the store has none)."""
    node = ox.NamedNode(iris.of(kind, key))
    if kind == "document":
        return list(store.query(DESCRIBE_DOCUMENT, bindings={"doc": node}))
    return list(store.query(DESCRIBE_RESOURCE, bindings={"s": node}))


# --- helpers -------------------------------------------------------------------------

def values(var: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    """A ``VALUES ?var { … }`` block of terms written by pyoxigraph (escaped N-Triples).

    >>> values("e", [ox.NamedNode("urn:a"), ox.Literal('x" }')])
    'VALUES ?e { <urn:a> "x\\\\" }" }'
    """
    return f"VALUES ?{var} {{ {' '.join(str(t) for t in terms)} }}"


def _value(term: object) -> object:
    """A term as a plain Python value: numbers as ``int``, everything else its text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype.value.endswith(
            ("#integer", "#nonNegativeInteger", "#int", "#long", "#positiveInteger")):
        try:
            return int(term.value)
        except ValueError:
            return term.value
    return term.value


def rows(store: Store, sparql: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict]:
    """The solutions of a SELECT as dicts of plain values (unbound → ``None``)."""
    result = store.query(sparql, bindings=bindings or None)
    names = [v.value for v in result.variables]
    return [{n: _value(row[n]) for n in names} for row in result]


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # loaded on first use: dictionaries are not import-time work

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional input as simplified (OpenCC t2s), so 雙重預防 finds 双重预防.

    >>> to_simplified("雙重預防")
    '双重预防'
    """
    return _t2s().convert(text)


def kind_of(iris: Iris, iri: str, stated: str | None = None) -> str:
    """A resource's kind: the concept's ``skg:kind``, else the kind in its IRI."""
    if stated:
        return stated
    parsed = iris.parse(iri)
    return parsed[0] if parsed else "resource"


_LABEL_PREDICATES = {"http://www.w3.org/2004/02/skos/core#prefLabel": 0,
                     "http://www.w3.org/2000/01/rdf-schema#label": 1,
                     "http://purl.org/dc/terms/title": 2}
_KIND = "https://w3id.org/safetykg/ontology#kind"


def labels(store: Store, iris: Iris, nodes: Iterable[str]) -> dict[str, dict]:
    """``{iri: {"label", "kind"}}`` for many resources, in one or two queries (per 200).

    What the label index (see :func:`_label_index`) knows is taken from it.

    The label is the Chinese (``zh-hans``) preferred label, else the Chinese
    ``rdfs:label``, else the title, else the key; the kind is ``skg:kind``, else the
    kind in the IRI. The lexicon (the default graph) is asked first; only what it does
    not label and kind is looked up in the documents' graphs, where a concept's label
    stands once per document naming it. Where one place has several, the first in
    code-point order wins.
    """
    nodes = list(dict.fromkeys(nodes))
    best: dict[str, tuple[int, str]] = {}
    kinds: dict[str, str] = {}
    index = _label_index(store)
    if index is not None:  # concepts, incidents, bodies, places, people: from memory
        for iri in nodes:
            if iri in index.label:
                best[iri] = (0, index.label[iri])
                if iri in index.kind:
                    kinds[iri] = index.kind[iri]
        nodes_to_read = [iri for iri in nodes if iri not in best]
    else:
        nodes_to_read = nodes
    for chunk in _chunks(nodes_to_read, 200):
        _read_labels(store, chunk, best, kinds, union=False)
        rest = [iri for iri in chunk if iri not in best or iri not in kinds]
        if rest:
            _read_labels(store, rest, best, kinds, union=True)
    return {iri: {"label": best[iri][1] if iri in best else _key(iris, iri),
                  "kind": kind_of(iris, iri, kinds.get(iri))} for iri in nodes}


def _read_labels(store: Store, nodes: list[str], best: dict, kinds: dict, *, union: bool) -> None:
    text = LABELS.replace("WHERE {", "WHERE { " + values("s", map(ox.NamedNode, nodes)), 1)
    found: dict[str, tuple[int, str]] = {}
    found_kinds: dict[str, str] = {}
    for r in store.query(text, union_default=union):
        subject, predicate, obj = r["s"].value, r["p"].value, r["o"]
        if predicate == _KIND:
            if subject not in found_kinds or obj.value < found_kinds[subject]:
                found_kinds[subject] = obj.value
            continue
        rank = _LABEL_PREDICATES[predicate]
        if rank < 2 and getattr(obj, "language", None) != "zh-hans":
            continue
        if subject not in found or (rank, obj.value) < found[subject]:
            found[subject] = (rank, obj.value)
    for subject, value in found.items():
        best.setdefault(subject, value)
    for subject, value in found_kinds.items():
        kinds.setdefault(subject, value)


def _key(iris: Iris, iri: str) -> str:
    parsed = iris.parse(iri)
    return parsed[1] if parsed else iri


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


EXISTS = "ASK { ?s ?p ?o }"


def exists(store: Store, iri: str) -> bool:
    """Whether the store says anything about ``iri`` (a cheap check before a named query)."""
    return bool(store.query(EXISTS, bindings={"s": ox.NamedNode(iri)}))


# --- search --------------------------------------------------------------------------

def search(store: Store, iris: Iris, text: str, *, limit: int = 20) -> list[dict]:
    """Resources whose label or alias contains ``text``, best first.

    Input may be traditional or simplified. Rank: exact preferred label, exact alias,
    label starting with the text, alias starting with it, containing it; then shorter
    labels first. Each hit: ``iri``, ``key``, ``kind``, ``label``, ``matched`` (of a
    resource's labels that match equally well: a preferred label before an alias, then
    the shortest).

    With the label index (the embedded store) only the best ``limit`` hits are labelled:
    a two-character query matches thousands of labels at 10,000 documents.
    """
    query = to_simplified(text.strip())
    if not query:
        return []
    index = _label_index(store)
    if index is not None:
        found = index.best(query, limit, lambda iri: _key(iris, iri))
    else:
        found = _best(((s, matched, how) for s, matched, how in _search_rows(store, query)),
                      query, limit, store, iris)
    info = labels(store, iris, [iri for iri, _, _ in found])
    return [{"iri": iri, "key": _key(iris, iri), "kind": info[iri]["kind"],
             "label": info[iri]["label"], "matched": matched, "rank": rank}
            for iri, rank, matched in found]


def _rank(query: str, matched: str, how: int) -> int:
    """0 exact label, 1 exact alias, 2 label starting with the text, 3 such an alias,
    4 label containing it, 5 such an alias (a name counts as a label)."""
    base = 0 if matched == query else 2 if matched.startswith(query) else 4
    return base + (1 if how == 1 else 0)


def _search_rows(store: Store, query: str) -> list[tuple[str, str, int]]:
    """``(resource, label, how)`` for every searchable label containing ``query``, asked
    of the engine (a store without the label index)."""
    return [(r["s"], r["matched"], r["how"]) for r in rows(store, SEARCH, q=ox.Literal(query))]


def _best(hits: Iterable[tuple[str, str, int]], query: str, limit: int, store: Store,
          iris: Iris) -> list[tuple[str, int, str]]:
    """The best ``limit`` of ``(resource, label, how)`` hits as ``(resource, rank,
    matched)``: each resource at its best rank, then shorter display labels first."""
    found: dict[str, tuple[int, str]] = {}
    best: dict[str, tuple] = {}
    for subject, matched, how in hits:
        rank = _rank(query, matched, how)
        order = (rank, how, len(matched), matched)  # of equals: the label, the shortest
        if subject not in best or order < best[subject]:
            best[subject] = order
            found[subject] = (rank, matched)
    named = {iri: d["label"] for iri, d in labels(store, iris, found).items()}
    ranked = sorted(found, key=lambda iri: (found[iri][0], len(named[iri]), named[iri], iri))[:limit]
    return [(iri, found[iri][0], found[iri][1]) for iri in ranked]


# --- concepts ------------------------------------------------------------------------

def concept(store: Store, iris: Iris, key: str) -> dict | None:
    """Everything a concept page shows, or ``None`` when the store has no such concept."""
    iri = iris.concept(key)
    node = ox.NamedNode(iri)
    facts = rows(store, CONCEPT, concept=node)
    if not facts:
        return None
    out: dict = {"iri": iri, "key": key, "label": key, "labels": {}, "aliases": [],
                 "definition": None, "source": None, "kind": None, "broader": [],
                 "narrower": [], "related": [], "in_scheme": False}
    links: dict[str, list[str]] = {"broader": [], "related": []}
    for f in facts:
        p, o = f["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1], f["o"]
        if p == "prefLabel":
            out["labels"].setdefault(f["lang"] or "", o)
        elif p == "altLabel" and o not in out["aliases"]:
            out["aliases"].append(o)
        elif p == "definition":
            out["definition"] = o
        elif p == "source":
            out["source"] = o
        elif p == "kind":
            out["kind"] = o
        elif p in links and o not in links[p]:
            links[p].append(o)
        elif p == "inScheme":
            out["in_scheme"] = True
    out["label"] = out["labels"].get("zh-hans", key)
    out["aliases"].sort()
    narrower = [r["narrower"] for r in rows(store, NARROWER, concept=node)]
    info = labels(store, iris, [*links["broader"], *links["related"], *narrower])
    for name, targets in (*links.items(), ("narrower", narrower)):
        out[name] = sorted(({"iri": t, "key": _key(iris, t), **info[t]} for t in targets),
                           key=lambda d: d["label"])
    out["components"] = components(store, node)
    out["counts"] = counts_by_level_year(store, iris, node)
    out["documents"] = sum(c["documents"] for c in out["counts"]["cells"])
    return out


def components(store: Store, node: ox.NamedNode) -> list[dict]:
    """The concept's components in order: the lexicon's, else those most stated in text."""
    found = rows(store, LEXICON_COMPONENTS, concept=node)
    origin = "lexicon"
    if not found:
        origin = "text"
        best: dict[int, dict] = {}
        for r in rows(store, TEXT_COMPONENTS, concept=node):
            best.setdefault(r["position"], r)
        found = [best[p] for p in sorted(best)]
    seen: set[int] = set()
    out = []
    for r in found:
        if r["position"] not in seen:
            seen.add(r["position"])
            out.append({"position": r["position"], "text": r["text"], "origin": origin})
    return out


def counts_by_level_year(store: Store, iris: Iris, node: ox.NamedNode) -> dict:
    """Documents (reposts once) and sentences naming the concept, per level and year."""
    cells = []
    for r in rows(store, COUNTS_BY_LEVEL_YEAR % {"values": values("concept", [node])}):
        level = _key(iris, r["level"]) if r["level"] else None
        cells.append({"level": level, "year": r["year"], "documents": r["documents"],
                      "sentences": r["sentences"]})
    return {"cells": cells}


def _filters(level: str | None, year: int | None, place: str | None = None) -> tuple[str, dict]:
    """Constant filter fragments and the bindings they need (values never in text)."""
    parts, bindings = [], {}
    if level:
        parts.append("?doc skg:level ?level_ .")
    if year is not None:
        parts.append("?doc skg:year ?year_ .")
    if place:
        parts.append("?doc dcterms:spatial ?place_ .")
    return "\n  ".join(parts), bindings


def _filter_bindings(iris: Iris, level: str | None, year: int | None,
                     place: str | None = None) -> dict:
    bindings = {}
    if level:
        bindings["level_"] = ox.NamedNode(iris.level(level))
    if year is not None:
        bindings["year_"] = _integer(year)
    if place:
        bindings["place_"] = ox.NamedNode(iris.of("place", place))
    return bindings


# --- documents -----------------------------------------------------------------------

def documents(store: Store, iris: Iris, *, level: str | None = None, place: str | None = None,
              year: int | None = None, page: int = 1, size: int = 50) -> dict:
    """Documents, newest first, filtered by level, place and year."""
    fragment, _ = _filters(level, year, place)
    text = DOCUMENTS % {"filters": fragment}
    found = rows(store, text, **_filter_bindings(iris, level, year, place))
    start = max(page - 1, 0) * size
    items = [_document_summary(iris, r) for r in found[start:start + size]]
    return {"total": len(found), "page": page, "size": size, "items": items}


def _document_summary(iris: Iris, r: dict) -> dict:
    return {"key": _key(iris, r["doc"]), "iri": r["doc"], "title": r["title"], "date": r["date"],
            "year": r["year"], "level": _key(iris, r["level"]) if r["level"] else None,
            "place": r["placeLabel"], "genre": r["genre"],
            "duplicate_of": _key(iris, r["duplicateOf"]) if r["duplicateOf"] else None}


_DOC_FIELDS = {"title": "title", "date": "date", "year": "year", "identifier": "key",
               "source": "source", "format": "format", "encoding": "encoding",
               "genre": "genre", "contentHash": "content_hash", "isString": "text",
               "sentenceCount": "sentences", "part": "part", "fingerprint": "fingerprint",
               "dateText": "date_text"}


def document(store: Store, iris: Iris, key: str) -> dict | None:
    """A document's metadata, cleaned text, mention spans, formulations, removed text."""
    iri = iris.document(key)
    node = ox.NamedNode(iri)
    facts = rows(store, DOCUMENT, doc=node)
    if not facts:
        return None
    out: dict = {"key": key, "iri": iri, "duplicates": []}
    refs: dict[str, str] = {}
    for f in facts:
        p = f["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if p in _DOC_FIELDS:
            out.setdefault(_DOC_FIELDS[p], f["o"])
        elif p in ("level", "spatial", "speaker"):
            refs[p] = f["o"]
        elif p == "duplicateOf":
            out["duplicates"].append(_key(iris, f["o"]))
    for name in _DOC_FIELDS.values():
        out.setdefault(name, "" if name == "text" else None)
    info = labels(store, iris, refs.values())
    out["level"] = _key(iris, refs["level"]) if "level" in refs else None
    out["level_label"] = info[refs["level"]]["label"] if "level" in refs else None
    out["place"] = info[refs["spatial"]]["label"] if "spatial" in refs else None
    out["speaker"] = info[refs["speaker"]]["label"] if "speaker" in refs else None
    spans = rows(store, DOCUMENT_SPANS, doc=node)
    named = labels(store, iris, (s["entity"] for s in spans))
    out["mentions"] = [{"start": s["begin"], "end": s["end"], "iri": s["entity"],
                        "key": _key(iris, s["entity"]), **named[s["entity"]]} for s in spans]
    out["removed"] = rows(store, DOCUMENT_REMOVED, doc=node)
    out["formulations"] = _formulations(store, iris, node)
    return out


def _formulations(store: Store, iris: Iris, node: ox.NamedNode) -> list[dict]:
    found: dict[str, dict] = {}
    # the graph's IRI is written into the text (a pyoxigraph-serialised term): bound
    # through VALUES, the engine would match every formulation of every graph first
    for r in rows(store, DOCUMENT_FORMULATIONS % {"doc": str(node)}):
        f = found.setdefault(r["f"], {"name": r["name"], "concept": _key(iris, r["concept"]),
                                      "count": r["count"], "flag": r["flag"], "components": []})
        if r["text"] is not None and r["text"] not in f["components"]:
            f["components"].append(r["text"])
    return list(found.values())


# --- incidents -----------------------------------------------------------------------

def incidents(store: Store, iris: Iris, *, year: int | None = None,
              severity: str | None = None, page: int = 1, size: int = 50) -> dict:
    """Incidents cited in the corpus, most cited first."""
    parts, bind = [], {}
    if severity:
        parts.append("?incident skg:severityByRule ?severity_ .")
        bind["severity_"] = ox.Literal(severity, language="zh-hans")
    found = rows(store, INCIDENTS % {"filters": "\n  ".join(parts)}, **bind)
    items = []
    for r in found:
        if year is not None and not str(r["date"] or "").startswith(str(year)):
            continue
        items.append({"key": _key(iris, r["incident"]), "iri": r["incident"], "label": r["label"],
                      "date": r["date"], "place": r["placeLabel"], "type": r["type"],
                      "severity_stated": r["severityStated"],
                      "severity_by_rule": r["severityByRule"], "deaths": r["deaths"],
                      "documents": r["documents"]})
    start = max(page - 1, 0) * size
    return {"total": len(items), "page": page, "size": size, "items": items[start:start + size]}


def incident(store: Store, iris: Iris, key: str) -> dict | None:
    iri = iris.of("incident", key)
    node = ox.NamedNode(iri)
    facts = rows(store, RESOURCE, s=node)
    if not facts:
        return None
    out: dict = {"key": key, "iri": iri, "facts": {}}
    for f in facts:
        p = f["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if p == "type":
            continue
        out["facts"].setdefault(p, f["o"])
    out["label"] = out["facts"].get("label", key)
    if "location" in out["facts"]:
        out["facts"]["location"] = labels(store, iris, [out["facts"]["location"]])[
            out["facts"]["location"]]["label"]
    out["documents"] = [{"key": _key(iris, r["doc"]), "title": r["title"], "date": r["date"],
                         "level": _key(iris, r["level"]) if r["level"] else None}
                        for r in citing_documents(store, node)]
    return out


def citing_documents(store: Store, node: ox.NamedNode) -> list[dict]:
    """The documents with a sentence naming ``node``: ``doc``, ``title``, ``date``, ``level``."""
    return rows(store, CITING_DOCUMENTS % {"values": values("entity", [node])})


def levels(store: Store, iris: Iris) -> list[dict]:
    return [{"key": _key(iris, r["level"]), "label": r["label"], "order": r["order"]}
            for r in rows(store, LEVELS)]


# --- corpus statistics ----------------------------------------------------------------

_SKG = "https://w3id.org/safetykg/ontology#"
_TYPES = {"documents": _SKG + "Document", "sentences": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence",
          "concepts": "http://www.w3.org/2004/02/skos/core#Concept", "incidents": _SKG + "Incident",
          "bodies": "http://www.w3.org/ns/org#Organization", "places": "https://schema.org/AdministrativeArea",
          "people": "https://schema.org/Person"}


def stats(store: Store) -> dict:
    """How many documents, sentences, concepts, incidents … the store holds."""
    return {name: rows(store, COUNT_OF_TYPE, type=ox.NamedNode(t))[0]["n"]
            for name, t in _TYPES.items()}


def top_concepts_by_level(store: Store, iris: Iris, *, per_level: int = 8) -> list[dict]:
    """The concepts named in most documents at each level (reposts once)."""
    found: dict[str | None, list] = {}
    for r in rows(store, TOP_CONCEPTS_BY_LEVEL):
        level = _key(iris, r["level"]) if r["level"] else None
        found.setdefault(level, []).append(r)
    known = levels(store, iris)
    order = {lv["key"]: lv for lv in known}
    out = []
    for level in sorted(found, key=lambda lv: (order[lv]["order"] if lv in order else 99)):
        top = found[level][:per_level]
        info = labels(store, iris, (r["concept"] for r in top))
        out.append({"level": level, "label": order[level]["label"] if level in order else "未标明层级",
                    "concepts": [{"key": _key(iris, r["concept"]), "documents": r["documents"],
                                  **info[r["concept"]]} for r in top]})
    return out


# --- the label index -----------------------------------------------------------------

_FACTS = """
  { VALUES ?p { skos:prefLabel skos:altLabel rdfs:label skg:kind } ?s ?p ?o }
  UNION { VALUES ?p { rdf:type }
          VALUES ?o { skg:Incident org:Organization schema:AdministrativeArea schema:Person }
          ?s ?p ?o }"""

ALL_LABEL_FACTS = (PREFIXES + "SELECT ?s ?p ?o (COUNT(*) AS ?quads) WHERE {\n  { " + _FACTS + " }\n"
                   "  UNION { GRAPH ?g { " + _FACTS + " } }\n} GROUP BY ?s ?p ?o")
"""What the label index is built from: the labels, aliases, names and kinds, and the types
whose names are searched, each with the number of quads stating it in any graph. The
engine counts (a concept's label stands once per document naming it): the index keeps
those counts so that a document's share can later be taken away (:class:`_LabelCounts`)."""

GRAPH_LABEL_FACTS = PREFIXES + "SELECT ?g ?s ?p ?o WHERE {\n  GRAPH ?g { " + _FACTS + " }\n}"
"""The same, quad by quad, for some named graphs (a ``VALUES ?g`` block is put in front)."""

_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _facts(p: str, o: ox.NamedNode | ox.Literal) -> tuple[tuple, ...]:
    """What one quad tells the index about its subject: ``("t", text, how)`` a searched
    label (how: 0 preferred, 1 alias), ``("n", text)`` a name (searched when the subject is
    typed), ``("p", text)``/``("r", text)`` a Chinese preferred label or name (for
    :func:`labels`), ``("k", kind)``, ``("y",)`` a type whose names are searched."""
    value, zh = o.value, getattr(o, "language", None) == "zh-hans"
    if p == _PREF:
        return (("t", value, 0), ("p", value)) if zh else (("t", value, 0),)
    if p == _ALT:
        return (("t", value, 1),)
    if p == _RDFS_LABEL:
        return (("n", value), ("r", value)) if zh else (("n", value),)
    if p == _KIND:
        return (("k", value),)
    return (("y",),) if p == _TYPE else ()


def _read_facts(store: Store, graphs: list[str]) -> dict[str, Counter[tuple[str, tuple]]]:
    """``{graph: {(subject, fact): quads stating it}}`` of the named ``graphs`` (each
    present, empty when the store no longer has it)."""
    if not graphs:
        return {}
    block = values("g", map(ox.NamedNode, graphs))
    found = {g: Counter() for g in graphs}
    for g, s, p, o in store.query(GRAPH_LABEL_FACTS.replace("WHERE {", "WHERE { " + block, 1),
                                  union_default=False):
        found[g.value].update((s.value, fact) for fact in _facts(p.value, o))
    return found


def _read_all_facts(store: Store) -> dict[str, list[tuple[tuple, int]]]:
    """``{subject: [(fact, quads stating it), …]}`` over the whole store; a fact comes
    twice when two statements give it (a label in two languages). Equal facts are one
    object (a formulation's name stands in thousands of documents)."""
    found: dict[str, list[tuple[tuple, int]]] = {}
    shared: dict[tuple, tuple] = {}
    for s, p, o, quads in store.query(ALL_LABEL_FACTS, union_default=False):
        facts = _facts(p.value, o)
        if facts:
            n, subject = int(quads.value), s.value
            entry = found.get(subject)
            if entry is None:
                entry = found[subject] = []
            entry.extend((shared.setdefault(fact, fact), n) for fact in facts)
    return found


class _LabelCounts:
    """How many quads state each fact of each subject (see :func:`_facts`), so that a
    graph can be taken out or put back without reading the others: the union of graphs
    repeats a concept's label once per document naming it. A fact is known while its
    count is above zero.

    Most subjects are a document's formulations and incidents, named alike across
    documents: a subject's facts are kept as one sorted tuple of ``(fact, count)``, and a
    build makes equal tuples one object, so memory grows with the subjects' IRIs, not
    with a dictionary per subject.
    """

    def __init__(self, found: dict[str, list[tuple[tuple, int]]] | None = None) -> None:
        """From :func:`_read_all_facts` (emptied as it is read: one copy at a time)."""
        found = found if found is not None else {}
        shared: dict[tuple, tuple] = {}
        self.subjects: dict[str, tuple[tuple[tuple, int], ...]] = {}
        for subject in list(found):
            facts: dict[tuple, int] = {}
            for fact, n in found.pop(subject):
                facts[fact] = facts.get(fact, 0) + n
            entry = tuple(sorted(facts.items()))
            self.subjects[subject] = shared.setdefault(entry, entry)

    def change(self, old: dict[str, Counter], new: dict[str, Counter]) -> set[str]:
        """Take each graph's ``old`` facts out and its ``new`` ones in; returns the
        subjects whose facts changed."""
        deltas: dict[str, dict[tuple, int]] = {}
        for graph in old.keys() | new.keys():
            before, after = old.get(graph, Counter()), new.get(graph, Counter())
            for subject, fact in before.keys() | after.keys():
                delta = after[subject, fact] - before[subject, fact]
                if delta:
                    facts = deltas.setdefault(subject, {})
                    facts[fact] = facts.get(fact, 0) + delta
        changed: set[str] = set()
        for subject, delta in deltas.items():
            facts = dict(self.subjects.get(subject, ()))
            for fact, d in delta.items():
                if not d:
                    continue
                n = facts.get(fact, 0) + d
                if (n > 0) != (fact in facts):
                    changed.add(subject)
                if n > 0:
                    facts[fact] = n
                else:
                    facts.pop(fact, None)
            if facts:
                self.subjects[subject] = tuple(sorted(facts.items()))
            else:
                self.subjects.pop(subject, None)
        return changed

    def entry(self, subject: str) -> tuple[tuple[tuple[str, int], ...], str | None, str | None]:
        """The subject's searched labels ``(text, how)``, its label and its kind."""
        facts = [fact for fact, _ in self.subjects.get(subject, ())]
        typed = ("y",) in facts
        searched, best, kind = set(), None, None
        for fact in facts:
            tag = fact[0]
            if tag == "t":
                searched.add(fact[1:])
            elif tag == "n" and typed:
                searched.add((fact[1], 2))
            elif tag == "p" or (tag == "r" and typed):
                candidate = (0 if tag == "p" else 1, fact[1])
                best = candidate if best is None or candidate < best else best
            elif tag == "k":
                kind = fact[1] if kind is None or fact[1] < kind else kind
        return tuple(sorted(searched)), best[1] if best else None, kind


class _LabelIndex:
    """Every searchable label of one store state, in memory: a search is a scan of a few
    thousand strings instead of a scan of the union of graphs, where each label stands
    once per document naming the resource. Never changed once made (readers hold it
    without a lock); :meth:`updated` makes the next one."""

    def __init__(self, searched: dict[str, tuple], label: dict[str, str],
                 kind: dict[str, str]) -> None:
        self.searched = searched
        self.label = label
        self.kind = kind
        self._made: _LabelScan | None = None

    @classmethod
    def of(cls, counts: _LabelCounts) -> _LabelIndex:
        return cls({}, {}, {}).updated(counts, counts.subjects)

    def updated(self, counts: _LabelCounts, subjects: Iterable[str]) -> _LabelIndex:
        """A new index: this one with the ``subjects`` read again from ``counts``."""
        searched, label, kind = dict(self.searched), dict(self.label), dict(self.kind)
        for subject in subjects:
            for table, value in zip((searched, label, kind), counts.entry(subject)):
                if value:
                    table[subject] = value
                else:
                    table.pop(subject, None)
        return _LabelIndex(searched, label, kind)

    def containing(self, text: str) -> list[tuple[str, str, int]]:
        """``(resource, label, how)`` for every searchable label containing ``text``."""
        return sorted((subject, label, how) for subject, entries in self.searched.items()
                      for label, how in entries if text in label)

    def best(self, query: str, limit: int, key: Callable[[str], str]) -> list[tuple[str, int, str]]:
        """As :func:`_best`, from memory: ``(resource, rank, matched)`` for the best
        ``limit`` resources with a label containing ``query``. ``key`` names a resource
        without a label (as :func:`labels` does)."""
        return self._scan(key).best(query, limit)

    @property
    def scanned(self) -> bool:
        """Whether the layout a search scans is made (the first search after a write makes it)."""
        return self._made is not None

    def _scan(self, key: Callable[[str], str]) -> _LabelScan:
        scan = self._made
        if scan is None:  # made on first use, once per index: writes do not pay for it
            scan = self._made = _LabelScan(self.searched, self.label, key)
        return scan


class _LabelScan:
    """One index's searchable labels laid out for a fast search: every distinct label in
    one string (``\\x00`` before each), scanned by the regex engine in C, and every
    resource numbered in the order hits are shown (shorter display label first), so that
    ranking a hit is comparing small tuples, and only the shown ones are labelled.
    Memory: about the labels' text again, and three integers per (label, resource)."""

    def __init__(self, searched: dict[str, tuple], label: dict[str, str],
                 key: Callable[[str], str]) -> None:
        def display(subject: str) -> tuple[int, str, str]:
            name = label.get(subject) or key(subject)
            return len(name), name, subject

        self.subjects = sorted(searched, key=display)
        entries: dict[str, list[tuple[int, int]]] = {}
        for order, subject in enumerate(self.subjects):
            for text, how in searched[subject]:
                entries.setdefault(text, []).append((order, how))
        self.texts = sorted(entries)  # text order: of equal labels, the first in code points
        self.entries = [entries[t] for t in self.texts]
        self.starts: list[int] = []
        at = 1
        for text in self.texts:
            self.starts.append(at)
            at += len(text) + 1
        self.joined = "\x00" + "\x00".join(self.texts)

    def best(self, query: str, limit: int) -> list[tuple[str, int, str]]:
        starts, texts = self.starts, self.texts
        if "\x00" in query:  # the separator itself (a label may hold it): each label alone
            found = {i for i, text in enumerate(texts) if query in text}
        else:
            found = {bisect_right(starts, match.start()) - 1
                     for match in re.finditer(re.escape(query), self.joined)}
        hits = [(_rank(query, texts[i], how), order, how, len(texts[i]), i)
                for i in found for order, how in self.entries[i]]
        hits.sort()
        out: list[tuple[str, int, str]] = []
        shown: set[int] = set()
        for rank, order, _, _, i in hits:
            if order not in shown:  # a resource at its best rank, then its best label
                shown.add(order)
                out.append((self.subjects[order], rank, texts[i]))
                if len(out) == limit:
                    break
        return out


@dataclass(frozen=True)
class _Labels:
    """The label index and the counts it is made from. The counts change in place on each
    update (only under the index's lock); the index is new each time."""

    counts: _LabelCounts
    index: _LabelIndex


def _build_labels(store: Store) -> _Labels:
    counts = _LabelCounts(_read_all_facts(store))
    return _Labels(counts, _LabelIndex.of(counts))


def _update_labels(labels: _Labels, old: dict[str, Counter], new: dict[str, Counter]) -> _Labels:
    subjects = labels.counts.change(old, new)
    return _Labels(labels.counts, labels.index.updated(labels.counts, subjects))


LABEL_INDEX = derived.register(derived.Derived("labels", build=_build_labels, read=_read_facts,
                                               update=_update_labels))
"""The label index as one of the store's derived indexes (:mod:`graph.derived`)."""


def search_is_immediate(store: Store) -> bool:
    """Whether :func:`search` would answer from a built, current label index already laid
    out for scanning (a millisecond or two), rather than build one (seconds), lay it out
    after a write (0.1 s at 10,000 documents) or ask the engine."""
    if not derived.ready(store, LABEL_INDEX):
        return False
    labels = _indexed(store)
    return labels is not None and labels.index.scanned


def _indexed(store: Store) -> _Labels | None:
    """The store's label index with its counts (``None`` for a store that does not count
    its writes: a remote store others may write is asked each time)."""
    return derived.current(store, LABEL_INDEX)


def _label_index(store: Store) -> _LabelIndex | None:
    """The store's label index, built on first use and kept current after each write.

    A write made through :func:`changing` (every document write of
    :class:`graph.kg.KnowledgeGraph`) updates the index from the graphs it touched; any
    other write (the lexicon, an import) leaves it behind its store, and the next reader
    builds it again from the whole store.
    """
    labels = _indexed(store)
    return labels.index if labels is not None else None


@contextmanager
def changing(store: Store, graphs: Iterable[str] | Callable[[], Iterable[str]]) -> Iterator[None]:
    """Around one write to ``store`` that changes searchable labels in the named
    ``graphs`` only: the label index, if current, is updated from those graphs (read
    before and after the write) instead of being built again from the whole store — and
    so is every other index derived from the store (:func:`graph.derived.changing`).

    Readers that find the index stale wait for the update; when anything else wrote the
    store meanwhile, the index is left stale and the next reader rebuilds it.

    >>> from graph.store import open_store
    >>> store, iris = open_store(":memory:"), Iris()
    >>> search(store, iris, "张三")
    []
    >>> doc, person = ox.NamedNode(iris.document("a")), ox.NamedNode(iris.of("person", "张三"))
    >>> named = ox.Literal("张三", language="zh-hans")
    >>> quads = [ox.Quad(person, ox.NamedNode(_TYPE), ox.NamedNode("https://schema.org/Person"), doc),
    ...          ox.Quad(person, ox.NamedNode(_RDFS_LABEL), named, doc)]
    >>> with changing(store, [doc.value]):
    ...     store.write(drop=[doc.value], insert=quads)
    >>> [hit["label"] for hit in search(store, iris, "张三")]
    ['张三']
    """
    with derived.changing(store, graphs):
        yield



