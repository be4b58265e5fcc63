"""Embeddable views and pictures: ``/viz/{kind}/{key}.html|svg|png`` and the report ZIP.

The HTML view is chrome-less, for an ``<iframe>``. Its Content-Security-Policy allows
only its own nonce-marked inline script and styles, ``data:`` images (vis-network's CSS)
and fetches to this server (expanding a node); ``frame-ancestors`` comes from
``SAFETYKG_FRAME_ANCESTORS`` (default any origin). Nothing else is loosened.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import GraphDep, SettingsDep
from api.errors import ApiError
from api.routes.concepts import kinds_pattern
from viz.picture import LIMITS
from viz.style import ALIASES, PALETTE

router = APIRouter(tags=["viz"])

FORMATS = {"html": "text/html; charset=utf-8", "svg": "image/svg+xml", "png": "image/png"}

_SOURCE = re.compile(r"^(\*|'self'|'none'|(https?|wss?)://[A-Za-z0-9.*:\[\]-]+(:\d+|:\*)?/?|[a-z][a-z0-9+.-]*:)$")

Depth = Annotated[int, Query(ge=1, le=3, description="hops from the concept")]
Limit = Annotated[int, Query(ge=1, le=500, description="neighbours per kind of link")]
Kinds = Annotated[str | None, Query(max_length=300, pattern=kinds_pattern([*PALETTE, *ALIASES]),
                                    description="comma-separated kinds to show")]
Width = Annotated[int, Query(ge=LIMITS["width"][0], le=LIMITS["width"][1], description="picture width in pixels")]
Height = Annotated[int, Query(ge=LIMITS["height"][0], le=LIMITS["height"][1], description="picture height in pixels")]
Dpi = Annotated[int, Query(ge=LIMITS["dpi"][0], le=LIMITS["dpi"][1], description="picture resolution (dots per inch)")]


@lru_cache(maxsize=8)
def frame_ancestors(setting: str) -> str:
    """The CSP ``frame-ancestors`` sources of the setting, checked token by token.

    >>> frame_ancestors("https://intranet.example.org 'self'")
    "https://intranet.example.org 'self'"

    :raises ApiError: (500) naming the setting when a token is not a CSP source.
    """
    tokens = setting.replace(",", " ").split()
    bad = [t for t in tokens if not _SOURCE.match(t)]
    if bad or not tokens:
        raise ApiError(500, "bad configuration",
                       f"SAFETYKG_FRAME_ANCESTORS={setting!r}: {bad[0] if bad else 'empty'!r} "
                       "is not a CSP source (use origins like https://example.org, 'self' or *)")
    return " ".join(tokens)


def view_policy(nonce: str | None, ancestors: str) -> str:
    """The CSP of a served view (``nonce``) or of a downloaded offline file (``None``)."""
    inline = f"'nonce-{nonce}'" if nonce else "'unsafe-inline'"
    connect = "'self'" if nonce else "'none'"
    return (f"default-src 'none'; script-src {inline}; style-src {inline}; img-src data:; "
            f"connect-src {connect}; base-uri 'none'; form-action 'none'; "
            f"frame-ancestors {ancestors}")


@router.get("/viz/{kind}/{name:path}", summary="An embeddable view or picture of a neighbourhood",
            response_class=Response, responses={200: {"content": {m: {} for m in FORMATS.values()}}})
def view(kind: str, name: str, request: Request, graph: GraphDep, settings: SettingsDep,
         depth: Depth = 1, kinds: Kinds = None, limit: Limit = 50,
         width: Width = 1200, height: Height = 900, dpi: Dpi = 150,
         download: bool = False) -> Response:
    """``.html`` for an iframe (``download=1`` for the offline file), ``.svg``/``.png`` to print."""
    from viz.subgraph import cap

    key, _, fmt = name.rpartition(".")
    if fmt not in FORMATS or not key:
        raise ApiError(404, "not found", f"/viz/{kind}/{name}: use {key or name}.html, .svg or .png")
    if kind != "concept":
        raise ApiError(404, "not found", f"views exist for concepts only, not {kind!r}")
    wanted = _kinds(kinds)
    ancestors = frame_ancestors(settings.frame_ancestors)
    g = cap(_neighbourhood(graph, key, depth=depth, kinds=wanted, limit=limit))
    title = str(g.nodes[g.graph["centre"]].get("label") or key)
    with _drawing_errors():
        if fmt == "html":
            return _html(request, g, title, key, depth, wanted, limit, download, ancestors)
        return _picture(g, title, fmt, width, height, dpi, ancestors)


@router.get("/api/concepts/{key:path}/report.zip", tags=["concepts"],
            summary="A concept's report bundle: views, pictures and a cited summary",
            response_class=Response, responses={200: {"content": {"application/zip": {}}}})
def report_zip(key: str, graph: GraphDep, limit: Limit = 50) -> Response:
    from viz.report import bundle, zip_bytes

    if not _exists(graph, key):
        raise ApiError(404, "not found", f"no concept {key!r}")
    with _drawing_errors():
        files = bundle(graph.store, graph.iris, key, limit=limit)
    folder = re.sub(r"[\\/:*?\"<>|\s]+", "_", key)[:80] or "report"
    return Response(zip_bytes(files, folder=folder), media_type="application/zip",
                    headers={"Content-Disposition": _attachment(f"{folder}.zip")})


@contextmanager
def _drawing_errors() -> Iterator[None]:
    """Viz errors as HTTP errors: a bad size is the caller's (422), a missing font the
    server's setup (503), anything else our bug (500)."""
    from viz.errors import FontMissingError, SizeError, VizError

    try:
        yield
    except SizeError as exc:
        raise ApiError(422, "invalid request", str(exc)) from exc
    except FontMissingError as exc:
        raise ApiError(503, "font missing", str(exc)) from exc
    except VizError as exc:
        raise ApiError(500, "cannot draw", str(exc)) from exc


