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
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox

from graph.binding import Term, bind_values
from graph.errors import QueryError, StoreError

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

MEMORY = ":memory:"

FLUSH_QUADS = 1_000_000
"""Quads written between two flushes of an on-disk store (about 250 synthetic documents):
keeps the write-ahead logs bounded (measured: four files, under 1 GiB, all through a
10,000-document ingest) instead of growing with the store."""

BULK_QUADS = 1_000_000
"""Quads gathered per bulk load of a :class:`FreshStore`: each load writes new tables for
every index, so small loads leave RocksDB many small tables to merge afterwards."""

WAL_SLACK_BYTES = 256 * 2**20
"""Retired write-ahead log bytes that :meth:`OxigraphStore.close` tolerates before it
compacts the store (a small test store keeps a few MiB; a large ingest keeps GiBs)."""


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

    def write(self, *, drop: Iterable[str] = (), insert: Iterable[ox.Quad] = (),
              before: str = "") -> None:
        """One update, one transaction: ``before``, then drop graphs, then insert quads.

        Every engine runs one SPARQL update request atomically, so readers see the old
        graphs or the new ones, never a mix.
        """
        self.update(write_update(drop=drop, insert=insert, before=before))

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the named graph ``graph`` with ``quads`` in one transaction."""
        self.write(drop=[graph], insert=quads)

    def remove_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def replace_default(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the default graph (the lexicon and levels) in one transaction."""
        self.update(write_update(insert=quads, before="DROP SILENT DEFAULT"))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of the store, or of one named graph (``""`` for the default graph)."""
        if graph is None:
            rows = self.query("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION "
                              "{ GRAPH ?g { ?s ?p ?o } } }", union_default=False)
            for row in rows:
                yield ox.Quad(row["s"], row["p"], row["o"], row["g"] or ox.DefaultGraph())
            return
        g = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        pattern = f"GRAPH {g} {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        for row in self.query(f"SELECT ?s ?p ?o WHERE {{ {pattern} }}", union_default=False):
            yield ox.Quad(row["s"], row["p"], row["o"], g)

    def load(self, quads: Iterable[ox.Quad], *, chunk: int = 50_000) -> int:
        """Add quads (an import), in transactions of ``chunk`` quads; returns how many."""
        total, batch = 0, []
        for quad in quads:
            batch.append(quad)
            if len(batch) >= chunk:
                self.write(insert=batch)
                total, batch = total + len(batch), []
        if batch:
            self.write(insert=batch)
        return total + len(batch)

    def clear(self) -> None:
        self.update("CLEAR SILENT ALL")

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
    """Embedded pyoxigraph, on disk or in memory.

    ``generation`` counts the writes made through this object (no other process can
    write the store while it is open), so caches of what the store holds — the label
    index of :mod:`graph.queries` — know when to rebuild.

    On disk, RocksDB keeps every write-ahead log file until all twelve of Oxigraph's
    column families have flushed past it, and the small ones (graph names, the default
    graph) seldom fill their 128 MiB memtables: left alone, the logs grew to ~760 bytes
    per quad, several times the data (measured: 300 documents, 1.27 M quads, 0.97 GB
    of logs beside 0.3 GB of tables). So the store flushes every :data:`FLUSH_QUADS`
    written quads, and :meth:`compact` (run by :meth:`close`) drops the log files
    RocksDB keeps for reuse, which only a fresh open releases.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.generation = 0
        self._unflushed = 0
        self._read_only = read_only
        self.location = str(path) if path else MEMORY
        self._store = self._open(path, read_only=read_only)

    @staticmethod
    def _open(path: Path | None, *, read_only: bool) -> ox.Store:
        try:
            if path is None:
                return ox.Store()
            if read_only:
                return ox.Store.read_only(str(path))
            path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as exc:
            raise StoreError(_open_failure(path, exc)) from exc
        except RuntimeError as exc:  # RocksDB reports damaged files as "Corruption: …"
            raise StoreError(
                f"the store directory {path} is damaged and cannot be opened ({exc}). "
                f"Restore it from a backup or an export ('safetykg import'), or move it "
                f"away and ingest the documents again") from exc

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
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"reading the store at {self.location} failed: {exc}") from exc

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"writing the store at {self.location} failed: {exc}") from exc
        finally:
            self.generation += 1  # after the write: a cache built meanwhile is rebuilt
        self._written(sparql.count("\n"))  # an INSERT DATA holds one quad a line

    def write(self, *, drop: Iterable[str] = (), insert: Iterable[ox.Quad] = (),
              before: str = "") -> None:
        """As :meth:`Store.write`; when none of the graphs to drop exists yet (a first
        ingest), ``before`` and the drops have nothing to act on and the quads go in with
        ``Store.extend`` — one transaction too, and about three times faster than the
        text of an ``INSERT DATA`` update."""
        drop = list(drop)
        if any(self._store.contains_named_graph(ox.NamedNode(g)) for g in drop):
            super().write(drop=drop, insert=insert, before=before)
            return
        insert = insert if isinstance(insert, list) else list(insert)
        try:
            self._store.extend(insert)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"writing the store at {self.location} failed: {exc}") from exc
        finally:
            self.generation += 1
        self._written(len(insert))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        if graph is None:
            return iter(self._store)
        g = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        return self._store.quads_for_pattern(None, None, None, g)

    def load(self, quads: Iterable[ox.Quad], *, chunk: int = 50_000) -> int:
        self.generation += 1  # also after each batch below
        total, batch = 0, []
        for quad in quads:
            batch.append(quad)
            if len(batch) >= chunk:
                self._store.extend(batch)
                self.generation += 1
                self._written(len(batch))
                total, batch = total + len(batch), []
        self._store.extend(batch)
        self.generation += 1
        self._written(len(batch))
        return total + len(batch)

    def _written(self, quads: int) -> None:
        """Count written quads; flush the memtables once :data:`FLUSH_QUADS` have piled up,
        so that RocksDB can retire the write-ahead log files behind them."""
        self._unflushed += quads
        if self._unflushed >= FLUSH_QUADS and self.location != MEMORY:
            self._unflushed = 0
            try:
                self._store.flush()
            except OSError as exc:
                raise StoreError(f"flushing the store at {self.location} failed: {exc}") from exc

    def wal_bytes(self) -> int:
        """Bytes of write-ahead log files in the store directory (0 in memory)."""
        if self.location == MEMORY:
            return 0
        return sum(f.stat().st_size for f in Path(self.location).glob("*.log"))

    def compact(self) -> None:
        """Flush, and release the write-ahead log files RocksDB keeps for reuse.

        RocksDB recycles up to ten retired log files (each up to a memtable's size) while
        the store is open, and deletes them only when the store is opened afresh: so this
        flushes, closes and reopens the store (a fraction of a second). ``Store.optimize``
        is not called: measured here, it neither shrank the tables nor sped up queries
        after an ingest. Nothing to do in memory or read-only.
        """
        if self.location == MEMORY or self._read_only:
            return
        self._store.flush()
        self._unflushed = 0
        del self._store
        self._store = self._open(Path(self.location), read_only=False)

    def checkpoint(self, directory: Path) -> Path:
        """A consistent, read-only-openable copy of the on-disk store at ``directory``.

        RocksDB hard-links its files, so this takes milliseconds and almost no disk; writes
        made afterwards are not seen in the copy (``Store.read_only(directory)``).

        :raises StoreError: for an in-memory store, or when ``directory`` exists.
        """
        if self.location == MEMORY:
            raise StoreError("an in-memory store has no checkpoints; use a store directory")
        try:
            self._store.flush()
            self._store.backup(str(directory))
        except OSError as exc:
            raise StoreError(f"cannot checkpoint the store at {self.location} "
                             f"into {directory}: {exc}") from exc
        return Path(directory)

    def close(self) -> None:
        """Flush and release the store; first :meth:`compact` it when its retired
        write-ahead logs outgrow :data:`WAL_SLACK_BYTES` (after a large ingest)."""
        if self.location != MEMORY and not self._read_only:
            if self.wal_bytes() > WAL_SLACK_BYTES:
                self.compact()
            self._store.flush()
        del self._store


