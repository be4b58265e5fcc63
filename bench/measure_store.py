"""The store: how big the graph gets, and the same data exported for other servers."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.harness import dir_bytes


def open_graph(location: str, *, sole_writer: bool = False):
    """Our knowledge graph over the store at ``location`` (directory or URL).

    A directory that does not exist yet is built as a fresh store (bulk-loaded aside and
    moved into place by :func:`close`), as ``safetykg ingest`` builds a new store.
    ``sole_writer``: a URL's server is written by nothing else (as
    ``SAFETYKG_REMOTE_SOLE_WRITER``).
    """
    from graph.kg import KnowledgeGraph
    from graph.store import open_store

    return KnowledgeGraph(open_store(location, fresh=True, sole_writer=sole_writer))


REMOTE_DOCUMENTS = """SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE {
  GRAPH ?doc { ?doc a <https://w3id.org/safetykg/ontology#Document> } }"""


def remote_documents(url: str) -> int:
    """How many documents the SPARQL server at ``url`` holds."""
    from graph.store import open_store

    store = open_store(url)
    try:
        return int(next(iter(store.query(REMOTE_DOCUMENTS, union_default=False)))["n"].value)
    finally:
        store.close()


def publish_lexicon(kg, lexicon) -> dict[str, Any]:
    t0 = time.perf_counter()
    kg.publish_lexicon(lexicon)
    return {"lexicon_write_s": round(time.perf_counter() - t0, 3)}


def store_size(kg, location: str) -> dict[str, Any]:
    """Quads and bytes on disk once the ingest is over, as ``safetykg ingest`` leaves them.

    The embedded store is compacted first (what closing it after an ingest does): RocksDB
    keeps retired write-ahead logs for reuse while the store is open, and they are not
    the graph's size. ``store_wal_bytes`` is what they held before.
    """
    local = not location.startswith(("http://", "https://"))
    result: dict[str, Any] = {}
    compact = getattr(kg.store, "compact", None)
    if local and compact is not None:
        result["store_wal_bytes"] = kg.store.wal_bytes()
        t0 = time.perf_counter()
        compact()
        result["compact_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    triples = kg.store.quad_count()
    result.update(triples=triples, count_s=round(time.perf_counter() - t0, 3),
                  store_bytes=dir_bytes(Path(location)) if local else None)
    if result["store_bytes"] and triples:
        result["store_bytes_per_triple"] = round(result["store_bytes"] / triples)
    return result


def close(kg) -> None:
    kg.store.close()


def export_trig(store_dir: Path, out: Path, *, max_quads: int) -> dict[str, Any]:
    """The default graph and whole document graphs, in store order, up to ``max_quads``.

    rdflib holds everything in memory (~1.5 GB per million quads here), so the dump for
    rdflib-endpoint is capped; the count of graphs it holds is reported beside it.
    """
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir))
    quads: list[ox.Quad] = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    graphs = 0
    for g in store.named_graphs():
        part = list(store.quads_for_pattern(None, None, None, g))
        if len(quads) + len(part) > max_quads and graphs:
            break
        quads.extend(part)
        graphs += 1
    with out.open("wb") as fh:
        ox.serialize(quads, fh, format=ox.RdfFormat.TRIG)
    total_graphs = sum(1 for _ in store.named_graphs())
    return {"export_quads": len(quads), "export_graphs": graphs, "export_graphs_total": total_graphs}
