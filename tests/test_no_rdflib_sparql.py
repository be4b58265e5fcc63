"""rdflib's SPARQL engine is never given a query in the product, and its injectable update
call is never used anywhere in our code.

rdflib reads local files and fetches URLs from inside queries (``FROM <file:…>``,
``FROM <http:…>``, ``SERVICE``), and ``SPARQLUpdateStore.update(…, initBindings=…)``
splices values back into the text with ``re.sub``, undoing their escaping. safetykg runs
every SPARQL query on pyoxigraph (behind :mod:`api.sparql_guard` and the worker pool);
rdflib is used for parsing, modelling and SHACL only. Were that to change, the rdflib
backend would need ``SPARQL_LOAD_GRAPHS = False`` and a ``CUSTOM_EVALS`` hook refusing
``ServiceGraphPattern`` first; these tests fail so that the change is not made silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PRODUCT = ("ingest", "graph", "api", "viz", "bench")
OURS = (*PRODUCT, "tests")

FORBIDDEN_IMPORTS = ("rdflib.plugins.sparql", "rdflib.plugins.stores.sparqlstore",
                     "rdflib.plugins.stores.sparqlconnector", "oxrdflib", "rdflib_endpoint")
FORBIDDEN_NAMES = ("SPARQLStore", "SPARQLUpdateStore", "prepareQuery", "prepareUpdate",
                   "processUpdate", "Dataset", "ConjunctiveGraph")
RDFLIB_QUERY_CALLS = ("query", "update")


def _sources(packages: tuple[str, ...]) -> list[Path]:
    return sorted(p for package in packages for p in (REPO / package).rglob("*.py")
                  if ".venv" not in p.parts)


def rdflib_sparql_uses(source: str) -> list[str]:
    """Where ``source`` hands SPARQL to rdflib (or could): imports of its SPARQL engine
    or stores, and ``.query(``/``.update(`` calls in a module that imports rdflib.

    >>> rdflib_sparql_uses("import rdflib\\nrdflib.Graph().query('SELECT * {}')")
    ['line 2: .query( in a module that imports rdflib']
    >>> rdflib_sparql_uses("import pyoxigraph\\npyoxigraph.Store().query('ASK {}')")
    []
    """
    tree = ast.parse(source)
    found, imports_rdflib = [], False
    for node in ast.walk(tree):
        modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                   else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        for module in modules:
            imports_rdflib |= module.split(".")[0] in ("rdflib", "oxrdflib")
            if module.startswith(FORBIDDEN_IMPORTS):
                found.append(f"line {node.lineno}: imports {module}")
        if isinstance(node, ast.ImportFrom):
            found += [f"line {node.lineno}: imports {a.name}" for a in node.names
                      if a.name in FORBIDDEN_NAMES and (node.module or "").startswith("rdflib")]
    if imports_rdflib:
        found += [f"line {node.lineno}: uses {node.attr}" for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_NAMES]
        found += [f"line {node.lineno}: .{node.func.attr}( in a module that imports rdflib"
                  for node in ast.walk(tree) if isinstance(node, ast.Call)
                  and isinstance(node.func, ast.Attribute) and node.func.attr in RDFLIB_QUERY_CALLS]
    return found


def injectable_updates(source: str) -> list[str]:
    """Calls of ``….update(…, initBindings=…)`` (rdflib's injectable form).

    >>> injectable_updates("store.update(q, initBindings={'x': v})")
    ['line 1: update(..., initBindings=...)']
    >>> injectable_updates("store.update(q)")
    []
    """
    return [f"line {node.lineno}: update(..., initBindings=...)"
            for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Attribute, ast.Name))
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "update"
            and any(k.arg == "initBindings" for k in node.keywords)]


@pytest.mark.parametrize("path", _sources(PRODUCT), ids=lambda p: str(p.relative_to(REPO)))
def test_the_product_never_runs_sparql_through_rdflib(path):
    assert rdflib_sparql_uses(path.read_text(encoding="utf-8")) == [], (
        f"{path.relative_to(REPO)} hands SPARQL to rdflib: set SPARQL_LOAD_GRAPHS = False and "
        f"install a CUSTOM_EVALS hook refusing SERVICE before doing so (RELIABILITY.md, 3)")


@pytest.mark.parametrize("path", _sources(OURS), ids=lambda p: str(p.relative_to(REPO)))
def test_no_code_of_ours_uses_rdflib_update_with_init_bindings(path):
    assert injectable_updates(path.read_text(encoding="utf-8")) == []


def test_the_scan_covers_the_modules_that_import_rdflib():
    """The scan is not vacuous: it reads the modules that do import rdflib."""
    scanned = {p.relative_to(REPO).as_posix() for p in _sources(PRODUCT)}
    assert {"graph/shacl.py", "graph/vocab.py"} <= scanned


def test_the_shapes_sparql_that_pyshacl_runs_through_rdflib_cannot_fetch():
    """pyshacl runs the SPARQL constraints of graph/shapes.ttl on rdflib's engine: that
    text is ours, never a user's, and must name nothing to fetch or read."""
    import re

    import rdflib
    from rdflib.namespace import SH

    shapes = rdflib.Graph().parse(REPO / "graph" / "shapes.ttl", format="turtle")
    texts = [str(o) for p in (SH.select, SH.ask, SH.construct, SH.update)
             for o in shapes.objects(None, p)]
    assert texts, "no SPARQL constraint found: the scan is vacuous"
    for text in texts:
        assert not re.search(r"\b(SERVICE|FROM|LOAD)\b", text, re.I), text
