"""The networkx projection: entities and their links, without sentences.

Two entities are linked when one sentence names both (``co-occurs``, weight = the number
of such sentences) or when the lexicon links them (``broader``, ``narrower``,
``related``); a concept is linked to the documents naming it (``mentioned in``). Views,
paths and rankings are computed on this projection; it is built from named queries
(values bound, never pasted) so it works over every store engine.

Co-occurrence is the part that grows with the corpus: a concept named in every
document is linked to its neighbours by thousands of sentences. Aggregating those at
query time made a neighbourhood cost grow linearly with the corpus, so on the embedded
engine the counts live in memory instead (:class:`_MentionIndex`): one pass over each
document graph's ``skg:mentions`` gives, per entity, its co-occurring entities with
sentence counts, how many documents name it and the first year one did, and the
documents naming it already sorted by weight. A neighbourhood then costs what its
answer needs (the links of the frontier, the ``limit`` heaviest documents), not what
the corpus holds. The index is built on first use and again after a write, exactly
like the label index of :mod:`graph.queries` (the store's ``generation`` says when);
a remote store, which another process may write, is asked with the queries below.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Collection, Iterable
from itertools import permutations

import networkx as nx
import pyoxigraph as ox

from graph import queries
from graph.iris import Iris
from graph.store import Store

CO_OCCURRING_MANY = queries.PREFIXES + """
SELECT ?from ?to (COUNT(DISTINCT ?sentence) AS ?weight) WHERE {
  %(values)s
  GRAPH ?doc { ?sentence skg:mentions ?from . ?sentence skg:mentions ?to . }
  FILTER(?to != ?from)
} GROUP BY ?from ?to"""

SKOS_LINKS_MANY = queries.PREFIXES + """
SELECT DISTINCT ?from ?to ?relation WHERE {
  %(values)s
  { ?from skos:broader ?to . BIND("broader" AS ?relation) }
  UNION { ?to skos:broader ?from . BIND("narrower" AS ?relation) }
  UNION { ?from skos:related ?to . BIND("related" AS ?relation) }
  UNION { ?to skos:related ?from . BIND("related" AS ?relation) }
}"""

NODE_FACTS = queries.PREFIXES + """
SELECT ?e (COUNT(?doc) AS ?documents) (MIN(?year) AS ?first) WHERE {
  { SELECT DISTINCT ?e ?doc WHERE { %(values)s GRAPH ?doc { ?sentence skg:mentions ?e } } }
  OPTIONAL { ?doc skg:year ?year }
} GROUP BY ?e"""
"""How many documents name each entity, and the first year one did. A sentence lives in
its document's graph, so ``GRAPH ?doc`` finds the document without a join."""

DEFINITIONS = queries.PREFIXES + """
SELECT ?e (SAMPLE(?d) AS ?definition) WHERE { %(values)s ?e skos:definition ?d } GROUP BY ?e"""

CO_OCCURRING_CONCEPTS = queries.PREFIXES + """
SELECT ?a ?b (COUNT(DISTINCT ?sentence) AS ?weight) WHERE {
  GRAPH ?doc { ?sentence skg:mentions ?a ; skg:mentions ?b .
               ?a a skos:Concept . ?b a skos:Concept .
               %(filters)s }
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b"""

DOCUMENT_KIND = "document"

_SKG = "https://w3id.org/safetykg/ontology#"
MENTIONS, YEAR = ox.NamedNode(_SKG + "mentions"), ox.NamedNode(_SKG + "year")


