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
    "jieba_chars_per_s",
)
ROUTES = ("search", "neighbourhood_d1", "neighbourhood_d2", "evidence", "diffusion")


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory) -> tuple[dict, str]:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--docs", "30", "--quick", "--json", str(out)],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8")), done.stdout


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
