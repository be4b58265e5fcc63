"""One error shape for every route: ``{"error": …, "detail": …, "status": …}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.middleware import allowed_methods
from graph.errors import QueryError, StoreError


class ApiError(Exception):
    """An error that knows its HTTP status."""

    def __init__(self, status: int, error: str, detail: str = "", *,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers or {}


RETRY_AFTER = "5"
"""Seconds a 429 or 503 asks the client to wait when the raiser named none."""

STATUSES: dict[int, str] = {
    400: "bad request: malformed parameters, headers or body (e.g. a Content-Length that "
         "is not a number)",
    401: "no valid bearer token (send Authorization: Bearer <SAFETYKG_TOKEN>)",
    403: "forbidden: this server or endpoint is read-only",
    404: "no such resource",
    405: "method not allowed; the Allow header lists the methods of this path",
    406: "no acceptable format for the Accept header",
    413: "request body over SAFETYKG_MAX_BODY bytes, refused before it is read",
    415: "unsupported media type or charset",
    422: "invalid parameters: out of range, unknown value, or missing",
    429: "too many requests at once; retry after Retry-After seconds",
    503: "unavailable for now (store, time limit, memory, font); retry after Retry-After seconds",
}
"""Every error status the API answers, each with the body :class:`api.models.ErrorBody`.

The OpenAPI document takes its descriptions from here (see ``api.main``), so what
``/openapi.json`` promises and what the handlers below send are one list.
"""

RETRY_STATUSES = (429, 503)
"""Statuses that always carry ``Retry-After``."""


def error_response(status: int, error: str, detail: object = "",
                   headers: dict[str, str] | None = None) -> JSONResponse:
    headers = dict(headers or {})
    if status in RETRY_STATUSES and not any(k.lower() == "retry-after" for k in headers):
        headers["Retry-After"] = RETRY_AFTER
    return JSONResponse({"error": error, "detail": detail, "status": status},
                        status_code=status, headers=headers)


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.error, exc.detail, exc.headers)

    @app.exception_handler(QueryError)
    async def _query(_: Request, exc: QueryError) -> JSONResponse:
        return error_response(400, "bad query", str(exc))

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError) -> JSONResponse:
        return error_response(503, "store unavailable", str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request.app, request.scope) or headers.get("Allow", "")
        return error_response(exc.status_code, _reason(exc.status_code), exc.detail, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error_response(422, "invalid request", detail)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase.lower()
    except ValueError:
        return "error"