def _neighbourhood(graph, key: str, **options):
    from viz.subgraph import neighbourhood

    if not _exists(graph, key):
        raise ApiError(404, "not found", f"no concept {key!r}")
    return neighbourhood(graph.store, graph.iris, key, **options)


def _exists(graph, key: str) -> bool:
    from viz.report import concept_exists

    return concept_exists(graph.store, graph.iris, key)


def _kinds(kinds: str | None) -> list[str] | None:
    from viz.style import ALIASES, PALETTE

    if not kinds:
        return None
    wanted = [k.strip() for k in kinds.split(",") if k.strip()]
    unknown = [k for k in wanted if k not in PALETTE and k not in ALIASES]
    if unknown:
        raise ApiError(422, "invalid request",
                       f"kinds: unknown kind {unknown[0]!r} (one of {', '.join(PALETTE)})")
    return wanted or None


def _html(request: Request, g, title: str, key: str, depth: int, kinds: list[str] | None,
          limit: int, download: bool, ancestors: str) -> Response:
    from viz.embed import view_path
    from viz.html import html_view

    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache",
               "Referrer-Policy": "same-origin"}
    if download:
        headers["Content-Security-Policy"] = view_policy(None, ancestors)
        headers["Content-Disposition"] = _attachment(f"{key}.html")
        return Response(html_view(g, title=title), media_type=FORMATS["html"], headers=headers)
    root = request.scope.get("root_path", "").rstrip("/")
    permalink = root + view_path(key, depth=depth, kinds=kinds, limit=limit)
    nonce = secrets.token_urlsafe(18)
    headers["Content-Security-Policy"] = view_policy(nonce, ancestors)
    body = html_view(g, title=title, api=f"{root}/api/concepts/", permalink=permalink, nonce=nonce)
    return Response(body, media_type=FORMATS["html"], headers=headers)


def _picture(g, title: str, fmt: str, width: int, height: int, dpi: int, ancestors: str) -> Response:
    from viz.picture import Size, png_bytes, svg_bytes

    draw = svg_bytes if fmt == "svg" else png_bytes
    body = draw(g, title=title, size=Size(width, height, dpi))
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache",
               "Content-Security-Policy": f"default-src 'none'; style-src 'unsafe-inline'; "
                                          f"frame-ancestors {ancestors}"}
    return Response(body, media_type=FORMATS[fmt], headers=headers)


def _attachment(filename: str) -> str:
    """A Content-Disposition naming a file in ASCII and, exactly, in UTF-8 (RFC 6266)."""
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
