"""The runner's own logic, fast: the corpus grows in place, the build writes every file,
the scaling verdict reads the growth right. (The whole run is tests/bench/test_smoke.py.)"""

from __future__ import annotations

import pytest

from bench.__main__ import growth
from bench.corpus import ensure_corpus, make_file


def test_corpus_grows_in_place_and_file_i_never_changes(tmp_path):
    small, _ = ensure_corpus(tmp_path, 3, seed=5)
    first = [p.read_bytes() for p in small]
    larger, noise = ensure_corpus(tmp_path, 5, seed=5)
    assert [p.name for p in larger[:3]] == [p.name for p in small]
    assert [p.read_bytes() for p in larger[:3]] == first
    assert larger[4].read_bytes() == make_file(4, seed=5).data
    expected: dict[str, int] = {}
    for i in range(5):
        for kind in make_file(i, seed=5).noise:
            expected[kind] = expected.get(kind, 0) + 1
    assert noise == expected
    assert len(list(tmp_path.glob("*.txt"))) == 5


def test_a_smaller_run_uses_the_first_files_only(tmp_path):
    ensure_corpus(tmp_path, 4, seed=1)
    files, _ = ensure_corpus(tmp_path, 2, seed=1)
    assert [p.name for p in files] == sorted(p.name for p in tmp_path.glob("*.txt"))[:2]


def _row(files: int, write_ms: float, api_ms: float) -> dict:
    return {"docs_requested": files, "triples": 4000 * files, "store_bytes": 10**6 * files,
            "ingest_ms_per_doc": 40.0, "write_ms_per_doc": write_ms, "cold_start_s": 1.0,
            "rss_mb": 300.0, "inproc_p50_ms": {"search": 1.0}, "api_p50_ms": {"neighbourhood_d1": api_ms}}


def test_flat_per_document_costs_are_linear():
    verdict = growth([_row(1000, 50.0, 3.0), _row(10_000, 52.0, 3.5)])
    assert verdict["superlinear"] == []


def test_a_growing_per_document_cost_is_superlinear():
    verdict = growth([_row(1000, 50.0, 3.0), _row(10_000, 150.0, 3.0)])
    assert verdict["superlinear"] == ["write_ms_per_doc"]


def test_a_request_growing_faster_than_the_corpus_is_flagged():
    verdict = growth([_row(1000, 50.0, 3.0), _row(10_000, 50.0, 300.0)])
    assert verdict["superlinear"] == ["api_p50_ms.neighbourhood_d1"]


@pytest.mark.parametrize("rows", [[], [_row(1000, 1.0, 1.0)],
                                  [_row(1000, 1.0, 1.0), {"docs_requested": 9, "skipped": "disk"}]])
def test_fewer_than_two_sizes_give_no_verdict(rows):
    assert "note" in growth(rows)
