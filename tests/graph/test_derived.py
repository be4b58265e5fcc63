"""Derived indexes: one build per store state however many readers ask at once, and a
document write updates them from its graphs instead."""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox
import pytest

from graph import derived
from graph.store import open_store

GRAPH = "http://example.org/g"


def _quad(n: int) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://example.org/s{n}"), ox.NamedNode("http://example.org/p"),
                   ox.Literal(str(n)), ox.NamedNode(GRAPH))


@pytest.fixture
def counting():
    """A kind of index counting the quads of each graph, and how often it was built."""
    builds = []

    def build(store):
        builds.append(store.generation)
        time.sleep(0.2)  # long enough for readers to arrive while it builds
        return {g: sum(1 for _ in store.quads(g)) for g in store.graphs()}

    def read(store, graphs):
        return {g: sum(1 for _ in store.quads(g)) for g in graphs}

    def update(index, old, new):
        return {**{g: n for g, n in index.items() if g not in old}, **{g: n for g, n in new.items() if n}}

    kind = derived.register(derived.Derived("test-counting", build=build, read=read, update=update))
    yield kind, builds
    derived._kinds.remove(kind)


def test_readers_arriving_during_the_warm_up_wait_for_it(counting):
    kind, builds = counting
    store = open_store(":memory:")
    store.write(insert=[_quad(1)])
    warming = derived.warm_in_background(store)
    time.sleep(0.05)
    found = []
    readers = [threading.Thread(target=lambda: found.append(derived.current(store, kind))) for _ in range(4)]
    for reader in readers:
        reader.start()
    for thread in (warming, *readers):
        thread.join(timeout=10)
    assert builds == [store.generation]
    assert found == [{GRAPH: 1}] * 4


def test_a_document_write_updates_instead_of_building(counting):
    kind, builds = counting
    store = open_store(":memory:")
    assert derived.current(store, kind) == {}
    with derived.changing(store, [GRAPH]):
        store.write(drop=[GRAPH], insert=[_quad(1), _quad(2)])
    assert derived.current(store, kind) == {GRAPH: 2}
    with derived.changing(store, [GRAPH]):
        store.write(drop=[GRAPH])
    assert derived.current(store, kind) == {}
    assert len(builds) == 1


def test_another_write_leaves_the_index_to_be_built_again(counting):
    kind, builds = counting
    store = open_store(":memory:")
    derived.current(store, kind)
    store.load([_quad(1)])
    assert derived.current(store, kind) == {GRAPH: 1}
    assert len(builds) == 2


def test_a_store_that_does_not_count_its_writes_has_no_index(counting):
    kind, _ = counting

    class Remote:  # a store another process may write: no generation
        pass

    assert derived.current(Remote(), kind) is None


def test_ready_says_whether_a_reader_would_be_answered_at_once(counting):
    kind, builds = counting
    store = open_store(":memory:")
    assert not derived.ready(store, kind)  # not built yet: a reader would build it
    derived.current(store, kind)
    assert derived.ready(store, kind)
    with derived.changing(store, [GRAPH]):  # a document write updates it: still ready
        store.write(drop=[GRAPH], insert=[_quad(1)])
    assert derived.ready(store, kind) and len(builds) == 1
    store.load([_quad(2)])  # any other write leaves it behind
    assert not derived.ready(store, kind)


def test_a_store_that_does_not_count_its_writes_is_never_ready(counting, oxigraph_server):
    kind, _ = counting
    remote = open_store(oxigraph_server)
    try:
        assert derived.current(remote, kind) is None and not derived.ready(remote, kind)
    finally:
        remote.close()
