"""Every document of data/corpus, through the real ingest pipeline and the curated lexicon,
gives a graph that conforms to the shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.kg import KnowledgeGraph
from graph.shacl import validate_store
from graph.store import open_store
from ingest.pipeline import Pipeline

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_graph(lexicon) -> KnowledgeGraph:
    pipeline = Pipeline(lexicon)
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(lexicon)
    for path in sorted(CORPUS.iterdir()):
        kg.put_documents(pipeline.process_file(path))
    return kg


def test_every_corpus_document_is_stored(corpus_graph):
    assert len(corpus_graph.document_keys()) >= len(list(CORPUS.iterdir()))


def test_every_corpus_document_conforms_to_the_shapes(corpus_graph):
    violations = validate_store(corpus_graph.store, batch=10)
    assert violations == [], "\n".join(map(str, violations[:20]))
