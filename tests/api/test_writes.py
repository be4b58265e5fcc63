"""Writes: upload and delete need the bearer token; without one the server is read-only."""

from __future__ import annotations

import time

import pytest

TOKEN = "s3cret-token"


@pytest.fixture
def writer(fresh_graph, make_client):
    from api.ingest_process import stop_ingest_process

    client = make_client(fresh_graph, token=TOKEN)
    yield client
    stop_ingest_process(client.app)  # what the app's shutdown does


def _auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_without_a_configured_token_the_server_is_read_only(client):
    response = client.delete("/api/documents/a", headers=_auth())
    assert response.status_code == 403 and "read-only" in response.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_a_missing_or_wrong_token_is_401(writer, headers):
    response = writer.delete("/api/documents/a", headers=headers)
    assert response.status_code in (401, 403) and response.json()["status"] == response.status_code


def test_the_token_is_compared_in_constant_time():
    import inspect

    from api import deps

    assert "hmac.compare_digest" in inspect.getsource(deps.require_token)


def test_upload_ingests_in_the_background_and_sparql_sees_it(writer):
    text = "各地要落实双重预防机制，坚持四不放过。".encode()
    response = writer.post("/api/documents", headers=_auth(),
                           files={"file": ("c.txt", text, "text/plain")})
    assert response.status_code == 202
    status_url = response.json()["status_url"]
    deadline = time.monotonic() + 20
    while (status := writer.get(status_url).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert status["status"] == "done" and status["documents"] == ["c"]
    assert writer.get("/api/documents/c").json()["text"].startswith("各地要落实")
    count = writer.get("/sparql", params={
        "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    assert count["results"]["bindings"][0]["n"]["value"] == "3"


def test_delete_removes_the_document_everywhere(writer):
    assert writer.get("/sparql", params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }"}).json()["boolean"]
    assert writer.delete("/api/documents/a", headers=_auth()).json() == {"deleted": "a"}
    assert writer.get("/api/documents/a").status_code == 404
    count = writer.get("/sparql", params={
        "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    assert count["results"]["bindings"][0]["n"]["value"] == "1"
    assert writer.delete("/api/documents/a", headers=_auth()).status_code == 404


def test_an_unsupported_file_is_refused(writer):
    response = writer.post("/api/documents", headers=_auth(),
                           files={"file": ("x.exe", b"MZ", "application/octet-stream")})
    assert response.status_code == 415


def _upload(client, name: str, text: str) -> dict:
    response = client.post("/api/documents", headers=_auth(),
                           files={"file": (name, text.encode(), "text/plain")})
    assert response.status_code == 202
    status_url = response.json()["status_url"]
    deadline = time.monotonic() + 30
    while (status := client.get(status_url).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return status


def _children() -> set:
    import multiprocessing

    return set(multiprocessing.active_children())


@pytest.mark.slow
def test_uploads_are_read_in_one_child_process_stopped_with_the_app(writer):
    from api.ingest_process import stop_ingest_process

    before = _children()
    assert _upload(writer, "c.txt", "各地要落实双重预防机制。")["status"] == "done"
    failed = _upload(writer, "empty.txt", " \n\n ")
    assert failed["status"] == "failed" and failed["documents"] == []
    assert failed["error"].endswith("/empty.txt: file is empty")  # as the pipeline says it
    assert _upload(writer, "d.txt", "坚持四不放过。")["status"] == "done"
    started = _children() - before
    assert len(started) == 1  # one child, kept for every file, a failed one included
    stop_ingest_process(writer.app)
    child = started.pop()
    child.join(10)
    assert not child.is_alive() and child.exitcode == 0  # shut down, not killed


@pytest.mark.slow
def test_a_killed_ingest_child_is_replaced_on_the_next_upload(writer):
    import os
    import signal

    before = _children()
    assert _upload(writer, "c.txt", "各地要落实双重预防机制。")["status"] == "done"
    (child,) = _children() - before
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    status = _upload(writer, "d.txt", "坚持四不放过。")
    assert status["status"] == "done" and status["documents"] == ["d"]
    assert writer.get("/api/documents/d").status_code == 200


@pytest.mark.slow
def test_uploads_waiting_together_are_written_together_the_later_of_one_key_last(
        writer, mini_pipeline):
    import asyncio

    from api.routes.documents import _commit

    graph = writer.app.state.graph
    first = mini_pipeline.process_text("各地要落实双重预防机制。", "c.txt")
    second = mini_pipeline.process_text("坚持四不放过，落实双重预防机制。", "c.txt")  # c again
    other = mini_pipeline.process_text("坚持党政同责。", "d.txt")
    before = graph.store.generation

    async def three_uploads() -> None:
        await asyncio.gather(_commit(writer.app, first), _commit(writer.app, second),
                             _commit(writer.app, other))

    asyncio.run(three_uploads())
    assert graph.store.generation - before == 2  # [c], then [c again, d]: one write each
    assert writer.get("/api/documents/c").json()["text"].startswith("坚持四不放过")
    assert writer.get("/api/documents/d").status_code == 200


@pytest.fixture
def capped_writer(fresh_graph, make_client):
    """A writer whose ingest child may use 700 MiB of address space: it needs 230-420 to
    start (more when the main module imports the app), a 17 MB text over 1,000."""
    from api.ingest_process import stop_ingest_process

    client = make_client(fresh_graph, token=TOKEN, max_body=32 << 20, ingest_memory=700 << 20)
    yield client
    stop_ingest_process(client.app)


@pytest.mark.slow
def test_a_file_over_the_ingest_memory_cap_fails_its_own_upload_only(capped_writer):
    big = "".join(f"第{i}条 各地要落实双重预防机制，坚持四不放过。\n" for i in range(260_000))
    failed = _upload(capped_writer, "big.txt", big)
    assert failed["status"] == "failed" and failed["documents"] == []
    assert "/big.txt: " in failed["error"] and "out of memory" in failed["error"]
    assert "700 MiB" in failed["error"] and "SAFETYKG_INGEST_MEMORY" in failed["error"]
    status = _upload(capped_writer, "d.txt", "坚持四不放过。")
    assert status["status"] == "done" and status["documents"] == ["d"]
    assert capped_writer.get("/api/documents/d").status_code == 200
    assert capped_writer.get("/api/documents/big").status_code == 404


@pytest.mark.slow
def test_an_ingest_child_that_cannot_start_under_its_cap_fails_the_upload_naming_the_file(
        fresh_graph, make_client):
    from api.ingest_process import stop_ingest_process

    client = make_client(fresh_graph, token=TOKEN, ingest_memory=64 << 20)  # jieba alone needs more
    try:
        failed = _upload(client, "c.txt", "各地要落实双重预防机制。")
    finally:
        stop_ingest_process(client.app)
    assert failed["status"] == "failed" and "/c.txt: the ingest process ended" in failed["error"]
    assert "ran out of memory (the ingest process may use 64 MiB" in failed["error"]