class FreshStore(OxigraphStore):
    """A new on-disk store built aside and moved into place whole when it is closed.

    Oxigraph's bulk loader writes sorted tables straight to disk, with no write-ahead
    log: measured here through ``KnowledgeGraph.put_documents`` on 300 documents (1.17 M
    quads), 16 s of CPU for the writes instead of 33 s with ``Store.extend``, and a
    slightly smaller store (304 against 322 bytes per quad). It is not transactional, so it
    is used only where a half-written store can never be seen: the store is built in
    ``.{name}.building`` beside ``path`` and renamed to ``path`` (one atomic rename) when
    :meth:`close` has written everything. A crash leaves no store at ``path`` (the next
    build removes the leftover), never half a document.

    Quads are gathered into loads of :data:`BULK_QUADS`; a read, an update, or a write
    that replaces a gathered graph first loads what is gathered, so the store answers as
    if each write had gone in at once.

    >>> import tempfile
    >>> place = Path(tempfile.mkdtemp()) / "store"
    >>> store = FreshStore(place)
    >>> store.write(insert=[ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"),
    ...                             ox.Literal("c"), ox.NamedNode("http://g"))])
    >>> place.exists()
    False
    >>> store.close()
    >>> open_store(place, read_only=True).quad_count()
    1

    :raises StoreError: when ``path`` already holds something.
    """

    def __init__(self, path: Path) -> None:
        path = Path(path)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise StoreError(f"cannot build a new store at {path}: it already exists "
                             f"(open it with open_store, or remove it first)")
        self.target = path
        staging = path.parent / f".{path.name}.building"
        shutil.rmtree(staging, ignore_errors=True)
        super().__init__(staging)
        self._pending: list[ox.Quad] = []
        self._pending_graphs: set[str] = set()
        self._failed = False

    def write(self, *, drop: Iterable[str] = (), insert: Iterable[ox.Quad] = (),
              before: str = "") -> None:
        drop = list(drop)
        if self._pending_graphs.intersection(drop):
            self._load_pending()
        if any(self._store.contains_named_graph(ox.NamedNode(g)) for g in drop):
            super().write(drop=drop, insert=insert, before=before)
            return
        for quad in insert:
            self._pending.append(quad)
            if isinstance(quad.graph_name, ox.NamedNode):
                self._pending_graphs.add(quad.graph_name.value)
        self.generation += 1
        if len(self._pending) >= BULK_QUADS:
            self._load_pending()

    def _load_pending(self) -> None:
        if self._pending:
            try:
                self._store.bulk_extend(self._pending)
            except (OSError, RuntimeError) as exc:
                self._failed = True  # the staging store may hold part of the load
                raise StoreError(f"writing the store at {self.location} failed: {exc}") from exc
        self._pending, self._pending_graphs = [], set()

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              union_default: bool = True) -> Result:
        self._load_pending()
        return super().query(sparql, bindings=bindings, union_default=union_default)

    def update(self, sparql: str) -> None:
        self._load_pending()
        super().update(sparql)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        self._load_pending()
        return super().quads(graph)

    def load(self, quads: Iterable[ox.Quad], *, chunk: int = 50_000) -> int:
        self._load_pending()
        return super().load(quads, chunk=chunk)

    def compact(self) -> None:
        self._load_pending()
        super().compact()

    def checkpoint(self, directory: Path) -> Path:
        self._load_pending()
        return super().checkpoint(directory)

    def close(self) -> None:
        """Write what is gathered, close, and move the store to its place.

        :raises StoreError: when a bulk load failed (the store is not moved), or when
            something was put at the place meanwhile.
        """
        if not self._failed:
            self._load_pending()
        super().close()
        if self._failed:
            raise StoreError(f"a bulk load into {self.location} failed: the new store was not "
                             f"moved to {self.target}; ingest the documents again")
        if self.target.is_dir() and not any(self.target.iterdir()):
            self.target.rmdir()
        if self.target.exists():
            raise StoreError(f"the new store is complete at {self.location}, but {self.target} "
                             f"was created meanwhile: move one of them away")
        Path(self.location).rename(self.target)
        self.location = str(self.target)


