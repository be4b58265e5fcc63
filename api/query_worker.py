"""A query worker process: ``python -m api.query_worker FD MEMORY_LIMIT``.

Started by :class:`api.executor.WorkerPool`. It caps its own address space, then answers
``(checkpoint path, Job)`` messages on the connection ``FD`` one at a time with an
:class:`~api.results.Outcome` or a :class:`~api.executor.Failure` as bytes
(:func:`api.query_job.encode_answer`), opening each checkpoint read-only. ``None`` (or the parent going away) ends it. Workers run at a
lower scheduling priority than the API process.
"""

from __future__ import annotations

import os
import resource
import sys
from multiprocessing.connection import Connection


READY = b"ready"
"""The first message of a worker: it has started and capped its memory."""


def serve(conn: Connection, memory_limit: int) -> None:
    os.nice(10)  # below the API process (pages, JSON, /healthz stay quick), from the start
    import pyoxigraph as ox

    from api.query_job import Failure, encode_answer, run_job

    if memory_limit > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    conn.send_bytes(READY)  # start-up time is not query time: the pool waits for this first
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        path, job = message
        try:
            if opened is None or opened[0] != path:
                opened = None
                opened = (path, ox.Store.read_only(path))
            answer = run_job(opened[1], job)
        except (OSError, RuntimeError) as exc:  # RocksDB: "Corruption" for a half-removed copy
            opened = None
            answer = Failure(503, "store unavailable", f"cannot open the checkpoint {path}: {exc}")
        except MemoryError:
            answer = Failure(503, "query too large",
                             "the query needed more memory than a worker may use")
        try:
            conn.send_bytes(encode_answer(answer))
        except MemoryError:
            conn.send_bytes(encode_answer(Failure(503, "query too large",
                                                  "the result was too large to send")))


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])), int(sys.argv[2]))
