"""One store interface over three engines, chosen in one place: :func:`open_store`.

- embedded Oxigraph on disk (the default) — a directory;
- Oxigraph in memory — ``":memory:"``;
- any SPARQL 1.1 server — an ``http(s)://`` URL of its query endpoint, with the update
  and Graph Store endpoints beside it (Oxigraph server layout: ``/query``, ``/update``,
  ``/store``; others are configured with ``?update=…`` in the URL).

Every engine answers queries with pyoxigraph's result types, so nothing above this
module knows which engine it got. Replacing a document's graph is one SPARQL update,
which every engine runs as one transaction: readers never see half a document.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from graph.binding import Term, bind_values
from graph.errors import QueryError, StoreError

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

MEMORY = ":memory:"


class Store(abc.ABC):
    """What safetykg needs of a quad store."""

    location: str

    @abc.abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              union_default: bool = True) -> Result:
        """Run a read query; values in ``bindings`` are bound, never pasted into text.

        :raises QueryError: when the engine refuses the query.
        """

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL update as one transaction."""

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the named graph ``graph`` with ``quads`` in one transaction."""
        g = ox.NamedNode(graph)
        body = " .\n".join(str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads)
        self.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body} .\n}} }}"
                    if body else f"DROP SILENT GRAPH {g}")

    def remove_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def replace_default(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the default graph (the lexicon and levels) in one transaction."""
        body = " .\n".join(str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads)
        self.update(f"DROP SILENT DEFAULT ;\nINSERT DATA {{\n{body} .\n}}" if body else "DROP SILENT DEFAULT")

    def graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default=False)
        return sorted(row["g"].value for row in rows)

    def quad_count(self) -> int:
        rows = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
            union_default=False)
        return int(next(iter(rows))["n"].value)

    def close(self) -> None:
        """Release the engine (file locks, connections)."""


class OxigraphStore(Store):
    """Embedded pyoxigraph, on disk or in memory."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.location = str(path) if path else MEMORY
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store at {path}: {exc}. If another safetykg process "
                f"(a running server or ingest) holds it, stop that process or use another "
                f"--store directory") from exc

    @property
    def engine(self) -> ox.Store:
        return self._store

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              union_default: bool = True) -> Result:
        try:
            return self._store.query(bind_values(sparql, bindings or {}),
                                     use_default_graph_as_union=union_default)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"reading the store at {self.location} failed: {exc}") from exc

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"writing the store at {self.location} failed: {exc}") from exc

    def close(self) -> None:
        if self.location != MEMORY:
            self._store.flush()
        del self._store


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``location``: a directory, ``":memory:"`` or an ``http(s)`` URL.

    >>> store = open_store(":memory:")
    >>> store.quad_count()
    0

    :raises StoreError: naming the location when it cannot be opened.
    """
    text = str(location) if location is not None else MEMORY
    if text == MEMORY:
        return OxigraphStore(None)
    if text.startswith(("http://", "https://")):
        from graph.remote import RemoteStore

        return RemoteStore(text)
    return OxigraphStore(Path(text), read_only=read_only)
