"""``python -m bench --docs N [--workers W] [--json FILE] [--quick] [--store URL] [--scaling 1000,10000]``

One run measures safetykg beside its floors and its peers on a synthetic corpus:
ingest beside plain jieba, the API beside the same queries in process and beside
/healthz, the SPARQL endpoint beside rdflib-endpoint and ``oxigraph serve-read-only``,
and the views. Every measurement fails soft: a piece of the product that does not
exist yet is reported as n/a with the reason, and the rest still runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import measure_api, measure_ingest, measure_sparql, measure_store, measure_viz
from bench.corpus import REPO, ensure_corpus
from bench.harness import Results
from bench.report import table


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[1])
    p.add_argument("--docs", type=int, default=1000, help="synthetic files to ingest (default 1000)")
    p.add_argument("--workers", type=int, default=2, help="workers for the parallel ingest figure")
    p.add_argument("--json", type=Path, help="write the figures here as JSON")
    p.add_argument("--quick", action="store_true", help="short load phases (a smoke run, not figures)")
    p.add_argument("--store", help="a SPARQL endpoint URL (e.g. a separately started oxigraph serve) "
                                   "instead of an embedded store in the work directory")
    p.add_argument("--remote-sole-writer", action="store_true",
                   help="with --store URL: the server measured is that store's only writer "
                        "(SAFETYKG_REMOTE_SOLE_WRITER), so it keeps its in-memory indexes and "
                        "result cache; the in-process figures likewise")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--seconds", type=float, help="seconds of SPARQL load per server (10; 1 with --quick)")
    p.add_argument("--clients", type=int, default=4, help="concurrent SPARQL clients")
    p.add_argument("--requests", type=int, help="requests per API route (200; 20 with --quick)")
    p.add_argument("--route-budget", type=float,
                   help="seconds at most per API route, in process and over HTTP (15; 3 with --quick)")
    p.add_argument("--rdflib-max-quads", type=int, default=1_000_000,
                   help="cap on the quads rdflib-endpoint loads (it holds them all in memory)")
    p.add_argument("--speedup-files", type=int, default=300,
                   help="files ingested by the 1-vs-2-worker comparison (default 300)")
    p.add_argument("--ingest-budget", type=float,
                   help="seconds of pipeline time for ingest ÷ jieba, on the first files (30; 5 with "
                        "--quick); the other files are parsed by --build-workers and written all the same")
    p.add_argument("--build-workers", type=int, default=1,
                   help="processes parsing for the one writer once the ingest sample is done (default 1)")
    p.add_argument("--reuse-store", action="store_true",
                   help="reuse a store this bench built before in --workdir for the same corpus "
                        "(its build figures are read back), instead of building it again; with "
                        "--store URL, a server already holding that store's documents (e.g. "
                        "oxigraph serve on a copy of it)")
    p.add_argument("--scaling", help="comma-separated sizes for a scaling table, e.g. 1000,10000,30000: "
                                     "one store grows through the sizes; per-step costs only")
    p.add_argument("--max-minutes", type=float,
                   help="with --scaling: skip a size whose estimated build would end after this")
    p.add_argument("--workdir", type=Path, help="keep corpus, store and logs here (default: a temp dir)")
    return p.parse_args(argv)


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        mem = f"{psutil.virtual_memory().total / 2**30:.0f} GiB"
    except ImportError:
        mem = "?"
    return f"{platform.node()}: {os.cpu_count()} cores {model}, {mem}, Python {platform.python_version()}"


def lexicon_dir() -> Path | None:
    """``None`` (the curated lexicon) when it loads, else the small test lexicon."""
    from ingest.lexicon import load_lexicon

    try:
        load_lexicon()
        return None
    except Exception:  # noqa: BLE001 - the curated lexicon may be mid-edit
        return REPO / "tests" / "data" / "lexicon"


def run(args: argparse.Namespace, workdir: Path, results: Results, *, core_only: bool = False) -> None:
    quick = args.quick
    requests = args.requests or (20 if quick else 200)
    seconds = args.seconds or (1.0 if quick else 10.0)
    budget = args.route_budget or (3.0 if quick else 15.0)
    data = results.data
    data.update(date=dt.datetime.now().astimezone().isoformat(timespec="seconds"), machine=machine(),
                requested_docs=args.docs, seed=args.seed, quick=quick)

    with results.phase("corpus"):
        t0 = time.perf_counter()
        files, noise = ensure_corpus(workdir / f"corpus-{args.seed}", args.docs, seed=args.seed,
                                     progress=results.say)
        data["corpus_s"] = round(time.perf_counter() - t0, 2)
        data["corpus_noise"] = noise

    lex_dir = lexicon_dir()
    data["lexicon"] = "tests/data/lexicon (curated lexicon missing or broken)" if lex_dir else "data/lexicon"
    pipeline, init_s = measure_ingest.elapsed(lambda: measure_ingest.make_pipeline(lex_dir))
    data["pipeline_init_s"] = round(init_s, 3)
    lexicon = pipeline.lexicon
    data["concepts"] = len(lexicon.concepts)

    location = args.store or str(workdir / f"store-{args.seed}-{args.docs}")
    sole_writer = bool(args.store and args.remote_sole_writer)
    sole_env = {"SAFETYKG_REMOTE_SOLE_WRITER": "1"} if sole_writer else {}
    data["remote_sole_writer"] = sole_writer
    with results.phase("build"):
        build_store(args, results, files, pipeline, location,
                    embedded=str(workdir / f"store-{args.seed}-{args.docs}"))
    keys = measure_api.concept_keys(lexicon, requests, args.seed)
    with results.phase("inproc"):
        kg = measure_store.open_graph(location, sole_writer=sole_writer)
        results.run(["triples", "store_bytes"], measure_store.store_size, kg, location)
        results.run(["inproc_p50_ms"], measure_api.inproc_latencies, kg, keys, budget)
        measure_store.close(kg)
        del kg
    results.sampled("inproc_p50_ms", f"up to {requests} keys per route, {budget:g} s per route "
                                     "(counts in inproc_samples)")

    if not core_only:
        with results.phase("ingest profile"):
            sample = measure_ingest.sample(files, 300_000 if quick else 3_000_000)
            results.run(["clean_segment_chars_per_s", "extract_chars_per_s"], measure_ingest.ingest_profile,
                        sample, pipeline, data.get("ingest_s"), data.get("ingest_sample_chars"),
                        workdir / "ingest.prof")
            results.sampled("ingest_stage_share", f"cProfile of the first {len(sample):,} files")
        with results.phase("ingest speedup"):
            speed_files = files[: args.speedup_files]
            results.run(["ingest_2w_speedup"], measure_ingest.ingest_speedup, speed_files, lex_dir,
                        workers=args.workers)
            results.sampled("ingest_2w_speedup", f"the first {len(speed_files):,} files")
    del pipeline

    sparql_qps: dict[str, float | None] = {}
    sparql_p50: dict[str, float | None] = {}
    sparql_p95: dict[str, float | None] = {}
    concept_iris = _mix_concepts(lexicon, args.seed)
    queries = measure_sparql.mix_for(concept_iris)

    def sparql_load(name: str, url: str) -> dict[str, Any]:
        mix_results = measure_sparql.check_mix(name, url, concept_iris)  # no figure over empty answers
        figures = measure_sparql.load(url, queries, clients=args.clients, seconds=seconds)
        sparql_qps[name], sparql_p50[name], sparql_p95[name] = figures["qps"], figures["p50_ms"], figures["p95_ms"]
        out: dict[str, Any] = {f"sparql_{name}_failed": figures["failed"],
                               f"sparql_{name}_mix_results": mix_results}
        if name.startswith("safetykg"):  # how many answers came from the result cache
            out[f"sparql_{name}_cache_headers"] = figures["cache_headed"]
            if name == "safetykg":
                out["sparql_safetykg_cache_hits"] = figures["cache_hits"]
                if figures["cache_hits"] is None:
                    out["_errors"] = {"sparql_safetykg_cache_hits": "no answer said whether it was cached "
                                                                    "(a remote store is not cached)"}
        return out

    def ours() -> dict[str, Any]:
        with measure_api.start_ours(location, workdir / "safetykg-serve.log", env=sole_env or None) as server:
            out = measure_api.server_figures(server)
            out.update(warm_up(server, keys))
            results.run(["api_p50_ms", "api_p95_ms", "healthz_p50_ms"], measure_api.http_latencies, server, keys, budget)
            out["rss_mb"] = measure_api.server_figures(server)["rss_mb"]
            if not core_only:
                results.run(["sparql_qps.safetykg"], sparql_load, "safetykg", server.url + "/sparql")
                out["rss_mb_after_sparql"] = measure_api.server_figures(server)["rss_mb"]
            return out

    with results.phase("server"):
        results.run(["cold_start_s", "rss_mb", "api_p50_ms", "api_p95_ms", "healthz_p50_ms",
                     "sparql_qps.safetykg"], ours)
    results.sampled("api_p50_ms", f"up to {requests} keys per route, {budget:g} s per route "
                                  "(counts in api_samples)")
    if core_only:
        return

    def ours_uncached() -> dict[str, Any]:
        """The same server without its result cache: what a query not asked before costs."""
        with measure_api.start_ours(location, workdir / "safetykg-serve-uncached.log",
                                    env={"SAFETYKG_SPARQL_CACHE_MB": "0", **sole_env}) as server:
            warm_up(server, keys)  # the same state as the cached server when its load began
            return sparql_load("safetykg_uncached", server.url + "/sparql")

    if args.store and not sole_writer:
        results.note("sparql_qps.safetykg_uncached", REMOTE_NOT_CACHED)
    else:
        with results.phase("safetykg uncached"):
            results.run(["sparql_qps.safetykg_uncached"], ours_uncached)

    def oxigraph() -> dict[str, Any]:
        with measure_sparql.oxigraph_endpoint(location, log=workdir / "oxigraph.log") as url:
            return sparql_load("oxigraph", url)

    with results.phase("oxigraph"):
        results.run(["sparql_qps.oxigraph"], oxigraph)

    def rdflib_endpoint() -> dict[str, Any]:
        if args.store:
            raise RuntimeError("runs against the embedded store only (export a dump to compare)")
        trig = workdir / "export.trig"
        cap = min(args.rdflib_max_quads, 100_000) if quick else args.rdflib_max_quads
        exported = measure_store.export_trig(Path(location), trig, max_quads=cap)
        with measure_sparql.rdflib_endpoint_server(trig, workdir / "rdflib-endpoint.log") as server:
            out = sparql_load("rdflib_endpoint", server.url + "/")
            out.update(rdflib_endpoint_load_s=round(server.ready_s, 1))
        out.update(rdflib_endpoint_quads=exported["export_quads"],
                   rdflib_endpoint_graphs=exported["export_graphs"],
                   rdflib_endpoint_graphs_total=exported["export_graphs_total"])
        return out

    with results.phase("rdflib-endpoint"):
        results.run(["sparql_qps.rdflib_endpoint"], rdflib_endpoint)
    if data.get("rdflib_endpoint_graphs") is not None:
        results.sampled("sparql_qps.rdflib_endpoint",
                        f"{data['rdflib_endpoint_graphs']:,} of {data.get('rdflib_endpoint_graphs_total', 0):,} "
                        f"document graphs ({data.get('rdflib_endpoint_quads', 0):,} quads, cap "
                        f"--rdflib-max-quads): rdflib holds everything in memory")
    data.update(sparql_qps=sparql_qps, sparql_p50_ms=sparql_p50, sparql_p95_ms=sparql_p95,
                sparql_clients=args.clients, sparql_seconds=seconds)
    results.run(["sparql_vs_rdflib_endpoint", "sparql_latency_vs_oxigraph", *UNCACHED_RATIOS],
                measure_sparql.ratios, sparql_qps, sparql_p50)
    if args.store and not sole_writer:
        for key in UNCACHED_RATIOS:
            results.note(key, REMOTE_NOT_CACHED)
    results.run(["api_vs_floor_p50"], measure_api.floor_ratio, data)
    labels = sorted(lexicon.concepts)
    with results.phase("viz"):
        results.run(["viz_s"], measure_viz.viz_times, workdir / "views", labels)


REMOTE_NOT_CACHED = "a remote store is not cached"
UNCACHED_RATIOS = ("sparql_vs_rdflib_endpoint_uncached", "sparql_latency_vs_oxigraph_uncached")
"""The SPARQL ratios of safetykg without its result cache (the engine's path)."""

BUILD_KEYS = ["docs", "chars", "ingest_s", "jieba_s", "ingest_vs_jieba", "store_write_s"]
BUILD_MARK = ".bench-build.json"


def build_store(args: argparse.Namespace, results: Results, files: list[Path], pipeline,
                location: str, *, embedded: str | None = None) -> None:
    """The store of ``files``, built once per run and measured by every later phase.

    With ``--reuse-store`` a local store this bench completed before for the same corpus
    is kept, and the figures of its build are read back from it (``store_reused``). For a
    server (``--store URL``) the figures are those of the embedded store this bench built
    in the work directory (``embedded``), reused when the server holds as many documents:
    a server started on a copy of that store.
    """
    quick = args.quick
    local = not location.startswith(("http://", "https://"))
    mark = Path(location if local else (embedded or "")) / BUILD_MARK
    if args.reuse_store and (local or embedded) and mark.exists():
        built = json.loads(mark.read_text(encoding="utf-8"))
        held = None if local else measure_store.remote_documents(location)
        if not local and held != built.get("figures", {}).get("docs"):
            results.say(f"build: {location} holds {held:,} documents, not the "
                        f"{built.get('figures', {}).get('docs')} of {mark.parent}: building it")
        elif built.get("files") == len(files) and built.get("seed") == args.seed:
            results.data.update(built["figures"])
            results.errors.update(built.get("errors", {}))
            results.data["store_reused"] = built.get("date")
            if not local:  # the server was loaded another way: its build figures are not its own
                results.data["store_reused_from"] = str(mark.parent)
                results.sampled("store_write_s", f"writes into the embedded store {mark.parent}; "
                                                 f"{location} serves a copy of it")
            results.say(f"build: reusing {location} (built {built.get('date')})")
            return
    if local:
        shutil.rmtree(location, ignore_errors=True)
    kg = measure_store.open_graph(location)
    try:
        results.run(["lexicon_write_s"], measure_store.publish_lexicon, kg, pipeline.lexicon)
        results.say(f"build: {len(files):,} files into {location}")
        budget = args.ingest_budget if args.ingest_budget is not None else (5.0 if quick else 30.0)
        figures = results.run(BUILD_KEYS, measure_ingest.build, files, pipeline, kg.put_documents,
                              sample_budget_s=budget, workers=args.build_workers, progress=results.say)
    finally:
        measure_store.close(kg)
    if figures:
        n = results.data.get("ingest_sample_files")
        if n is not None and n < len(files):
            results.sampled("ingest_s", f"ingest_s, jieba_s, ingest_vs_jieba: the first {n:,} of "
                                        f"{len(files):,} files ({budget:g} s of pipeline time); "
                                        "every file was parsed and written")
    if local and figures:
        keep = {k: results.data[k] for k in figures}
        mark.write_text(json.dumps({"files": len(files), "seed": args.seed, "date": results.data.get("date"),
                                    "figures": keep, "errors": {k: v for k, v in results.errors.items()
                                                                if k in keep}},
                                   ensure_ascii=False, default=str), encoding="utf-8")


def _mix_concepts(lexicon, seed: int) -> list[str]:
    from graph.iris import Iris

    keys = sorted(lexicon.concepts)
    step = max(1, len(keys) // 8)
    return [Iris().concept(k) for k in keys[::step][:8]]


def warm_up(server, keys: list[str]) -> dict[str, Any]:
    """One request per route before the clock: the first builds the server's in-memory
    indexes (labels, mentions; one pass over the store), which is reported on its own
    (``api_first_request_s``) rather than hidden in a p95 or lost to a client timeout."""
    import httpx
    from urllib.parse import quote

    out: dict[str, Any] = {}
    with httpx.Client(base_url=server.url, timeout=1800.0) as client:
        for route, (template, params) in measure_api.ROUTES.items():
            query = {**params, "q": keys[0][:2]} if route == "search" else params
            t0 = time.perf_counter()
            try:
                client.get(template.replace("{key}", quote(keys[0], safe="")), params=query)
            except httpx.HTTPError:
                continue
            out.setdefault("api_first_request_s", {})[route] = round(time.perf_counter() - t0, 3)
    return out


SCALING_NOTE = ("per-step costs only: each size adds files to one growing store (file i is the same "
                "in every size); ingest ÷ jieba is sampled on the first files of each step, writes cover "
                "every file; the SPARQL load, rdflib-endpoint, the views, the profile and the 2-worker "
                "figure are not run (see a --docs run for those)")


def scaling(args: argparse.Namespace, workdir: Path, results: Results) -> list[dict[str, Any]]:
    """Per-step costs as one store grows through the sizes (``--scaling 1000,10000,30000``).

    A size is skipped, with the reason in its row, when the disk or ``--max-minutes`` could
    not hold it at the per-document cost of the sizes before it.
    """
    sizes = sorted({int(x) for x in args.scaling.split(",")})
    quick = args.quick
    requests = args.requests or (20 if quick else 100)
    budget = args.route_budget or (3.0 if quick else 8.0)
    deadline = time.perf_counter() + args.max_minutes * 60 if args.max_minutes else None
    results.data["scaling_note"] = SCALING_NOTE
    results.say("scaling: " + SCALING_NOTE)
    lex_dir = lexicon_dir()
    pipeline = measure_ingest.make_pipeline(lex_dir)
    keys = measure_api.concept_keys(pipeline.lexicon, requests, args.seed)
    location = args.store or str(workdir / f"store-{args.seed}-scaling")
    local = not location.startswith(("http://", "https://"))
    if local:
        shutil.rmtree(location, ignore_errors=True)
    kg = measure_store.open_graph(location)
    kg.publish_lexicon(pipeline.lexicon)
    measure_store.close(kg)
    rows: list[dict[str, Any]] = []
    done, total_docs, bytes_per_doc, seconds_per_file = 0, 0, 1_500_000.0, 0.3
    for size in sizes:
        step = size - done
        row: dict[str, Any] = {"docs_requested": size}
        rows.append(row)
        free = shutil.disk_usage(workdir).free
        need = bytes_per_doc * step * 1.2 + 20_000 * step
        if local and need > free - 2 * 2**30:
            row["skipped"] = (f"needs about {need / 2**30:.0f} GiB of disk at {bytes_per_doc / 2**20:.2f} MiB "
                              f"per document, {free / 2**30:.0f} GiB free")
            results.say(f"scaling: {size:,} skipped: {row['skipped']}")
            continue
        if deadline is not None and time.perf_counter() + seconds_per_file * step > deadline:
            row["skipped"] = (f"would take about {seconds_per_file * step / 60:.0f} min at "
                              f"{seconds_per_file:.2f} s per file; --max-minutes {args.max_minutes:g}")
            results.say(f"scaling: {size:,} skipped: {row['skipped']}")
            continue
        step_results = Results(started=results.started)
        with step_results.phase(f"scaling {size:,}"):
            files, _ = ensure_corpus(workdir / f"corpus-{args.seed}", size, seed=args.seed, progress=results.say)
            kg = measure_store.open_graph(location)
            t0 = time.perf_counter()
            try:
                sample_budget = args.ingest_budget if args.ingest_budget is not None else (5.0 if quick else 20.0)
                step_results.run(BUILD_KEYS, measure_ingest.build, files[done:], pipeline, kg.put_documents,
                                 sample_budget_s=sample_budget, workers=args.build_workers,
                                 progress=results.say, label=f"scaling {size:,}")
                step_results.run(["triples", "store_bytes"], measure_store.store_size, kg, location)
                step_results.run(["inproc_p50_ms"], measure_api.inproc_latencies, kg, keys, budget)
            finally:
                measure_store.close(kg)
            step_s = time.perf_counter() - t0

            def server() -> dict[str, Any]:
                with measure_api.start_ours(location, workdir / "safetykg-serve.log") as srv:
                    out = measure_api.server_figures(srv)
                    out.update(warm_up(srv, keys))
                    out.update(measure_api.http_latencies(srv, keys, budget))
                    out["rss_mb"] = measure_api.server_figures(srv)["rss_mb"]
                    return out

            step_results.run(["cold_start_s", "rss_mb", "api_p50_ms"], server)
        d = step_results.data
        files_done = d.get("files") or step
        done = size
        row.update(_scaling_row(d, step))
        row["errors"] = step_results.errors
        row["step_s"] = (d.get("phase_s") or {}).get(f"scaling {size:,}")
        row["build_s"] = d.get("build_s")
        total_docs += d.get("docs") or 0
        row["docs"] = total_docs
        if d.get("store_bytes"):
            bytes_per_doc = d["store_bytes"] / size
        seconds_per_file = max(step_s / max(files_done, 1), 0.01)
    results.data["scaling_growth"] = growth(rows)
    return rows


def _scaling_row(d: dict[str, Any], step: int) -> dict[str, Any]:
    def per_doc_ms(seconds, n):
        return round(seconds * 1000 / n, 2) if seconds is not None and n else None

    sample_docs = d.get("ingest_sample_docs")
    row = {"step_files": step, "triples": d.get("triples"), "store_bytes": d.get("store_bytes"),
           "ingest_ms_per_doc": per_doc_ms(d.get("ingest_s"), sample_docs),
           "jieba_ms_per_doc": per_doc_ms(d.get("jieba_s"), sample_docs),
           "ingest_vs_jieba": d.get("ingest_vs_jieba"),
           "write_ms_per_doc": d.get("store_write_ms_per_doc"),
           "cold_start_s": d.get("cold_start_s"), "rss_mb": d.get("rss_mb"),
           "api_first_request_s": d.get("api_first_request_s"),
           "inproc_p50_ms": d.get("inproc_p50_ms"), "api_p50_ms": d.get("api_p50_ms"),
           "api_p95_ms": d.get("api_p95_ms")}
    return row


def growth(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """How each cost grows from the first measured size to the last, as an exponent k in
    cost ∝ docs^k: per-document costs (ingest, writes, bytes) should stay flat (k ≈ 0,
    so the total is linear), per-request costs should not grow at all (k ≈ 0) and must
    not exceed 1. ``superlinear`` lists what grows faster than linearly in total."""
    import math

    measured = [r for r in rows if "skipped" not in r and r.get("triples")]
    if len(measured) < 2:
        return {"note": "fewer than two sizes measured"}
    first, last = measured[0], measured[-1]
    n0, n1 = first["docs_requested"], last["docs_requested"]
    out: dict[str, Any] = {"from_docs": n0, "to_docs": n1}

    def k(a, b):
        return round(math.log(b / a) / math.log(n1 / n0), 2) if a and b and n1 != n0 else None

    per_doc = {"ingest_ms_per_doc": (first["ingest_ms_per_doc"], last["ingest_ms_per_doc"]),
               "write_ms_per_doc": (first["write_ms_per_doc"], last["write_ms_per_doc"]),
               "store_bytes_per_doc": (first["store_bytes"] / n0 if first["store_bytes"] else None,
                                       last["store_bytes"] / n1 if last["store_bytes"] else None),
               "triples_per_doc": (first["triples"] / n0, last["triples"] / n1)}
    out["per_doc_exponent"] = {name: k(a, b) for name, (a, b) in per_doc.items()}
    per_request = {"cold_start_s": (first["cold_start_s"], last["cold_start_s"]),
                   "rss_mb": (first["rss_mb"], last["rss_mb"])}
    for key in ("inproc_p50_ms", "api_p50_ms"):
        for route, value in (last.get(key) or {}).items():
            per_request[f"{key}.{route}"] = ((first.get(key) or {}).get(route), value)
    out["per_request_exponent"] = {name: k(a, b) for name, (a, b) in per_request.items()}
    # a total grows superlinearly when its per-document cost grows (k > 0 beyond noise);
    # a request (or the server's memory) when it grows faster than the corpus (k > 1)
    out["superlinear"] = sorted([n for n, v in out["per_doc_exponent"].items() if v is not None and v > 0.15]
                                + [n for n, v in out["per_request_exponent"].items() if v is not None and v > 1.0])
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="safetykg-bench-")) if temporary else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    results = Results()
    try:
        if args.scaling:
            results.data.update(date=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                                machine=machine())
            results.data["scaling"] = scaling(args, workdir, results)
        else:
            run(args, workdir, results)
    finally:
        results.data["total_s"] = round(time.perf_counter() - started, 1)
        output = {**results.data, "errors": results.errors}
        print(table(results.data, results.errors))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(output, ensure_ascii=False, indent=1, default=str) + "\n",
                                 encoding="utf-8")
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
