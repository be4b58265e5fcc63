"""Uploads are read, cleaned, segmented and extracted in a child process of their own.

jieba and the extractors are pure Python: run in the API process's thread pool, they
hold the GIL beside every JSON route and slow them all. One long-lived child does that
work instead. It is started on the first upload and builds its pipeline once; the API
process only writes the records it sends back, through the one writer, so every commit is
still whole. It is spawned, not forked (the API process runs threads), so the program's
main module is imported again in it as ``__mp_main__``: ours (``safetykg serve``, uvicorn)
do nothing at import.

The child caps its own address space (``RLIMIT_AS``, ``SAFETYKG_INGEST_MEMORY``) before
it builds anything, so a file whose reading needs more memory fails in the child, not in
the API process. The child takes one file at a time, so such a file fails only its own
upload: a ``MemoryError`` is reported as running out of memory and the child is replaced
(its heap may be left fragmented); a child killed outright (a parser out of memory in C)
fails the upload after one more try in a new child, since it may have died before that
file. The next upload starts a new child. A file that cannot be ingested fails its job
with the message the pipeline gives, as in the API process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import os
import resource
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ingest.records import Document


class UploadFailed(Exception):
    """The upload's file could not be ingested; the message says why (one line)."""


class IngestProcess:
    """One child process that turns uploaded files into :class:`Document` records."""

    def __init__(self, memory_limit: int = 0) -> None:
        """``memory_limit``: the child's address-space cap in bytes; 0 means none."""
        self.memory_limit = memory_limit
        self._pool: ProcessPoolExecutor | None = None
        self._turn: asyncio.Lock | None = None

    async def process_file(self, path: Path) -> list[Document]:
        """The documents of ``path``, made in the child; waits without holding a thread.

        :raises UploadFailed: naming the file, when it cannot be read or holds no text, or
            when the child process ended while reading it.
        """
        if self._turn is None:
            self._turn = asyncio.Lock()
        async with self._turn:  # one file in the child at a time (see the module's doc)
            try:
                docs, failure = await self._run(path)
            except BrokenProcessPool:  # it may have died before this file: once more
                try:
                    docs, failure = await self._run(path)
                except BrokenProcessPool:
                    raise UploadFailed(f"{path}: the ingest process ended before finishing this "
                                       f"file: it ran out of memory{self._cap()}, crashed in a "
                                       f"parser, or could not start; the next upload starts a "
                                       f"new one") from None
        if failure is not None:
            raise UploadFailed(failure)
        return docs

    async def _run(self, path: Path) -> tuple[list[Document], str | None]:
        pool = self._pool or self._start()
        try:
            docs, failure, out_of_memory = await asyncio.wrap_future(pool.submit(_process, str(path)))
        except BrokenProcessPool:
            self._discard(pool)
            raise
        except MemoryError:  # raised in the child while it sent the documents back
            docs, failure, out_of_memory = [], None, True
        if out_of_memory:
            self._discard(pool)
            failure = f"{path}: ran out of memory while reading this file{self._cap()}"
        return docs, failure

    def _cap(self) -> str:
        """The cap, as the failure messages name it."""
        if self.memory_limit <= 0:
            return ""
        return f" (the ingest process may use {self.memory_limit >> 20} MiB: SAFETYKG_INGEST_MEMORY)"

    def _start(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_warm_up,
            initargs=(self.memory_limit,))
        return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        if self._pool is pool:
            self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the child: it finishes the file it holds and exits; uploads not yet
        started are dropped."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def ingest_process(app) -> IngestProcess:
    """The app's ingest process (made on first use; its child starts with the first file)."""
    found = getattr(app.state, "ingest", None)
    if found is None:
        found = app.state.ingest = IngestProcess(app.state.settings.ingest_memory)
    return found


def stop_ingest_process(app) -> None:
    """Stop the app's ingest child, if it has one (at shutdown)."""
    found = getattr(app.state, "ingest", None)
    if found is not None:
        found.close()
        app.state.ingest = None


_pipeline = None
"""The child's pipeline: built once by :func:`_warm_up`, used for every file."""


def _warm_up(memory_limit: int) -> None:
    """In the child, once: cap its address space (before the pipeline, which counts
    too), build the pipeline, and end with the parent however it ends (killed, the child
    would otherwise wait for work forever)."""
    global _pipeline
    if memory_limit > 0:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        if hard != resource.RLIM_INFINITY:
            memory_limit = min(memory_limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    from ingest.pipeline import Pipeline

    threading.Thread(target=_exit_with, args=(multiprocessing.parent_process().sentinel,),
                     daemon=True).start()
    _pipeline = Pipeline()
    _pipeline.warm_up()


def _exit_with(parent_sentinel: int) -> None:
    multiprocessing.connection.wait([parent_sentinel])
    os._exit(0)


def _process(path: str) -> tuple[list[Document], str | None, bool]:
    """In the child: the documents of one file, or the one-line reason it failed, and
    whether it ran out of memory (the parent then words the message and replaces us).

    Failures travel as text: :class:`ingest.errors.IngestError` does not survive
    pickling (it takes two arguments), and a message is all the job reports.
    """
    from ingest.errors import IngestError

    try:
        return _pipeline.process_file(Path(path)), None, False
    except MemoryError:
        return [], None, True
    except (IngestError, OSError, ValueError) as exc:
        return [], str(exc), False
    except Exception as exc:  # a bug on one odd file must fail its job, not the child
        return [], f"{path}: internal error: {type(exc).__name__}: {exc}", False
