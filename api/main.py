"""The FastAPI application, built by a factory so tests can start one over any store."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.config import Settings
from api.deps import sparql_service
from api.errors import install_handlers
from api.ingest_process import stop_ingest_process
from api.middleware import BodyLimit, SecurityHeaders
from api.openapi import install_openapi
from api.routes import concepts, documents, health, ids, incidents, pages, paths, search, sparql, viz
from graph.derived import warm_in_background
from graph.kg import KnowledgeGraph
from graph.store import open_store

STATIC = Path(__file__).parent / "static"

ROUTERS = (
    health, sparql, search,
    viz,  # views, pictures and /api/concepts/{key}/report.zip, before concepts' {key:path}
    concepts, documents, incidents, paths, ids,
    pages,  # HTML pages last: "/" and friends
)
"""Every router of the app, in the order they are matched; one line per resource."""


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Start the query workers with the server, stop them (and remove checkpoints) after,
    and the upload ingest child if an upload started one. The in-memory indexes (search
    labels, mentions) are built in the background as the server starts, so that neither
    the start nor the first search or neighbourhood waits for the whole corpus to be read
    (a request arriving meanwhile waits for that same build)."""
    sparql_service(app)
    app.state.warming = warm_in_background(app.state.graph.store)
    yield
    stop_ingest_process(app)
    service = getattr(app.state, "sparql", None)
    if service is not None:
        service.close()
        app.state.sparql = None


def create_app(settings: Settings | None = None, *, graph: KnowledgeGraph | None = None) -> FastAPI:
    """An app serving ``graph`` (or the store the settings name, opened now)."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="safetykg", version="0.1.0", lifespan=lifespan,
                  description="A knowledge graph of Chinese work-safety (安全生产) policy: "
                              "JSON API, SPARQL 1.1 endpoint (/sparql), linked data (/id/…) "
                              "and pages.")
    app.state.settings = settings
    app.state.graph = graph or KnowledgeGraph(open_store(settings.store, sole_writer=settings.remote_sole_writer),
                                               base=settings.base)
    app.state.sparql = None
    app.state.jobs = {}
    install_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_openapi(app)  # every error status, shape and header the app can answer
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    return app