class _MentionIndex:
    """What the co-occurrence queries above answer, for one store state, in memory.

    Built by one pass over the ``skg:mentions`` of each named graph (a sentence lives in
    its document's graph, so the graph is the document). Entities are numbered; per
    entity it keeps its co-occurring entities with the number of sentences naming both,
    and the documents naming it as ``(weight, document)`` sorted as
    :data:`graph.queries.DOCUMENTS_MENTIONING` sorts them. Memory grows with the
    distinct (entity, entity) and (entity, document) pairs, not with the sentences.
    """

    def __init__(self, engine: ox.Store) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self.docs: list[str] = []
        years: dict[str, int] = {}
        for q in engine.quads_for_pattern(None, YEAR, None, None):
            try:
                year = int(q.object.value)
            except ValueError:
                continue
            doc = q.subject.value
            years[doc] = min(year, years.get(doc, year))
        pairs: Counter[tuple[int, int]] = Counter()
        mentioned_in: dict[int, list[tuple[int, int]]] = {}
        self.first_year: dict[int, int | None] = {}
        ids = self.ids
        for graph in engine.named_graphs():
            sentences: dict[str, set[int]] = {}
            for q in engine.quads_for_pattern(None, MENTIONS, None, graph):
                iri = q.object.value
                e = ids.get(iri)
                if e is None:
                    e = ids[iri] = len(self.names)
                    self.names.append(iri)
                sentences.setdefault(q.subject.value, set()).add(e)
            if not sentences:
                continue
            doc = len(self.docs)
            self.docs.append(graph.value)
            year = years.get(graph.value)
            per_doc: Counter[int] = Counter()
            for entities in sentences.values():  # Counter.update counts in C
                per_doc.update(entities)
                if len(entities) > 1:
                    pairs.update(permutations(entities, 2))
            for e, n in per_doc.items():
                mentioned_in.setdefault(e, []).append((n, doc))
                if year is None:  # as NODE_FACTS: MIN over a group with an unbound year is unbound
                    self.first_year[e] = None
                elif e not in self.first_year or (self.first_year[e] is not None and year < self.first_year[e]):
                    self.first_year[e] = year
        self.co: dict[int, dict[int, int]] = {}
        for (a, b), n in pairs.items():
            self.co.setdefault(a, {})[b] = n
        self.mentioned_in = {e: sorted(naming, key=lambda p: (-p[0], self.docs[p[1]]))
                             for e, naming in mentioned_in.items()}

    def co_occurring(self, nodes: Iterable[str]) -> Iterable[tuple[str, str, int]]:
        names = self.names
        for node in nodes:
            e = self.ids.get(node)
            for other, weight in (self.co.get(e, {}) if e is not None else {}).items():
                yield node, names[other], weight

    def documents_mentioning(self, node: str) -> list[tuple[int, int]]:
        e = self.ids.get(node)
        return self.mentioned_in.get(e, []) if e is not None else []

    def facts(self, node: str) -> tuple[int, int | None] | None:
        """``(documents naming it, first year)``, or ``None`` when no document does."""
        e = self.ids.get(node)
        if e is None or e not in self.mentioned_in:
            return None
        return len(self.mentioned_in[e]), self.first_year.get(e)


_indexes: weakref.WeakKeyDictionary[Store, tuple[int, _MentionIndex]] = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()
_build_lock = threading.Lock()


def _mention_index(store: Store) -> _MentionIndex | None:
    """The store's mention index, built on first use and again after each write.

    Only the embedded engine (which counts its writes in ``generation`` and which no
    other process writes) is indexed; a remote store is asked each time. One thread
    builds while the others wait for it, rather than each building its own.
    """
    generation = getattr(store, "generation", None)
    engine = getattr(store, "engine", None)
    if generation is None or not isinstance(engine, ox.Store):
        return None
    with _indexes_lock:
        cached = _indexes.get(store)
    if cached is not None and cached[0] == generation:
        return cached[1]
    with _build_lock:
        with _indexes_lock:
            cached = _indexes.get(store)
        generation = store.generation
        if cached is not None and cached[0] == generation:
            return cached[1]
        index = _MentionIndex(engine)
        with _indexes_lock:
            _indexes[store] = (generation, index)
    return index


def _in(var: str, nodes: Iterable[str]) -> str:
    return queries.values(var, (ox.NamedNode(n) for n in nodes))


def links(store: Store, nodes: Collection[str]) -> list[tuple[str, str, str, int]]:
    """``(from, to, relation, weight)`` for every link of ``nodes`` in the projection."""
    found: list[tuple[str, str, str, int]] = []
    index = _mention_index(store)
    for chunk in queries._chunks(sorted(nodes), 100):
        if index is not None:
            found.extend((a, b, "co-occurs", w) for a, b, w in index.co_occurring(chunk))
            links_of = ()
        else:
            links_of = queries.rows(store, CO_OCCURRING_MANY % {"values": _in("from", chunk)})
        for r in links_of:
            found.append((r["from"], r["to"], "co-occurs", int(r["weight"])))
        for r in queries.rows(store, SKOS_LINKS_MANY % {"values": _in("from", chunk)}):
            found.append((r["from"], r["to"], r["relation"], 1))
    return found


