"""Running SPARQL queries where they can be stopped: a pool of worker processes.

A Python thread cannot stop a pyoxigraph query, and pyoxigraph has no timeout or cancel
argument; a process can be killed. Each worker opens a read-only checkpoint of the store
(see :mod:`api.snapshot`), runs one query at a time and sends back the serialized
result. On the time limit the worker is killed (SIGKILL frees the CPU at once) and a
new one started; the client gets 503 with ``Retry-After`` and other requests go on.

- The pool does not queue: when every worker is busy a query gets 429 at once, so a burst
  of slow queries cannot pile up, and ``/healthz`` (which never touches the pool) stays fast.
- Each worker caps its own address space (``RLIMIT_AS``): a query that eats memory
  kills its worker only, and the client gets 503.
- A worker that dies mid-query (a crash in the engine) gives 500 and is replaced.

For a remote store (a SPARQL server) there is nothing to kill on our side: the query is
forwarded with an HTTP timeout by :class:`RemoteExecutor`, behind the same interface.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import socket
import struct
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import dataclass, field

from api.errors import ApiError
from api.query_job import Failure, Job, decode_answer, run_job  # noqa: F401  (Job and run_job are re-exported)
from api.result_cache import ResultCache
from api.results import Outcome

log = logging.getLogger(__name__)

_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

RETRY_AFTER = "2"
STARTUP_TIMEOUT = 30.0
"""Seconds a new worker may take to start (import, memory cap) before it is given up."""


_LENGTH = struct.Struct("!i")
"""The frame header of :class:`multiprocessing.connection.Connection` (what the worker
reads and writes): a signed 32-bit length, or -1 and then an unsigned 64-bit one."""
_LONG_LENGTH = struct.Struct("!Q")
_FIRST_READ = 1 << 16
"""Most answers fit in one read of this size; larger ones are read in pieces up to
``_MAX_READ`` (small enough that no read allocates a huge buffer it does not fill)."""
_MAX_READ = 1 << 20


@dataclass
class _Worker:
    process: subprocess.Popen
    sock: socket.socket
    """Our end of the socket pair; non-blocking once the worker is ready."""
    path: str | None = None
    """The checkpoint this worker last opened."""


@dataclass
class PoolStats:
    started: int = 0
    killed: int = 0
    crashed: int = 0
    refused: int = 0
    pids: list[int] = field(default_factory=list)


class WorkerPool:
    """``size`` worker processes over the checkpoint at ``path`` (changed by :meth:`use`)."""

    def __init__(self, path: str, *, size: int, timeout: float, memory_limit: int) -> None:
        self.path = path
        self.size = size
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.stats = PoolStats()
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self._starting = 0
        self._waiting = 0
        self.on_release = None
        """Called with the set of checkpoint paths still open, after each query."""
        self._finalizer = weakref.finalize(self, _kill_all, self._all)

    def start(self) -> None:
        for _ in range(self.size):
            self._launch()

    def _launch(self) -> None:
        """Start a worker; it joins the idle ones once it says it is ready."""
        with self._lock:
            self._starting += 1
        worker = self._spawn()
        threading.Thread(target=self._await_ready, args=(worker,), daemon=True).start()

    def _await_ready(self, worker: _Worker) -> None:
        from api.query_worker import READY

        try:
            worker.sock.settimeout(STARTUP_TIMEOUT)
            ready = _read_frame_blocking(worker.sock) == READY
            worker.sock.setblocking(False)  # from now on it is read in the event loop
        except (EOFError, OSError):
            ready = False
        with self._lock:
            self._starting -= 1
        if ready:
            self._add(worker)
        else:
            log.error("a query worker did not start within %s s", STARTUP_TIMEOUT)
            _stop(worker)

    def _spawn(self) -> _Worker:
        """A new worker: ``python -m api.query_worker`` joined by a socket pair.

        A plain subprocess rather than :mod:`multiprocessing`, whose ``spawn`` and
        ``forkserver`` would import the parent's ``__main__`` again in every worker, and
        whose ``fork`` would copy a process that runs threads.
        """
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")) if p))
        process = subprocess.Popen(
            [sys.executable, "-m", "api.query_worker", str(theirs.fileno()), str(self.memory_limit)],
            pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self.stats.started += 1
        return _Worker(process, ours)

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            if self._closed:
                _stop(worker)
                return
            self._all.append(worker)
            self._idle.append(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now and start a new one in the background."""
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        with contextlib.suppress(OSError):
            worker.process.kill()
        worker.sock.close()
        threading.Thread(target=self._respawn, args=(worker,), daemon=True).start()

    def _respawn(self, dead: _Worker) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            dead.process.wait(5)
        if not self._closed:
            self._launch()

    def use(self, path: str) -> None:
        """Send later queries to a newer checkpoint; workers reopen it on their next query."""
        self.path = path

    def open_paths(self) -> set[str]:
        with self._lock:
            return {w.path for w in self._all if w.path} | {self.path}

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all]

    async def run(self, job: Job) -> Outcome:
        """The query's result; raises :class:`ApiError` 429, 503 or 500 when it has none."""
        worker = await self._take()
        if worker is None:
            self.stats.refused += 1
            raise ApiError(429, "too many queries",
                           f"all {self.size} query workers are busy; retry shortly",
                           headers={"Retry-After": RETRY_AFTER})
        with self._lock:  # recorded before anything can release it (see open_paths)
            previous, path = worker.path, self.path
            worker.path = path
        try:
            answer = await self._exchange(worker, path, job)
        except TimeoutError:
            self.stats.killed += 1
            self._replace(worker)
            raise ApiError(503, "query timed out",
                           f"the query ran longer than {self.timeout:g} s and was stopped",
                           headers={"Retry-After": RETRY_AFTER}) from None
        except (EOFError, OSError, ValueError):
            self.stats.crashed += 1
            try:  # the pipe closes a moment before the exit status is known
                code = worker.process.wait(1)
            except subprocess.TimeoutExpired:
                code = None
            self._replace(worker)
            if code is not None and code < 0 and -code in (9, 6):  # killed or aborted: out of memory
                raise ApiError(503, "query too large", "the query worker ran out of memory and "
                               "was replaced", headers={"Retry-After": RETRY_AFTER}) from None
            raise ApiError(500, "query worker crashed",
                           f"the query engine stopped (exit {code}); the worker was replaced") from None
        except BaseException:  # cancelled mid-exchange: the pipe is in an unknown state
            self._replace(worker)
            raise
        with self._lock:
            if worker in self._all:
                self._idle.append(worker)
            moved = previous != path or path != self.path
        if moved and self.on_release is not None:  # an older checkpoint may now be unused
            self.on_release(self.open_paths())
        if isinstance(answer, Failure):
            raise ApiError(answer.status, answer.error, answer.detail,
                           headers={"Retry-After": RETRY_AFTER} if answer.status == 503 else None)
        return answer

    async def _take(self) -> _Worker | None:
        """An idle worker now. While workers are starting, as many requests as there are
        starting workers may wait for them; everyone else is refused at once (no queue)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STARTUP_TIMEOUT
        waiting = False
        try:
            while True:
                with self._lock:
                    if self._idle:
                        return self._idle.pop()
                    if not waiting:
                        if self._waiting >= self._starting:
                            return None
                        self._waiting += 1
                        waiting = True
                    elif self._starting == 0 or loop.time() > deadline:
                        return None
                await asyncio.sleep(0.02)
        finally:
            if waiting:
                with self._lock:
                    self._waiting -= 1

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> bool:
        """Block until every worker has started (for start-up and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self._idle) == self.size:
                    return True
            time.sleep(0.02)
        return False

    async def _exchange(self, worker: _Worker, path: str, job: Job) -> Outcome | Failure:
        """Send the job and read the answer in the event loop, within the time limit.

        No thread hop and no pickled answer: the socket is non-blocking and the answer is
        the body's bytes behind a short header (:func:`api.query_job.decode_answer`).
        """
        loop = asyncio.get_running_loop()
        message = pickle.dumps((path, job), protocol=pickle.HIGHEST_PROTOCOL)
        async with asyncio.timeout(self.timeout):
            await loop.sock_sendall(worker.sock, _LENGTH.pack(len(message)) + message)
            data = await _read_frame(loop, worker.sock)
        return decode_answer(data)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._all, self._idle = self._all, [], []
        for worker in workers:
            _stop(worker)


