"""A store behind any SPARQL 1.1 server, spoken to over the Protocol with plain HTTP.

Bindings are sent as a VALUES block (see :mod:`graph.binding`).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from graph.binding import bind_values
from graph.errors import QueryError, StoreError
from graph.store import Result, Store, Term  # noqa: F401

class RemoteStore(Store):
    """A SPARQL 1.1 server: ``/query`` for reads, ``/update`` for writes.

    The URL given is the query endpoint; the update endpoint is ``?update=URL`` in it, or
    the sibling ``update`` path (Oxigraph server's layout).
    """

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        parts = urlsplit(url)
        params = parse_qs(parts.query)
        self.query_url = urlunsplit(parts._replace(query=""))
        if "update" in params:
            self.update_url = params["update"][0]
        elif self.query_url.rstrip("/").endswith("/query"):
            self.update_url = self.query_url.rstrip("/")[: -len("query")] + "update"
        else:
            self.update_url = self.query_url
        self.location = url
        self._client = httpx.Client(timeout=timeout)

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              union_default: bool = True) -> Result:
        text = bind_values(sparql, bindings or {})
        data = {"query": text}
        if union_default:
            data["union-default-graph"] = ""
        try:
            response = self._client.post(
                self.query_url, data=data,
                headers={"Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL server at {self.query_url} did not answer: {exc}") from exc
        if response.status_code == 400:
            raise QueryError(f"the SPARQL server refused the query: {response.text[:300]}")
        if response.status_code >= 300:
            raise StoreError(f"the SPARQL server at {self.query_url} answered "
                             f"{response.status_code}: {response.text[:300]}")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/n-triples":
            return list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        try:
            response = self._client.post(
                self.update_url, content=sparql.encode("utf-8"),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"})
        except httpx.HTTPError as exc:
            raise StoreError(f"the SPARQL server at {self.update_url} did not answer: {exc}") from exc
        if response.status_code >= 300:
            raise StoreError(f"the SPARQL server at {self.update_url} refused the update "
                             f"({response.status_code}): {response.text[:300]}")

    def close(self) -> None:
        self._client.close()
