"""The command-line faces of the graph: export, import, stats and validate."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from api.cli import main
from graph.kg import KnowledgeGraph
from graph.store import open_store
from graph.vocab import SKG

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def store_dir(tmp_path: Path, mini_lexicon, make_document) -> str:
    location = tmp_path / "store"
    kg = KnowledgeGraph(open_store(location))
    kg.publish_lexicon(mini_lexicon)
    kg.put_document(make_document("a"))
    kg.put_document(make_document("b", "管好煤矿，坚持人民至上。"))
    kg.store.close()
    return str(location)


def test_export_then_import_round_trips(store_dir, tmp_path, capsys):
    dump = tmp_path / "dump.trig"
    assert main(["export", "--store", store_dir, "-o", str(dump)]) == 0
    target = str(tmp_path / "copy")
    assert main(["import", "--store", target, str(dump)]) == 0
    assert "statements loaded" in capsys.readouterr().out
    original, copy = open_store(store_dir), open_store(target)
    assert set(original.quads()) == set(copy.quads())


def test_export_scheme_writes_the_lexicon_alone(store_dir, tmp_path):
    out = tmp_path / "scheme.ttl"
    assert main(["export", "--store", store_dir, "--scheme", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "skos:ConceptScheme" in text and "document/" not in text


def test_stats_prints_documents_and_concepts(store_dir, capsys):
    assert main(["stats", "--store", store_dir]) == 0
    out = capsys.readouterr().out
    assert "documents: 2 (2 counting reposts once)" in out
    assert "人民至上" in out


def test_validate_passes_a_valid_store(store_dir, capsys):
    assert main(["validate", "--store", store_dir]) == 0
    assert "valid: 2 document graph(s)" in capsys.readouterr().out


def test_validate_prints_violations_in_plain_words_and_fails(store_dir, capsys):
    store = open_store(store_dir)
    doc = "https://w3id.org/safetykg/id/document/a"
    store.update(f"DELETE WHERE {{ GRAPH <{doc}> {{ <{doc}> <http://purl.org/dc/terms/title> ?t }} }}")
    store.write(insert=[ox.Quad(ox.NamedNode(doc), ox.NamedNode(str(SKG.sentenceCount)),
                                ox.Literal("99", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                                ox.NamedNode(doc))])
    store.close()
    assert main(["validate", "--store", store_dir]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "id/document/a: a document needs a title (dcterms:title) tagged with its language" in out
    assert any(line.startswith("id/document/a: the document graph is not whole") for line in out), out


def test_ingest_new_store_builds_the_store_whole(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("坚持人民至上，健全双重预防机制。", encoding="utf-8")
    (docs / "b.txt").write_text("管好煤矿。", encoding="utf-8")
    built, plain = tmp_path / "built", tmp_path / "plain"
    assert main(["ingest", str(docs), "--store", str(built), "--new-store", "--workers", "1"]) == 0
    assert main(["ingest", str(docs), "--store", str(plain), "--workers", "1"]) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    sizes = [open_store(d, read_only=True).quad_count() for d in (built, plain)]
    assert sizes[0] == sizes[1] > 0


def test_ingest_new_store_refuses_an_existing_store(store_dir, tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("管好煤矿。", encoding="utf-8")
    assert main(["ingest", str(docs), "--store", store_dir, "--new-store"]) != 0
    assert "--new-store" in capsys.readouterr().err
