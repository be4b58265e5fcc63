"""Concepts as JSON: detail, neighbourhood, evidence sentences, diffusion.

Keys may hold ``/`` (sent as is or as ``%2F``): every route takes ``{key:path}``. The
routes with a suffix are declared before the detail route, so ``…/a/b/neighbourhood``
is the neighbourhood of ``a/b``; a key that itself ends in ``/neighbourhood``,
``/evidence``, ``/diffusion`` or ``/report.zip`` has no detail route (its page at
``/id/concept/{key}`` still works).
"""

from __future__ import annotations

import json
import re
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import GraphDep, resource_iri
from api.errors import ApiError
from api.models import Concept, Diffusion, Edge, Evidence, Neighbourhood, Node
from graph import diffusion as concept_diffusion, evidence as evidence_pages, queries
from graph.network import concept_neighbourhood
from ingest.records import LEVELS

router = APIRouter(prefix="/api/concepts", tags=["concepts"])

KINDS = ("formulation", "policy", "mechanism", "campaign", "system", "principle", "law",
         "sector", "hazard", "body_type", "incident", "body", "place", "person", "document")

Level = Annotated[str | None, Query(description=f"one of {', '.join(LEVELS)}",
                                    json_schema_extra={"enum": list(LEVELS)})]
Year = Annotated[int | None, Query(ge=1949, le=2100)]


def kinds_pattern(names) -> str:
    """The regular expression of a comma-separated list of ``names`` (spaces around
    names, empty items and the empty string allowed), for ``Query(pattern=…)``: the
    schema then says exactly which ``kinds`` the route takes."""
    one = "(" + "|".join(re.escape(n) for n in names) + ")"
    return f"^ *{one}? *(, *{one}? *)*$"


def check_level(level: str | None) -> None:
    if level is not None and level not in LEVELS:
        raise ApiError(422, "invalid request", f"level must be one of {', '.join(LEVELS)}")


def graph_json(g: nx.Graph) -> tuple[list[Node], list[Edge]]:
    """A projection's nodes and edges as response models."""
    nodes = [Node(id=n, label=str(d.get("label", n)), kind=str(d.get("kind", "concept")),
                  definition=d.get("definition"), documents=d.get("documents"),
                  first_year=d.get("first_year")) for n, d in g.nodes(data=True)]
    edges = [Edge(source=a, target=b, relation=d["relation"], weight=d["weight"])
             for a, b, d in g.edges(data=True)]
    return nodes, edges


async def _answer(graph, key: str, query, *args, **kwargs):
    """``query(store, iris, key, …)`` in one threadpool hop, 404 when no such concept."""
    iri = resource_iri(graph, "concept", key)

    def run():
        if not queries.exists(graph.store, iri):
            return None
        return query(graph.store, graph.iris, key, *args, **kwargs)

    found = await run_in_threadpool(run)
    if found is None:
        raise ApiError(404, "not found", f"no concept {key!r} in the store")
    return found


def _json(found: dict) -> Response:
    """An answer whose dict already has its response model's shape, written as JSON here:
    ``response_model`` documents it and FastAPI does not validate it again (a third of a
    diffusion's cost over HTTP). tests/api/test_openapi.py checks the shape."""
    return Response(json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
                    media_type="application/json")


@router.get("/{key:path}/neighbourhood", response_model=Neighbourhood)
async def neighbourhood(key: str, graph: GraphDep,
                        depth: Annotated[int, Query(ge=1, le=3)] = 1,
                        kinds: Annotated[str | None, Query(max_length=300, pattern=kinds_pattern(KINDS),
                                         description="comma-separated kinds to keep")] = None,
                        limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Neighbourhood:
    """Nodes and edges around the concept, with how many were left out."""
    wanted = None
    if kinds:
        wanted = {k.strip() for k in kinds.split(",") if k.strip()}
        unknown = wanted - set(KINDS)
        if unknown:
            raise ApiError(422, "invalid request", f"unknown kinds {sorted(unknown)}; one of {KINDS}")
    g = await _answer(graph, key, concept_neighbourhood, depth=depth, kinds=wanted, limit=limit)
    nodes, edges = graph_json(g)
    return Neighbourhood(centre=g.graph["centre"], depth=depth, nodes=nodes, edges=edges,
                         omitted=g.graph["omitted"], filtered=g.graph.get("filtered", 0))


@router.get("/{key:path}/evidence", response_model=Evidence)
async def evidence(key: str, graph: GraphDep, level: Level = None, year: Year = None,
                   page: Annotated[int, Query(ge=1, le=10_000)] = 1,
                   size: Annotated[int, Query(ge=1, le=100)] = 20) -> Response:
    """Sentences naming the concept, with document, level, place, date and offsets."""
    check_level(level)
    return _json(await _answer(graph, key, evidence_pages.evidence, level=level, year=year, page=page,
                               size=size))


@router.get("/{key:path}/diffusion", response_model=Diffusion)
async def diffusion(key: str, graph: GraphDep) -> Response:
    """Per level and year: the first mention and how many documents (reposts once)."""
    return _json(await _answer(graph, key, concept_diffusion.diffusion))


@router.get("/{key:path}", response_model=Concept)
async def concept(key: str, graph: GraphDep) -> dict:
    """Labels, aliases, definition and source, components in order, broader/narrower,
    kind, and document counts by level and year (reposts counted once)."""
    resource_iri(graph, "concept", key)
    found = await run_in_threadpool(queries.concept, graph.store, graph.iris, key)
    if found is None:
        raise ApiError(404, "not found", f"no concept {key!r} in the store")
    return found
