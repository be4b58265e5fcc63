"""One query job, how a worker runs it, and how its answer crosses the pipe.

Kept apart from :mod:`api.executor` so that a worker process starts in a fraction of a
second: it imports this module, :mod:`api.results` and pyoxigraph only.

An answer travels as the response body's bytes behind a short fixed header
(:func:`encode_answer`), not pickled: the API process hands the body to the client as it
came, without building any object from it.
"""

from __future__ import annotations

import json
import struct
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


_OUTCOME = struct.Struct("!cQQH")
"""Tag ``O``, rows, total, length of the media type; then the media type and the body."""


def encode_answer(answer: Outcome | Failure) -> bytes:
    """The bytes a worker sends back for ``answer`` (see :func:`decode_answer`)."""
    if isinstance(answer, Outcome):
        media = answer.media_type.encode("ascii")
        return _OUTCOME.pack(b"O", answer.rows, answer.total, len(media)) + media + answer.body
    return b"F" + json.dumps([answer.status, answer.error, answer.detail]).encode("utf-8")


def decode_answer(data: bytes | bytearray) -> Outcome | Failure:
    """The answer :func:`encode_answer` wrote; ``ValueError`` for anything else."""
    if data[:1] == b"O" and len(data) >= _OUTCOME.size:
        _, rows, total, size = _OUTCOME.unpack_from(data)
        start = _OUTCOME.size + size
        return Outcome(bytes(data[start:]), data[_OUTCOME.size:start].decode("ascii"), rows, total)
    if data[:1] == b"F":
        status, error, detail = json.loads(bytes(data[1:]))
        return Failure(int(status), str(error), str(detail))
    raise ValueError(f"not a worker answer: {bytes(data[:16])!r}")
