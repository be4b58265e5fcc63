"""The API over HTTP against the same named queries in process and the framework's floor.

``api_vs_floor_p50`` = the worst, over the routes, of api_p50 ÷ (healthz_p50 +
inproc_p50): what our own code adds on top of the engine and of FastAPI/uvicorn.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from bench.harness import Server, call_with, find_callable, free_port, ms, percentile, tree_rss_mb, venv_tool

ROUTES: dict[str, tuple[str, dict[str, Any]]] = {
    "search": ("/api/search", {}),
    "neighbourhood_d1": ("/api/concepts/{key}/neighbourhood", {"depth": 1}),
    "neighbourhood_d2": ("/api/concepts/{key}/neighbourhood", {"depth": 2}),
    "evidence": ("/api/concepts/{key}/evidence", {"page": 1}),
    "diffusion": ("/api/concepts/{key}/diffusion", {}),
}
"""Route name → (path template, fixed query parameters); search gets ``q``."""

INPROC: dict[str, list[str]] = {
    "search": ["graph.search:search", "graph.queries:search", "graph.kg:KnowledgeGraph.search"],
    "neighbourhood_d1": ["graph.network:neighbourhood", "graph.network:concept_neighbourhood",
                         "graph.kg:KnowledgeGraph.neighbourhood"],
    "evidence": ["graph.evidence:evidence", "graph.queries:evidence", "graph.kg:KnowledgeGraph.evidence"],
    "diffusion": ["graph.diffusion:diffusion", "graph.queries:diffusion", "graph.stats:diffusion",
                  "graph.kg:KnowledgeGraph.diffusion"],
}
"""Where the same work lives in graph/, first existing wins (the product is still landing)."""
INPROC["neighbourhood_d2"] = INPROC["neighbourhood_d1"]


def concept_keys(lexicon, n: int, seed: int) -> list[str]:
    """``n`` concept keys drawn (with repeats) from the lexicon, the same for a seed."""
    keys = sorted(lexicon.concepts)
    rng = random.Random(f"{seed}:keys")
    return [rng.choice(keys) for _ in range(n)]


def _force(value: Any) -> Any:
    """Drain lazy results (pyoxigraph solutions, generators) so their cost is counted."""
    if hasattr(value, "__next__") or type(value).__name__ in {"QuerySolutions", "QueryTriples"}:
        return list(value)
    return value


def inproc_latencies(kg, keys: list[str], budget_s: float = 15.0) -> dict[str, Any]:
    """p50 of each route's named query called through graph/, no HTTP.

    Each route gets one call per key, or as many as fit in ``budget_s`` (at least 3). The
    in-memory indexes derived from the store (labels, mentions) are built first, as the
    server builds them at start, and that build is reported on its own
    (``inproc_warm_s``) instead of eating a route's budget.
    """
    p50: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    errors: dict[str, str] = {}
    warm_s: float | None = None
    try:
        from graph.derived import warm

        t0 = time.perf_counter()
        warm(kg.store)
        warm_s = round(time.perf_counter() - t0, 3)
    except Exception as exc:  # noqa: BLE001 - without the warm-up the routes build on demand
        errors["inproc_warm_s"] = f"{type(exc).__name__}: {exc}"[:200]
    for route, candidates in INPROC.items():
        depth = ROUTES[route][1].get("depth", 1)
        try:
            fn = find_callable(candidates)
            if route == "neighbourhood_d2" and "depth" not in _parameters(fn):
                raise TypeError(f"{fn.__qualname__} has no depth parameter yet")
            samples: list[float] = []
            deadline = time.perf_counter() + budget_s
            for key in keys:
                if len(samples) >= 3 and time.perf_counter() > deadline:
                    break
                values = {"self": kg, "kg": kg, "graph": kg, "store": kg.store, "iris": kg.iris,
                          "key": key, "concept": key, "q": key[:2], "text": key[:2], "query": key[:2],
                          "term": key[:2], "depth": depth, "page": 1, "limit": 50}
                t0 = time.perf_counter()
                _force(call_with(fn, values))
                samples.append(time.perf_counter() - t0)
            p50[route] = ms(percentile(samples, 50))
            counts[route] = len(samples)
        except Exception as exc:  # noqa: BLE001 - one missing route must not hide the others
            p50[route] = None
            errors[f"inproc_p50_ms.{route}"] = f"{type(exc).__name__}: {exc}"[:200]
    return {"inproc_p50_ms": p50, "inproc_samples": counts, "inproc_warm_s": warm_s, "_errors": errors}


def _parameters(fn) -> set[str]:
    import inspect

    return set(inspect.signature(fn).parameters)


def serve_argv(store: str, port: int) -> list[str]:
    return [venv_tool("safetykg"), "serve", "--store", store, "--host", "127.0.0.1", "--port", str(port)]


def start_ours(store: str, log: Path, env: Mapping[str, str] | None = None) -> Server:
    """``safetykg serve`` over ``store``; ``env`` adds settings to its environment
    (``SAFETYKG_SPARQL_CACHE_MB=0`` for the SPARQL figure without the result cache)."""
    port = free_port()
    return Server("safetykg serve", serve_argv(store, port), port, "/healthz", log=log,
                  env={"SAFETYKG_STORE": store, **(env or {})})


def http_latencies(server: Server, keys: list[str], budget_s: float = 15.0) -> dict[str, Any]:
    """p50/p95 of each route over HTTP (keep-alive, one client), and of /healthz.

    Each route gets one request per key, or as many as fit in ``budget_s`` (at least 3).
    """
    p50: dict[str, float | None] = {}
    p95: dict[str, float | None] = {}
    counts: dict[str, int] = {}
    errors: dict[str, str] = {}
    with httpx.Client(base_url=server.url, timeout=60.0) as client:
        try:
            paths = client.get("/openapi.json").json().get("paths", {})
        except (httpx.HTTPError, ValueError):
            paths = {}
        health = _sample(client, ["/healthz"] * max(len(keys), 50))
        for route, (template, params) in ROUTES.items():
            if paths and template not in paths:
                p50[route] = p95[route] = None
                errors[f"api_p50_ms.{route}"] = errors[f"api_p95_ms.{route}"] = "route not in the app yet"
                continue
            missing = _missing_parameters(paths.get(template), params)
            if missing and route != "neighbourhood_d1":
                p50[route] = p95[route] = None
                errors[f"api_p50_ms.{route}"] = errors[f"api_p95_ms.{route}"] = \
                    f"the route has no {', '.join(missing)} parameter yet"
                continue
            urls = []
            if missing:  # depth 1 is what a route without the parameter answers
                params = {k: v for k, v in params.items() if k not in missing}
            for key in keys:
                query = {**params, "q": key[:2]} if route == "search" else params
                path = template.replace("{key}", quote(key, safe=""))
                urls.append(path + ("?" + "&".join(f"{k}={quote(str(v))}" for k, v in query.items())
                                    if query else ""))
            samples, failures = _sample(client, urls, budget_s=budget_s)
            counts[route] = len(samples) + sum(failures.values())
            if len(samples) < counts[route] // 2 or not samples:
                p50[route] = p95[route] = None
                errors[f"api_p50_ms.{route}"] = errors[f"api_p95_ms.{route}"] = f"answers: {failures}"
                continue
            p50[route] = ms(percentile(samples, 50))
            p95[route] = ms(percentile(samples, 95))
    healthz = ms(percentile(health[0], 50)) if health[0] else None
    return {"api_p50_ms": p50, "api_p95_ms": p95, "api_samples": counts, "healthz_p50_ms": healthz,
            "_errors": errors}


def _missing_parameters(operations: dict | None, params: dict[str, Any]) -> list[str]:
    """Query parameters the bench sends that the route's OpenAPI does not declare."""
    if not operations:
        return []
    declared = {p.get("name") for p in operations.get("get", {}).get("parameters", [])}
    return [name for name in params if name not in declared]


