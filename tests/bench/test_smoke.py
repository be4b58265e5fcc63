"""The benchmark keeps working: a 30-document quick run writes every figure's key.

Speed is never asserted here; figures may be ``None`` (with a reason) while a piece of
the product is still missing, but the keys, the table and the reasons must be there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = (
    "docs", "chars", "triples", "store_bytes", "ingest_s", "jieba_s", "ingest_vs_jieba",
    "ingest_2w_speedup", "cold_start_s", "rss_mb", "inproc_p50_ms", "api_p50_ms", "api_p95_ms",
    "healthz_p50_ms", "api_vs_floor_p50", "sparql_qps", "sparql_vs_rdflib_endpoint",
    "sparql_latency_vs_oxigraph", "viz_s", "clean_segment_chars_per_s", "extract_chars_per_s",
    "jieba_chars_per_s", "sparql_safetykg_cache_hits", "sparql_vs_rdflib_endpoint_uncached",
    "sparql_latency_vs_oxigraph_uncached",
)
ROUTES = ("search", "neighbourhood_d1", "neighbourhood_d2", "evidence", "diffusion")


REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bench-work")


@pytest.fixture(scope="module")
def bench_run(workdir: Path) -> tuple[dict, str]:
    out = workdir / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--docs", "30", "--quick", "--workdir", str(workdir),
         "--json", str(out)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


@pytest.mark.slow
def test_a_server_on_a_copy_of_the_store_is_measured_as_its_sole_writer(bench_run, workdir):
    """``--store URL --reuse-store --remote-sole-writer``: an ``oxigraph serve`` started
    on a copy of the store the run above built is measured without writing it again, and
    the server keeps its indexes and result cache."""
    import shutil

    from bench.harness import Server, free_port, venv_tool

    copy = workdir / "served"
    shutil.copytree(workdir / "store-0-30", copy)
    port = free_port()
    argv = [venv_tool("oxigraph"), "serve", "--location", str(copy), "--bind", f"127.0.0.1:{port}"]
    out = workdir / "remote.json"
    with Server("oxigraph serve", argv, port, "/query?query=ASK%7B%7D", timeout=20.0) as server:
        done = subprocess.run(
            [sys.executable, "-m", "bench", "--docs", "30", "--quick", "--workdir", str(workdir),
             "--store", server.url + "/query", "--reuse-store", "--remote-sole-writer",
             "--json", str(out)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    built, _ = bench_run
    assert data["store_reused"] and data["remote_sole_writer"] is True
    assert data["docs"] == built["docs"] and data["triples"] == built["triples"]
    assert data["sparql_safetykg_cache_hits"] > 0  # the remote server's answers were cached
    assert isinstance(data["sparql_qps"]["safetykg_uncached"], float)
    assert all(isinstance(data["api_p50_ms"][route], float) for route in ROUTES)


@pytest.mark.slow
@pytest.mark.parametrize("key", KEYS)
def test_key_present(bench_run, key):
    data, _ = bench_run
    assert key in data


@pytest.mark.slow
@pytest.mark.parametrize("key", KEYS)
def test_missing_figure_has_a_reason(bench_run, key):
    data, _ = bench_run
    if data[key] is None:
        assert data["errors"].get(key), f"{key} is null without a reason"


@pytest.mark.slow
@pytest.mark.parametrize("key", ("api_p50_ms", "api_p95_ms", "inproc_p50_ms"))
def test_every_route_reported(bench_run, key):
    data, _ = bench_run
    if data[key] is not None:
        assert set(ROUTES) <= set(data[key])


@pytest.mark.slow
def test_ingest_measured(bench_run):
    data, _ = bench_run
    assert data["docs"] >= 30 - data["ingest_failed_files"]
    assert data["chars"] > 30 * 500
    assert data["jieba_s"] > 0


@pytest.mark.slow
def test_table_printed(bench_run):
    _, stdout = bench_run
    assert "ingest ÷ jieba" in stdout
    assert "SPARQL mix" in stdout


@pytest.mark.slow
@pytest.mark.parametrize("key", ("sparql_safetykg_cache_hits", "sparql_vs_rdflib_endpoint",
                                 "sparql_latency_vs_oxigraph", "sparql_vs_rdflib_endpoint_uncached",
                                 "sparql_latency_vs_oxigraph_uncached"))
def test_sparql_figures_with_and_without_the_cache_are_numbers(bench_run, key):
    data, _ = bench_run
    assert isinstance(data[key], (int, float)), data["errors"].get(key)


@pytest.mark.slow
def test_both_safetykg_rows_were_timed(bench_run):
    data, _ = bench_run
    for server in ("safetykg", "safetykg_uncached"):
        assert data["sparql_qps"][server] > 0, data["errors"].get(f"sparql_qps.{server}")
        assert data["sparql_p50_ms"][server] > 0


@pytest.mark.slow
def test_the_shipped_server_answered_from_its_cache(bench_run):
    data, _ = bench_run
    assert data["sparql_safetykg_cache_headers"] > 0
    assert 0 < data["sparql_safetykg_cache_hits"] <= 1


@pytest.mark.slow
def test_the_uncached_server_had_no_cache(bench_run):
    """No answer of the second server carried SafetyKG-Cache: the setting reached it."""
    data, _ = bench_run
    assert data["sparql_safetykg_uncached_cache_headers"] == 0
    assert data["sparql_safetykg_uncached_failed"] == 0


@pytest.mark.slow
def test_table_shows_both_sparql_figures(bench_run):
    _, stdout = bench_run
    lines = stdout.splitlines()
    for label in ("SPARQL qps ÷ rdflib-endpoint", "SPARQL p50 ÷ oxigraph server"):
        shipped = [line for line in lines if line.startswith(label + " ")]
        uncached = [line for line in lines if line.startswith(label + ", no result cache")]
        assert len(shipped) == len(uncached) == 1, stdout
        assert "met" in shipped[0] and "met" in uncached[0]
    assert any(line.startswith("safetykg_uncached ") for line in lines)
    assert "SPARQL answers from the result cache" in stdout
