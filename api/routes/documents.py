"""Documents as JSON: list, detail, and the two writes (upload, delete).

Writes need ``Authorization: Bearer <SAFETYKG_TOKEN>``; with no token configured the
server is read-only and says so (403). An upload is ingested in the background and
answered at once with a status URL; each committed write makes a new checkpoint for the
query workers, so SPARQL sees the document whole or not at all.
"""

from __future__ import annotations

import tempfile
import threading
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from api.deps import GraphDep, WriterDep, resource_iri, sparql_service
from api.errors import ApiError
from api.models import Accepted, Deleted, DocumentDetail, DocumentList, ErrorBody, JobStatus
from api.routes.concepts import Level, Year, check_level
from graph import queries

router = APIRouter(prefix="/api", tags=["documents"],
                   responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}})
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


@router.post("/documents", response_model=Accepted, status_code=202, responses=WRITE_RESPONSES)
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
    background.add_task(run_in_threadpool, _ingest, request.app, job, path)
    return Accepted(job=job, status="queued", status_url=f"/api/jobs/{job}")


def _ingest(app, job: str, path: Path) -> None:
    from ingest.errors import IngestError
    from ingest.pipeline import Pipeline

    status = app.state.jobs[job]
    status["status"] = "running"
    try:
        with _write_lock:
            pipeline = getattr(app.state, "pipeline", None)
            if pipeline is None:
                pipeline = app.state.pipeline = Pipeline()
            docs = pipeline.process_file(path)
            app.state.graph.put_documents(docs)
            sparql_service(app).refresh()
        status.update(status="done", documents=[d.key for d in docs])
    except (IngestError, OSError, ValueError) as exc:
        status.update(status="failed", error=str(exc))
    finally:
        path.unlink(missing_ok=True)
        path.parent.rmdir()


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