def concept_neighbourhood(store: Store, iris: Iris, key: str, *, depth: int = 1,
                          kinds: Collection[str] | None = None, limit: int = 50,
                          documents: bool = True) -> nx.Graph:
    """The concept and what surrounds it, up to ``depth`` links away (1–3).

    Nodes carry ``iri``, ``label``, ``kind`` and, where known, ``definition``,
    ``documents`` (how many documents name it) and ``first_year``; edges carry
    ``relation`` and ``weight``. ``kinds`` keeps only neighbours of those kinds
    (``document`` included). At most ``limit`` neighbours are kept, heaviest links first;
    ``graph.graph["omitted"]`` counts those left out by the limit and
    ``graph.graph["filtered"]`` those left out by ``kinds``; ``graph.graph["centre"]`` is
    the concept's IRI.
    """
    depth = min(max(int(depth), 1), 3)
    wanted = set(kinds) if kinds else None
    centre = iris.concept(key)
    g = nx.Graph(centre=centre, omitted=0, filtered=0, depth=depth)
    info = queries.labels(store, iris, [centre])[centre]
    g.add_node(centre, iri=centre, **info)
    seen_out: set[str] = set()
    seen_filtered: set[str] = set()
    frontier = {centre}
    for _ in range(depth):
        candidates: dict[str, list[tuple[str, str, int]]] = {}
        for a, b, relation, weight in links(store, frontier):
            if b in g:
                _link(g, a, b, relation, weight)
            else:
                candidates.setdefault(b, []).append((a, relation, weight))
        if not candidates:
            break
        named = queries.labels(store, iris, candidates)
        ranked = sorted(candidates, key=lambda n: (-max(w for _, _, w in candidates[n]), n))
        added: set[str] = set()
        for node in ranked:
            if wanted is not None and named[node]["kind"] not in wanted:
                seen_filtered.add(node)
                continue
            if g.number_of_nodes() - 1 >= limit:
                seen_out.add(node)
                continue
            g.add_node(node, iri=node, **named[node])
            added.add(node)
            for a, relation, weight in candidates[node]:
                _link(g, a, node, relation, weight)
        frontier = added
        if not frontier:
            break
    if documents and (wanted is None or DOCUMENT_KIND in wanted):
        room = max(limit - (g.number_of_nodes() - 1), 0)
        index = _mention_index(store)
        if index is not None:  # already sorted as the query sorts: read only what is kept
            naming = index.documents_mentioning(centre)
            docs = [{"doc": index.docs[d], "weight": n} for n, d in naming[:room]]
            seen_out.update(index.docs[d] for _, d in naming[room:])
        else:
            docs = queries.rows(store, queries.DOCUMENTS_MENTIONING, concept=ox.NamedNode(centre))
        seen_out.update(r["doc"] for r in docs[room:])
        titles = queries.labels(store, iris, (r["doc"] for r in docs[:room]))
        for r in docs[:room]:
            g.add_node(r["doc"], iri=r["doc"], kind=DOCUMENT_KIND, label=titles[r["doc"]]["label"])
            g.add_edge(centre, r["doc"], relation="mentioned in", weight=int(r["weight"]))
    g.graph["omitted"] = len(seen_out - set(g))
    g.graph["filtered"] = len(seen_filtered - set(g))
    _annotate(store, g)
    return g


def _link(g: nx.Graph, a: str, b: str, relation: str, weight: int) -> None:
    """Keep the strongest reason two nodes are linked; co-occurrence carries the weight."""
    if g.has_edge(a, b):
        data = g.edges[a, b]
        if relation == "co-occurs":
            data["weight"] = max(data["weight"], weight)
        elif data["relation"] == "co-occurs":
            data["relation"] = relation
        return
    g.add_edge(a, b, relation=relation, weight=weight)


