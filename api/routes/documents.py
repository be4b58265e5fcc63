"""Documents as JSON: list, detail, and the two writes (upload, delete).

Writes need ``Authorization: Bearer <SAFETYKG_TOKEN>``; with no token configured the
server is read-only and says so (403). An upload is answered at once with a status URL;
the file is read and extracted in a child process (:mod:`api.ingest_process`), and this
process writes its documents, one write at a time (uploads waiting together are written
together). Each committed write makes a new checkpoint for the query workers, so SPARQL
sees a document whole or not at all.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.deps import GraphDep, WriterDep, resource_iri, sparql_service
from api.errors import ApiError
from api.ingest_process import UploadFailed, ingest_process
from api.models import Accepted, Deleted, DocumentDetail, DocumentList, ErrorBody, JobStatus
from api.routes.concepts import Level, Year, check_level
from graph import queries
from graph.errors import StoreError

router = APIRouter(prefix="/api", tags=["documents"])
WRITE_RESPONSES = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody}}
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")

_write_lock = threading.Lock()
"""One write at a time: the store is replaced graph by graph, checkpoints follow."""


@router.get("/documents", response_model=DocumentList)
async def documents(graph: GraphDep, level: Level = None, year: Year = None,
                    place: Annotated[str | None, Query(max_length=100)] = None,
                    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
                    size: Annotated[int, Query(ge=1, le=200)] = 50) -> dict:
    """Documents, newest first, by level, place (its name) and year."""
    check_level(level)
    if place is not None:
        try:
            resource_iri(graph, "place", place)
        except ApiError:
            raise ApiError(422, "invalid request", f"place {place!r} cannot name a place") from None
    return await run_in_threadpool(queries.documents, graph.store, graph.iris, level=level,
                                   place=place, year=year, page=page, size=size)


@router.get("/documents/{key:path}", response_model=DocumentDetail)
async def document(key: str, graph: GraphDep) -> dict:
    """Metadata, cleaned text, mention spans (offsets into the text), removed text."""
    resource_iri(graph, "document", key)
    found = await run_in_threadpool(queries.document, graph.store, graph.iris, key)
    if found is None:
        raise ApiError(404, "not found", f"no document {key!r} in the store")
    return found


@router.post("/documents", response_model=Accepted, status_code=202,
             responses={**WRITE_RESPONSES, 415: {"model": ErrorBody}})
async def upload(request: Request, file: UploadFile, background: BackgroundTasks,
                 _: WriterDep) -> Accepted:
    """Upload one file (.txt, .html, .docx, .pdf); it is ingested in the background."""
    name = Path((file.filename or "").replace("\\", "/")).name
    if not name or Path(name).suffix.lower() not in SUFFIXES:
        raise ApiError(415, "unsupported file", f"upload one of {', '.join(SUFFIXES)}, not {name!r}")
    folder = Path(tempfile.mkdtemp(prefix="safetykg-upload-"))
    path = folder / name
    path.write_bytes(await file.read())
    job = uuid.uuid4().hex
    request.app.state.jobs[job] = {"job": job, "status": "queued", "documents": [], "error": None}
    background.add_task(_ingest, request.app, job, path)
    return Accepted(job=job, status="queued", status_url=f"/api/jobs/{job}")


async def _ingest(app, job: str, path: Path) -> None:
    """Read and extract the file in the ingest child, then write its documents.

    Waiting for the child or for the writer holds no thread of the pool the routes use.
    """
    status = app.state.jobs[job]
    status["status"] = "running"
    try:
        docs = await ingest_process(app).process_file(path)
        await _commit(app, docs)
        status.update(status="done", documents=[d.key for d in docs])
    except (UploadFailed, StoreError, OSError, ValueError) as exc:
        status.update(status="failed", error=str(exc))
    finally:
        path.unlink(missing_ok=True)
        path.parent.rmdir()


BATCH_DOCS = 64
"""Most documents of waiting uploads written in one transaction."""


@dataclass
class _Pending:
    docs: list
    written: bool = False
    error: Exception | None = None


async def _commit(app, docs: list) -> None:
    """Write ``docs`` when the writer is free: one upload at a time waits its turn in the
    event loop (hundreds of queued uploads blocked in threads would take every thread),
    and a turn writes every upload waiting by then in one transaction and one checkpoint
    (a checkpoint per upload costs more than the upload). A batch never holds one key
    twice: the later upload must replace the earlier, as it would one by one.
    """
    state = app.state
    if getattr(state, "write_turn", None) is None:
        state.write_turn, state.write_queue = asyncio.Lock(), []
    mine = _Pending(docs)
    state.write_queue.append(mine)
    async with state.write_turn:
        while not mine.written:
            batch, keys = [], set()
            for pending in state.write_queue:
                new = {d.key for d in pending.docs}
                if keys & new or (batch and len(keys) + len(new) > BATCH_DOCS):
                    break
                batch.append(pending)
                keys |= new
            del state.write_queue[:len(batch)]
            try:
                await run_in_threadpool(_write, app, [d for p in batch for d in p.docs])
            except Exception as exc:  # each upload in the batch reports it (see _ingest)
                for pending in batch:
                    pending.error = exc
            for pending in batch:
                pending.written = True
    if mine.error is not None:
        raise mine.error


def _write(app, docs: list) -> None:
    with _write_lock:
        app.state.graph.put_documents(docs)
        sparql_service(app).refresh()


@router.get("/jobs/{job}", response_model=JobStatus)
async def job_status(job: str, request: Request) -> dict:
    """Where an upload is: queued, running, done (with its documents) or failed."""
    found = request.app.state.jobs.get(job)
    if found is None:
        raise ApiError(404, "not found", f"no upload job {job!r}")
    return found


@router.delete("/documents/{key:path}", response_model=Deleted, responses=WRITE_RESPONSES)
async def delete(key: str, request: Request, graph: GraphDep, _: WriterDep) -> Deleted:
    """Remove a document (its whole named graph)."""
    if key not in await run_in_threadpool(graph.document_keys):
        raise ApiError(404, "not found", f"no document {key!r} in the store")

    def remove() -> None:
        with _write_lock:
            graph.remove_document(key)
            sparql_service(request.app).refresh()

    await run_in_threadpool(remove)
    return Deleted(deleted=key)
