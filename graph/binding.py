"""Binding values into our named queries, the same way for every engine.

A value is written as an escaped N-Triples term (pyoxigraph's own serialisation) inside
a ``VALUES`` block at the start of the query's outermost group. pyoxigraph's
``substitutions`` would need each variable in the SELECT projection (SEP-0007), and
remote servers have no binding API at all; one mechanism for both keeps them equal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from graph.errors import QueryError

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_WHERE_BRACE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) }`` at the start of the outermost WHERE group.

    >>> bind_values('SELECT * WHERE { ?s ?p ?o }', {"o": ox.Literal('x" } DROP ALL')})
    'SELECT * WHERE { VALUES (?o) { ("x\\\\" } DROP ALL") } ?s ?p ?o }'
    """
    if not bindings:
        return sparql
    match = _WHERE_BRACE.search(sparql) or re.search(r"\{", sparql)
    if match is None:
        raise QueryError("cannot bind values: the query has no group pattern")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    return sparql[:match.end()] + block + sparql[match.end():]


