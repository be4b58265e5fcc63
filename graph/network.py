"""The networkx projection: entities and their links, without sentences.

Two entities are linked when one sentence names both (``co-occurs``, weight = the number
of such sentences) or when the lexicon links them (``broader``, ``narrower``,
``related``); a concept is linked to the documents naming it (``mentioned in``). Views,
paths and rankings are computed on this projection; it is built from named queries
(values bound, never pasted) so it works over every store engine.

Co-occurrence is the part that grows with the corpus: a concept named in every
document is linked to its neighbours by thousands of sentences. Aggregating those at
query time made a neighbourhood cost grow linearly with the corpus, so on the embedded
engine the counts live in memory instead (:class:`MentionIndex`): the ``skg:mentions``
of each document graph give, per entity, its co-occurring entities with
sentence counts, how many documents name it and the first year one did, and the
documents naming it already sorted by weight. A neighbourhood then costs what its
answer needs (the links of the frontier, the ``limit`` heaviest documents), not what
the corpus holds; labels are read only for the candidates that may be kept, those past
the limit are counted. The index is one of the store's derived indexes
(:mod:`graph.derived`), like the label index of :mod:`graph.queries`: built once from a
query the engine groups (:data:`DOCUMENT_MENTIONS`, a row per document, asked for a few
hundred documents at a time so that the engine never holds the whole corpus's groups),
then updated from each written or deleted document's share (what that document names, not the
corpus); the server builds it in the background as it starts. A remote store, which
another process may write, is asked with the queries below. The answers are the same either way
(tests/graph/test_network.py compares them), including a quirk of the queries kept on
purpose: a node named by a document without a year has no ``first_year``, as
``MIN`` over a group with an unbound value is unbound in Oxigraph.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, permutations

import networkx as nx
import pyoxigraph as ox

from graph import derived, queries
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

DOCUMENT_MENTIONS = queries.PREFIXES + """
SELECT ?doc (GROUP_CONCAT(?named; separator="\\n") AS ?sentences) WHERE {
  { SELECT ?doc (GROUP_CONCAT(STR(?e)) AS ?named) WHERE {
      %(values)s GRAPH ?doc { ?sentence skg:mentions ?e } } GROUP BY ?doc ?sentence }
} GROUP BY ?doc"""
"""What the mention index is made of, one row per document: a line per sentence, naming
its entities separated by spaces (an IRI holds neither). The engine groups; Python gets a
string per document instead of a row per mention."""

MENTIONING_GRAPHS = queries.PREFIXES + """
SELECT DISTINCT ?doc WHERE { GRAPH ?doc { ?sentence skg:mentions ?e } }"""
"""The graphs :data:`DOCUMENT_MENTIONS` has a row for. A build reads those rows a few
hundred documents at a time: asked at once, the engine holds every (document, sentence)
group of the corpus until the last row (close to a gigabyte at 10,000 documents, which
the allocator then keeps), where a part holds only its own."""

BUILD_PART = 200
"""Documents per :data:`DOCUMENT_MENTIONS` query in a build (see :data:`MENTIONING_GRAPHS`)."""

IN_DATE_ORDER_KEPT = 512
"""Evidence orders an index keeps (see :meth:`MentionIndex.in_date_order`)."""

DOCUMENT_FACTS = queries.PREFIXES + """
SELECT ?doc (MIN(?y) AS ?year) (SAMPLE(?l) AS ?level) (SAMPLE(?d) AS ?date)
       (COUNT(?earlier) AS ?reposted) WHERE {
  %(values)s
  ?doc a skg:Document .
  OPTIONAL { ?doc skg:year ?y }
  OPTIONAL { ?doc skg:level ?l }
  OPTIONAL { ?doc dcterms:date ?d }
  OPTIONAL { ?doc skg:duplicateOf ?earlier . FILTER(STR(?earlier) < STR(?doc)) }
} GROUP BY ?doc"""
"""What the evidence and diffusion answers need of each document naming a concept: its
year, level and date, and whether it is a repost (``skg:duplicateOf`` a document whose
IRI sorts before its own, as :data:`graph.queries.NOT_A_REPOST`)."""


@dataclass(frozen=True)
class DocumentFacts:
    """A document's year, level (IRI), date (its lexical form) and whether it is a repost."""

    year: int | None
    level: str | None
    date: str | None
    repost: bool


