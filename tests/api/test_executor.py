"""Queries run in worker processes that can be stopped: time limit, memory cap, crashes,
and the concurrency cap."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import psutil
import pyoxigraph as ox
import pytest

from api.errors import ApiError
from api.executor import Job, WorkerPool
from api.snapshot import Checkpoints
from graph.store import open_store

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def checkpoint():
    store = open_store(":memory:")
    graph = ox.NamedNode("https://w3id.org/safetykg/id/document/x")
    store.engine.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i)), graph)
                        for i in range(400))
    checkpoints = Checkpoints(store)
    yield checkpoints.make()
    checkpoints.close()


@pytest.fixture
def pool(checkpoint):
    # the documented default cap (SAFETYKG_WORKER_MEMORY): 1 GiB left too little headroom
    # for a worker opening its checkpoint on a busy machine
    made = WorkerPool(checkpoint, size=2, timeout=1.0, memory_limit=2 << 30)
    made.start()
    assert made.wait_ready()
    yield made
    made.close()


def run(pool: WorkerPool, text: str, fmt: str = "json"):
    return asyncio.run(pool.run(Job(text, fmt, 10_000)))


def test_a_simple_query_answers(pool):
    assert b'"400"' in run(pool, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").body


@pytest.mark.slow
def test_a_runaway_query_is_stopped_and_its_worker_replaced(pool):
    before = set(pool.pids())
    started = time.monotonic()
    with pytest.raises(ApiError) as caught:
        run(pool, CROSS)
    assert caught.value.status == 503 and caught.value.headers["Retry-After"]
    assert time.monotonic() - started < 2.0
    dead = (before - set(pool.pids())).pop()
    assert pool.wait_ready()
    assert not psutil.pid_exists(dead)
    assert len(pool.pids()) == 2 and set(pool.pids()) != before
    children = psutil.Process().children(recursive=True)
    assert sum(c.cpu_percent(interval=0.5) for c in children if c.is_running()) < 50
    assert b"true" in run(pool, "ASK { ?s ?p ?o }").body


def test_more_queries_than_workers_get_429_at_once(pool):
    async def burst():
        slow = [asyncio.create_task(pool.run(Job(CROSS, "json", 10))) for _ in range(2)]
        await asyncio.sleep(0.05)
        started = time.monotonic()
        with pytest.raises(ApiError) as caught:
            await pool.run(Job("ASK {}", "json", 10))
        refused_in = time.monotonic() - started
        await asyncio.gather(*slow, return_exceptions=True)
        return caught.value, refused_in

    error, refused_in = asyncio.run(burst())
    assert error.status == 429 and error.headers["Retry-After"] and refused_in < 0.1


def test_a_query_that_eats_memory_kills_only_its_worker(checkpoint):
    pool = WorkerPool(checkpoint, size=1, timeout=20, memory_limit=1 << 30)
    pool.start()
    assert pool.wait_ready()
    try:
        greedy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a LIMIT 1"
        with pytest.raises(ApiError) as caught:
            run(pool, greedy)
        assert caught.value.status == 503 and "memory" in caught.value.detail
        assert pool.wait_ready()
        assert b"true" in run(pool, "ASK { ?s ?p ?o }").body
    finally:
        pool.close()


def test_a_worker_killed_mid_query_is_replaced(pool):
    async def kill_during():
        task = asyncio.create_task(pool.run(Job(CROSS, "json", 10)))
        await asyncio.sleep(0.2)
        for pid in pool.pids():
            if psutil.Process(pid).cpu_percent(interval=0.05) > 0:
                os.kill(pid, signal.SIGKILL)
        return await asyncio.gather(task, return_exceptions=True)

    (outcome,) = asyncio.run(kill_during())
    assert isinstance(outcome, ApiError) and outcome.status in (500, 503)
    assert pool.wait_ready()
    assert b"true" in run(pool, "ASK { ?s ?p ?o }").body


def test_3000_nested_braces_are_refused_and_the_process_lives(client, never_asked):
    query = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    pid = os.getpid()
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400 and "nested" in response.json()["error"]
    assert os.getpid() == pid
    assert client.get("/sparql", params={"query": never_asked()}).json()["boolean"] is True


def test_an_answer_larger_than_one_read_arrives_whole(pool):
    # 12,000 rows, cut at 10,000 of some 18 bytes: several reads of the pipe
    outcome = run(pool, "SELECT ?a ?b WHERE { ?a ?p ?x . ?b ?q ?y } LIMIT 12000", "csv")
    lines = outcome.body.decode().splitlines()
    assert len(outcome.body) > 2 << 16
    assert outcome.rows == len(lines) - 1 == 10_000 and outcome.total == 12_000
    assert lines[0] == "a,b" and all(line.count("urn:s") == 2 for line in lines[1:])


def test_a_request_cancelled_mid_query_does_not_leave_its_worker_behind(pool):
    async def cancel_during():
        task = asyncio.create_task(pool.run(Job(CROSS, "json", 10)))
        await asyncio.sleep(0.2)
        task.cancel()
        return await asyncio.gather(task, return_exceptions=True)

    before = set(pool.pids())
    (outcome,) = asyncio.run(cancel_during())
    assert isinstance(outcome, asyncio.CancelledError)
    assert pool.wait_ready()
    assert len(set(pool.pids()) - before) == 1  # the busy one was replaced, not reused mid-answer
    assert b"true" in run(pool, "ASK { ?s ?p ?o }").body
