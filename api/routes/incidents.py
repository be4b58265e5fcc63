"""Incidents cited in the corpus, as JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import GraphDep, resource_iri
from api.errors import ApiError
from api.models import IncidentDetail, IncidentList
from graph import queries

router = APIRouter(prefix="/api/incidents", tags=["incidents"])


@router.get("", response_model=IncidentList)
async def incidents(graph: GraphDep, year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                    severity: Annotated[str | None, Query(max_length=10,
                                        description="特别重大, 重大, 较大 or 一般")] = None,
                    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
                    size: Annotated[int, Query(ge=1, le=200)] = 50) -> dict:
    """Incidents, most cited first; filter by year and severity (by the 2007 rule)."""
    return await run_in_threadpool(queries.incidents, graph.store, graph.iris, year=year,
                                   severity=severity, page=page, size=size)


@router.get("/{key:path}", response_model=IncidentDetail)
async def incident(key: str, graph: GraphDep) -> dict:
    """An incident's facts and the documents citing it."""
    resource_iri(graph, "incident", key)
    found = await run_in_threadpool(queries.incident, graph.store, graph.iris, key)
    if found is None:
        raise ApiError(404, "not found", f"no incident {key!r} in the store")
    found["facts"] = {k: v for k, v in found["facts"].items() if isinstance(v, (str, int))}
    return found