async def _read_frame(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> bytearray:
    """One :class:`~multiprocessing.connection.Connection` frame from a non-blocking socket."""
    data = bytearray()
    need = _LENGTH.size
    while True:
        while len(data) < need:
            want = _FIRST_READ if not data else min(need - len(data), _MAX_READ)
            chunk = await loop.sock_recv(sock, want)
            if not chunk:
                raise EOFError("the query worker closed its pipe")
            data += chunk
        (size,) = _LENGTH.unpack_from(data)
        if size >= 0:
            head = _LENGTH.size
        elif len(data) < _LENGTH.size + _LONG_LENGTH.size:
            need = _LENGTH.size + _LONG_LENGTH.size
            continue
        else:
            (size,) = _LONG_LENGTH.unpack_from(data, _LENGTH.size)
            head = _LENGTH.size + _LONG_LENGTH.size
        if len(data) >= head + size:
            del data[:head]
            return data
        need = head + size


def _read_frame_blocking(sock: socket.socket) -> bytes:
    """The same, on a blocking socket (the start-up handshake, in a thread)."""
    def exactly(n: int) -> bytes:
        chunks, got = [], 0
        while got < n:
            chunk = sock.recv(n - got)
            if not chunk:
                raise EOFError("the query worker closed its pipe")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    (size,) = _LENGTH.unpack(exactly(_LENGTH.size))
    if size < 0:
        (size,) = _LONG_LENGTH.unpack(exactly(_LONG_LENGTH.size))
    return exactly(size)


def _kill_all(workers: list[_Worker]) -> None:
    """At exit or when a pool is dropped unclosed: no worker outlives its pool."""
    for worker in list(workers):
        with contextlib.suppress(OSError):
            worker.process.kill()


def _stop(worker: _Worker) -> None:
    """Workers only read, so stopping one is killing it: nothing is lost."""
    with contextlib.suppress(OSError):
        worker.process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        worker.process.wait(2)
    worker.sock.close()


class RemoteExecutor:
    """Queries forwarded to a SPARQL server, with the same limits, over HTTP.

    The server's answer is parsed and written again by :mod:`api.results`, so the row
    cap and the formats behave exactly as with the embedded store.
    """

    def __init__(self, url: str, *, size: int, timeout: float) -> None:
        self.url = url
        self.size = size
        self.timeout = timeout
        self._busy = 0
        self._lock = threading.Lock()

    async def run(self, job: Job) -> Outcome:
        with self._lock:
            if self._busy >= self.size:
                raise ApiError(429, "too many queries", f"all {self.size} query slots are busy",
                               headers={"Retry-After": RETRY_AFTER})
            self._busy += 1
        try:
            return await asyncio.to_thread(self._forward, job)
        finally:
            with self._lock:
                self._busy -= 1

    def _forward(self, job: Job) -> Outcome:
        import httpx
        import pyoxigraph as ox

        from api.results import serialize

        data: dict[str, str | list[str]] = {"query": job.text}
        if job.default_graphs:
            data["default-graph-uri"] = list(job.default_graphs)
        if job.named_graphs:
            data["named-graph-uri"] = list(job.named_graphs)
        if job.union_default and not job.default_graphs:
            data["union-default-graph"] = ""
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        try:
            response = httpx.post(self.url, data=data, headers={"Accept": accept},
                                  timeout=self.timeout)
        except httpx.TimeoutException:
            raise ApiError(503, "query timed out", f"the SPARQL server did not answer within "
                           f"{self.timeout:g} s", headers={"Retry-After": RETRY_AFTER}) from None
        except httpx.HTTPError as exc:
            raise ApiError(503, "store unavailable", f"the SPARQL server at {self.url} did not "
                           f"answer: {exc}", headers={"Retry-After": RETRY_AFTER}) from None
        if response.status_code == 400:
            raise ApiError(400, "bad query", response.text[:500])
        if response.status_code >= 300:
            raise ApiError(503, "store unavailable", f"the SPARQL server answered "
                           f"{response.status_code}", headers={"Retry-After": RETRY_AFTER})
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/n-triples":
            result = iter(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
            return serialize(_Triples(result), job.fmt, max_rows=job.max_rows)
        parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        return serialize(parsed, job.fmt, max_rows=job.max_rows)

    def close(self) -> None:
        pass

    def pids(self) -> list[int]:
        return []


class _Triples:
    """Parsed triples standing in for pyoxigraph's ``QueryTriples``."""

    def __init__(self, items) -> None:
        self._items = items

    def __iter__(self):
        return (t.triple if hasattr(t, "triple") else t for t in self._items)


MIN_WORKERS = 4
"""Four clients at once are served, not refused, even on a 2-core machine: a waiting
worker costs memory only (its engine's CPU is shared out by the kernel, and workers run
below the API process), whereas a refused query costs the client a retry."""


def default_workers() -> int:
    """As many workers as cores, at least :data:`MIN_WORKERS`."""
    return max(MIN_WORKERS, os.cpu_count() or 2)


class SparqlService:
    """The executor that fits the store, and the checkpoints it reads.

    Embedded store: a :class:`WorkerPool` over checkpoints, renewed by :meth:`refresh`
    after each committed write. Remote store: a :class:`RemoteExecutor`.
    """

    def __init__(self, store, *, workers: int, timeout: float, memory_limit: int,
                 cache_bytes: int = 0) -> None:
        from api.snapshot import Checkpoints
        from graph.store import OxigraphStore

        self.checkpoints = None
        self.cache: ResultCache | None = None
        if isinstance(store, OxigraphStore):
            self.checkpoints = Checkpoints(store)
            self.executor: WorkerPool | RemoteExecutor = WorkerPool(
                self.checkpoints.make(), size=workers, timeout=timeout, memory_limit=memory_limit)
            self.executor.on_release = self.checkpoints.release
            self.executor.start()
        else:
            self.executor = RemoteExecutor(store.query_url, size=workers, timeout=timeout)
        self.store = store
        if cache_bytes > 0 and getattr(store, "generation", None) is not None:
            self.cache = ResultCache(cache_bytes)  # answers stand while no write is made

    def _state(self) -> str:
        """What an answer was computed on: the workers' checkpoint, or the count of this
        process's writes to a remote store it alone writes."""
        if self.checkpoints is not None:
            return self.executor.path
        return f"write-{self.store.generation}"

    async def run(self, job: Job) -> Outcome:
        """The job's answer: from the cache when this checkpoint already gave it."""
        return (await self.answer(job))[0]

    async def answer(self, job: Job) -> tuple[Outcome, bool]:
        """``(outcome, whether it came from the cache)``."""
        if self.cache is None:
            return await self.executor.run(job), False
        checkpoint = self._state()  # read before: a write meanwhile only moves it on
        found = self.cache.get(job, checkpoint)
        if found is not None:
            return found, True
        outcome = await self.executor.run(job)
        self.cache.put(job, checkpoint, outcome)
        return outcome, False

    def refresh(self) -> None:
        """Point the workers at a checkpoint of the store as it is now (after a write)."""
        if self.cache is not None:
            self.cache.clear()
        if self.checkpoints is not None:
            self.executor.use(self.checkpoints.make())
            self.checkpoints.release(self.executor.open_paths())

    def close(self) -> None:
        self.executor.close()
        if self.checkpoints is not None:
            self.checkpoints.close()
