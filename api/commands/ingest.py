"""`safetykg ingest PATH…`: files and folders into the store.

Each file is read, cleaned, split and extracted before anything is written, so a file
that fails changes nothing in the store; the batch goes on and the exit status says
that something failed. A file whose documents' content hashes equal the stored ones
is skipped; a document whose text is already stored under another key is a duplicate:
it is linked to that key (``Document.duplicate_of``) and not stored a second time.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, error, open_graph

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
        graph, _ = open_graph(args)
        graph.publish_lexicon(pipeline.lexicon)
    try:
        results = _ingest(files, pipeline, graph, dry_run=args.dry_run)
    finally:
        if graph is not None:
            graph.store.close()
    print(_summary_line(results, len(files), dry_run=args.dry_run))
    if args.report:
        _write_report(Path(args.report), results)
    return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK


def _ingest(files: list[Path], pipeline, graph, *, dry_run: bool) -> list[FileResult]:
    from ingest.errors import IngestError

    stored = _stored_documents(graph) if graph is not None else {}
    owner = {h: key for key, (h, _) in stored.items()}
    progress = Progress(len(files))
    results: list[FileResult] = []
    for path in files:
        result = FileResult(str(path))
        results.append(result)
        progress.step(str(path))
        try:
            docs = pipeline.process_file(path)
        except IngestError as exc:
            result.status, result.error = "failed", str(exc)
            progress.error(str(exc))
            continue
        except Exception as exc:  # a bug on one odd file must not stop the batch
            result.status, result.error = "failed", f"{path}: internal error: {type(exc).__name__}: {exc}"
            progress.error(result.error)
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
        for key in stale:
            graph.remove_document(key)
        graph.put_documents(keep)
    progress.done()
    return results


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
