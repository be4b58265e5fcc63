"""Read-only checkpoints of the store for the query workers.

pyoxigraph's ``Store.read_only(path)`` on a directory another process writes is undefined
behaviour; ``Store.backup(dir)`` makes a consistent checkpoint in about a millisecond
(RocksDB hard links). So the API process, which holds the store and is its only writer,
makes a checkpoint at start-up and after every committed write; workers open the newest
and never see a write half done. An in-memory store (tests, one-off runs) is copied to a
temporary on-disk store instead. Checkpoints no worker has open any more are removed.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.store import OxigraphStore


class Checkpoints:
    """Numbered checkpoints of ``store`` in a private temporary directory."""

    def __init__(self, store: OxigraphStore) -> None:
        self.store = store
        self.root = Path(tempfile.mkdtemp(prefix="safetykg-checkpoints-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.root), True)
        self._generation = 0
        self._lock = threading.Lock()
        self.current: str | None = None

    def make(self) -> str:
        """A new checkpoint of the store as it is now; returns its directory."""
        with self._lock:
            self._generation += 1
            target = self.root / f"gen-{self._generation:06d}"
            try:
                if self.store.location == ":memory:":
                    _copy_memory_store(self.store.engine, target)
                else:
                    self.store.engine.flush()
                    self.store.engine.backup(str(target))
            except OSError as exc:
                raise StoreError(f"cannot checkpoint the store at {self.store.location} into "
                                 f"{target}: {exc}") from exc
            self.current = str(target)
            return self.current

    def release(self, in_use: set[str]) -> None:
        """Remove every checkpoint but the current one and those in ``in_use``."""
        with self._lock:
            keep = set(in_use) | {self.current}
            for path in self.root.glob("gen-*"):
                if str(path) not in keep:
                    shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        self._cleanup()


def _copy_memory_store(engine: ox.Store, target: Path) -> None:
    copy = ox.Store(str(target))
    copy.bulk_extend(engine.quads_for_pattern(None, None, None, None))
    copy.flush()
    del copy
