"""schemathesis over /openapi.json with every check: no 5xx, no undocumented status, no
response outside its documented schema, media type or headers.

Every default check of schemathesis runs (``case.call_and_validate()``). The one thing
loosened is what counts as an acceptable answer to *schema-valid* data, and only for the
operations below, where validity depends on something JSON Schema cannot state.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.config import Settings
from api.main import create_app

pytestmark = pytest.mark.slow

ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
"""schemathesis's own default for ``positive_data_acceptance`` (5xx are failed by
``not_a_server_error`` anyway)."""

CONFIG = schemathesis.Config.from_dict({"operations": [
    # a query is typed as a string; whether it is SPARQL (and within the length and
    # nesting caps) only a SPARQL parser can say: 400 is the right answer to most strings;
    # so is it for a format outside the listed ones, which is read only with a query
    {"include-path": "/sparql",
     "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}}},
    # 'from' and 'to' may be IRIs: whether one is an IRI (RFC 3987) of this server's base
    # is the IRI parser's call, not a pattern's
    {"include-path": "/api/path",
     "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}}},
    # width × height is capped (viz.picture.MAX_PIXELS): a product JSON Schema cannot state
    {"include-path-regex": "^/viz/",
     "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}}},
]})

schemathesis.serializer.alias("application/sparql-query", "text/plain")  # a direct POST: the query as text

APP = create_app(Settings(store=":memory:", query_timeout=2.0))
"""Built at collection (schemathesis reads its schema then); the corpus is put in below.
It has no token, so it is read-only, and its document says so."""
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)

WRITER = create_app(Settings(store=":memory:", token="a token schemathesis does not know"))
"""A server that takes writes: its document asks for the bearer token, and every write
schemathesis sends (without it, or with another) must be refused as documented."""
writes = schemathesis.openapi.from_asgi("/openapi.json", WRITER, config=schemathesis.Config()).include(
    method=["POST", "DELETE"], path_regex="^/api/documents")
"""Default configuration, nothing loosened (with CONFIG's per-operation entries,
schemathesis 4.32 disregards ``include``)."""


@pytest.fixture(scope="module", autouse=True)
def corpus_in_the_app(corpus_graph):
    APP.state.graph = corpus_graph
    yield
    if APP.state.sparql is not None:
        APP.state.sparql.close()
        APP.state.sparql = None


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented(case):
    response = case.call_and_validate()
    kind = response.headers.get("content-type") or [""]
    kind = kind[0] if isinstance(kind, list) else kind
    if response.status_code >= 400 and kind.startswith("application/json"):
        assert set(response.json()) == {"error", "detail", "status"}


@writes.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_write_without_the_token_is_refused_as_documented(case):
    response = case.call_and_validate()
    assert response.status_code >= 400, response.text
