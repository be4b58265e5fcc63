"""A process killed (SIGKILL) while ingesting 200 documents into the embedded store leaves
only whole, SHACL-valid documents, and ingesting again completes."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.kg import KnowledgeGraph
from graph.mapping import document_quads
from graph.shacl import validate_store
from graph.store import open_store
from graph.vocab import SKG

pytestmark = pytest.mark.slow

CHILD = textwrap.dedent("""
    import pickle, sys
    from graph.kg import KnowledgeGraph
    from graph.store import open_store

    with open(sys.argv[2], "rb") as fh:
        lexicon, documents, run = pickle.load(fh)
    kg = KnowledgeGraph(open_store(sys.argv[1]))
    kg.publish_lexicon(lexicon)
    for doc in documents:
        kg.put_document(doc, run=run)
        print(doc.key, flush=True)
    kg.store.close()
    print("done", flush=True)
""")

KILL_AFTER = 40


def _documents(make_document, count: int = 200):
    sentences = ["要坚持人民至上，健全双重预防机制。", "管好煤矿，排查隐患治理。",
                 "全面开展“除隐患、早防范”集中整治行动。", "落实“四个一律”（一律关闭取缔，一律停产整顿，一律从重处罚，一律严肃追责）。"]
    docs = []
    for i in range(count):
        body = "".join(sentences[(i + j) % len(sentences)] + f"第{i}号文件第{j}条。" for j in range(8))
        docs.append(make_document(f"doc-{i:03d}", f"第{i}号文件\n{body}", date=f"{2015 + i % 8}"))
    return docs


def _ingest(store: Path, job: Path, *, kill_after: int | None) -> list[str]:
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(store), str(job)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    done = []
    for line in process.stdout:
        done.append(line.strip())
        if kill_after is not None and len(done) == kill_after:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    if kill_after is None:
        assert process.returncode == 0, process.stderr.read()
    else:
        assert process.returncode == -signal.SIGKILL
    return done


def _stored_minus_links(store, iri):
    return {q for q in store.quads(iri) if q.predicate.value != str(SKG.duplicateOf)}


def test_a_killed_ingest_leaves_only_whole_valid_documents(tmp_path, mini_lexicon, make_document,
                                                           fixed_run):
    docs = _documents(make_document)
    job = tmp_path / "job.pickle"
    job.write_bytes(pickle.dumps((mini_lexicon, docs, fixed_run)))
    location = tmp_path / "store"

    reported = _ingest(location, job, kill_after=KILL_AFTER)
    assert "done" not in reported

    store = open_store(location)
    kg = KnowledgeGraph(store)
    by_key = {doc.key: doc for doc in docs}
    keys = kg.document_keys()
    assert KILL_AFTER <= len(keys) < len(docs)
    assert set(reported) <= set(keys)
    for key in keys:
        iri = kg.iris.document(key)
        fingerprint = next(q.object.value for q in store.quads(iri)
                           if q.predicate.value == str(SKG.fingerprint))
        expected = set(document_quads(by_key[key], kg.iris, run=fixed_run, fingerprint=fingerprint))
        assert _stored_minus_links(store, iri) == expected, f"document {key} is not whole"
    assert validate_store(store, batch=100) == []
    store.close()

    assert _ingest(location, job, kill_after=None)[-1] == "done"
    store = open_store(location)
    assert len(KnowledgeGraph(store).document_keys()) == len(docs)
    store.close()
