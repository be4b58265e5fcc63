"""A store behind any SPARQL 1.1 server, spoken to over the Protocol with plain HTTP.

Bindings are sent as a VALUES block (see :mod:`graph.binding`). Writes are SPARQL
updates (one request = one transaction on every server we know); whole-dataset import
and export use the Graph Store Protocol endpoint when the server has one that takes
N-Quads (Oxigraph's ``/store``), else plain SPARQL.

URL forms (``--store`` / ``SAFETYKG_STORE``):

- ``http://host:7878/query`` — Oxigraph server: ``/update`` and ``/store`` beside it;
- ``http://host:3030/ds/sparql?update=http://host:3030/ds/update&store=http://host:3030/ds/data``
  — Fuseki, or any server whose endpoints are elsewhere: name them in the URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
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

    def __init__(self, url: str, *, timeout: float = 60.0, sole_writer: bool = False) -> None:
        """With ``sole_writer``, the store counts its writes (``generation``) as the
        embedded one does, so the in-memory indexes (:mod:`graph.derived`) and the SPARQL
        result cache are kept for it: only when nothing but this object writes the server
        (otherwise they would answer from a state the server has left)."""
        if sole_writer:
            self.generation = 0
        parts = urlsplit(url)
        params = parse_qs(parts.query)
        self.query_url = urlunsplit(parts._replace(query=""))
        oxigraph_layout = self.query_url.rstrip("/").endswith("/query")
        root = self.query_url.rstrip("/")[: -len("query")]
        if "update" in params:
            self.update_url = params["update"][0]
        else:
            self.update_url = root + "update" if oxigraph_layout else self.query_url
        if "store" in params:
            self.store_url: str | None = params["store"][0]
        else:
            self.store_url = root + "store" if oxigraph_layout else None
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
        finally:
            self._wrote()
        if response.status_code == 400:
            raise QueryError(f"the SPARQL server refused the update: {response.text[:300]}")
        if response.status_code >= 300:
            raise StoreError(f"the SPARQL server at {self.update_url} refused the update "
                             f"({response.status_code}): {response.text[:300]}")

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The whole dataset in one Graph Store Protocol GET where the server offers it."""
        if graph is not None or self.store_url is None:
            return super().quads(graph)
        try:
            response = self._client.get(self.store_url, headers={"Accept": "application/n-quads"})
        except httpx.HTTPError as exc:
            raise StoreError(f"the Graph Store endpoint {self.store_url} did not answer: {exc}") from exc
        if response.status_code != 200:
            return super().quads(graph)
        return iter(list(ox.parse(response.content, format=ox.RdfFormat.N_QUADS)))

    def load(self, quads: Iterable[ox.Quad], *, chunk: int = 50_000) -> int:
        """Add quads by Graph Store Protocol POST of N-Quads, else by SPARQL updates."""
        if self.store_url is None:
            return super().load(quads, chunk=chunk)
        total, batch = 0, []
        for quad in quads:
            batch.append(quad)
            if len(batch) >= chunk:
                self._post_quads(batch)
                total, batch = total + len(batch), []
        if batch:
            self._post_quads(batch)
        return total + len(batch)

    def _post_quads(self, quads: list[ox.Quad]) -> None:
        body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        try:
            response = self._client.post(self.store_url, content=body,
                                         headers={"Content-Type": "application/n-quads"})
        except httpx.HTTPError as exc:
            raise StoreError(f"the Graph Store endpoint {self.store_url} did not answer: {exc}") from exc
        finally:
            self._wrote()
        if response.status_code >= 300:
            raise StoreError(f"the Graph Store endpoint {self.store_url} refused the data "
                             f"({response.status_code}): {response.text[:300]}")

    def _wrote(self) -> None:
        """Count a write, done or not (a failed one may have changed the server too)."""
        if hasattr(self, "generation"):
            self.generation += 1

    def close(self) -> None:
        self._client.close()