@dataclass(frozen=True)
class _Share:
    """What one document adds to the mention index: its facts, how many of its sentences
    name each entity, and how many sentences name each set of two or more (a line of
    :data:`DOCUMENT_MENTIONS`)."""

    facts: DocumentFacts
    naming: Counter[str]
    together: Counter[str]


_NO_FACTS = DocumentFacts(None, None, None, False)


def _read_shares(store: Store, graphs: list[str] | None = None) -> dict[str, _Share]:
    """The share of each document of the store, or of the named ``graphs`` (those naming
    nothing, or gone, have none)."""
    facts = _read_facts(store, graphs)
    shares = {}
    for doc, text in _read_mentions(store, graphs):
        together = Counter(line for line in text.split("\n") if " " in line)
        shares[doc] = _Share(facts.get(doc, _NO_FACTS), Counter(text.replace("\n", " ").split(" ")),
                             together)
    return shares


def _read_mentions(store: Store, graphs: list[str] | None) -> Iterator[tuple[str, str]]:
    block = "" if graphs is None else _in("doc", graphs)
    for row in store.query(DOCUMENT_MENTIONS % {"values": block}, union_default=False):
        yield row[0].value, row[1].value


def _read_facts(store: Store, graphs: list[str] | None) -> dict[str, DocumentFacts]:
    found = {}
    block = "" if graphs is None else _in("doc", graphs)
    shared: dict[DocumentFacts, DocumentFacts] = {}
    for row in store.query(DOCUMENT_FACTS % {"values": block}):
        year, level, date, reposted = (row[name] for name in ("year", "level", "date", "reposted"))
        try:
            year = int(year.value) if year is not None else None
        except ValueError:  # not an integer: as if unknown
            year = None
        facts = DocumentFacts(year, level.value if level is not None else None,
                              date.value if date is not None else None, int(reposted.value) > 0)
        found[row["doc"].value] = shared.setdefault(facts, facts)
    return found


