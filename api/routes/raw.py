"""A FastAPI route that hands the bare :class:`Request` to its endpoint.

For the hottest routes (``/sparql``, ``/api/search``): FastAPI still documents them in
OpenAPI from their declarations (``openapi_extra``, ``response_model``), but a request
skips dependency solving, parameter validation in the framework and the validation of the
response against its model — the endpoint reads and checks its own parameters and
returns a finished :class:`Response`. Exceptions (:class:`api.errors.ApiError`) go to the
app's handlers as from any route.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response


class RawRoute(APIRoute):
    """``route_class`` for an endpoint ``async def endpoint(request) -> Response``."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        endpoint = self.endpoint

        async def handler(request: Request) -> Response:
            return await endpoint(request)

        return handler
