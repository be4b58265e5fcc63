"""The endpoint keeps answers for the checkpoint they were computed on: a query asked
again is answered from memory, a write empties the cache, and nothing stale is served."""

from __future__ import annotations

import time

from api.query_job import Job
from api.result_cache import ResultCache
from api.results import Outcome

TOKEN = "cache-test-token"
COUNT = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(client) -> tuple[str, str | None]:
    response = client.get("/sparql", params={"query": COUNT})
    assert response.status_code == 200
    return response.json()["results"]["bindings"][0]["n"]["value"], response.headers.get("SafetyKG-Cache")


def test_a_query_asked_again_is_a_hit_and_a_write_makes_it_a_miss_with_the_new_answer(
        fresh_graph, make_client):
    client = make_client(fresh_graph, token=TOKEN)
    assert _count(client) == ("2", "miss")
    assert _count(client) == ("2", "hit")
    other = client.get("/sparql", params={"query": COUNT + " LIMIT 1"})
    assert other.headers["SafetyKG-Cache"] == "miss"  # another text is another entry
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.delete("/api/documents/a", headers=auth).status_code == 200
    assert _count(client) == ("1", "miss")
    response = client.post("/api/documents", headers=auth,
                           files={"file": ("c.txt", "各地要落实双重预防机制。".encode(), "text/plain")})
    status_url, deadline = response.json()["status_url"], time.monotonic() + 20
    while client.get(status_url).json()["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert _count(client) == ("2", "miss")
    assert _count(client) == ("2", "hit")


def test_the_same_query_in_another_format_is_another_entry(fresh_graph, make_client):
    client = make_client(fresh_graph)
    as_json = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"})
    as_csv = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert as_json.headers["SafetyKG-Cache"] == as_csv.headers["SafetyKG-Cache"] == "miss"
    again = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert again.headers["SafetyKG-Cache"] == "hit" and again.content == as_csv.content


def test_failures_are_not_kept(fresh_graph, make_client):
    client = make_client(fresh_graph)
    for _ in range(2):
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
        assert response.status_code == 400 and "SafetyKG-Cache" not in response.headers


def test_zero_megabytes_turns_the_cache_off(fresh_graph, make_client):
    client = make_client(fresh_graph, sparql_cache_mb=0)
    for _ in range(2):
        response = client.get("/sparql", params={"query": COUNT})
        assert response.status_code == 200 and "SafetyKG-Cache" not in response.headers


def test_a_remote_store_is_never_cached():
    from api.executor import SparqlService
    from graph.store import open_store

    service = SparqlService(open_store("http://127.0.0.1:9/query"), workers=1, timeout=1,
                            memory_limit=0, cache_bytes=1 << 20)
    try:
        assert service.cache is None  # another process may write it
    finally:
        service.close()


def test_a_remote_store_this_server_alone_writes_is_cached_until_its_next_write(
        oxigraph_server, mini_lexicon, mini_pipeline, make_client):
    from graph.kg import KnowledgeGraph
    from graph.store import open_store

    store = open_store(oxigraph_server, sole_writer=True)
    store.clear()
    kg = KnowledgeGraph(store)
    kg.publish_lexicon(mini_lexicon)
    kg.put_documents(mini_pipeline.process_text("坚持人民至上。煤矿要健全双重预防机制。", "a.txt"))
    client = make_client(kg, token=TOKEN)
    assert _count(client) == ("1", "miss")
    assert _count(client) == ("1", "hit")
    assert client.delete("/api/documents/a", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert _count(client) == ("0", "miss")


def _outcome(size: int) -> Outcome:
    return Outcome(b"x" * size, "application/sparql-results+json", 1, 1)


def test_the_cache_keeps_its_bound_dropping_the_least_recently_used():
    cache = ResultCache(64 * 1024)
    jobs = [Job(f"SELECT * WHERE {{ ?s ?p {i} }}", "json", 10) for i in range(40)]
    for job in jobs[:10]:
        cache.put(job, "gen-1", _outcome(3_000))
    assert cache.get(jobs[0], "gen-1") is not None  # now the most recently used
    for job in jobs[10:]:
        cache.put(job, "gen-1", _outcome(3_000))
        assert cache.bytes <= cache.max_bytes
    assert cache.stats.evicted > 0
    assert cache.get(jobs[1], "gen-1") is None and cache.get(jobs[-1], "gen-1") is not None
    assert cache.get(jobs[-1], "gen-2") is None  # another checkpoint, another answer


def test_an_answer_over_a_sixteenth_of_the_bound_is_not_kept():
    cache = ResultCache(16_000)
    job = Job("SELECT * WHERE { ?s ?p ?o }", "json", 10)
    cache.put(job, "gen-1", _outcome(2_000))
    assert cache.get(job, "gen-1") is None and len(cache) == 0
