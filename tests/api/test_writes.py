"""Writes: upload and delete need the bearer token; without one the server is read-only."""

from __future__ import annotations

import time

import pytest

TOKEN = "s3cret-token"


@pytest.fixture
def writer(fresh_graph, make_client):
    return make_client(fresh_graph, token=TOKEN)


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
