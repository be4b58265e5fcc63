"""SPARQL throughput: safetykg's /sparql, rdflib-endpoint and ``oxigraph serve-read-only``.

The same fixed mix of five queries (documented in docs/bench.md), ``clients``
concurrent client processes, ``seconds`` each server. Every server sees the union of
all graphs as its default graph: our data lives in named graphs (one per document) and
safetykg reads their union, so a server reading only the default graph would answer the
mix with nothing. Oxigraph is asked for the union per query (:func:`union_query_url`),
the same way whether the bench starts it or is handed it (``--store``), and before any
server is timed :func:`check_mix` makes sure every query of the mix finds something
there. Clients are separate processes speaking plain ``http.client`` so that the client
side is not what is measured.

safetykg keeps a result cache over its embedded store and says on each answer whether it
came from there (``SafetyKG-Cache: hit`` or ``miss``). The mix repeats, so the cache
answers nearly all of it: the clients count that header (:data:`CACHE_HEADER`), and the
bench times safetykg with and without the cache so that neither figure hides the other.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import multiprocessing as mp
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from bench.harness import Server, free_port, ms, percentile, venv_tool

PREFIXES = """PREFIX skg: <https://w3id.org/safetykg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""

MIX: dict[str, str] = {
    "label_prefix": PREFIXES + """SELECT DISTINCT ?c ?label WHERE {
  ?c a skos:Concept ; skos:prefLabel ?label . FILTER(STRSTARTS(STR(?label), "安全"))
} LIMIT 20""",
    "mentions_1hop": PREFIXES + """SELECT ?sentence WHERE { ?sentence skg:mentions <CONCEPT> } LIMIT 100""",
    "cooccurrence_2hop": PREFIXES + """SELECT ?other (COUNT(?sentence) AS ?n) WHERE {
  ?sentence skg:mentions <CONCEPT> . ?sentence skg:mentions ?other . FILTER(?other != <CONCEPT>)
} GROUP BY ?other ORDER BY DESC(?n) LIMIT 20""",
    "evidence": PREFIXES + """SELECT ?doc ?title ?text WHERE {
  ?sentence skg:mentions <CONCEPT> ; nif:referenceContext ?doc ; nif:anchorOf ?text .
  ?doc dcterms:title ?title
} LIMIT 20""",
    "documents_by_level": PREFIXES + """SELECT ?level (COUNT(DISTINCT ?doc) AS ?n) WHERE {
  ?doc a skg:Document ; skg:level ?level
} GROUP BY ?level""",
}
"""The fixed mix; ``CONCEPT`` is replaced by one of a fixed list of concept IRIs in turn."""


def mix_for(concept_iris: list[str]) -> list[str]:
    """The query texts, in the order clients send them: the five, for each concept."""
    return [text.replace("CONCEPT", iri) for iri in concept_iris for text in MIX.values()]


def mix_by_name(concept_iris: list[str]) -> dict[str, list[str]]:
    """The query texts of each query of the mix, one per concept."""
    return {name: [text.replace("CONCEPT", iri) for iri in concept_iris] for name, text in MIX.items()}


def request_target(url: str, query: str) -> str:
    """Path and query string of a GET of ``query`` at ``url``, keeping the parameters
    ``url`` already carries (such as Oxigraph's ``union-default-graph``)."""
    parts = urlsplit(url)
    given = parts.query + "&" if parts.query else ""
    return f"{parts.path}?{given}query={quote(query)}"


class MixMatchedNothing(RuntimeError):
    """A query of the mix found nothing on a server: its figure would time empty answers."""


def check_mix(server: str, url: str, concept_iris: list[str]) -> dict[str, int]:
    """Results of each query of the mix at ``url``, summed over the concepts.

    Run before a server is timed, so that a server reading other data than safetykg (an
    Oxigraph without the union of graphs, a capped dump) gives no figure rather than a
    meaningless one. A concept may be mentioned nowhere; a query finding nothing for
    every concept is what cannot be.

    :raises MixMatchedNothing: naming the queries that found nothing on ``server``.
    :raises RuntimeError: when the server refuses a query of the mix.
    """
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    counts: dict[str, int] = {}
    try:
        for name, texts in mix_by_name(concept_iris).items():
            counts[name] = sum(_result_count(conn, url, text) for text in texts)
    finally:
        conn.close()
    empty = [name for name, n in counts.items() if n == 0]
    if empty:
        raise MixMatchedNothing(f"the mix matched nothing on {server}: {', '.join(empty)} "
                                f"found no result for any of {len(concept_iris)} concepts")
    return counts


