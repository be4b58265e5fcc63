"""A query worker handed a checkpoint that is being removed answers with an error; it
does not die.

Under load with uploads (tests/test_load.py) one SPARQL request in about 10,000 got a 500
"query worker crashed". A checkpoint can be removed while a worker opens it: the pool
reads its current path for a job before it records that path as the worker's, so a
refresh in between may release it. RocksDB then reports the half-removed directory as
``RuntimeError: Corruption`` (in 189 of 200 tries here, ``FileNotFoundError`` in the
rest), which the worker does not catch.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from api.errors import ApiError
from api.executor import WorkerPool
from api.query_job import Job

ASK = Job("ASK { ?s ?p ?o }", "json", 10)


def _checkpoint(root: Path) -> Path:
    """A checkpoint (``Store.backup``) of a one-quad store."""
    store = ox.Store(str(root / "main"))
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"),
                      ox.NamedNode("http://g")))
    store.flush()
    store.backup(str(root / "gen-1"))
    del store
    return root / "gen-1"


def _run(pool: WorkerPool, job: Job):
    """The pool's answer, waiting while its workers are still starting (429)."""
    deadline = time.monotonic() + 20
    while True:
        try:
            return asyncio.run(pool.run(job))
        except ApiError as exc:
            if exc.status != 429 or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize("damage", ["manifest", "tables"])
def test_a_half_removed_checkpoint_is_an_error_not_a_dead_worker(tmp_path, damage):
    good = _checkpoint(tmp_path)
    half = tmp_path / "gen-2"
    shutil.copytree(good, half)
    for path in half.iterdir():  # what rmtree leaves midway
        if (damage == "manifest" and path.name.startswith("MANIFEST")) or \
                (damage == "tables" and path.suffix == ".sst"):
            path.unlink()
    pool = WorkerPool(str(good), size=1, timeout=10, memory_limit=0)
    pool.start()
    try:
        assert _run(pool, ASK).rows == 1
        pool.use(str(half))
        with pytest.raises(ApiError) as refused:
            _run(pool, ASK)
        assert refused.value.status == 503, refused.value
        assert pool.stats.crashed == 0
        pool.use(str(good))
        assert _run(pool, ASK).rows == 1
    finally:
        pool.close()
