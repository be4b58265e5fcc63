"""The SPARQL 1.1 Protocol endpoint, read-only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions

from api.deps import GraphDep
from api.errors import ApiError

router = APIRouter(tags=["sparql"])

JSON_RESULTS = "application/sparql-results+json"


@router.get("/sparql")
async def sparql_get(request: Request, graph: GraphDep, query: str | None = None) -> Response:
    if query is None:
        raise ApiError(400, "missing query", "pass the SPARQL query in the 'query' parameter")
    return await _run(graph, query)


@router.post("/sparql")
async def sparql_post(request: Request, graph: GraphDep) -> Response:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/sparql-query":
        text = (await request.body()).decode("utf-8")
    elif kind == "application/x-www-form-urlencoded":
        form = await request.form()
        text = form.get("query")
        if not isinstance(text, str):
            raise ApiError(400, "missing query", "the form has no 'query' field")
    else:
        raise ApiError(415, "unsupported media type",
                       "send application/sparql-query or application/x-www-form-urlencoded")
    return await _run(graph, text)


async def _run(graph, text: str) -> Response:
    def execute() -> bytes:
        result = graph.store.query(text)
        if isinstance(result, (QuerySolutions, QueryBoolean)):
            return result.serialize(format=QueryResultsFormat.JSON)
        raise ApiError(406, "not acceptable", "CONSTRUCT and DESCRIBE results are not served yet")

    body = await run_in_threadpool(execute)
    return Response(body, media_type=JSON_RESULTS)
