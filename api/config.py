"""Settings, read once from the environment; nothing else reads ``os.environ``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from graph.iris import DEFAULT_BASE


@dataclass(frozen=True)
class Settings:
    """Every setting, its environment variable, and its default.

    >>> Settings.from_env({"SAFETYKG_MAX_ROWS": "5"}).max_rows
    5
    """

    store: str = "data/store"
    """SAFETYKG_STORE: a store directory, ``:memory:``, or a SPARQL endpoint URL."""
    base: str = DEFAULT_BASE
    """SAFETYKG_BASE: the IRI base of every resource."""
    token: str | None = None
    """SAFETYKG_TOKEN: bearer token for writes; unset means the server is read-only."""
    query_timeout: float = 10.0
    """SAFETYKG_QUERY_TIMEOUT: seconds a SPARQL query may run before it is stopped (503)."""
    max_rows: int = 10_000
    """SAFETYKG_MAX_ROWS: rows a SPARQL SELECT may return; more is cut and said."""
    max_body: int = 1_048_576
    """SAFETYKG_MAX_BODY: bytes a request body may have (413 above)."""
    frame_ancestors: str = "*"
    """SAFETYKG_FRAME_ANCESTORS: origins allowed to embed /viz views in frames."""
    workers: int = 0
    """SAFETYKG_WORKERS: SPARQL query worker processes; 0 means one per core (at least 4)."""
    worker_memory: int = 2_147_483_648
    """SAFETYKG_WORKER_MEMORY: address-space cap of each query worker in bytes (RLIMIT_AS);
    at least 1 GiB (the engine reserves ~0.4 GiB of address space for its threads)."""
    ingest_memory: int = 2_147_483_648
    """SAFETYKG_INGEST_MEMORY: address-space cap of the upload ingest process in bytes
    (RLIMIT_AS); a file that needs more fails its own upload. 0 means no cap."""
    max_query_chars: int = 32_768
    """SAFETYKG_MAX_QUERY_CHARS: longest SPARQL query text accepted (400 above)."""
    max_query_depth: int = 64
    """SAFETYKG_MAX_QUERY_DEPTH: deepest bracket nesting a SPARQL query may have (400 above)."""
    remote_sole_writer: bool = False
    """SAFETYKG_REMOTE_SOLE_WRITER: with a SPARQL endpoint URL as the store, this server is
    the only writer of it, so it keeps the in-memory indexes and the SPARQL result cache
    as it does for the embedded store. Wrong if anything else writes that server."""
    sparql_cache_mb: int = 64
    """SAFETYKG_SPARQL_CACHE_MB: MiB of SPARQL answers kept for the store state they were
    computed on (emptied by every write; embedded store only); 0 turns it off."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            name = f"SAFETYKG_{f.name.upper()}"
            if name in environ and environ[name] != "":
                raw = environ[name]
                values[f.name] = _convert(name, raw, f.default if f.name != "token" else "")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _convert(name: str, raw: str, default: object) -> object:
    try:
        if isinstance(default, bool):
            return raw.lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name}={raw!r} is not a valid {type(default).__name__}") from exc
    return raw
