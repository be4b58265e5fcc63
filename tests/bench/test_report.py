"""The printed table shows safetykg's SPARQL figures with and without its result cache,
each against the same target, and says nothing of an uncached row a run did not make."""

from __future__ import annotations

from bench.report import table

SHIPPED = {"sparql_qps": {"safetykg": 300.0, "safetykg_uncached": 20.0, "rdflib_endpoint": 15.0,
                          "oxigraph": 25.0},
           "sparql_p50_ms": {"safetykg": 2.0, "safetykg_uncached": 60.0, "rdflib_endpoint": 70.0,
                             "oxigraph": 30.0},
           "sparql_p95_ms": {}, "sparql_clients": 4, "sparql_safetykg_cache_hits": 0.98,
           "sparql_vs_rdflib_endpoint": 20.0, "sparql_latency_vs_oxigraph": 0.07,
           "sparql_vs_rdflib_endpoint_uncached": 1.33, "sparql_latency_vs_oxigraph_uncached": 2.0}


def _line(text: str, start: str) -> str:
    found = [line for line in text.splitlines() if line.startswith(start)]
    assert len(found) == 1, text
    return found[0]


def test_the_cached_figure_can_meet_a_target_the_uncached_one_misses():
    text = table(SHIPPED, {})
    assert _line(text, "SPARQL qps ÷ rdflib-endpoint ").endswith(">= 10  met")
    assert _line(text, "SPARQL qps ÷ rdflib-endpoint, no result cache").endswith(">= 10  NOT met")
    assert _line(text, "SPARQL p50 ÷ oxigraph server ").endswith("<= 1.5  met")
    assert _line(text, "SPARQL p50 ÷ oxigraph server, no result cache").endswith("<= 1.5  NOT met")
    assert "98% of its answers came from the result cache" in text
    assert _line(text, "safetykg_uncached ").split()[1:3] == ["20.0", "60.0"]


def test_a_remote_store_says_why_there_is_no_uncached_row():
    reason = "a remote store is not cached"
    data = {**SHIPPED, "sparql_qps": {"safetykg": 30.0, "oxigraph": 25.0},
            "sparql_vs_rdflib_endpoint_uncached": None, "sparql_latency_vs_oxigraph_uncached": None,
            "sparql_safetykg_cache_hits": None}
    text = table(data, {"sparql_qps.safetykg_uncached": reason, "sparql_vs_rdflib_endpoint_uncached": reason,
                        "sparql_latency_vs_oxigraph_uncached": reason})
    assert reason in _line(text, "safetykg_uncached ")
    assert reason in _line(text, "SPARQL qps ÷ rdflib-endpoint, no result cache")
    assert "from the result cache" not in text.split("SPARQL mix")[1]


def test_a_run_from_before_the_uncached_row_prints_no_such_row():
    data = {k: v for k, v in SHIPPED.items() if "uncached" not in k}
    data["sparql_qps"] = {k: v for k, v in SHIPPED["sparql_qps"].items() if k != "safetykg_uncached"}
    assert "safetykg_uncached" not in table(data, {})
