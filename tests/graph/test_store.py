"""The embedded store on disk: one named graph per document, replaced whole."""

from pathlib import Path

import pytest

from graph.errors import QueryError
from graph.kg import KnowledgeGraph
from graph.store import open_store
from ingest.pipeline import Pipeline


@pytest.fixture
def disk_graph(tmp_path: Path, mini_lexicon):
    kg = KnowledgeGraph(open_store(tmp_path / "store"))
    kg.publish_lexicon(mini_lexicon)
    yield kg
    kg.store.close()


def test_each_document_is_one_named_graph(disk_graph, mini_lexicon):
    pipeline = Pipeline(mini_lexicon)
    disk_graph.put_documents(pipeline.process_text("坚持人民至上。", "a.txt"))
    disk_graph.put_documents(pipeline.process_text("管好煤矿。", "b.txt"))
    assert disk_graph.document_keys() == ["a", "b"]


def test_reingesting_a_changed_file_replaces_its_graph(disk_graph, mini_lexicon):
    pipeline = Pipeline(mini_lexicon)
    disk_graph.put_documents(pipeline.process_text("坚持人民至上。", "a.txt"))
    disk_graph.put_documents(pipeline.process_text("管好煤矿。", "a.txt"))
    rows = disk_graph.store.query(
        "SELECT ?c WHERE { ?s <https://w3id.org/safetykg/ontology#mentions> ?c }")
    assert [r["c"].value.rsplit("/", 1)[1] for r in rows] == ["煤矿"]


def test_the_store_survives_reopening(tmp_path: Path, mini_lexicon):
    kg = KnowledgeGraph(open_store(tmp_path / "s"))
    kg.put_documents(Pipeline(mini_lexicon).process_text("坚持人民至上。", "a.txt"))
    count = kg.store.quad_count()
    kg.store.close()
    reopened = open_store(tmp_path / "s")
    assert reopened.quad_count() == count > 0


def test_a_syntax_error_is_a_query_error():
    with pytest.raises(QueryError, match="syntax"):
        open_store(":memory:").query("SELECT WHERE {")


def test_a_checkpoint_is_a_consistent_read_only_copy(tmp_path: Path, mini_lexicon):
    import pyoxigraph as ox

    kg = KnowledgeGraph(open_store(tmp_path / "s"))
    kg.publish_lexicon(mini_lexicon)
    kg.put_documents(Pipeline(mini_lexicon).process_text("坚持人民至上。", "a.txt"))
    count = kg.store.quad_count()
    kg.store.checkpoint(tmp_path / "checkpoint")
    kg.put_documents(Pipeline(mini_lexicon).process_text("管好煤矿。", "b.txt"))
    copy = ox.Store.read_only(str(tmp_path / "checkpoint"))
    assert len(copy) == count < kg.store.quad_count()
    kg.store.close()


def test_an_in_memory_store_has_no_checkpoint(tmp_path: Path):
    from graph.errors import StoreError

    with pytest.raises(StoreError, match="in-memory"):
        open_store(":memory:").checkpoint(tmp_path / "c")
