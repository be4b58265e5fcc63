"""Any text sent as a query gets a documented status, never 500, and the server lives."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

SPARQLISH = st.lists(st.sampled_from([
    "SELECT", "*", "WHERE", "{", "}", "(", ")", "?s", "?p", "?o", "<urn:x>", '"a"', "'{'",
    "SERVICE", "FROM", "<file:///etc/passwd>", "DROP", "ALL", "LIMIT", "1", ".", ";", "#",
    "\n", "ASK", "CONSTRUCT", "GRAPH", "FILTER", "COUNT", "\\u0053", "\x00", "\ud7ff",
]), max_size=40).map(" ".join)


@given(text=st.one_of(st.text(max_size=300), SPARQLISH))
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_text_as_a_query(corpus_client, text):
    pid = os.getpid()
    response = corpus_client.post("/sparql", content=text.encode("utf-8", "surrogatepass"),
                                  headers={"Content-Type": "application/sparql-query"})
    assert response.status_code in {200, 400, 403, 406, 413, 429, 503}
    assert os.getpid() == pid
