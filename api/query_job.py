"""One query job and how a worker runs it; light to import (no web framework).

Kept apart from :mod:`api.executor` so that a worker process starts in a fraction of a
second: it imports this module, :mod:`api.results` and pyoxigraph only.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.results import Outcome


@dataclass(frozen=True)
class Job:
    """One query and how to answer it."""

    text: str
    fmt: str
    """Result format chosen by content negotiation (``json``, ``ttl`` …)."""
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    union_default: bool = True
    base_iri: str | None = None
    """Relative IRIs in the query are resolved against this (the endpoint's URL)."""


@dataclass
class Failure:
    status: int
    error: str
    detail: str


def run_job(store, job: Job) -> Outcome | Failure:
    """Run ``job`` against a pyoxigraph ``Store``; used inside workers."""
    import pyoxigraph as ox

    from api.results import serialize

    options: dict = {"use_default_graph_as_union": job.union_default}
    if job.default_graphs or job.named_graphs:  # the request names its dataset
        options = {"default_graph": [ox.NamedNode(g) for g in job.default_graphs]}
        if job.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.text, base_iri=job.base_iri, **options)
        return serialize(result, job.fmt, max_rows=job.max_rows)
    except SyntaxError as exc:
        return Failure(400, "bad query", f"SPARQL syntax error: {exc}")
    except MemoryError:
        return Failure(503, "query too large", "the query needed more memory than a worker may use")
    except (OSError, ValueError, TypeError) as exc:
        return Failure(400, "query failed", str(exc))
