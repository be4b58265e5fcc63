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


@pytest.mark.parametrize("method,url,allow", [
    ("OPTIONS", "/api/documents/a", "GET, DELETE"),
    ("PUT", "/sparql", "GET, POST, OPTIONS"),
    ("POST", "/api/concepts/a/b", "GET"),
])
def test_a_405_allows_every_method_of_the_path(client, method, url, allow):
    response = client.request(method, url)
    assert response.status_code == 405 and response.headers["allow"] == allow


def test_every_429_and_503_says_when_to_retry():
    from api.errors import error_response

    for status in (429, 503):
        assert error_response(status, "busy").headers["retry-after"].isdigit()
        assert error_response(status, "busy", headers={"Retry-After": "9"}).headers["retry-after"] == "9"


def _errors(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    yield f"{method.upper()} {path} {status}", int(status), response


DOCUMENT = create_app(Settings(store=":memory:")).openapi()
WRITER_DOCUMENT = create_app(Settings(store=":memory:", token="t")).openapi()


@pytest.mark.parametrize("where,status,response", list(_errors(DOCUMENT)),
                         ids=[w for w, _, _ in _errors(DOCUMENT)])
def test_every_documented_error_has_the_one_body(where, status, response):
    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert response["description"]
    if status in (429, 503):
        assert response["headers"]["Retry-After"]["required"]


def test_the_document_names_no_validation_model_it_never_sends():
    assert not {"HTTPValidationError", "ValidationError"} & set(DOCUMENT["components"]["schemas"])


@pytest.mark.parametrize("status", ["400", "413"])
def test_every_operation_documents_what_the_middleware_may_answer(status):
    missing = [f"{m} {p}" for p, ops in DOCUMENT["paths"].items() for m, op in ops.items()
               if status not in op["responses"]]
    assert not missing


def test_a_read_only_server_asks_for_no_token_and_a_writer_does():
    upload = DOCUMENT["paths"]["/api/documents"]["post"]
    assert "security" not in upload and "401" not in upload["responses"] and "403" in upload["responses"]
    assert "securitySchemes" not in DOCUMENT["components"]
    upload = WRITER_DOCUMENT["paths"]["/api/documents"]["post"]
    assert upload["security"] == [{"HTTPBearer": []}]
    assert "WWW-Authenticate" in upload["responses"]["401"]["headers"]
