"""The SPARQL 1.1 Protocol endpoint, read-only, at ``/sparql``.

- GET ``?query=``, POST ``application/x-www-form-urlencoded``, POST
  ``application/sparql-query``; ``default-graph-uri`` and ``named-graph-uri`` (graphs of
  this store only). Without them, and without ``FROM`` in the query, the default graph
  is the union of all graphs (documents plus lexicon).
- The answer's format follows ``Accept`` (tables in :mod:`api.results`) or a ``format``
  parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``, ``jsonld``,
  ``rdfxml``, ``trig``); an ``Accept`` nothing meets gets 406.
- A browser (``Accept: text/html``) gets the query page; ``Accept: text/turtle`` with no
  query gets the service description.
- Every query passes :mod:`api.sparql_guard` first and runs in a worker process
  (:mod:`api.executor`) with the time limit and the row cap.

The routes are :class:`api.routes.raw.RawRoute`: documented in OpenAPI as usual, but
a request goes straight to the endpoint (no dependency solving) and the worker's bytes
go straight to the client.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from urllib.parse import parse_qsl, urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import sparql_service
from api.errors import ApiError
from api.examples import EXAMPLES
from api.executor import Job
from api.pages_env import render
from api.results import GRAPH_MEDIA, GRAPH_TYPES, RESULT_MEDIA, negotiate, parse_accept
from api.routes.raw import RawRoute
from api.sparql_guard import check_graph_iri, check_query

router = APIRouter(tags=["sparql"], route_class=RawRoute)

ALLOW = "GET, POST, OPTIONS"
MAX_FORM_FIELDS = 64
HTML_TYPES = ("text/html", "application/xhtml+xml")
FORMAT_NAMES = {**{k: k for k in RESULT_MEDIA}, **{k: k for k in GRAPH_MEDIA},
                "turtle": "ttl", "json-ld": "jsonld", "n-triples": "nt", "ntriples": "nt",
                "rdf": "rdfxml", "rdf+xml": "rdfxml", "text/csv": "csv"}
"""Values of the ``format`` parameter (also as SPARQLWrapper and Fuseki spell them)."""

_DOC = {
    "parameters": [
        {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "the SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)"},
        {"name": "default-graph-uri", "in": "query", "required": False,
         "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "named-graph-uri", "in": "query", "required": False,
         "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
         "description": f"the answer's format, over Accept: one of {', '.join(sorted(FORMAT_NAMES))} "
                        "(another value is 400 with a query, unread without one)"},
    ],
    "responses": {
        "200": {"description": "results, triples, the query page or the service description",
                "content": {m: {} for m in [*RESULT_MEDIA.values(), *GRAPH_MEDIA.values(), "text/html"]}},
        "400": {"description": "bad query, too long, too deep, or fetching refused (the query "
                               "page with the error for text/html)",
                "content": {"application/json": {}, "text/html": {}}},
        "403": {"description": "an update: this endpoint is read-only"},
        "406": {"description": "no acceptable format"},
        "413": {"description": "request body too large"},
        "415": {"description": "unsupported media type or charset"},
        "429": {"description": "all query workers busy (Retry-After)"},
        "503": {"description": "the query ran past the time limit (Retry-After)"},
    },
}


@router.options("/sparql", include_in_schema=False)
async def sparql_options(request: Request) -> Response:
    return Response(status_code=204, headers={"Allow": ALLOW})


@router.get("/sparql", summary="SPARQL 1.1 query (GET)", openapi_extra=_DOC)
async def sparql_get(request: Request) -> Response:
    params = _pairs(request.scope["query_string"].decode("latin-1"))
    return await _answer(request, params)


@router.post("/sparql", summary="SPARQL 1.1 query (POST form or direct)",
             openapi_extra={**_DOC, "requestBody": {"required": True, "content": {
                 "application/sparql-query": {"schema": {"type": "string"}},
                 "application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "properties": {"query": {"type": "string"}}}}}}})
async def sparql_post(request: Request) -> Response:
    kind, charset = _content_type(request.headers.get("content-type", ""))
    if charset not in ("", "utf-8", "utf8", "us-ascii"):
        raise ApiError(415, "unsupported charset", f"send UTF-8, not {charset}")
    params = _pairs(request.scope["query_string"].decode("latin-1"))
    if kind == "application/sparql-query":
        if any(k in ("query", "update") for k, _ in params):
            raise ApiError(400, "bad request", "a direct POST carries the query in its body only")
        params.append(("query", _utf8(await request.body())))
    elif kind == "application/x-www-form-urlencoded":
        body = await request.body()
        params += _pairs(_utf8(body))
        if len(params) > MAX_FORM_FIELDS:
            raise ApiError(400, "too many fields", f"at most {MAX_FORM_FIELDS} form fields")
    elif kind == "application/sparql-update" or any(k == "update" for k, _ in params):
        raise ApiError(403, "read-only endpoint", "this endpoint answers queries only; no updates")
    else:
        raise ApiError(415, "unsupported media type",
                       "send application/sparql-query or application/x-www-form-urlencoded")
    return await _answer(request, params)


def _content_type(header: str) -> tuple[str, str]:
    parts = [p.strip() for p in header.split(";")]
    charset = next((p.split("=", 1)[1].strip().strip('"').lower() for p in parts[1:]
                    if p.lower().startswith("charset=")), "")
    return parts[0].lower(), charset


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "invalid UTF-8", f"the request is not valid UTF-8 at byte {exc.start}") from None


def _pairs(text: str) -> list[tuple[str, str]]:
    """Decoded ``name=value`` pairs; those of short query strings are remembered, as
    clients send the same few queries again and again."""
    if len(text) <= CACHED_QUERY_STRING:
        return list(_cached_pairs(text))
    return _parse_pairs(text)


CACHED_QUERY_STRING = 16_384
"""Longest query string (characters, percent-encoded) whose decoding is remembered."""


@functools.lru_cache(maxsize=128)
def _cached_pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(_parse_pairs(text))


def _parse_pairs(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FORM_FIELDS)
    except UnicodeDecodeError:
        raise ApiError(400, "invalid UTF-8", "a parameter is not valid percent-encoded UTF-8") from None
    except ValueError:
        raise ApiError(400, "too many fields", f"at most {MAX_FORM_FIELDS} parameters") from None


async def _answer(request: Request, params: list[tuple[str, str]]) -> Response:
    settings = request.app.state.settings
    if any(k == "update" for k, _ in params):
        raise ApiError(403, "read-only endpoint", "this endpoint answers queries only; no updates")
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        raise ApiError(400, "bad request", "send one 'query' parameter, not several")
    fmt_param = next((v for k, v in params if k == "format"), None)
    accept = parse_accept(request.headers.get("accept"))
    wants_html = fmt_param is None and accept[0] in HTML_TYPES
    if not queries:
        if wants_html:
            return _page(request, None, None, None)
        return _service_description(request, accept)
    text = queries[0]
    service = sparql_service(request.app)
    if wants_html:
        return await _page_with_results(request, text, settings, service)
    job, fmt = _job(text, params, accept, fmt_param, settings)
    job = dataclasses.replace(job, base_iri=_endpoint_url(request))
    outcome, cached = await service.answer(job)
    headers = {"Vary": "Accept", "SafetyKG-Rows": str(outcome.rows)}
    if service.cache is not None:
        headers["SafetyKG-Cache"] = "hit" if cached else "miss"
    if outcome.truncated:
        headers["SafetyKG-Truncated"] = f"{outcome.rows} of {outcome.total} (SAFETYKG_MAX_ROWS={settings.max_rows})"
    media = outcome.media_type + ("; charset=utf-8" if not outcome.media_type.endswith("+xml") else "")
    return Response(outcome.body, media_type=media, headers=headers)


_ENDPOINT_URLS: dict[tuple, str] = {}
"""Endpoint URL by what it is made of; a few entries (bounded: the Host header is the
client's to choose)."""


def _endpoint_url(request: Request) -> str:
    """The endpoint's own URL, the base of relative IRIs in a query."""
    scope = request.scope
    key = (scope.get("scheme"), request.headers.get("host"), str(scope.get("server")),
           scope.get("root_path"), scope.get("path"))
    url = _ENDPOINT_URLS.get(key)
    if url is None:
        url = str(request.url.replace(query="", fragment=""))
        if len(_ENDPOINT_URLS) < 64:
            _ENDPOINT_URLS[key] = url
    return url


def _job(text: str, params: list[tuple[str, str]], accept: list[str], fmt_param: str | None,
         settings) -> tuple[Job, str]:
    checked = check_query(text, base=settings.base, max_chars=settings.max_query_chars,
                          max_depth=settings.max_query_depth)
    defaults = tuple(check_graph_iri(v, settings.base) for k, v in params if k == "default-graph-uri")
    named = tuple(check_graph_iri(v, settings.base) for k, v in params if k == "named-graph-uri")
    if fmt_param is not None:
        if fmt_param not in FORMAT_NAMES:
            raise ApiError(400, "unknown format", f"format must be one of {', '.join(sorted(FORMAT_NAMES))}")
        fmt = FORMAT_NAMES[fmt_param]
        if (fmt in GRAPH_MEDIA) != checked.returns_triples:  # e.g. format=xml for CONSTRUCT
            fmt = negotiate(accept, triples=checked.returns_triples)
    else:
        fmt = negotiate(accept, triples=checked.returns_triples)
    if fmt is None:
        offered = GRAPH_TYPES if checked.returns_triples else RESULT_MEDIA.values()
        raise ApiError(406, "not acceptable",
                       f"a {checked.form} query can be answered as {', '.join(offered)}")
    union = not (checked.has_dataset or defaults or named)
    return Job(text, fmt, settings.max_rows, defaults, named, union), fmt


# --- service description -----------------------------------------------------------

SERVICE_DESCRIPTION = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

<{url}> a sd:Service ;
  sd:endpoint <{url}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
    formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle,
    formats:N-Triples, formats:JSON-LD, formats:RDF_XML, formats:TriG ;
  rdfs:comment "safetykg: read-only; the default graph is the union of all graphs unless the request names its dataset. Query time limit {timeout:g} s, at most {rows} rows."@en .
"""


def _service_description(request: Request, accept: list[str]) -> Response:
    fmt = negotiate(accept, triples=True)
    if fmt is None or accept[0] in RESULT_MEDIA.values() or accept[0] in ("application/json",):
        raise ApiError(400, "missing query", "pass the SPARQL query in the 'query' parameter; "
                       "ask with Accept: text/turtle for the service description")
    settings = request.app.state.settings
    url = str(request.url.replace(query=""))
    turtle = SERVICE_DESCRIPTION.format(url=url, timeout=settings.query_timeout, rows=settings.max_rows)
    if fmt == "ttl":
        return Response(turtle, media_type="text/turtle; charset=utf-8")
    triples = [q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)]
    from api.results import _RDF_FORMATS

    return Response(ox.serialize(triples, format=_RDF_FORMATS[fmt]), media_type=GRAPH_MEDIA[fmt])


# --- the query page ----------------------------------------------------------------

async def _page_with_results(request: Request, text: str, settings, service) -> Response:
    table, error = None, None
    try:
        job, fmt = _job(text, [], ["application/sparql-results+json", "application/n-triples"],
                        None, settings)
        job = Job(job.text, "json" if fmt in RESULT_MEDIA else "nt", job.max_rows,
                  job.default_graphs, job.named_graphs, job.union_default)
        outcome = await service.run(job)
        table = _table(outcome)
    except ApiError as exc:
        error = f"{exc.error}：{exc.detail}"
    return _page(request, text, table, error, status=200 if error is None else 400)


def _table(outcome) -> dict:
    if outcome.media_type == "application/n-triples":
        triples = list(ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES))
        rows = [[str(t.subject), str(t.predicate), str(t.object)] for t in triples]
        return {"vars": ["subject", "predicate", "object"], "rows": rows,
                "truncated": outcome.truncated, "total": outcome.total}
    data = json.loads(outcome.body)
    if "boolean" in data:
        return {"vars": ["boolean"], "rows": [["true" if data["boolean"] else "false"]],
                "truncated": False, "total": 1}
    names = data["head"]["vars"]
    rows = [[b.get(n, {}).get("value", "") for n in names] for b in data["results"]["bindings"]]
    return {"vars": names, "rows": rows, "truncated": outcome.truncated, "total": outcome.total}


def _page(request: Request, text: str | None, table: dict | None, error: str | None,
          status: int = 200) -> Response:
    downloads = []
    if text:
        triples = text and table is not None and table["vars"] == ["subject", "predicate", "object"]
        for fmt in (GRAPH_MEDIA if triples else RESULT_MEDIA):
            downloads.append((fmt, "/sparql?" + urlencode({"query": text, "format": fmt})))
    permalink = "/sparql?" + urlencode({"query": text}) if text else None
    return render(request, "sparql.html", {
        "query": text or EXAMPLES[0].query, "examples": EXAMPLES, "table": table, "error": error,
        "downloads": downloads, "permalink": permalink}, status=status)
