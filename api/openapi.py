"""``/openapi.json`` told the whole truth: every error status a route can answer, in the
one error shape, with the headers that come with it.

FastAPI documents what the routes declare; what the app around them adds it cannot
see. So the document FastAPI builds is finished here, in one pass, by rules that follow
from how the app is built (schemathesis checks the result against the running app,
``tests/api/test_openapi.py``):

- every operation: 400 (a malformed request, e.g. a ``Content-Length`` that is not a
  number) and 413 (:class:`api.middleware.BodyLimit`); every one that reads the store:
  503 (:class:`graph.errors.StoreError`); every one with a path parameter: 404.
- every error response: the body :class:`api.models.ErrorBody` (also for 422, where
  FastAPI would promise its own ``HTTPValidationError``), ``Retry-After`` on 429 and
  503, ``WWW-Authenticate`` on 401; the descriptions come from :data:`api.errors.STATUSES`.
- a route that names its own media types does not also promise ``application/json``.
- a server without ``SAFETYKG_TOKEN`` is read-only: its writes answer 403 whatever is
  sent, so its document asks for no bearer token (and promises no 401).

What only one route knows (406 and 415 at ``/sparql``, an HTML 404 at ``/id/…``) stays in
that route's ``responses=``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import RETRY_STATUSES, STATUSES
from api.models import ErrorBody

EVERY_OPERATION = (400, 413)
STORE_FREE = {("/healthz", "get"), ("/api/jobs/{job}", "get")}
"""Operations that answer without touching the store (so never 503)."""

ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorBody"}
_FASTAPI_DESCRIPTIONS = {"Validation Error", "Unprocessable Entity", "Not Found", "Unauthorized",
                         "Forbidden", "Request Entity Too Large"}
_HEADERS = {
    **{status: {"Retry-After": {"description": "seconds to wait before trying again",
                                "required": True, "schema": {"type": "integer", "minimum": 0}}}
       for status in RETRY_STATUSES},
    401: {"WWW-Authenticate": {"description": "Bearer", "required": True, "schema": {"type": "string"}}},
}


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` (and so ``/openapi.json``) return the finished document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version, description=app.description,
                                   routes=app.routes, openapi_version=app.openapi_version)
            app.openapi_schema = finish(document, read_only=not app.state.settings.token)
        return app.openapi_schema

    app.openapi = openapi


def finish(document: dict[str, Any], *, read_only: bool) -> dict[str, Any]:
    """``document`` with the rules of the module docstring applied (changed in place)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorBody", ErrorBody.model_json_schema())
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            if read_only and operation.get("security"):
                del operation["security"]
                responses.pop("401", None)
            statuses = set(EVERY_OPERATION)
            if (path, method) not in STORE_FREE:
                statuses.add(503)
            if any(p.get("in") == "path" for p in operation.get("parameters", [])):
                statuses.add(404)
            for status in statuses:
                responses.setdefault(str(status), {})
            for code, response in responses.items():
                if code.isdigit() and int(code) >= 400:
                    _error(int(code), response)
                elif code.isdigit():
                    _own_media_only(response)
    if read_only:
        document["components"].pop("securitySchemes", None)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    return document


def _error(status: int, response: dict[str, Any]) -> None:
    if not response.get("description") or response["description"] in _FASTAPI_DESCRIPTIONS:
        response["description"] = STATUSES.get(status, "error")
    content = response.setdefault("content", {})
    content.setdefault("application/json", {})["schema"] = ERROR_SCHEMA
    if status in _HEADERS:
        response.setdefault("headers", {}).update(_HEADERS[status])


def _own_media_only(response: dict[str, Any]) -> None:
    """Drop FastAPI's default ``application/json`` (schema-less) where the route named others."""
    content = response.get("content", {})
    if len(content) > 1 and not content.get("application/json", {}).get("schema"):
        content.pop("application/json", None)
