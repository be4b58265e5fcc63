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


def _quads(graphs: int, per_graph: int = 40) -> list:
    import pyoxigraph as ox

    p = ox.NamedNode("http://example.org/p")
    return [ox.Quad(ox.NamedNode(f"http://example.org/s{g}-{i}"), p, ox.Literal(f"值{i}" * 8),
                    ox.NamedNode(f"http://example.org/g{g}"))
            for g in range(graphs) for i in range(per_graph)]


def test_writes_flush_after_so_many_quads(tmp_path: Path, monkeypatch):
    """RocksDB retires a write-ahead log only once every column family has flushed past
    it; the store flushes every FLUSH_QUADS quads so the logs stop growing with the data."""
    import graph.store

    def tables() -> int:
        return len(list(tmp_path.joinpath("s").glob("*.sst")))

    store = open_store(tmp_path / "s")
    store.write(insert=_quads(1))
    before = tables()  # the 40 quads are still in memtables and the log
    monkeypatch.setattr(graph.store, "FLUSH_QUADS", 50)
    store.write(insert=_quads(2)[40:])
    assert tables() > before
    assert store.quad_count() == 80
    store.close()


def test_compacting_releases_the_logs_and_keeps_every_quad(tmp_path: Path):
    store = open_store(tmp_path / "s")
    store.load(_quads(50))
    assert store.wal_bytes() > 0
    store.compact()
    assert store.wal_bytes() == 0
    assert store.quad_count() == 2000
    store.write(insert=_quads(51)[2000:])  # still writable
    assert store.quad_count() == 2040
    store.close()


def test_closing_compacts_a_store_with_large_logs(tmp_path: Path, monkeypatch):
    import graph.store

    monkeypatch.setattr(graph.store, "WAL_SLACK_BYTES", 0)
    store = open_store(tmp_path / "s")
    store.load(_quads(50))
    store.close()
    assert sum(f.stat().st_size for f in tmp_path.joinpath("s").glob("*.log")) == 0
    assert open_store(tmp_path / "s", read_only=True).quad_count() == 2000


def test_compacting_a_memory_or_read_only_store_does_nothing(tmp_path: Path):
    memory = open_store(":memory:")
    memory.load(_quads(1))
    memory.compact()
    assert memory.quad_count() == 40 and memory.wal_bytes() == 0
    open_store(tmp_path / "s").close()
    read_only = open_store(tmp_path / "s", read_only=True)
    read_only.compact()
    read_only.close()


def test_a_fresh_store_appears_whole_when_closed(tmp_path: Path, mini_lexicon):
    from graph.store import FreshStore

    kg = KnowledgeGraph(open_store(tmp_path / "new", fresh=True))
    assert isinstance(kg.store, FreshStore)
    kg.publish_lexicon(mini_lexicon)
    pipeline = Pipeline(mini_lexicon)
    kg.put_documents(pipeline.process_text("坚持人民至上。", "a.txt"))
    kg.put_documents(pipeline.process_text("管好煤矿。", "b.txt"))
    assert not (tmp_path / "new").exists()  # nothing at the place until it is complete
    assert kg.document_keys() == ["a", "b"]  # reads see every write
    count = kg.store.quad_count()
    kg.store.close()
    assert [p.name for p in tmp_path.iterdir()] == ["new"]
    assert open_store(tmp_path / "new", read_only=True).quad_count() == count


def test_a_fresh_store_replaces_a_document_written_twice(tmp_path: Path, mini_lexicon):
    kg = KnowledgeGraph(open_store(tmp_path / "new", fresh=True))
    pipeline = Pipeline(mini_lexicon)
    kg.put_documents(pipeline.process_text("坚持人民至上。", "a.txt"))
    kg.put_documents(pipeline.process_text("管好煤矿。", "a.txt"))
    kg.store.close()
    rows = open_store(tmp_path / "new").query(
        "SELECT ?c WHERE { ?s <https://w3id.org/safetykg/ontology#mentions> ?c }")
    assert [r["c"].value.rsplit("/", 1)[1] for r in rows] == ["煤矿"]


def test_a_build_that_never_finished_leaves_no_store(tmp_path: Path, mini_lexicon):
    kg = KnowledgeGraph(open_store(tmp_path / "new", fresh=True))
    kg.put_documents(Pipeline(mini_lexicon).process_text("坚持人民至上。", "a.txt"))
    kg.store.query("ASK { ?s ?p ?o }")  # the gathered quads are loaded into the staging store
    del kg  # a crash: close never runs
    assert not (tmp_path / "new").exists()
    rebuilt = open_store(tmp_path / "new", fresh=True)  # the leftover is cleared
    assert rebuilt.quad_count() == 0
    rebuilt.close()
    assert open_store(tmp_path / "new").quad_count() == 0


def test_fresh_opens_an_existing_store_as_it_is(tmp_path: Path):
    from graph.store import FreshStore

    open_store(tmp_path / "s").close()
    store = open_store(tmp_path / "s", fresh=True)
    assert not isinstance(store, FreshStore)
    store.close()