def _open_failure(path: Path, exc: OSError) -> str:
    """Why a store directory would not open, and what to do about it."""
    text = str(exc)
    if "lock hold by current process" in text:
        return (f"the store directory {path} is already open in this process: close the "
                f"other store object first ({text})")
    if "LOCK" in text or "lock" in text:
        return (f"the store directory {path} is in use by another process (its LOCK file is "
                f"held): stop the other safetykg server or ingest using it, or pass another "
                f"--store directory ({text})")
    if path.exists() and not path.is_dir():
        return f"the store location {path} is a file, not a directory: pass a store directory"
    return f"cannot open the store directory {path}: {text}. Check that it exists and is writable"


def write_update(*, drop: Iterable[str] = (), insert: Iterable[ox.Quad] = (),
                 before: str = "") -> str:
    """The text of one SPARQL update: ``before``; ``DROP`` each graph; ``INSERT DATA``.

    Terms are written in N-Triples syntax by pyoxigraph, which escapes them.

    >>> q = ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"),
    ...             ox.NamedNode("http://g"))
    >>> print(write_update(drop=["http://g"], insert=[q]))
    DROP SILENT GRAPH <http://g> ;
    INSERT DATA {
    GRAPH <http://g> {
    <http://a> <http://b> "c" .
    }
    }
    """
    parts = [before] if before else []
    parts += [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in drop]
    by_graph: dict[object, list[str]] = {}
    for q in insert:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    if by_graph:
        blocks = []
        for graph, lines in by_graph.items():
            body = "\n".join(lines)
            blocks.append(body if isinstance(graph, ox.DefaultGraph)
                          else f"GRAPH {graph} {{\n{body}\n}}")
        parts.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(parts) if parts else "CLEAR SILENT GRAPH <urn:x-safetykg:nothing>"


def open_store(location: str | Path | None = None, *, read_only: bool = False,
               fresh: bool = False, sole_writer: bool = False) -> Store:
    """Open the store at ``location``: a directory, ``":memory:"`` or an ``http(s)`` URL.

    With ``fresh``, a directory that does not exist yet is built as a :class:`FreshStore`
    (bulk-loaded aside, in place once closed); anywhere else ``fresh`` changes nothing.
    ``sole_writer`` says of a URL that nothing else writes that server (see
    :class:`graph.remote.RemoteStore`); an embedded store always is.

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

        return RemoteStore(text, sole_writer=sole_writer)
    if fresh and not read_only and not Path(text).exists():
        return FreshStore(Path(text))
    return OxigraphStore(Path(text), read_only=read_only)
