"""What every request and response goes through: a body-size cap and security headers
(and the ``Allow`` header of a 405).

Starlette has no global limit on request bodies; :class:`BodyLimit` answers 413 from the
``Content-Length`` header before reading anything, and stops a body sent without one
(chunked) as soon as it passes the limit. :class:`SecurityHeaders` puts a
Content-Security-Policy on every HTML page that has not set its own (the ``/viz`` views
set a nonce-based one) and ``nosniff`` everywhere.
"""

from __future__ import annotations

import json

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors {ancestors}")
"""The CSP of our own pages: nothing inline, nothing from elsewhere."""


class _TooLarge(Exception):
    pass


def _error(status: int, error: str, detail: str, headers: list | None = None) -> tuple[dict, dict]:
    body = json.dumps({"error": error, "detail": detail, "status": status}).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode()), *(headers or [])]}
    return start, {"type": "http.response.body", "body": body}


class BodyLimit:
    """413 for request bodies over ``max_body`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._send(send, *_error(400, "bad request", "Content-Length is not a number"))
                return
            if size > self.max_body:
                await self._send(send, *self._too_large(size))
                return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._send(send, *self._too_large(None))

    def _too_large(self, size: int | None) -> tuple[dict, dict]:
        said = f"{size} bytes" if size is not None else "more"
        return _error(413, "request body too large",
                      f"the body has {said}; at most {self.max_body} bytes (SAFETYKG_MAX_BODY)",
                      [(b"connection", b"close")])

    @staticmethod
    async def _send(send: Send, start: dict, body: dict) -> None:
        await send(start)
        await send(body)


class SecurityHeaders:
    """CSP on HTML responses that have none, ``nosniff`` on all."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.policy = PAGE_POLICY.format(ancestors="'self'").encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                kind = dict(headers).get(b"content-type", b"")
                if kind.startswith(b"text/html") and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.policy))
                if b"x-content-type-options" not in names:
                    headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: ASGIApp, scope: Scope) -> str:
    """The ``Allow`` header of a 405: every method some route of the app takes at this path.

    Starlette names only the methods of the first route whose path matched, so
    ``/api/documents/x`` (a GET route and a DELETE route) would say ``GET, HEAD`` and hide
    ``DELETE``. Each method is tried against the routes (mounts, which take any method,
    are passed over), so routers nested in any way are asked the same question the
    request was.
    """
    routes = [r for r in getattr(app, "routes", ())
              if r.matches({**scope, "type": "http", "method": "NO-SUCH-METHOD"})[0] is not Match.FULL]
    allowed = [m for m in METHODS
               if any(r.matches({**scope, "type": "http", "method": m})[0] is Match.FULL for r in routes)]
    return ", ".join(allowed)