def _result_count(conn: http.client.HTTPConnection, url: str, query: str) -> int:
    conn.request("GET", request_target(url, query), headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{url} answered {response.status} to the mix: {body[:200]!r}")
    results = json.loads(body)
    if "boolean" in results:
        return int(results["boolean"])
    return len(results["results"]["bindings"])


CACHE_HEADER = "SafetyKG-Cache"
"""safetykg's answer header: ``hit`` when the answer came from its result cache, else ``miss``."""


def _client(url: str, queries: list[str], seconds: float, offset: int, out) -> None:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    latencies, failures, headed, hits, i = [], 0, 0, 0, offset
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        query = queries[i % len(queries)]
        i += 1
        t0 = time.perf_counter()
        try:
            conn.request("GET", request_target(url, query),
                         headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            failures += 1
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            continue
        if response.status == 200:
            latencies.append(time.perf_counter() - t0)
            cache = response.getheader(CACHE_HEADER)
            if cache is not None:
                headed += 1
                hits += cache.strip().lower() == "hit"
        else:
            failures += 1
    out.put((latencies, failures, headed, hits))


def load(url: str, queries: list[str], *, clients: int = 4, seconds: float = 10.0) -> dict[str, Any]:
    """Queries per second and latency percentiles of ``clients`` looping over ``queries``.

    ``cache_headed`` counts the successful answers carrying :data:`CACHE_HEADER` (none
    from a server without safetykg's result cache) and ``cache_hits`` the share of those
    that were hits (``None`` when no answer carried the header).
    """
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(url, queries, seconds, k * 5, out)) for k in range(clients)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 300) for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join(timeout=10)
    latencies = [x for lat, *_ in results for x in lat]
    failures = sum(r[1] for r in results)
    headed, hits = sum(r[2] for r in results), sum(r[3] for r in results)
    if not latencies:
        raise RuntimeError(f"no query succeeded at {url} ({failures} failed)")
    return {"qps": round(len(latencies) / wall, 1), "p50_ms": ms(percentile(latencies, 50)),
            "p95_ms": ms(percentile(latencies, 95)), "ok": len(latencies), "failed": failures,
            "cache_headed": headed, "cache_hits": hit_share(headed, hits)}


def hit_share(headed: int, hits: int) -> float | None:
    """Hits among the answers that said whether they were cached; ``None`` when none said.

    >>> hit_share(200, 150), hit_share(0, 0)
    (0.75, None)
    """
    return round(hits / headed, 4) if headed else None


UNION_DEFAULT_GRAPH = "union-default-graph"
"""Oxigraph's query parameter: read the union of all graphs as the default graph."""


def union_query_url(endpoint: str) -> str:
    """Oxigraph's query ``endpoint`` asking, on every query, for the union of all graphs.

    A parameter of the query rather than the server's ``--union-default-graph`` flag, so
    that it holds as well for a server someone else started (``--store URL``).

    >>> union_query_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query?union-default-graph'
    """
    parts = urlsplit(endpoint)
    params = [p for p in parts.query.split("&") if p]
    if UNION_DEFAULT_GRAPH not in {p.partition("=")[0] for p in params}:
        params.append(UNION_DEFAULT_GRAPH)
    return urlunsplit(parts._replace(query="&".join(params)))


def oxigraph_server(store_dir: Path, log: Path) -> Server:
    """``oxigraph serve-read-only`` over a store directory (query it via :func:`union_query_url`)."""
    port = free_port()
    argv = [venv_tool("oxigraph"), "serve-read-only", "--location", str(store_dir),
            "--bind", f"127.0.0.1:{port}", "--timeout-s", "60"]
    return Server("oxigraph serve-read-only", argv, port, "/query?query=ASK%7B%7D", log=log)


@contextlib.contextmanager
def oxigraph_endpoint(location: str, *, log: Path) -> Iterator[str]:
    """Oxigraph's query URL over the data safetykg answers from, reading the union of graphs.

    ``location`` is what safetykg opened: the query URL of an Oxigraph server already
    holding the data (``--store``), queried directly, or a store directory, served by
    ``oxigraph serve-read-only`` for the time of the ``with``.
    """
    if location.startswith(("http://", "https://")):
        yield union_query_url(location)
        return
    with oxigraph_server(Path(location), log) as server:
        yield union_query_url(server.url + "/query")


def rdflib_endpoint_server(trig: Path, log: Path) -> Server:
    """rdflib-endpoint's own command with its defaults (in-memory Dataset, union default graph)."""
    port = free_port()
    argv = [venv_tool("rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port), str(trig)]
    return Server("rdflib-endpoint", argv, port, "/?query=ASK%7B%7D", log=log, timeout=1800)


def ratios(sparql_qps: dict[str, float | None], sparql_p50: dict[str, float | None]) -> dict[str, Any]:
    """safetykg beside its peers, as shipped (``safetykg``, result cache on) and without
    the result cache (``safetykg_uncached``, the engine's path: a query not asked before).

    >>> r = ratios({"safetykg": 300.0, "safetykg_uncached": 30.0, "rdflib_endpoint": 15.0},
    ...            {"safetykg": 2.0, "safetykg_uncached": 40.0, "oxigraph": 20.0})
    >>> r["sparql_vs_rdflib_endpoint"], r["sparql_vs_rdflib_endpoint_uncached"]
    (20.0, 2.0)
    >>> r["sparql_latency_vs_oxigraph"], r["sparql_latency_vs_oxigraph_uncached"]
    (0.1, 2.0)
    """
    theirs, ox_p50 = sparql_qps.get("rdflib_endpoint"), sparql_p50.get("oxigraph")
    out: dict[str, Any] = {}
    for server, suffix in (("safetykg", ""), ("safetykg_uncached", "_uncached")):
        ours, ours_p50 = sparql_qps.get(server), sparql_p50.get(server)
        out[f"sparql_vs_rdflib_endpoint{suffix}"] = round(ours / theirs, 2) if ours and theirs else None
        out[f"sparql_latency_vs_oxigraph{suffix}"] = round(ours_p50 / ox_p50, 2) if ours_p50 and ox_p50 else None
    errors = {k: "a server in the ratio has no figure" for k, v in out.items() if v is None}
    return {**out, "_errors": errors}