class MentionIndex:
    """What the co-occurrence queries above answer, for one store state, in memory.

    Entities and documents are numbered. Per entity it keeps its co-occurring entities
    with the number of sentences naming both (``co``), the documents naming it as
    ``(weight, document)`` sorted as :data:`graph.queries.DOCUMENTS_MENTIONING` sorts them
    (``mentioned_in``), and how many of those documents have each year (``years``; ``None``
    when unknown). Memory grows with the distinct (entity, entity) and (entity, document)
    pairs, not with the sentences: each ``(weight, document)`` stands once, shared by the
    entities named that many times in that document (``pairs``), so an entity's list costs a
    pointer per document.

    Readers hold an index without a lock: :meth:`updated` makes a new one, copying only
    the entries of the entities the written documents name (the numbering and the shared
    pairs only grow).
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self.doc_ids: dict[str, int] = {}
        self.docs: list[str] = []
        self.pairs: dict[tuple[int, int], tuple[int, int]] = {}
        self.co: dict[int, dict[int, int]] = {}
        self.mentioned_in: dict[int, list[tuple[int, int]]] = {}
        self.years: dict[int, Counter[int | None]] = {}
        self.facts: dict[int, DocumentFacts] = {}
        self._in_date_order: dict[tuple, tuple[list[int], list[int]]] = {}

    @classmethod
    def of(cls, store: Store) -> MentionIndex:
        """Built from the whole store: a query grouped by the engine per part of the
        documents (:data:`MENTIONING_GRAPHS`), so that memory holds one part at a time."""
        index = cls()
        facts = _read_facts(store, None)
        graphs = [row[0].value for row in store.query(MENTIONING_GRAPHS, union_default=False)]
        for part in queries._chunks(graphs, BUILD_PART):
            lines: Counter[str] = Counter()
            for doc, text in _read_mentions(store, part):
                index._name(doc, Counter(text.replace("\n", " ").split(" ")),
                            facts.get(doc, _NO_FACTS), 1, in_order=False)
                lines.update(text.split("\n"))  # counted in C; lines naming one entity skipped
            index._link(lines, 1)
        docs = index.docs  # sorted as _order sorts, each pair's key made once
        rank = {d: i for i, d in enumerate(sorted(range(len(docs)), key=docs.__getitem__))}
        key = {pair: (-pair[0], rank[pair[1]]) for pair in index.pairs}.__getitem__
        for e, naming in index.mentioned_in.items():  # sorted copies: no room left to grow
            index.mentioned_in[e] = sorted(naming, key=key)
        return index

    def updated(self, old: dict[str, _Share], new: dict[str, _Share]) -> MentionIndex:
        """A new index: this one with the documents' ``old`` shares replaced by ``new``."""
        index = MentionIndex()
        index.ids, index.names, index.doc_ids, index.docs = self.ids, self.names, self.doc_ids, self.docs
        index.pairs = self.pairs
        index.co, index.mentioned_in, index.years = dict(self.co), dict(self.mentioned_in), dict(self.years)
        index.facts = dict(self.facts)
        named = {self._id(name) for share in (*old.values(), *new.values()) for name in share.naming}
        for e in named:  # the only entries that change: copied, never changed in place
            index.co[e] = dict(self.co.get(e, {}))
            index.mentioned_in[e] = list(self.mentioned_in.get(e, []))
            index.years[e] = Counter(self.years.get(e, {}))
        for shares, sign in ((old, -1), (new, 1)):
            for doc, share in shares.items():
                index._name(doc, share.naming, share.facts, sign)
                index._link(share.together, sign)
        for e in named:
            for table in (index.co, index.mentioned_in, index.years):
                if not table[e]:
                    del table[e]
        return index

    def _id(self, name: str) -> int:
        e = self.ids.get(name)
        if e is None:
            e = self.ids[name] = len(self.names)
            self.names.append(name)
        return e

    def _order(self, entry: tuple[int, int]) -> tuple[int, str]:
        return -entry[0], self.docs[entry[1]]

    def _name(self, doc: str, naming: Counter[str], facts: DocumentFacts, sign: int, *,
              in_order: bool = True) -> None:
        """Add (``sign`` 1) or take away (-1) that ``doc`` names these entities; with
        ``in_order`` false, added at the end (a build sorts once when done)."""
        d = self.doc_ids.get(doc)
        if d is None:
            d = self.doc_ids[doc] = len(self.docs)
            self.docs.append(doc)
        if sign > 0:
            self.facts[d] = facts
        else:
            self.facts.pop(d, None)
        year = facts.year
        pairs, mentioned_in, all_years = self.pairs, self.mentioned_in, self.years
        for name, n in naming.items():
            e = self._id(name)
            docs = mentioned_in.get(e)
            if docs is None:
                docs = mentioned_in[e] = []
            if sign > 0 and not in_order:
                docs.append(pairs.setdefault((n, d), (n, d)))
            elif sign > 0:
                bisect.insort(docs, pairs.setdefault((n, d), (n, d)), key=self._order)
            else:
                i = bisect.bisect_left(docs, self._order((n, d)), key=self._order)
                del docs[i if i < len(docs) and docs[i] == (n, d) else docs.index((n, d))]
            years = all_years.get(e)
            if years is None:
                years = all_years[e] = Counter()
            years[year] += sign
            if not years[year]:
                del years[year]

    def _link(self, lines: Counter[str], sign: int) -> None:
        """Add or take away the sentences naming several entities (``lines``: how many
        sentences name each set)."""
        for line, n in lines.items():
            if " " not in line:
                continue
            for a, b in permutations([self._id(name) for name in line.split(" ")], 2):
                links = self.co.setdefault(a, {})
                weight = links.get(b, 0) + sign * n
                if weight:
                    links[b] = weight
                else:
                    del links[b]

    def co_occurring(self, nodes: Iterable[str]) -> Iterable[tuple[str, str, int]]:
        names = self.names
        for node in nodes:
            e = self.ids.get(node)
            for other, weight in (self.co.get(e, {}) if e is not None else {}).items():
                yield node, names[other], weight

    def documents_mentioning(self, node: str) -> list[tuple[int, int]]:
        e = self.ids.get(node)
        return self.mentioned_in.get(e, []) if e is not None else []

    def documents_with_facts(self, node: str) -> list[tuple[str, int, DocumentFacts]]:
        """``(document, sentences naming the node, its facts)`` for every document naming it."""
        docs, facts = self.docs, self.facts
        return [(docs[d], n, facts[d]) for n, d in self.documents_mentioning(node)]

    def in_date_order(self, node: str, level: str | None = None,
                      year: int | None = None) -> tuple[list[int], list[int]]:
        """The documents naming ``node`` (of that level and year, when given) in evidence
        order — date, newest first, undated last, then IRI — with the running count of
        the sentences naming it, so that a page is found by bisection. Kept for the last
        few hundred (node, level, year) asked of this index (an index lives until the
        next write)."""
        key = (node, level, year)
        found = self._in_date_order.get(key)
        if found is None:
            docs, facts = self.docs, self.facts
            chosen = [(n, d) for n, d in self.documents_mentioning(node)
                      if (level is None or facts[d].level == level)
                      and (year is None or facts[d].year == year)]
            chosen.sort(key=lambda entry: docs[entry[1]])
            chosen.sort(key=lambda entry: facts[entry[1]].date or "", reverse=True)  # stable
            found = ([d for _, d in chosen], list(accumulate(n for n, _ in chosen)))
            if len(self._in_date_order) >= IN_DATE_ORDER_KEPT:
                self._in_date_order.clear()
            self._in_date_order[key] = found
        return found

    def node_facts(self, node: str) -> tuple[int, int | None] | None:
        """``(documents naming it, first year)``, or ``None`` when no document does. As
        :data:`NODE_FACTS`, the first year is unknown when any of them has no year (``MIN``
        over a group with an unbound value is unbound)."""
        e = self.ids.get(node)
        if e is None or e not in self.mentioned_in:
            return None
        years = self.years[e]
        return len(self.mentioned_in[e]), None if None in years else min(years)


