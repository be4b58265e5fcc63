"""One error shape everywhere: every route, asked something it must refuse, answers
``{"error", "detail", "status"}`` with the HTTP status inside."""

from __future__ import annotations

import re

import pytest
from api.config import Settings
from api.main import create_app


def _routes():
    """Every documented route and method, from the app's own OpenAPI document."""
    paths = create_app(Settings(store=":memory:")).openapi()["paths"]
    for path, operations in paths.items():
        for method in operations:
            yield method.upper(), path


ROUTES = sorted(set(_routes()))


def _bad_request(method: str, path: str) -> tuple[str, str, dict]:
    """A request this route must refuse: unknown keys, missing or invalid parameters."""
    url = re.sub(r"\{[^}]+\}", "没有这个", path)
    params = {"depth": "9", "limit": "0", "page": "0", "level": "nowhere", "year": "x",
              "kinds": "nothing", "q": "", "size": "0"}
    if path == "/sparql":
        return method, url, {"params": {"query": "SELECT WHERE {"}}
    if path.startswith("/viz"):
        return method, "/viz/concept/没有这个.gif", {}
    return method, url, {"params": params}


@pytest.mark.parametrize("method,path", ROUTES)
def test_every_route_answers_errors_in_one_shape(client, method, path):
    method, url, kwargs = _bad_request(method, path)
    response = client.request(method, url, **kwargs)
    if response.status_code < 400:
        pytest.skip(f"{method} {path} accepts anything this test sends")
    body = response.json()
    assert set(body) == {"error", "detail", "status"}
    assert body["status"] == response.status_code and body["error"]


@pytest.mark.parametrize("method,url", [("GET", "/nowhere"), ("PUT", "/sparql"),
                                        ("PATCH", "/api/search")])
def test_unknown_paths_and_methods_answer_in_the_same_shape(client, method, url):
    response = client.request(method, url)
    assert response.status_code in (404, 405)
    assert response.json()["status"] == response.status_code
