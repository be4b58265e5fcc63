"""HTML pages in Chinese: home, search, concept, document, incident, other resources.

Every page is rendered by the autoescaped Jinja environment of :mod:`api.pages_env`;
resource pages live at their IRI's path (``/id/{kind}/{key}``, see :mod:`api.routes.ids`).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.charts import level_year_chart
from api.deps import GraphDep, resource_iri
from api.errors import ApiError
from api.pages_env import render
from graph import evidence as evidence_pages, queries

router = APIRouter(include_in_schema=False)


def href(kind: str, key: str) -> str:
    return f"/id/{kind}/{quote(key, safe='')}"


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, graph: GraphDep) -> Response:
    stats = await run_in_threadpool(queries.stats, graph.store)
    top = await run_in_threadpool(queries.top_concepts_by_level, graph.store, graph.iris)
    return render(request, "home.html", {"stats": stats, "top": top, "href": href})


@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request, graph: GraphDep,
                      q: Annotated[str, Query(max_length=200)] = "") -> Response:
    hits = await run_in_threadpool(queries.search, graph.store, graph.iris, q, limit=50)
    return render(request, "search.html", {"q": q, "hits": hits, "href": href})


async def resource_page(request: Request, graph, kind: str, key: str) -> Response:
    """The page of ``/id/{kind}/{key}``; 404 (as a page) when the store has no such thing."""
    try:
        resource_iri(graph, kind, key)
    except ApiError:
        return _missing(request, kind, key)
    if kind == "concept":
        return await concept_page(request, graph, key)
    if kind == "document":
        return await document_page(request, graph, key)
    if kind == "incident":
        found = await run_in_threadpool(queries.incident, graph.store, graph.iris, key)
        if found is None:
            return _missing(request, kind, key)
        return render(request, "incident.html", {"incident": found, "href": href})
    found = await run_in_threadpool(_generic, graph, kind, key)
    if found is None:
        return _missing(request, kind, key)
    return render(request, "resource.html", {"resource": found, "kind": kind, "href": href})


def _generic(graph, kind: str, key: str) -> dict | None:
    iri = graph.iris.of(kind, key)
    import pyoxigraph as ox

    facts = queries.rows(graph.store, queries.RESOURCE, s=ox.NamedNode(iri))
    if not facts:
        return None
    links = [f["o"] for f in facts if graph.iris.parse(str(f["o"]))]
    named = queries.labels(graph.store, graph.iris, links)
    shown = []
    for f in facts:
        prop = f["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        target = graph.iris.parse(str(f["o"]))
        shown.append({"property": prop, "value": named[f["o"]]["label"] if target else f["o"],
                      "link": href(*target) if target else None})
    label = next((s["value"] for s in shown if s["property"] in ("label", "prefLabel")), key)
    documents = queries.citing_documents(graph.store, ox.NamedNode(iri))
    return {"iri": iri, "key": key, "label": label, "facts": shown,
            "documents": [{"key": queries._key(graph.iris, d["doc"]), "title": d["title"],
                           "date": d["date"]} for d in documents]}


def _missing(request: Request, kind: str, key: str) -> Response:
    return render(request, "missing.html", {"kind": kind, "key": key}, status=404)


async def concept_page(request: Request, graph, key: str) -> Response:
    found = await run_in_threadpool(queries.concept, graph.store, graph.iris, key)
    if found is None:
        return _missing(request, "concept", key)
    evidence = await run_in_threadpool(evidence_pages.evidence, graph.store, graph.iris, key, size=30)
    for item in evidence["items"]:
        item["pieces"] = highlight(item["text"], item["mentions"])
    chart = level_year_chart(found["counts"]["cells"])
    return render(request, "concept.html", {
        "c": found, "evidence": evidence, "chart": chart, "href": href, **embedding(request, key, found["label"])})


def embedding(request: Request, key: str, label: str) -> dict:
    """The page's view (its path, the frame's sandbox) and what the "Embed" box offers:
    the ``<iframe>`` snippet with the view's absolute URL, and the offline file's link."""
    from viz.embed import SANDBOX, iframe_snippet, view_path

    root = request.scope.get("root_path", "").rstrip("/")
    view = root + view_path(key)
    absolute = str(request.base_url).rstrip("/") + view_path(key)
    return {"view": view, "sandbox": SANDBOX,
            "snippet": iframe_snippet(absolute, title=f"{label} 的关系网络"),
            "download": root + view_path(key, download=True)}


async def document_page(request: Request, graph, key: str) -> Response:
    found = await run_in_threadpool(queries.document, graph.store, graph.iris, key)
    if found is None:
        return _missing(request, "document", key)
    pieces = highlight(found["text"], found["mentions"])
    return render(request, "document.html", {"d": found, "pieces": pieces, "href": href})


def highlight(text: str, spans: list[dict]) -> list[dict]:
    """``text`` cut into pieces, the spans marked; overlapping spans keep the first, longest.

    >>> [p["text"] for p in highlight("坚持双重预防机制", [{"start": 2, "end": 8}])]
    ['坚持', '双重预防机制']
    """
    ordered = sorted(spans, key=lambda s: (s["start"], -s["end"]))
    pieces, at = [], 0
    for span in ordered:
        start, end = span["start"], min(span["end"], len(text))
        if start < at or start >= end:
            continue
        if start > at:
            pieces.append({"text": text[at:start], "span": None})
        pieces.append({"text": text[start:end], "span": span, "id": f"char={start},{end}"})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "span": None})
    return pieces


@router.get("/concept/{key:path}", response_class=HTMLResponse)
async def concept_alias(key: str, request: Request, graph: GraphDep) -> Response:
    """A short address for a concept page (the page itself lives at its IRI path)."""
    if not key:
        raise ApiError(404, "not found", "no concept key given")
    return await resource_page(request, graph, "concept", key)