MENTION_INDEX = derived.register(derived.Derived(
    "mentions", build=MentionIndex.of, read=_read_shares,
    update=lambda index, old, new: index.updated(old, new)))
"""The mention index as one of the store's derived indexes (:mod:`graph.derived`): a
document write updates it from that document's share."""


def mention_index(store: Store) -> MentionIndex | None:
    """The store's mention index, built on first use and kept current after each write
    (see :mod:`graph.derived`); ``None`` for a remote store others may write, which is asked each time."""
    return derived.current(store, MENTION_INDEX)


def _in(var: str, nodes: Iterable[str]) -> str:
    return queries.values(var, (ox.NamedNode(n) for n in nodes))


def links(store: Store, nodes: Collection[str]) -> list[tuple[str, str, str, int]]:
    """``(from, to, relation, weight)`` for every link of ``nodes`` in the projection."""
    found: list[tuple[str, str, str, int]] = []
    index = mention_index(store)
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
        heaviest = {n: max(w for _, _, w in found) for n, found in candidates.items()}
        ranked = sorted(candidates, key=lambda n: (-heaviest[n], n))
        added: set[str] = set()
        step = max(2 * limit, 100)  # labels are read for the nodes a kept one may be among
        for start in range(0, len(ranked), step):
            if wanted is None and g.number_of_nodes() - 1 >= limit:
                seen_out.update(ranked[start:])  # past the limit: counted, never labelled
                break
            part = ranked[start:start + step]
            named = queries.labels(store, iris, part)
            for node in part:
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
        index = mention_index(store)
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
    index = mention_index(store)
    for chunk in queries._chunks(nodes, 200):
        if index is not None:
            facts = ({"e": n, "documents": f[0], "first": f[1]} for n in chunk
                     if (f := index.node_facts(n)) is not None)
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
