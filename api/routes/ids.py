"""Dereferenceable IRIs: ``/id/{kind}/{key}`` by content negotiation.

``text/html`` gets the resource's page; ``text/turtle``, ``application/ld+json``,
``application/n-triples`` (also RDF/XML and TriG) get its description: its triples, its
components, and the labels of what it links to (a document: its whole named graph).
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.deps import GraphDep, resource_iri
from api.errors import ApiError
from api.results import GRAPH_MEDIA, GRAPH_TYPES, parse_accept
from api.routes import pages
from graph import queries
from graph.iris import KINDS

router = APIRouter(tags=["linked data"])

_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
            "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG}
PREFIXES = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skg": "https://w3id.org/safetykg/ontology#",
            "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
            "prov": "http://www.w3.org/ns/prov#", "schema": "https://schema.org/",
            "org": "http://www.w3.org/ns/org#", "xsd": "http://www.w3.org/2001/XMLSchema#"}


@router.get("/id/{kind}/{key:path}", summary="A resource: its page or its RDF description",
            response_class=Response,
            responses={200: {"content": {"text/html": {}, **{m: {} for m in GRAPH_MEDIA.values()}}},
                       404: {"description": "no such resource (a page for text/html)",
                             "content": {"text/html": {}, "application/json": {}}},
                       406: {"description": "no acceptable format"}})
async def resource(kind: str, key: str, request: Request, graph: GraphDep) -> Response:
    if kind not in KINDS or not key:
        raise ApiError(404, "not found", f"/id/{kind}/{key}: kind must be one of {', '.join(KINDS)}")
    resource_iri(graph, kind, key)
    fmt = _negotiate(parse_accept(request.headers.get("accept")))
    if fmt == "html":
        return await pages.resource_page(request, graph, kind, key)
    triples = await run_in_threadpool(queries.describe, graph.store, graph.iris, kind, key)
    if not triples:
        raise ApiError(404, "not found", f"the store says nothing about {graph.iris.of(kind, key)}")
    prefixes = {**PREFIXES, "id": f"{graph.iris.base}id/"} if fmt in ("ttl", "trig") else None
    body = ox.serialize(sorted(set(triples), key=str), format=_FORMATS[fmt], prefixes=prefixes)
    return Response(body, media_type=GRAPH_MEDIA[fmt],
                    headers={"Vary": "Accept"})


def _negotiate(accept: list[str]) -> str:
    for media in accept:
        if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
            return "html"
        if media in GRAPH_TYPES:
            return GRAPH_TYPES[media]
    raise ApiError(406, "not acceptable", "ask for text/html, " + ", ".join(GRAPH_MEDIA.values()))
