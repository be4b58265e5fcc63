"""The knowledge graph: a store plus the IRIs and lexicon it is read with.

This is what the API and the command line hold; it turns ingest records into graph
writes and answers the named queries.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.iris import DEFAULT_BASE, Iris
from graph.mapping import document_quads, lexicon_quads
from graph.store import Store
from ingest.lexicon import Lexicon
from ingest.records import Document


class KnowledgeGraph:
    """A store read and written with one IRI base."""

    def __init__(self, store: Store, *, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.iris = Iris(base)

    def publish_lexicon(self, lexicon: Lexicon) -> None:
        """Write the concept scheme and the levels (the default graph)."""
        self.store.replace_default(lexicon_quads(lexicon, self.iris))

    def put_document(self, doc: Document) -> str:
        """Replace the document's named graph with its new content; returns its IRI."""
        iri = self.iris.document(doc.key)
        self.store.replace_graph(iri, document_quads(doc, self.iris))
        return iri

    def put_documents(self, docs: Iterable[Document]) -> list[str]:
        return [self.put_document(doc) for doc in docs]

    def remove_document(self, key: str) -> None:
        self.store.remove_graph(self.iris.document(key))

    def document_keys(self) -> list[str]:
        return [self.iris.parse(g)[1] for g in self.store.graphs() if self.iris.parse(g)]
