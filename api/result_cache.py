"""Answers of the SPARQL endpoint kept for the store state they were computed on.

A report or a dashboard sends the same queries again and again (an embedded view, a
chart refreshed by every reader), and a query aggregating a concept's mentions over the
corpus costs the engine tens to hundreds of milliseconds each time. The embedded store
changes only through this process, and the query workers read numbered checkpoints of
it, so an answer computed on one checkpoint is the answer for as long as that
checkpoint is current: the cache is keyed on the job and the checkpoint, and emptied
when a write makes a new checkpoint. Nothing can be stale. A remote store is cached only
when this server is its sole writer (``SAFETYKG_REMOTE_SOLE_WRITER``), keyed on the count
of its writes; one that another process may write is never cached.

Bounded by bytes (``SAFETYKG_SPARQL_CACHE_MB``; 0 turns it off): least recently used
answers go first, and an answer larger than a sixteenth of the bound is not kept.
Failures (400, 503 …) are never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from api.query_job import Job
from api.results import Outcome


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stored: int = 0
    evicted: int = 0


class ResultCache:
    """``(job, checkpoint) → outcome``, least recently used first out, ``max_bytes`` at most."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.largest = max_bytes // 16
        self.bytes = 0
        self.stats = CacheStats()
        self._entries: OrderedDict[tuple[Job, str], Outcome] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job: Job, checkpoint: str) -> Outcome | None:
        with self._lock:
            found = self._entries.get((job, checkpoint))
            if found is None:
                self.stats.misses += 1
                return None
            self._entries.move_to_end((job, checkpoint))
            self.stats.hits += 1
            return found

    def put(self, job: Job, checkpoint: str, outcome: Outcome) -> None:
        size = _size(job, outcome)
        if size > self.largest:
            return
        with self._lock:
            key = (job, checkpoint)
            if key in self._entries:
                return
            self._entries[key] = outcome
            self.bytes += size
            self.stats.stored += 1
            while self.bytes > self.max_bytes:
                (old_job, _), old = self._entries.popitem(last=False)
                self.bytes -= _size(old_job, old)
                self.stats.evicted += 1

    def clear(self) -> None:
        """Forget every answer (a write made a new checkpoint)."""
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


def _size(job: Job, outcome: Outcome) -> int:
    """What an entry holds: the answer's bytes and the query's text, and some overhead."""
    return len(outcome.body) + len(job.text) * 4 + 512
