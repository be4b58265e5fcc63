"""How a concept spread: per level and year, the documents naming it (reposts once), and
per level the first document that did.

On a store without the mention index the documents naming the concept are asked with
their level, year, date and repost status (:data:`DIFFUSION`), which grows with the
documents naming it (90 ms for a common concept at 10,000 documents); the mention index
(:func:`graph.network.mention_index`) holds those facts per document, so the answer is
counted in memory. Both paths give the same answer (tests/graph/test_evidence.py).
"""

from __future__ import annotations

import pyoxigraph as ox

from graph import queries
from graph.iris import Iris
from graph.network import DocumentFacts, mention_index
from graph.queries import PREFIXES, rows
from graph.store import Store

DIFFUSION = PREFIXES + """
SELECT DISTINCT ?doc ?level ?year ?date ?dup WHERE {
  { SELECT DISTINCT ?doc WHERE { %(values)s GRAPH ?doc { ?sentence skg:mentions ?concept } } }
  OPTIONAL { ?doc skg:level ?level }
  OPTIONAL { ?doc skg:year ?year }
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc skg:duplicateOf ?dup . FILTER(STR(?dup) < STR(?doc)) }
}"""


def diffusion(store: Store, iris: Iris, key: str) -> dict:
    """Per level and year: how many documents name the concept (reposts once), and
    per level the first document that did (the earliest date; of equal dates, the
    first IRI)."""
    node = ox.NamedNode(iris.concept(key))
    index = mention_index(store)
    if index is not None:
        docs = {doc: facts for doc, _, facts in index.documents_with_facts(node.value)}
    else:
        docs = _documents_naming(store, node)
    cells: dict[tuple, int] = {}
    first: dict[str | None, dict] = {}
    for doc, d in sorted(docs.items()):
        if d.repost:
            continue
        level = queries._key(iris, d.level) if d.level else None
        cells[(level, d.year)] = cells.get((level, d.year), 0) + 1
        known = first.get(level)
        if d.date and (known is None or str(d.date) < str(known["date"])):
            first[level] = {"date": d.date, "document": queries._key(iris, doc)}
    order = {lv["key"]: lv["order"] for lv in queries.levels(store, iris)}
    by_level = sorted({lv for lv, _ in cells}, key=lambda lv: (order.get(lv, 99), lv or ""))
    return {"key": key, "levels": [
        {"level": lv, "first_mention": first.get(lv),
         "years": [{"year": y, "documents": n} for (l2, y), n in sorted(
             cells.items(), key=lambda kv: (kv[0][1] is None, kv[0][1] or 0)) if l2 == lv]}
        for lv in by_level]}


def _documents_naming(store: Store, node: ox.NamedNode) -> dict[str, DocumentFacts]:
    """The documents naming ``node`` with their facts, asked of the engine (of several
    values, the first row's; a repost when any earlier document is its twin)."""
    docs: dict[str, DocumentFacts] = {}
    for r in rows(store, DIFFUSION % {"values": queries.values("concept", [node])}):
        known = docs.get(r["doc"])
        if known is None:
            known = DocumentFacts(r["year"], r["level"], r["date"], False)
        docs[r["doc"]] = DocumentFacts(known.year, known.level, known.date,
                                       known.repost or r["dup"] is not None)
    return docs
