"""Load: concurrent clients mixing search, neighbourhood and SPARQL against the real server
while documents are uploaded and ingested through the write path (POST /api/documents).

Every answer must be 200 or a documented 429/503 (with ``Retry-After``), and no answer may
show half a document: each SPARQL answer lists every document graph with its declared
sentence count (``skg:sentenceCount``) beside the sentences it holds, and they must agree.

The suite runs a short version (10 clients, 10 s, 50 documents). The full figure of the
reliability checklist (50 clients, 30 s, 500 documents) runs with ``SAFETYKG_LOAD_FULL=1``;
add ``-s`` to see the latencies.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest


pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FULL = os.environ.get("SAFETYKG_LOAD_FULL") == "1"
CLIENTS, SECONDS, DOCUMENTS = (50, 30.0, 500) if FULL else (10, 10.0, 50)
TOKEN = "load-test-token"
DOCUMENTED = {200, 429, 503}

WHOLENESS = """
PREFIX skg: <https://w3id.org/safetykg/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?g ?declared (COUNT(DISTINCT ?s) AS ?found) WHERE {
  GRAPH ?g { ?g skg:sentenceCount ?declared .
             OPTIONAL { ?s a nif:Sentence ; nif:referenceContext ?g } }
} GROUP BY ?g ?declared
"""
SEARCHES = ("双重预防", "安全", "煤矿", "隐患", "应急", "责任制", "雁江区", "消防")
CONCEPTS = ("双重预防机制", "安全生产责任制", "四不放过", "党政同责", "隐患排查治理")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    half_documents: list[str] = field(default_factory=list)
    graphs_seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory, synthetic_corpus, serve_store) -> Iterator[str]:
    """The real server with a write token, over a store holding five documents."""
    location = tmp_path_factory.mktemp("load") / "store"
    first = sorted(synthetic_corpus.glob("*.txt"))[-5:]
    subprocess.run([sys.executable, "-m", "api.cli", "ingest", *map(str, first), "--store",
                    str(location)], cwd=REPO, check=True, capture_output=True, timeout=120)
    served = serve_store(location, token=TOKEN, query_timeout="10")
    yield served.url
    served.stop()


def _record(tally: Tally, kind: str, response: httpx.Response, seconds: float) -> None:
    with tally.lock:
        tally.latencies[kind].append(seconds)
        tally.statuses[(kind, response.status_code)] += 1
        if response.status_code not in DOCUMENTED:
            tally.errors.append(f"{kind} {response.status_code}: {response.text[:200]}")
        elif response.status_code in (429, 503) and "retry-after" not in response.headers:
            tally.errors.append(f"{kind} {response.status_code} without Retry-After")


def _check_whole(tally: Tally, response: httpx.Response) -> None:
    rows = response.json()["results"]["bindings"]
    with tally.lock:
        tally.graphs_seen += len(rows)
        for row in rows:
            if row["declared"]["value"] != row["found"]["value"]:
                tally.half_documents.append(f"{row['g']['value']}: declares "
                                            f"{row['declared']['value']}, holds {row['found']['value']}")


def _reader(url: str, tally: Tally, stop: threading.Event, seed: int) -> None:
    rnd = random.Random(seed)
    with httpx.Client(base_url=url, timeout=30) as client:
        while not stop.is_set():
            kind = rnd.choice(("search", "neighbourhood", "sparql"))
            started = time.monotonic()
            try:
                if kind == "search":
                    response = client.get("/api/search", params={"q": rnd.choice(SEARCHES)})
                elif kind == "neighbourhood":
                    response = client.get(f"/api/concepts/{rnd.choice(CONCEPTS)}/neighbourhood")
                else:
                    response = client.get("/sparql", params={"query": WHOLENESS},
                                          headers={"Accept": "application/sparql-results+json"})
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
                continue
            _record(tally, kind, response, time.monotonic() - started)
            if kind == "sparql" and response.status_code == 200:
                _check_whole(tally, response)


def _upload(url: str, paths: list[Path]) -> list[str]:
    jobs = []
    with httpx.Client(base_url=url, timeout=60,
                      headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        for path in paths:
            response = client.post("/api/documents",
                                   files={"file": (path.name, path.read_bytes(), "text/plain")})
            assert response.status_code == 202, response.text
            jobs.append(response.json()["job"])
    return jobs


def _wait_until_stored(url: str, count: int, timeout: float) -> float:
    """Seconds until the store lists ``count`` documents (one cheap request at a time:
    polling every job would compete with the load it measures)."""
    started = time.monotonic()
    with httpx.Client(base_url=url, timeout=60) as client:
        while time.monotonic() - started < timeout:
            if client.get("/api/documents", params={"size": 1}).json()["total"] >= count:
                break
            time.sleep(1)
    return time.monotonic() - started


def _job_states(url: str, jobs: list[str]) -> dict[str, int]:
    with httpx.Client(base_url=url, timeout=30) as client:
        return dict(Counter(client.get(f"/api/jobs/{job}").json()["status"] for job in jobs))


def _percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def test_concurrent_reads_while_documents_are_ingested(writable_server, synthetic_corpus):
    url = writable_server
    papers = sorted(synthetic_corpus.glob("*.txt"))[:DOCUMENTS]
    tally = Tally()
    stop = threading.Event()
    readers = [threading.Thread(target=_reader, args=(url, tally, stop, i), daemon=True)
               for i in range(CLIENTS)]
    started = time.monotonic()
    for reader in readers:
        reader.start()
    jobs = _upload(url, papers)
    _wait_until_stored(url, DOCUMENTS + 5, timeout=1800)
    ingested = time.monotonic() - started
    time.sleep(max(0.0, SECONDS - ingested))
    stop.set()
    for reader in readers:
        reader.join(timeout=60)
    elapsed = time.monotonic() - started
    states = _job_states(url, jobs)

    final = httpx.get(f"{url}/sparql", params={"query": WHOLENESS}, timeout=30,
                      headers={"Accept": "application/sparql-results+json"})
    documents = len(final.json()["results"]["bindings"])
    all_latencies = [s for values in tally.latencies.values() for s in values]
    lines = [f"{CLIENTS} clients, {elapsed:.1f} s, {DOCUMENTS} documents uploaded and ingested "
             f"in {ingested:.1f} s (jobs {states}); {len(all_latencies)} requests, "
             f"{len(all_latencies) / elapsed:.0f}/s; {tally.graphs_seen} document graphs checked"]
    for kind, values in sorted(tally.latencies.items()) + [("all", all_latencies)]:
        lines.append(f"  {kind:<13} n={len(values):<6} p50={_percentile(values, 50) * 1000:.0f} ms "
                     f"p95={_percentile(values, 95) * 1000:.0f} ms")
    lines.append(f"  statuses {dict(sorted(tally.statuses.items()))}")
    lines.append(f"  errors {len(tally.errors)} {dict(Counter(e.split(':')[0] for e in tally.errors))}; "
                 f"half documents seen {len(tally.half_documents)}")
    print("\n".join(lines))

    assert tally.errors == [], tally.errors[:10]
    assert tally.half_documents == [], tally.half_documents[:10]
    assert states == {"done": DOCUMENTS}
    assert documents == DOCUMENTS + 5
    assert tally.graphs_seen > 0
    assert all(tally.latencies[k] for k in ("search", "neighbourhood", "sparql"))
