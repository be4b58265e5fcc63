"""Evidence pages: the sentences naming a concept, newest document first.

A page is asked as three queries on a store without the mention index (the count, the
page's ``(sentence, document)`` pairs in order, the page's sentences). The count and the
order need every sentence naming the concept, sorted, which grows with the corpus (113
ms for a common concept at 10,000 documents); with the mention index
(:func:`graph.network.mention_index`), which knows how many sentences of each document
name the concept and each document's date, level and year, the documents are put in page
order once per index state (:meth:`graph.network.MentionIndex.in_date_order`), the count
is their running sum, the documents holding the page are found by bisection, and only
their sentences are read. Both paths give the same answer
(tests/graph/test_evidence.py compares them).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import pyoxigraph as ox

from graph import queries
from graph.iris import Iris
from graph.network import MentionIndex, mention_index
from graph.queries import PREFIXES, rows
from graph.store import Store

EVIDENCE_PAGE = PREFIXES + """
SELECT DISTINCT ?sentence ?doc ?date ?begin WHERE {
  GRAPH ?doc { ?sentence skg:mentions ?concept ; nif:beginIndex ?begin . }
  %(filters)s
  OPTIONAL { ?doc dcterms:date ?date }
} ORDER BY DESC(?date) ?doc ?begin"""

EVIDENCE_COUNT = PREFIXES + """
SELECT (COUNT(DISTINCT ?sentence) AS ?n) WHERE {
  GRAPH ?doc { ?sentence skg:mentions ?concept . }
  %(filters)s
}"""

SENTENCES_OF_DOCUMENT = """{ GRAPH %(doc)s { ?sentence skg:mentions ?concept ; nif:beginIndex ?begin . }
    BIND(%(doc)s AS ?doc) }"""
"""The sentences of one document naming ``?concept``; a page's documents are a ``UNION`` of
these. (With ``VALUES ?doc`` before ``GRAPH ?doc``, Oxigraph matched the pattern in every
graph and joined after: 35 ms instead of 1 ms for a concept named in 10,000 documents.)"""

SENTENCES = PREFIXES + """
SELECT ?sentence ?text ?begin ?end ?doc ?title ?date ?level ?placeLabel ?mBegin ?mEnd WHERE {
  %(values)s
  GRAPH ?doc {
    ?sentence nif:anchorOf ?text ; nif:beginIndex ?begin ; nif:endIndex ?end .
    OPTIONAL { ?mention nif:sentence ?sentence ; skg:denotes ?concept ;
               nif:beginIndex ?mBegin ; nif:endIndex ?mEnd . }
  }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc skg:level ?level }
  OPTIONAL { ?doc dcterms:spatial ?place . GRAPH ?doc { ?place rdfs:label ?placeLabel } }
}"""
"""The sentences of one evidence page (a ``VALUES (?sentence ?doc)`` block), with the
spans naming the concept: one query for the page. (Here the bound sentence leads the
match, so the block is not the slow join :data:`SENTENCES_OF_DOCUMENT` avoids; writing
each sentence's graph in instead was slower.)"""


def evidence(store: Store, iris: Iris, key: str, *, level: str | None = None,
             year: int | None = None, page: int = 1, size: int = 20) -> dict:
    """Sentences naming the concept, newest document first, with where the name stands.

    Each item: the sentence (text, offsets into its document), the document (key,
    title, date, level, place) and the mention spans relative to the sentence. Order:
    document date, newest first (documents without a date last), then document IRI,
    then place in the document. ``total`` counts the sentences passing the filters.
    """
    node = ox.NamedNode(iris.concept(key))
    offset, size = max(page - 1, 0) * size, int(size)
    index = mention_index(store)
    if index is not None:
        total, order = _page_from_index(store, index, iris, node, level, year, offset, size)
    else:
        total, order = _page_from_engine(store, iris, node, level, year, offset, size)
    found = _sentences(store, iris, order, node)
    return {"key": key, "total": total, "page": page, "size": size,
            "items": [found[sentence] for sentence, _ in order if sentence in found]}


def _page_from_engine(store: Store, iris: Iris, node: ox.NamedNode, level: str | None,
                      year: int | None, offset: int, size: int) -> tuple[int, list[tuple[str, str]]]:
    """``(total, the page's (sentence, document) pairs)``, asked of the engine."""
    fragment, _ = queries._filters(level, year)
    bind = {"concept": node, **queries._filter_bindings(iris, level, year)}
    total = rows(store, EVIDENCE_COUNT % {"filters": fragment}, **bind)[0]["n"]
    text = EVIDENCE_PAGE % {"filters": fragment} + f"\nLIMIT {int(size)} OFFSET {int(offset)}"
    return total, [(r["sentence"], r["doc"]) for r in rows(store, text, **bind)]


def _page_from_index(store: Store, index: MentionIndex, iris: Iris, node: ox.NamedNode,
                     level: str | None, year: int | None, offset: int,
                     size: int) -> tuple[int, list[tuple[str, str]]]:
    """The same from the mention index: the documents holding the page are found by
    bisection on their running sentence counts, and only their sentences are read."""
    order, running = index.in_date_order(node.value, iris.level(level) if level else None, year)
    total = running[-1] if running else 0
    if size <= 0 or offset >= total:
        return total, []
    first = bisect_right(running, offset)  # the first document with a sentence past the offset
    last = min(bisect_left(running, offset + size), len(order) - 1)
    holding = [index.docs[d] for d in order[first:last + 1]]
    union = " UNION ".join(SENTENCES_OF_DOCUMENT % {"doc": ox.NamedNode(doc)} for doc in holding)
    found = rows(store, PREFIXES + f"SELECT DISTINCT ?sentence ?doc ?begin WHERE {{ {union} }}",
                 concept=node)
    where = {doc: i for i, doc in enumerate(holding)}
    found.sort(key=lambda r: (where[r["doc"]], r["begin"], r["sentence"]))
    start = offset - (running[first - 1] if first else 0)
    return total, [(r["sentence"], r["doc"]) for r in found[start:start + size]]


def _sentences(store: Store, iris: Iris, page: list[tuple[str, str]],
               concept: ox.NamedNode) -> dict[str, dict]:
    """The evidence items of a page's ``(sentence, document)`` pairs, in one query."""
    if not page:
        return {}
    pairs = " ".join(f"({ox.NamedNode(s)} {ox.NamedNode(d)})" for s, d in page)
    text = SENTENCES % {"values": f"VALUES (?sentence ?doc) {{ {pairs} }}"}
    out: dict[str, dict] = {}
    spans: dict[str, set] = {}
    for r in rows(store, text, concept=concept):
        sentence = r["sentence"]
        if sentence not in out:
            out[sentence] = {
                "sentence": sentence, "text": r["text"], "start": r["begin"], "end": r["end"],
                "document": queries._key(iris, r["doc"]), "document_iri": r["doc"],
                "title": r["title"], "date": r["date"],
                "level": queries._key(iris, r["level"]) if r["level"] else None,
                "place": r["placeLabel"]}
            spans[sentence] = set()
        if r["mBegin"] is not None:
            begin = out[sentence]["start"]
            spans[sentence].add((r["mBegin"] - begin, r["mEnd"] - begin))
    for sentence, item in out.items():
        item["mentions"] = [{"start": s, "end": e} for s, e in sorted(spans[sentence])]
    return out
