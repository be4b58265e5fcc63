"""``safetykg ingest`` of 1,000 documents killed (SIGKILL) at ten random points: after each
kill the store opens, holds only whole documents, the documents around the kill are
SHACL-valid and equal to what a clean ingest makes of them; ingesting again completes,
and once more changes nothing (same quad count).

test_crash.py kills one in-process writer once; this one drives the real command line,
whose restarts skip unchanged files, as an operator would after a crash.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from api.commands.ingest import BATCH_DOCS
from graph.kg import KnowledgeGraph
from graph.shacl import validate
from graph.store import open_store
from graph.vocab import NIF, SKG
from ingest.pipeline import Pipeline

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
KILLS = 10
AROUND = 3
"""How many of the last written documents before a kill are compared and validated."""

WHOLENESS = f"""
SELECT ?g ?declared (COUNT(DISTINCT ?s) AS ?found) WHERE {{
  GRAPH ?g {{
    ?g <{SKG.sentenceCount}> ?declared .
    OPTIONAL {{ ?s a <{NIF.Sentence}> ; <{NIF.referenceContext}> ?g }}
  }}
}} GROUP BY ?g ?declared
"""


def _ingest(corpus: Path, store: Path, *, kill_at: int | None, delay: float = 0.0) -> list[str]:
    """Run the command; with ``kill_at``, SIGKILL it once it has reached file ``kill_at``
    (1-based), after ``delay`` seconds. Returns the files it reached, in order.

    The command writes documents in batches of ``BATCH_DOCS`` (one transaction each), so
    at a kill up to one batch may not be written yet: it is not lost, it was never
    committed, and the next run writes it."""
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "ingest", str(corpus),
                                "--store", str(store)], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    started = []
    for line in process.stderr:
        if not line.startswith("["):
            continue
        started.append(line.rsplit(" ", 1)[-1].strip())
        if kill_at is not None and len(started) == kill_at:
            time.sleep(delay)
            os.kill(process.pid, signal.SIGKILL)
            break
    code = process.wait(timeout=120)
    if kill_at is None:
        assert code in (0,), f"ingest failed ({code})"
    else:
        assert code == -signal.SIGKILL, f"ingest ended before the kill ({code})"
    return started


def _graph_sizes(store, iris: list[str]) -> dict[str, int]:
    return {iri: sum(1 for q in store.quads(iri) if q.predicate.value != str(SKG.duplicateOf))
            for iri in iris}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _expected_sizes(pipeline: Pipeline, paths: list[Path]) -> dict[str, int]:
    """What a clean ingest of ``paths`` stores for each of their documents."""
    kg = KnowledgeGraph(open_store(":memory:"))
    docs = [doc for path in paths for doc in pipeline.process_file(path)]
    kg.put_documents(docs)
    return _graph_sizes(kg.store, [kg.iris.document(doc.key) for doc in docs])


def _check_whole(location: Path, corpus: Path, pipeline: Pipeline, around: list[Path]) -> int:
    """The store opens; every graph is a whole document; the last few written of the
    files reached (``around``) are what a clean ingest makes and SHACL-valid. Returns
    the number of documents."""
    store = open_store(location)
    try:
        kg = KnowledgeGraph(store)
        keys = kg.document_keys()
        assert set(keys) <= {p.stem for p in corpus.glob("*.txt")}
        rows = list(store.query(WHOLENESS, union_default=False))
        declared = {row["g"].value: (int(row["declared"].value), int(row["found"].value))
                    for row in rows}
        assert set(declared) == {kg.iris.document(k) for k in keys}, "a graph without its document"
        broken = {g: v for g, v in declared.items() if v[0] != v[1]}
        assert broken == {}, f"half-written documents (declared, found): {broken}"
        stored = [p for p in around if p.stem in set(keys)][-AROUND - 1:]
        assert stored or not keys
        expected = _expected_sizes(pipeline, stored)
        assert _graph_sizes(store, list(expected)) == expected
        quads = list(store.quads(""))
        for path in stored:
            quads += store.quads(kg.iris.document(path.stem))
        assert validate(quads) == []
        return len(keys)
    finally:
        store.close()


def test_ten_kills_during_a_thousand_document_ingest(synthetic_corpus, tmp_path, pipeline):
    files = sorted(synthetic_corpus.glob("*.txt"))
    location = tmp_path / "store"
    rnd = random.Random(int(os.environ.get("SAFETYKG_CRASH_SEED", "20240101")))
    points = sorted(rnd.sample(range(2, len(files)), KILLS))
    counts = []
    started_total = time.monotonic()
    for point in points:
        started = _ingest(synthetic_corpus, location, kill_at=point, delay=rnd.uniform(0, 0.02))
        by_name = {p.name: p for p in files}
        reached = [by_name[Path(s).name] for s in started if Path(s).name in by_name]
        counts.append(_check_whole(location, synthetic_corpus, pipeline, reached))
    assert counts == sorted(counts), f"documents were lost between kills: {counts}"
    for point, count in zip(points, counts):  # what was handed to the writer before the
        assert count >= point - BATCH_DOCS      # kill, less at most one unwritten batch

    _ingest(synthetic_corpus, location, kill_at=None)
    store = open_store(location)
    first = (store.quad_count(), len(KnowledgeGraph(store).document_keys()))
    store.close()
    _ingest(synthetic_corpus, location, kill_at=None)
    store = open_store(location)
    second = (store.quad_count(), len(KnowledgeGraph(store).document_keys()))
    store.close()
    assert first == second
    assert first[1] == len(files)
    print(f"kill points {points}; documents after each kill {counts}; final quads {first[0]}; "
          f"{time.monotonic() - started_total:.1f} s")
