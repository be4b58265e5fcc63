"""Concepts and their neighbourhoods, as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from api.deps import GraphDep
from graph.network import concept_neighbourhood

router = APIRouter(prefix="/api/concepts", tags=["concepts"])


class Node(BaseModel):
    id: str
    label: str
    kind: str


class Edge(BaseModel):
    source: str
    target: str
    relation: str
    weight: float


class Neighbourhood(BaseModel):
    centre: str
    nodes: list[Node]
    edges: list[Edge]
    omitted: int


@router.get("/{key}/neighbourhood", response_model=Neighbourhood)
async def neighbourhood(key: str, graph: GraphDep,
                        limit: int = Query(50, ge=1, le=500)) -> Neighbourhood:
    g = await run_in_threadpool(concept_neighbourhood, graph.store, graph.iris, key, limit=limit)
    return Neighbourhood(
        centre=g.graph["centre"],
        nodes=[Node(id=n, label=d["label"], kind=d["kind"]) for n, d in g.nodes(data=True)],
        edges=[Edge(source=a, target=b, relation=d["relation"], weight=d["weight"])
               for a, b, d in g.edges(data=True)],
        omitted=g.graph["omitted"])
