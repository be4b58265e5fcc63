"""``/api/path``: the shortest connections between two entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import GraphDep, resource_iri
from api.errors import ApiError
from api.models import ErrorBody, Paths
from api.routes.concepts import graph_json
from graph.iris import KINDS
from graph.network import path_graph, shortest_paths

router = APIRouter(prefix="/api", tags=["paths"], responses={404: {"model": ErrorBody}})

Entity = Annotated[str, Query(min_length=1, max_length=300,
                              description="a concept key, kind/key (incident/…), or an IRI of this store")]


def resolve(graph, text: str) -> str:
    """An entity IRI from a concept key, ``kind/key``, or one of our IRIs; else 422.

    IRIs of other sites and other schemes are refused, never looked up.
    """
    if ":" in text.split("/", 1)[0]:
        if graph.iris.parse(text) is None:
            raise ApiError(422, "invalid request", f"{text!r} is not an IRI of this store "
                           f"(they start with {graph.iris.base}id/)")
        return _checked(text)
    kind, sep, key = text.partition("/")
    if sep and kind in KINDS and key:
        return resource_iri(graph, kind, key)
    return resource_iri(graph, "concept", text)


def _checked(iri: str) -> str:
    import pyoxigraph as ox

    try:
        return ox.NamedNode(iri).value
    except ValueError:
        raise ApiError(422, "invalid request", f"{iri!r} is not a valid IRI") from None


@router.get("/path", response_model=Paths)
async def path(graph: GraphDep, source: Annotated[Entity, Query(alias="from")],
               target: Annotated[Entity, Query(alias="to")]) -> Paths:
    """Up to five shortest chains of links (same sentence, broader, related) from one
    entity to the other; empty when none is found within six links."""
    a, b = resolve(graph, source), resolve(graph, target)
    found = await run_in_threadpool(shortest_paths, graph.store, graph.iris, a, b)
    g = await run_in_threadpool(path_graph, graph.store, graph.iris, found)
    nodes, edges = graph_json(g)
    return Paths(source=a, target=b, paths=found, nodes=nodes, edges=edges)
