"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint, one test each.

The cases are data (tests/data/w3c_protocol_cases.json): the request of each W3C test
and what must come back. They run against the app built by ``create_app`` over a small
store holding the suite's data1-3 as named graphs.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from graph.kg import KnowledgeGraph
from graph.store import open_store

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "w3c_protocol_cases.json"
SUITE = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES = {case["id"]: case for case in SUITE["cases"]}
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def protocol_client():
    """The app over a store holding data1-3, its query workers stopped afterwards."""
    store = open_store(":memory:")
    for graph, lines in SUITE["data"].items():
        triples = ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        store.write(insert=[ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                            for t in triples])
    app = create_app(Settings(store=":memory:"), graph=KnowledgeGraph(store))
    with TestClient(app) as client:
        yield client


def _send(client: TestClient, case: dict):
    body = case["body"]
    content = body.encode(case["body_encoding"]) if body is not None else None
    return client.request(case["method"], "/sparql", params=case["params"] or None,
                          headers=case["headers"], content=content)


def _status_matches(status: int, expected: str | int) -> bool:
    if isinstance(expected, int):
        return status == expected
    return str(status)[0] == expected[0]


def _boolean(media: str, text: str) -> bool:
    if media == "application/sparql-results+json":
        return json.loads(text)["boolean"]
    element = ET.fromstring(text).find(f"{SRX}boolean")
    return element is not None and element.text == "true"


def _rows(media: str, text: str) -> int:
    if media == "application/sparql-results+json":
        return len(json.loads(text)["results"]["bindings"])
    if media == "application/sparql-results+xml":
        return len(ET.fromstring(text).findall(f"{SRX}results/{SRX}result"))
    return len(list(csv.reader(io.StringIO(text), delimiter="\t" if "tab" in media else ","))) - 1


_RDF = {"application/rdf+xml": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/trig": ox.RdfFormat.TRIG}


@pytest.mark.parametrize("case_id", list(CASES))
def test_w3c_protocol_case(protocol_client, case_id):
    case = CASES[case_id]
    expect = case["expect"]
    response = _send(protocol_client, case)
    assert _status_matches(response.status_code, expect["status"]), (
        f"{case_id} ({case['comment']}): got {response.status_code}: {response.text[:300]}")
    if case["kind"] != "positive":
        assert response.status_code != 500
        if "error" in expect:
            assert response.json()["error"] == expect["error"]
        return
    media = response.headers["content-type"].split(";")[0].strip()
    if "content_type_one_of" in expect:
        assert media in expect["content_type_one_of"]
    if "boolean" in expect:
        assert _boolean(media, response.text) is expect["boolean"]
    if "rows" in expect:
        assert _rows(media, response.text) == expect["rows"]
    if "triples" in expect:
        assert len(list(ox.parse(response.content, format=_RDF[media]))) == expect["triples"]


def test_every_w3c_name_the_checklist_requires_is_present():
    names = {case["w3c"] for case in SUITE["cases"]}
    assert {"bad_query_method", "bad_multiple_queries", "bad_query_wrong_media_type",
            "bad_query_missing_form_type", "bad_query_missing_direct_type", "bad_query_non_utf8",
            "bad_query_syntax", "bad_update_get", "query_get", "query_post_form",
            "query_post_direct", "query_content_type_select", "query_content_type_ask",
            "query_content_type_describe", "query_content_type_construct"} <= names
