"""The knowledge graph: a store plus the IRIs it is read and written with.

This is what the API and the command line hold; it turns ingest records into graph
writes. Each write is one SPARQL update (one transaction): the documents' graphs are
dropped and inserted whole, together with the near-duplicate links that touch them, so
a reader — or a restart after a crash — sees every document either old or new. Each
write names the graphs it changed to the in-memory indexes derived from the store (search
labels, mentions; :func:`graph.queries.changing`), which are updated from those graphs
instead of being rebuilt from the whole store.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad

from graph.dedupe import NearDuplicateIndex, from_hex, simhash, to_hex
from graph.iris import DEFAULT_BASE, Iris
from graph.mapping import Run, document_quads, lexicon_quads
from graph.queries import changing, values
from graph.store import Store
from graph.vocab import SKG
from ingest.lexicon import Lexicon
from ingest.records import Document

_FINGERPRINTS = f"""
SELECT ?doc ?fp WHERE {{ GRAPH ?doc {{ ?doc <{SKG.fingerprint}> ?fp }} }}
"""


class KnowledgeGraph:
    """A store read and written with one IRI base.

    >>> from graph.store import open_store
    >>> kg = KnowledgeGraph(open_store(":memory:"))
    >>> kg.document_keys()
    []
    """

    def __init__(self, store: Store, *, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.iris = Iris(base)
        self._index: NearDuplicateIndex | None = None

    def publish_lexicon(self, lexicon: Lexicon) -> None:
        """Write the concept scheme and the levels (the default graph)."""
        self.store.replace_default(lexicon_quads(lexicon, self.iris))

    def put_document(self, doc: Document, *, run: Run | None = None) -> str:
        """Replace the document's named graph with its new content; returns its IRI."""
        return self.put_documents([doc], run=run)[0]

    def put_documents(self, docs: Iterable[Document], *, run: Run | None = None) -> list[str]:
        """Replace the graphs of ``docs`` in one transaction; returns their IRIs.

        Near-duplicates among the stored documents and the batch are linked both ways
        (``skg:duplicateOf``); links to the old versions of the documents are dropped.
        """
        docs = list(docs)
        if not docs:
            return []
        run = run or Run()
        index = self._fingerprints()
        keys = [doc.key for doc in docs]
        for key in keys:
            index.remove(key)
        quads, links, twinned = [], [], set()
        for doc in docs:
            fingerprint = simhash(doc.text)
            twins = index.matches(fingerprint, exclude=doc.key)
            index.add(doc.key, fingerprint)
            iri = self.iris.document(doc.key)
            twin_iris = [self.iris.document(k) for k in twins]
            quads += document_quads(doc, self.iris, run=run, fingerprint=to_hex(fingerprint),
                                    duplicates=twin_iris)
            links += [_link(other, iri) for other in twin_iris]
            twinned.update(twin_iris)
        iris = [self.iris.document(k) for k in keys]
        try:  # a twin's graph changes too (a link added, or one to the old version dropped)
            with changing(self.store, lambda: {*iris, *twinned, *self._linking_to(iris)}):
                self.store.write(drop=iris, insert=quads + links, before=_unlink(iris))
        except Exception:
            self._index = None  # the in-memory index may now disagree with the store
            raise
        return iris

    def remove_document(self, key: str) -> None:
        """Drop the document's graph and every near-duplicate link to it."""
        iri = self.iris.document(key)
        try:
            with changing(self.store, lambda: {iri, *self._linking_to([iri])}):
                self.store.write(drop=[iri], before=_unlink([iri]))
        finally:
            self._index = None

    def _linking_to(self, iris: list[str]) -> list[str]:
        """The graphs holding a ``skg:duplicateOf`` link to these documents."""
        return [row[0].value for row in self.store.query(
            f"SELECT DISTINCT ?g WHERE {{ {_linked(iris)} }}", union_default=False)]

    def document_keys(self) -> list[str]:
        keys = []
        for graph in self.store.graphs():
            parsed = self.iris.parse(graph)
            if parsed and parsed[0] == "document":
                keys.append(parsed[1])
        return keys

    def _fingerprints(self) -> NearDuplicateIndex:
        """The near-duplicate index of the stored documents, read once per process."""
        if self._index is None:
            index = NearDuplicateIndex()
            for row in self.store.query(_FINGERPRINTS, union_default=False):
                parsed = self.iris.parse(row["doc"].value)
                if parsed and parsed[0] == "document":
                    index.add(parsed[1], from_hex(row["fp"].value))
            self._index = index
        return self._index


def _link(graph_and_subject: str, target: str) -> Quad:
    node = NamedNode(graph_and_subject)
    return Quad(node, NamedNode(str(SKG.duplicateOf)), NamedNode(target), node)


def _unlink(iris: list[str]) -> str:
    """An update removing every other graph's ``skg:duplicateOf`` link to these documents."""
    return f"DELETE {{ GRAPH ?g {{ ?g <{SKG.duplicateOf}> ?x }} }} WHERE {{ {_linked(iris)} }}"


def _linked(iris: list[str]) -> str:
    """The pattern of a graph ``?g`` whose document is ``skg:duplicateOf`` one of ``iris`` (``?x``)."""
    return f"{values('x', map(NamedNode, iris))} GRAPH ?g {{ ?g <{SKG.duplicateOf}> ?x }}"
