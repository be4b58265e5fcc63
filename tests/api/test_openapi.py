"""schemathesis over /openapi.json: whatever it sends, no route answers 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from api.config import Settings
from api.main import create_app

pytestmark = pytest.mark.slow

APP = create_app(Settings(store=":memory:", query_timeout=2.0))
"""Built at collection (schemathesis reads its schema then); the corpus is put in below."""
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def corpus_in_the_app(corpus_graph):
    APP.state.graph = corpus_graph
    yield
    if APP.state.sparql is not None:
        APP.state.sparql.close()
        APP.state.sparql = None


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_route_answers_5xx(case):
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} {case.query} → {response.status_code}: "
        f"{response.text[:300]}")
    kind = response.headers.get("content-type") or [""]
    kind = kind[0] if isinstance(kind, list) else kind
    if response.status_code >= 400 and kind.startswith("application/json"):
        assert set(response.json()) == {"error", "detail", "status"}
