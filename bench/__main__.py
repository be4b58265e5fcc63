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
from bench.corpus import REPO, write_corpus
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
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--seconds", type=float, help="seconds of SPARQL load per server (10; 1 with --quick)")
    p.add_argument("--clients", type=int, default=4, help="concurrent SPARQL clients")
    p.add_argument("--requests", type=int, help="requests per API route (200; 20 with --quick)")
    p.add_argument("--route-budget", type=float,
                   help="seconds at most per API route, in process and over HTTP (15; 3 with --quick)")
    p.add_argument("--rdflib-max-quads", type=int, default=1_000_000,
                   help="cap on the quads rdflib-endpoint loads (it holds them all in memory)")
    p.add_argument("--speedup-files", type=int, default=1000,
                   help="files ingested by the 1-vs-2-worker comparison (default 1000)")
    p.add_argument("--scaling", help="comma-separated sizes for a scaling table, e.g. 1000,10000,30000")
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

    corpus = workdir / f"corpus-{args.seed}-{args.docs}"
    t0 = time.perf_counter()
    if not (corpus / ".complete").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        info = write_corpus(corpus, args.docs, seed=args.seed)
        (corpus / ".complete").write_text(json.dumps(info.noise), encoding="utf-8")
    data["corpus_s"] = round(time.perf_counter() - t0, 2)
    data["corpus_noise"] = json.loads((corpus / ".complete").read_text(encoding="utf-8"))
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")

    lex_dir = lexicon_dir()
    data["lexicon"] = "tests/data/lexicon (curated lexicon missing or broken)" if lex_dir else "data/lexicon"
    pipeline, init_s = measure_ingest.elapsed(lambda: measure_ingest.make_pipeline(lex_dir))
    data["pipeline_init_s"] = round(init_s, 3)
    lexicon = pipeline.lexicon
    data["concepts"] = len(lexicon.concepts)

    location = args.store or str(workdir / f"store-{args.seed}-{args.docs}")
    if not args.store:
        shutil.rmtree(location, ignore_errors=True)
    kg = measure_store.open_graph(location)
    results.run(["lexicon_write_s"], measure_store.publish_lexicon, kg, lexicon)
    print(f"ingesting {len(files):,} files into {location} …", file=sys.stderr, flush=True)
    results.run(["docs", "chars", "ingest_s", "jieba_s", "ingest_vs_jieba", "store_write_s"],
                measure_ingest.ingest_serial, files, pipeline, kg.put_documents)
    results.run(["triples", "store_bytes"], measure_store.store_size, kg, location)
    keys = measure_api.concept_keys(lexicon, requests, args.seed)
    results.run(["inproc_p50_ms"], measure_api.inproc_latencies, kg, keys, budget)
    measure_store.close(kg)
    del kg

    if not core_only:
        sample = measure_ingest.sample(files, 300_000 if quick else 3_000_000)
        results.run(["clean_segment_chars_per_s", "extract_chars_per_s"], measure_ingest.ingest_profile,
                    sample, pipeline, data.get("ingest_s"), _chars_of(sample, data),
                    workdir / "ingest.prof")
        speed_files = files[: args.speedup_files]
        results.run(["ingest_2w_speedup"], measure_ingest.ingest_speedup, speed_files, lex_dir,
                    workers=args.workers)
    del pipeline

    sparql_qps: dict[str, float | None] = {}
    sparql_p50: dict[str, float | None] = {}
    sparql_p95: dict[str, float | None] = {}
    concept_iris = _mix_concepts(lexicon, args.seed)
    queries = measure_sparql.mix_for(concept_iris)

    def sparql_load(name: str, url: str) -> dict[str, Any]:
        figures = measure_sparql.load(url, queries, clients=args.clients, seconds=seconds)
        sparql_qps[name], sparql_p50[name], sparql_p95[name] = figures["qps"], figures["p50_ms"], figures["p95_ms"]
        return {f"sparql_{name}_failed": figures["failed"]}

    def ours() -> dict[str, Any]:
        with measure_api.start_ours(location, workdir / "safetykg-serve.log") as server:
            out = measure_api.server_figures(server)
            results.run(["api_p50_ms", "api_p95_ms", "healthz_p50_ms"], measure_api.http_latencies, server, keys, budget)
            out["rss_mb"] = measure_api.server_figures(server)["rss_mb"]
            if not core_only:
                results.run(["sparql_qps.safetykg"], sparql_load, "safetykg", server.url + "/sparql")
                out["rss_mb_after_sparql"] = measure_api.server_figures(server)["rss_mb"]
            return out

    results.run(["cold_start_s", "rss_mb", "api_p50_ms", "api_p95_ms", "healthz_p50_ms",
                 "sparql_qps.safetykg"], ours)
    if core_only:
        return

    def oxigraph() -> dict[str, Any]:
        if args.store:  # the remote server is itself the engine: query it directly
            return sparql_load("oxigraph", args.store)
        with measure_sparql.oxigraph_server(Path(location), workdir / "oxigraph.log") as server:
            return sparql_load("oxigraph", server.url + "/query")

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

    results.run(["sparql_qps.rdflib_endpoint"], rdflib_endpoint)
    data.update(sparql_qps=sparql_qps, sparql_p50_ms=sparql_p50, sparql_p95_ms=sparql_p95,
                sparql_clients=args.clients, sparql_seconds=seconds)
    results.run(["sparql_vs_rdflib_endpoint", "sparql_latency_vs_oxigraph"], measure_sparql.ratios,
                sparql_qps, sparql_p50)
    results.run(["api_vs_floor_p50"], measure_api.floor_ratio, data)
    labels = sorted(lexicon.concepts)
    results.run(["viz_s"], measure_viz.viz_times, workdir / "views", labels)


def _chars_of(sample: list[Path], data: dict[str, Any]) -> int | None:
    """Cleaned characters of the profiled sample, estimated from its share of raw bytes."""
    raw, chars = data.get("raw_bytes"), data.get("chars")
    if not raw or not chars:
        return None
    return int(chars * sum(p.stat().st_size for p in sample) / raw)


def _mix_concepts(lexicon, seed: int) -> list[str]:
    from graph.iris import Iris

    keys = sorted(lexicon.concepts)
    step = max(1, len(keys) // 8)
    return [Iris().concept(k) for k in keys[::step][:8]]


def scaling(args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    rows = []
    for size in (int(s) for s in args.scaling.split(",")):
        print(f"scaling: {size:,} documents", file=sys.stderr, flush=True)
        sub = argparse.Namespace(**{**vars(args), "docs": size})
        results = Results()
        run(sub, workdir, results, core_only=True)
        d = results.data
        rows.append({k: d.get(k) for k in ("docs", "chars", "ingest_s", "jieba_s", "store_write_s",
                                           "triples", "store_bytes", "cold_start_s", "rss_mb")}
                    | {"neighbourhood_p50_ms": (d.get("api_p50_ms") or {}).get("neighbourhood_d1"),
                       "errors": results.errors})
        shutil.rmtree(workdir / f"store-{args.seed}-{size}", ignore_errors=True)
    return rows


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
            results.data["scaling"] = scaling(args, workdir)
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
