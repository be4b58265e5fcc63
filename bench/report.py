"""The readable table: every figure, its target where the issue sets one, met or not."""

from __future__ import annotations

from typing import Any

# key, label, target (op, value) or None
ROWS: list[tuple[str, str, tuple[str, float] | None]] = [
    ("docs", "documents (files → documents)", None),
    ("chars", "cleaned characters", None),
    ("triples", "quads in the store", None),
    ("store_bytes", "store size on disk (bytes)", None),
    ("ingest_s", "ingest, 1 process (s)", None),
    ("jieba_s", "plain jieba.lcut, HMM, same text (s)", None),
    ("ingest_vs_jieba", "ingest ÷ jieba", ("<=", 1.2)),
    ("ingest_2w_speedup", "ingest, 2 workers vs 1", (">=", 1.6)),
    ("jieba_chars_per_s", "jieba chars/s", None),
    ("ingest_chars_per_s", "ingest chars/s", None),
    ("clean_segment_chars_per_s", "clean+segment chars/s", None),
    ("extract_chars_per_s", "extract chars/s", None),
    ("store_write_s", "graph writes (s)", None),
    ("cold_start_s", "cold start to /healthz (s)", ("<=", 2.0)),
    ("rss_mb", "server RSS after warm-up (MiB)", ("<=", 1000.0)),
    ("healthz_p50_ms", "/healthz p50 (ms)", None),
    ("api_vs_floor_p50", "api p50 ÷ (healthz + in-process), worst", ("<=", 1.5)),
    ("sparql_vs_rdflib_endpoint", "SPARQL qps ÷ rdflib-endpoint", (">=", 10.0)),
    ("sparql_latency_vs_oxigraph", "SPARQL p50 ÷ oxigraph server", ("<=", 1.5)),
    ("sparql_safetykg_cache_hits", "SPARQL answers from the result cache (share)", None),
    ("sparql_vs_rdflib_endpoint_uncached", "SPARQL qps ÷ rdflib-endpoint, no result cache", (">=", 10.0)),
    ("sparql_latency_vs_oxigraph_uncached", "SPARQL p50 ÷ oxigraph server, no result cache", ("<=", 1.5)),
]
SPARQL_SERVERS = ("safetykg", "safetykg_uncached", "rdflib_endpoint", "oxigraph")
"""Rows of the SPARQL table: safetykg as shipped (result cache on), then without the cache."""
ROUTE_KEYS = ("inproc_p50_ms", "api_p50_ms", "api_p95_ms")
VIZ_TARGETS = {("500", "html"): 0.3, ("500", "svg"): 1.0}


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _status(value: Any, target: tuple[str, float] | None) -> str:
    if target is None or value is None:
        return ""
    op, limit = target
    ok = value <= limit if op == "<=" else value >= limit
    return f"{op} {limit:g}  {'met' if ok else 'NOT met'}"


def _na(value: Any, reason: str | None) -> str:
    if value is None and reason:
        return f"n/a ({reason[:70]})"
    return _fmt(value)


