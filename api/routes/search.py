"""``/api/search``: resources by label or alias, simplified or traditional input."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import GraphDep
from api.models import ErrorBody, SearchResult
from graph import queries

router = APIRouter(prefix="/api", tags=["search"], responses={422: {"model": ErrorBody}})


@router.get("/search", response_model=SearchResult)
async def search(graph: GraphDep, q: Annotated[str, Query(max_length=200, description="text to find")],
                 limit: Annotated[int, Query(ge=1, le=100)] = 20) -> SearchResult:
    """Concepts, incidents, bodies, places and people whose label or alias contains ``q``.

    Ranked: exact label, exact alias, prefix, then containing; shorter labels first.
    """
    hits = await run_in_threadpool(queries.search, graph.store, graph.iris, q, limit=limit)
    return SearchResult(query=q, simplified=queries.to_simplified(q.strip()), hits=hits)
