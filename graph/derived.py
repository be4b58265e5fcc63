"""Indexes derived from a store, kept in memory and kept current as documents are written.

Some answers cost the whole corpus when asked of the engine each time (the labels a
search scans, the co-occurrence counts a neighbourhood needs), so they are kept in
memory, derived from the store. Each kind of index (:class:`Derived`) says how to build
itself from the whole store, how to read the share of some named graphs, and how to
update itself from those graphs' share before and after a write. A store that counts its
writes (``generation``: the embedded engine, which no other process writes, or a remote
store opened as its sole writer) keeps one of each kind; a remote store that another
process may write keeps none and is asked each time.

Every kind is renewed by the same two paths: :func:`changing`, around a document write,
reads the written graphs before and after it and updates each current index from that
share alone (what one document holds, not the corpus); any other write leaves the
indexes behind their store, and the next reader (:func:`current`) builds again. One
lock per store and kind: one thread builds while the others wait for it, and a reader
that finds its index stale while a write is updating it waits for the update instead of
building a second copy. :func:`warm` builds every kind ahead of the first reader (the
server does it in the background as it starts).
"""

from __future__ import annotations

import ctypes
import logging
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from graph.errors import QueryError, StoreError
from graph.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Derived:
    """One kind of index derived from a store.

    ``build(store)`` makes it from the whole store; ``read(store, graphs)`` reads what the
    named graphs contribute to it (each graph present, empty when the store no longer has
    it); ``update(index, old, new)`` returns the index with the graphs' ``old`` share
    replaced by their ``new`` one. Readers hold an index without a lock, so ``update``
    must not change what a reader may be iterating (return a new object for what
    changes).
    """

    name: str
    build: Callable[[Store], Any]
    read: Callable[[Store, list[str]], Any]
    update: Callable[[Any, Any, Any], Any]


@dataclass(eq=False)
class _State:
    """One store's index of one kind: ``(generation, index)`` swapped whole, and the lock
    under which it is renewed (by a reader that finds it stale, or by :func:`changing`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    current: tuple[int, Any] | None = None


_kinds: list[Derived] = []
_states: weakref.WeakKeyDictionary[Store, dict[str, _State]] = weakref.WeakKeyDictionary()
_states_lock = threading.Lock()


def register(kind: Derived) -> Derived:
    """Add a kind of index (once per name: a module imported again replaces its own)."""
    _kinds[:] = [k for k in _kinds if k.name != kind.name] + [kind]
    return kind


def _state(store: Store, kind: Derived) -> _State | None:
    if getattr(store, "generation", None) is None:
        return None
    with _states_lock:
        return _states.setdefault(store, {}).setdefault(kind.name, _State())


def current(store: Store, kind: Derived) -> Any | None:
    """The store's index of this kind, built on first use and again when a write other
    than a document write (:func:`changing`) has left it behind; ``None`` for a store that
    does not count its writes.

    >>> from graph.store import open_store
    >>> graphs = Derived("graphs", build=lambda s: frozenset(s.graphs()),
    ...                  read=lambda s, gs: {g for g in gs if g in s.graphs()},
    ...                  update=lambda index, old, new: (index - old) | new)
    >>> store = open_store(":memory:")
    >>> current(store, graphs)
    frozenset()
    """
    state = _state(store, kind)
    if state is None:
        return None
    found = state.current
    if found is not None and found[0] == store.generation:
        return found[1]
    with state.lock:
        generation = store.generation  # before reading: a write meanwhile makes it stale
        if state.current is None or state.current[0] != generation:
            state.current = None
            state.current = (generation, kind.build(store))
            _give_back_freed_memory()
        return state.current[1]


def ready(store: Store, kind: Derived) -> bool:
    """Whether :func:`current` would answer at once: the index is built and current (a
    reader may then use it without leaving the event loop)."""
    state = _state(store, kind)
    found = state.current if state is not None else None
    return found is not None and found[0] == store.generation


_trim: Callable[[int], int] | None = None


def _give_back_freed_memory() -> None:
    """Return to the system what a build freed. The engine's query buffers and the
    build's scratch are freed, but glibc keeps freed pages mapped for reuse, so a process
    stays as large as its build was at its largest; ``malloc_trim`` gives them back
    (nothing on a C library without it)."""
    global _trim
    if _trim is None:
        try:
            _trim = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError):  # not glibc
            _trim = lambda pad: 0  # noqa: E731
    _trim(0)


def warm(store: Store) -> None:
    """Build every registered kind of index for ``store`` now, so that the first reader
    does not wait for it. Readers arriving meanwhile wait for the same build."""
    for kind in list(_kinds):
        current(store, kind)


def warm_in_background(store: Store) -> threading.Thread:
    """:func:`warm` in a daemon thread; a failure there is logged, and the first reader
    then builds (and reports) it itself."""
    def run() -> None:
        try:
            warm(store)
        except Exception:  # noqa: BLE001 - a warm-up only saves time; readers retry
            log.warning("building the in-memory indexes ahead of use failed", exc_info=True)

    thread = threading.Thread(target=run, name="safetykg-warm-indexes", daemon=True)
    thread.start()
    return thread


@contextmanager
def changing(store: Store, graphs: Iterable[str] | Callable[[], Iterable[str]]) -> Iterator[None]:
    """Around one write to ``store`` that changes the named ``graphs`` only: every current
    index is updated from those graphs (read before and after the write) instead of being
    built again from the whole store. ``graphs`` may be a function, called only when an
    index is kept, once the indexes are locked (when finding the graphs costs a query).

    Readers that find an index stale wait for the update; when anything else wrote the
    store meanwhile, the indexes are left stale and the next reader rebuilds them.

    >>> import pyoxigraph as ox
    >>> from graph.store import open_store
    >>> store = open_store(":memory:")
    >>> graphs = register(Derived("doctest-graphs", build=lambda s: frozenset(s.graphs()),
    ...                   read=lambda s, gs: {g for g in gs if g in s.graphs()},
    ...                   update=lambda index, old, new: (index - old) | new))
    >>> current(store, graphs)
    frozenset()
    >>> quad = ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"),
    ...                ox.NamedNode("http://g"))
    >>> with changing(store, ["http://g"]):
    ...     store.write(drop=["http://g"], insert=[quad])
    >>> sorted(current(store, graphs))
    ['http://g']
    >>> _kinds.remove(graphs)
    """
    states = [(kind, state) for kind in list(_kinds) if (state := _state(store, kind)) is not None]
    if not states:
        yield
        return
    with ExitStack() as held:
        for _, state in states:  # always in registration order: no two writers deadlock
            held.enter_context(state.lock)
        before = store.generation
        graphs = list(graphs() if callable(graphs) else graphs)
        olds = [(kind, state, kind.read(store, graphs)) for kind, state in states
                if state.current is not None and state.current[0] == before]
        try:
            yield
        finally:
            if store.generation == before + 1:
                for kind, state, old in olds:
                    _update(kind, state, store, graphs, old)


def _update(kind: Derived, state: _State, store: Store, graphs: list[str], old: Any) -> None:
    """Renew one index after the write; if that fails, leave it to the next reader."""
    generation, done = store.generation, False
    try:
        state.current = (generation, kind.update(state.current[1], old, kind.read(store, graphs)))
        done = True
    except (QueryError, StoreError):
        log.warning("updating the %s index after a write failed; it will be rebuilt",
                    kind.name, exc_info=True)
    finally:
        if not done:
            state.current = None
