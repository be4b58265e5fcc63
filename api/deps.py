"""Typed dependencies for the routes: the graph, the settings, the SPARQL executor, auth."""

from __future__ import annotations

import hmac
import threading
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.config import Settings
from api.errors import ApiError
from api.executor import SparqlService, default_workers
from graph.kg import KnowledgeGraph

_service_lock = threading.Lock()


def get_graph(request: Request) -> KnowledgeGraph:
    return request.app.state.graph


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def sparql_service(app) -> SparqlService:
    """The app's query executor, started on first use (or at start-up by the lifespan)."""
    with _service_lock:
        service = getattr(app.state, "sparql", None)
        if service is None:
            settings: Settings = app.state.settings
            service = SparqlService(app.state.graph.store,
                                    workers=settings.workers or default_workers(),
                                    timeout=settings.query_timeout,
                                    memory_limit=settings.worker_memory,
                                    cache_bytes=settings.sparql_cache_mb * 1_048_576)
            app.state.sparql = service
        return service


def get_sparql(request: Request) -> SparqlService:
    return sparql_service(request.app)


_bearer = HTTPBearer(auto_error=False, description="SAFETYKG_TOKEN; without one the server is read-only")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """Writes need ``Authorization: Bearer <SAFETYKG_TOKEN>``, compared in constant time."""
    token = request.app.state.settings.token
    if not token:
        raise ApiError(403, "read-only server",
                       "this server has no SAFETYKG_TOKEN configured, so it accepts no writes")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <SAFETYKG_TOKEN>",
                       headers={"WWW-Authenticate": "Bearer"})


GraphDep = Annotated[KnowledgeGraph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SparqlDep = Annotated[SparqlService, Depends(get_sparql)]
WriterDep = Annotated[None, Depends(require_token)]


def resource_iri(graph: KnowledgeGraph, kind: str, key: str) -> str:
    """The IRI of ``/id/{kind}/{key}``; 404 when the key cannot stand in an IRI at all
    (control or non-character code points), so no engine is asked about it."""
    import pyoxigraph as ox

    try:
        return ox.NamedNode(graph.iris.of(kind, key)).value
    except ValueError:
        raise ApiError(404, "not found", f"{key!r} cannot name a {kind}: it holds characters "
                       "no IRI may contain") from None