def _sample(client: httpx.Client, urls: list[str], *, budget_s: float = 60.0):
    """Seconds of each successful request, and a count of the failing statuses."""
    samples, failures = [], {}
    deadline = time.perf_counter() + budget_s
    for url in urls:
        if len(samples) + sum(failures.values()) >= 3 and time.perf_counter() > deadline:
            break
        t0 = time.perf_counter()
        try:
            response = client.get(url)
            response.read()
        except httpx.HTTPError as exc:
            failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
            continue
        if response.status_code < 400:
            samples.append(time.perf_counter() - t0)
        else:
            failures[response.status_code] = failures.get(response.status_code, 0) + 1
    return samples, failures


def server_figures(server: Server) -> dict[str, Any]:
    return {"cold_start_s": round(server.ready_s, 3) if server.ready_s is not None else None,
            "rss_mb": tree_rss_mb(server.proc.pid)}


def floor_ratio(data: dict[str, Any]) -> dict[str, Any]:
    """api_vs_floor_p50: the worst route's api_p50 ÷ (healthz_p50 + inproc_p50)."""
    api, inproc, health = data.get("api_p50_ms") or {}, data.get("inproc_p50_ms") or {}, data.get("healthz_p50_ms")
    ratios = {route: round(api[route] / (health + inproc[route]), 3)
              for route in ROUTES if api.get(route) is not None and inproc.get(route) is not None
              and health is not None}
    if not ratios:
        raise ValueError("no route has both an HTTP and an in-process figure yet")
    return {"api_vs_floor_by_route": ratios, "api_vs_floor_p50": max(ratios.values()),
            "api_vs_floor_routes": len(ratios)}