def table(data: dict[str, Any], errors: dict[str, str]) -> str:
    lines = [f"safetykg bench — {data.get('date', '?')} — {data.get('machine', '?')}", ""]
    width = 46
    for key, label, target in ROWS:
        if key not in data and key not in errors:
            continue
        value = data.get(key)
        lines.append(f"{label:<{width}} {_na(value, errors.get(key)):>14}   {_status(value, target)}")
    routes = sorted({r for k in ROUTE_KEYS for r in (data.get(k) or {})})
    if routes:
        lines += ["", f"{'route (ms)':<22}" + "".join(f"{k.replace('_ms', ''):>16}" for k in ROUTE_KEYS)]
        for route in routes:
            cells = []
            for k in ROUTE_KEYS:
                value = (data.get(k) or {}).get(route)
                cells.append(f"{_fmt(value) if value is not None else 'n/a':>16}")
            lines.append(f"{route:<22}" + "".join(cells))
        reasons = {k: v for k, v in errors.items() if k.split(".")[0] in ROUTE_KEYS
                   and not k.startswith("api_p95_ms.")}
        for key, reason in sorted(reasons.items()):
            lines.append(f"  n/a {key.replace('api_p50_ms', 'api')}: {reason[:100]}")
    qps, p50 = data.get("sparql_qps") or {}, data.get("sparql_p50_ms") or {}
    if qps or any(k.startswith("sparql_qps.") for k in errors):
        lines += ["", f"{'SPARQL mix, ' + str(data.get('sparql_clients', 4)) + ' clients':<26}"
                      f"{'qps':>10}{'p50 ms':>10}{'p95 ms':>10}"]
        for server in SPARQL_SERVERS:
            reason = errors.get(f"sparql_qps.{server}")
            if server == "safetykg_uncached" and server not in qps and reason is None:
                continue  # a run from before the uncached row existed
            if qps.get(server) is None:
                lines.append(f"{server:<26}{'n/a':>10}  ({(reason or '')[:80]})")
                continue
            p95 = (data.get("sparql_p95_ms") or {}).get(server)
            lines.append(f"{server:<26}{_fmt(qps[server]):>10}{_fmt(p50.get(server)):>10}{_fmt(p95):>10}")
        hits = data.get("sparql_safetykg_cache_hits")
        if hits is not None:
            lines.append(f"  safetykg: {hits:.0%} of its answers came from the result cache (the mix repeats)")
        if qps.get("safetykg_uncached") is not None:
            lines.append("  safetykg_uncached: the same server with SAFETYKG_SPARQL_CACHE_MB=0 (engine path)")
        if data.get("rdflib_endpoint_graphs") is not None:
            lines.append(f"  rdflib-endpoint served {data['rdflib_endpoint_graphs']:,} of "
                         f"{data.get('rdflib_endpoint_graphs_total', 0):,} document graphs "
                         f"({data.get('rdflib_endpoint_quads', 0):,} quads; rdflib holds all in memory)")
    viz = data.get("viz_s") or {}
    if viz:
        lines += ["", f"{'view build+write (s)':<22}" + "".join(f"{f:>12}" for f in ("html", "svg", "png"))]
        for size, cells in viz.items():
            row = []
            for fmt in ("html", "svg", "png"):
                value = cells.get(fmt)
                mark = ""
                limit = VIZ_TARGETS.get((size, fmt))
                if limit is not None and value is not None:
                    mark = " ✓" if value <= limit else " ✗"
                row.append(f"{(_fmt(value) if value is not None else 'n/a') + mark:>12}")
            lines.append(f"{size + ' nodes':<22}" + "".join(row))
        for key, reason in sorted(k for k in errors.items() if k[0].startswith("viz_s.")):
            lines.append(f"  n/a {key}: {reason[:100]}")
    share = data.get("ingest_stage_share")
    if share:
        lines += ["", "ingest time by stage (profiled): " +
                  ", ".join(f"{k} {v:.0%}" for k, v in share.items())]
    if data.get("scaling"):
        lines += ["", scaling_table(data["scaling"], data.get("scaling_growth"), data.get("scaling_note"))]
    other = {k: v for k, v in errors.items() if "." not in k and k not in {r[0] for r in ROWS}}
    for key, reason in sorted(other.items()):
        lines.append(f"n/a {key}: {reason[:110]}")
    return "\n".join(lines)


SCALING_COLUMNS: list[tuple[str, str]] = [
    ("docs_requested", "files"), ("docs", "docs"), ("ingest_ms_per_doc", "ingest ms/doc"),
    ("jieba_ms_per_doc", "jieba ms/doc"), ("write_ms_per_doc", "write ms/doc"),
    ("quads_per_doc", "quads/doc"), ("bytes_per_doc", "bytes/doc"), ("cold_start_s", "cold start s"),
    ("rss_mb", "rss MiB"),
]
SCALING_ROUTES = ("search", "neighbourhood_d1", "neighbourhood_d2", "evidence", "diffusion")


def scaling_table(rows: list[dict[str, Any]], growth: dict[str, Any] | None = None,
                  note: str | None = None) -> str:
    """Per-step costs by size: per-document costs should stay flat, per-request ones too."""
    lines = ["scaling: " + (note or ""), "".join(f"{label:>14}" for _, label in SCALING_COLUMNS)]
    for row in rows:
        if "skipped" in row:
            lines.append(f"{_fmt(row['docs_requested']):>14}   skipped: {row['skipped']}")
            continue
        n = row.get("docs_requested") or 0
        derived = {"quads_per_doc": round(row["triples"] / n) if row.get("triples") and n else None,
                   "bytes_per_doc": round(row["store_bytes"] / n) if row.get("store_bytes") and n else None}
        lines.append("".join(f"{_fmt(derived.get(key, row.get(key))):>14}" for key, _ in SCALING_COLUMNS))
    measured = [r for r in rows if "skipped" not in r]
    if measured:
        lines += ["", f"{'p50 ms by files':<24}" + "".join(f"{_fmt(r['docs_requested']):>20}" for r in measured)
                  + "   (in process / over HTTP)"]
        for route in SCALING_ROUTES:
            cells = []
            for r in measured:
                a = (r.get("inproc_p50_ms") or {}).get(route)
                b = (r.get("api_p50_ms") or {}).get(route)
                cells.append(f"{_fmt(a) + ' / ' + _fmt(b):>20}")
            lines.append(f"{route:<24}" + "".join(cells))
    if growth and "per_doc_exponent" in growth:
        lines += ["", f"growth {growth['from_docs']:,} → {growth['to_docs']:,} files, as k in cost ∝ files^k "
                  "(per-document costs: k ≈ 0 means the total is linear; per request: k ≤ 1 at most)"]
        for group in ("per_doc_exponent", "per_request_exponent"):
            lines.append("  " + ", ".join(f"{name} {_fmt(v)}" for name, v in growth[group].items()))
        superlinear = growth.get("superlinear") or []
        lines.append("  faster than linear: " + (", ".join(superlinear) if superlinear else "nothing"))
    elif growth:
        lines.append(f"growth: {growth.get('note', '')}")
    return "\n".join(lines)
