"""`safetykg ingest PATH…`: files and folders into the store.

Each file is read, cleaned, split and extracted before anything is written, so a file
that fails changes nothing in the store; the batch goes on and the exit status says
that something failed. A file whose documents' content hashes equal the stored ones
is skipped; a document whose text is already stored under another key is a duplicate:
it is linked to that key (``Document.duplicate_of``) and not stored a second time.

With ``--workers N`` (default: one per core) files are read and extracted in a pool of
forked processes, each holding its own pipeline; the one parent process takes the
documents back in file order, decides as the serial loop would, and writes them to the
store in batches (one transaction each), so the store ends up as a serial run leaves it.

With ``--new-store`` a store that does not exist yet is bulk-loaded aside and moved
into place at the end (``graph.store.FreshStore``). Closing the store after a large
ingest releases the write-ahead logs RocksDB keeps (``OxigraphStore.compact``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error
from api.config import Settings

_STORED = """
SELECT ?g ?hash ?source WHERE {
  GRAPH ?g { ?d <%s> ?hash . OPTIONAL { ?d <http://purl.org/dc/terms/source> ?source } }
}
"""


def register(sub, common) -> None:
    p = sub.add_parser("ingest", parents=[common], help="Ingest files or folders of documents into the store.")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("--dry-run", action="store_true",
                   help="print each document's metadata and what cleaning removed; write nothing")
    p.add_argument("--report", metavar="FILE.json", help="write a JSON report of every file and document")
    p.add_argument("--max-bytes", type=int, default=None,
                   help="refuse files larger than this (default 20 MB)")
    p.add_argument("--workers", type=int, default=None,
                   help="processes that read and extract files (default: one per core; 1 = no pool)")
    p.add_argument("--new-store", action="store_true",
                   help="build a store that does not exist yet with the bulk loader (about twice "
                        "as fast); it appears at --store only when complete, so after a crash "
                        "start again")
    p.set_defaults(func=run)


@dataclass
class FileResult:
    path: str
    status: str = "ingested"  # ingested | unchanged | duplicate | failed | dry-run
    error: str | None = None
    documents: list[dict] = field(default_factory=list)


def run(args: argparse.Namespace) -> int:
    from ingest.pipeline import Pipeline, iter_files
    from ingest.read import DEFAULT_MAX_BYTES

    files = iter_files([Path(p) for p in args.paths])
    pipeline = Pipeline(max_bytes=args.max_bytes or DEFAULT_MAX_BYTES, tokens=not args.dry_run)
    graph = None
    if not args.dry_run:
        graph = _open_graph(args, new_store=args.new_store)
        graph.publish_lexicon(pipeline.lexicon)
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        error(f"--workers must be at least 1 (got {workers})")
        return EXIT_USAGE
    try:
        results = _ingest(files, pipeline, graph, dry_run=args.dry_run, workers=workers)
    finally:
        if graph is not None:
            graph.store.close()
    print(_summary_line(results, len(files), dry_run=args.dry_run))
    if args.report:
        _write_report(Path(args.report), results)
    return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK


def _open_graph(args: argparse.Namespace, *, new_store: bool = False):
    """The graph at ``--store``. With ``new_store`` the store must not exist yet: it is
    bulk-loaded aside and moved into place once the ingest has written everything (about
    twice the write speed; no half-built store is ever at the place, but a crash loses the
    whole build, where the default keeps every committed batch)."""
    from graph.errors import StoreError
    from graph.kg import KnowledgeGraph
    from graph.store import FreshStore, open_store

    settings = Settings.from_env(store=args.store)
    store = open_store(settings.store, fresh=new_store)
    if new_store and not isinstance(store, FreshStore):
        store.close()
        raise StoreError(f"--new-store builds a store that does not exist yet; "
                         f"{settings.store} exists or is not a local directory")
    return KnowledgeGraph(store, base=settings.base)


BATCH_DOCS = 64
"""Documents written per store transaction (a transaction per file costs more than the file)."""


def _ingest(files: list[Path], pipeline, graph, *, dry_run: bool, workers: int = 1) -> list[FileResult]:
    stored = _stored_documents(graph) if graph is not None else {}
    owner = {h: key for key, (h, _) in stored.items()}
    progress = Progress(len(files))
    results: list[FileResult] = []
    writer = _BatchWriter(graph)
    for path, docs, failure in _processed(files, pipeline, workers):
        result = FileResult(str(path))
        results.append(result)
        progress.step(str(path))
        if failure is not None:
            result.status, result.error = "failed", failure
            progress.error(failure)
            continue
        for doc in docs:
            if owner.get(doc.content_hash, doc.key) != doc.key:
                doc.duplicate_of = owner[doc.content_hash]
            else:
                owner[doc.content_hash] = doc.key
        result.documents = [_summary(doc) for doc in docs]
        if dry_run:
            result.status = "dry-run"
            progress.clear()
            for doc in docs:
                print(describe(doc))
            continue
        if all(stored.get(d.key, (None,))[0] == d.content_hash for d in docs):
            result.status = "unchanged"
            continue
        keep = [d for d in docs if d.duplicate_of is None]
        if not keep:
            result.status = "duplicate"
        stale = [k for k, (_, source) in stored.items()
                 if source == str(path) and k not in {d.key for d in docs}]
        if stale:
            writer.flush()  # removals and writes keep the serial order
            for key in stale:
                graph.remove_document(key)
        writer.add(keep)
    writer.flush()
    progress.done()
    return results


class _BatchWriter:
    """Collects documents and writes them with one ``put_documents`` per batch.

    A batch never holds two documents with one key (two files named alike in two
    folders): the later one must replace the earlier, as it does file by file.
    """

    def __init__(self, graph) -> None:
        self.graph = graph
        self.docs: list = []
        self.keys: set[str] = set()

    def add(self, docs: list) -> None:
        if any(d.key in self.keys for d in docs):
            self.flush()
        self.docs.extend(docs)
        self.keys.update(d.key for d in docs)
        if len(self.docs) >= BATCH_DOCS:
            self.flush()

    def flush(self) -> None:
        if self.docs:
            self.graph.put_documents(self.docs)
        self.docs, self.keys = [], set()


def _process_one(pipeline, path: Path) -> tuple[list, str | None]:
    """The documents of one file, or the one-line reason it failed."""
    from ingest.errors import IngestError

    try:
        return pipeline.process_file(path), None
    except IngestError as exc:
        return [], str(exc)
    except Exception as exc:  # a bug on one odd file must not stop the batch
        return [], f"{path}: internal error: {type(exc).__name__}: {exc}"


def _processed(files: list[Path], pipeline, workers: int) -> Iterator[tuple[Path, list, str | None]]:
    """``(path, documents, failure)`` for every file, in the order of ``files``.

    With more than one worker the files go to a pool of forked processes; each inherits
    the parent's pipeline (lexicon, automata and jieba tables already built), so none
    pays for building its own, and the parent only decides and writes.
    """
    workers = min(workers, len(files))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for path in files:
            yield (path, *_process_one(pipeline, path))
        return
    pipeline.warm_up()
    global _worker_pipeline
    _worker_pipeline = pipeline
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # ordered results; small chunks keep both workers busy to the last file
            for path, (docs, failure) in zip(files, pool.imap(_pooled, files, chunksize=2)):
                yield path, docs, failure
    finally:
        _worker_pipeline = None


_worker_pipeline = None
"""The pipeline a forked worker inherited from the parent."""


def _pooled(path: Path) -> tuple[list, str | None]:
    return _process_one(_worker_pipeline, path)


def _summary_line(results: list[FileResult], total: int, *, dry_run: bool) -> str:
    count = {s: sum(r.status == s for r in results)
             for s in ("ingested", "unchanged", "duplicate", "failed", "dry-run")}
    docs = [d for r in results if r.status in ("ingested", "dry-run") for d in r.documents]
    dups = sum(1 for r in results for d in r.documents if d["duplicate_of"])
    stored = sum(1 for d in docs if not d["duplicate_of"])
    head = (f"read {count['dry-run']} of {total} file(s): {len(docs)} document(s)" if dry_run
            else f"ingested {count['ingested']} of {total} file(s): {stored} document(s) stored")
    tail = [f"{dups} duplicate(s) linked, not stored" if dups else "",
            f"{count['unchanged']} unchanged" if count["unchanged"] else "",
            f"{count['failed']} failed" if count["failed"] else ""]
    return "; ".join([head, *[t for t in tail if t]])


def _stored_documents(graph) -> dict[str, tuple[str, str | None]]:
    """Every stored document's key → (content hash, source), in one query.

    Asked of the store directly; a ``KnowledgeGraph.stored_hashes()`` would be the
    natural home for it.
    """
    from graph.vocab import SKG

    stored: dict[str, tuple[str, str | None]] = {}
    for row in graph.store.query(_STORED % SKG.contentHash, union_default=False):
        parsed = graph.iris.parse(row["g"].value)
        if parsed and parsed[0] == "document":
            stored[parsed[1]] = (row["hash"].value, row["source"].value if row["source"] else None)
    return stored


def _summary(doc) -> dict:
    meta = doc.metadata
    return {
        "key": doc.key, "part": doc.part, "content_hash": doc.content_hash,
        "duplicate_of": doc.duplicate_of, "characters": len(doc.text),
        "sentences": len(doc.sentences), "lost_chars": doc.clean.lost_chars,
        "metadata": {name: {"value": getattr(meta, name).value, "evidence": getattr(meta, name).evidence}
                     for name in METADATA_FIELDS},
        "removed": [{"reason": r.reason, "text": r.text} for r in doc.clean.removed],
    }


METADATA_FIELDS = ("title", "date", "genre", "speaker", "place", "level")


def describe(doc) -> str:
    """The dry-run view of one document: its metadata table and what cleaning removed."""
    from ingest.metadata import GENRES

    lines = [f"== {doc.key}  ({doc.source}{f', part {doc.part}' if doc.part else ''}; "
             f"{doc.encoding}, {doc.fmt}; {len(doc.text)} chars, {len(doc.sentences)} sentences"
             f"{f', {doc.clean.lost_chars} lost chars' if doc.clean.lost_chars else ''})"]
    if doc.duplicate_of:
        lines.append(f"   duplicate of {doc.duplicate_of}")
    for name in METADATA_FIELDS:
        f = getattr(doc.metadata, name)
        value = f.value if f.value is not None else "unknown"
        if name == "genre" and f.value in GENRES:
            value = f"{f.value} ({GENRES[f.value]})"
        evidence = f"  ← {_short(f.evidence)}" if f.evidence else ""
        lines.append(f"   {name:<8} {value}{evidence}")
    if doc.clean.removed:
        lines.append(f"   removed {len(doc.clean.removed)} line(s):")
        for r in doc.clean.removed:
            lines.append(f"     - {r.reason}: {_short(r.text, 60)}")
    return "\n".join(lines)


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _write_report(path: Path, results: list[FileResult]) -> None:
    report = {
        "files": [{"path": r.path, "status": r.status, "error": r.error, "documents": r.documents}
                  for r in results],
        "summary": {status: sum(r.status == status for r in results)
                    for status in ("ingested", "unchanged", "duplicate", "failed", "dry-run")},
    }
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


class Progress:
    """A plain progress bar on stderr: redrawn in place on a terminal, one line per file
    otherwise (logs and pipes should not fill with carriage returns)."""

    WIDTH = 30

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.done_count = total, 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def step(self, label: str) -> None:
        self.done_count += 1
        filled = self.WIDTH * self.done_count // max(self.total, 1)
        bar = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done_count}/{self.total} {label}"
        if self.tty:
            self.stream.write("\r\x1b[K" + bar[:120])
        else:
            self.stream.write(bar + "\n")
        self.stream.flush()

    def clear(self) -> None:
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def error(self, message: str) -> None:
        self.clear()
        error(message)

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