def _annotate(store: Store, g: nx.Graph) -> None:
    """Add document counts, first-mention years and definitions to the nodes."""
    nodes = [n for n, d in g.nodes(data=True) if d.get("kind") != DOCUMENT_KIND]
    index = _mention_index(store)
    for chunk in queries._chunks(nodes, 200):
        if index is not None:
            facts = ({"e": n, "documents": f[0], "first": f[1]} for n in chunk
                     if (f := index.facts(n)) is not None)
        else:
            facts = queries.rows(store, NODE_FACTS % {"values": _in("e", chunk)})
        for r in facts:
            g.nodes[r["e"]]["documents"] = r["documents"]
            if r["first"] is not None:
                g.nodes[r["e"]]["first_year"] = r["first"]
        for r in queries.rows(store, DEFINITIONS % {"values": _in("e", chunk)}):
            if r["definition"]:
                g.nodes[r["e"]]["definition"] = r["definition"]


def shortest_paths(store: Store, iris: Iris, source: str, target: str, *, max_length: int = 6,
                   max_paths: int = 5, frontier_cap: int = 400) -> list[list[str]]:
    """The shortest connections between two resources (IRIs), at most ``max_paths``.

    A bidirectional breadth-first search over the projection, expanding the smaller
    side each round; each frontier is capped at ``frontier_cap`` nodes (the most
    strongly linked first) so that hubs cannot make a search unbounded.
    """
    if source == target:
        return [[source]]
    g = nx.Graph()
    g.add_nodes_from([source, target])
    sides = [({source}, {source}), ({target}, {target})]
    length = 0
    while length < max_length:
        i = 0 if len(sides[0][1]) <= len(sides[1][1]) else 1
        seen, frontier = sides[i]
        if not frontier:
            return []
        nxt: dict[str, int] = {}
        for a, b, relation, weight in links(store, frontier):
            g.add_edge(a, b, relation=relation, weight=weight)
            if b not in seen:
                nxt[b] = max(nxt.get(b, 0), weight)
        capped = sorted(nxt, key=lambda n: (-nxt[n], n))[:frontier_cap]
        seen |= set(capped)
        sides[i] = (seen, set(capped))
        length += 1
        if sides[0][0] & sides[1][0]:
            paths = nx.all_shortest_paths(g, source, target)
            out = []
            for path in paths:
                out.append(path)
                if len(out) == max_paths:
                    break
            return out
    return []


def path_graph(store: Store, iris: Iris, paths: list[list[str]]) -> nx.Graph:
    """The paths as one labelled graph (for drawing and for the JSON API)."""
    g = nx.Graph()
    nodes = {n for p in paths for n in p}
    named = queries.labels(store, iris, nodes)
    for n in nodes:
        g.add_node(n, iri=n, **named[n])
    wanted = {frozenset((a, b)) for p in paths for a, b in zip(p, p[1:])}
    for a, b, relation, weight in links(store, nodes):
        if frozenset((a, b)) in wanted:
            _link(g, a, b, relation, weight)
    return g


def centrality(store: Store, iris: Iris, *, level: str | None = None,
               years: tuple[int, int] | None = None, limit: int = 20) -> list[dict]:
    """Concepts ranked by how central they are in the co-occurrence network of the
    documents of one level and/or year range.

    Each item: ``key``, ``label``, ``kind``, ``degree`` (share of other concepts it is
    named with), ``strength`` (summed sentence weights) and ``betweenness``.
    """
    parts, bindings = [], {}
    if level:
        parts.append("?doc skg:level ?level_ .")
        bindings["level_"] = ox.NamedNode(iris.level(level))
    if years:
        parts.append("?doc skg:year ?year . FILTER(?year >= ?from_ && ?year <= ?to_)")
        bindings["from_"] = queries._integer(years[0])
        bindings["to_"] = queries._integer(years[1])
    text = CO_OCCURRING_CONCEPTS % {"filters": "\n  ".join(parts)}
    g = nx.Graph()
    found = queries.rows(store, text, **bindings)
    for r in sorted(found, key=lambda r: (r["a"], r["b"])):  # the same graph, the same sample
        g.add_edge(r["a"], r["b"], weight=int(r["weight"]))
    if g.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(g)
    strength = dict(g.degree(weight="weight"))
    between = nx.betweenness_centrality(g, k=min(200, g.number_of_nodes()), seed=7)
    ranked = sorted(g.nodes, key=lambda n: (-strength[n], -degree[n], n))[:limit]
    named = queries.labels(store, iris, ranked)
    return [{"key": queries._key(iris, n), "iri": n, **named[n], "degree": round(degree[n], 4),
             "strength": strength[n], "betweenness": round(between[n], 4)} for n in ranked]
