"""Validating graphs against ``graph/shapes.ttl`` with pyshacl, violations in plain words.

A document graph is validated together with the default graph (the lexicon and levels
it refers to). The shapes hold for any union of document graphs, so a whole store is
validated in batches of graphs rather than one pyshacl run per document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import SH

from graph.store import Store

SHAPES = Path(__file__).with_name("shapes.ttl")


@dataclass(frozen=True, slots=True)
class Violation:
    """One thing wrong with a graph: what, where, and the offending value."""

    focus: str
    message: str
    path: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        """Plain words: ``<focus>: <message> (found: <value>)``.

        >>> str(Violation("id/document/a", "a document needs a title", value=None))
        'id/document/a: a document needs a title'
        """
        found = f" (found: {self.value})" if self.value is not None else ""
        return f"{self.focus}: {self.message}{found}"


@cache
def shapes_graph() -> rdflib.Graph:
    """The shapes, parsed once per process."""
    return rdflib.Graph().parse(SHAPES, format="turtle")


def to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """Quads merged into one rdflib graph (through N-Triples, which is fast both ways)."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    graph = rdflib.Graph()
    if triples:
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def validate(quads: Iterable[ox.Quad], *, shorten: Callable[[str], str] = str) -> list[Violation]:
    """The violations of ``quads`` (merged into one graph), sorted; empty when valid.

    >>> validate([ox.Quad(ox.NamedNode("http://x/d"),
    ...           ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ...           ox.NamedNode("https://w3id.org/safetykg/ontology#Level"))])[0].message
    'a level needs exactly one order from 1 (national) to 6 (village) (skg:order)'
    """
    from pyshacl import validate as run_pyshacl

    conforms, results, _ = run_pyshacl(to_rdflib(quads), shacl_graph=shapes_graph(),
                                       inference="none", advanced=False)
    if conforms:
        return []
    return sorted(_violations(results, shorten), key=lambda v: (v.focus, v.message, v.value or ""))


def _violations(results: rdflib.Graph, shorten: Callable[[str], str]) -> Iterable[Violation]:
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        yield Violation(
            focus=shorten(str(focus)),
            message=str(message) if message is not None else "does not conform to its shape",
            path=str(path) if path is not None else None,
            value=_show(value, shorten) if value is not None and value != focus else None,
        )


def _show(term: rdflib.term.Node, shorten: Callable[[str], str]) -> str:
    if isinstance(term, rdflib.Literal):
        kind = f"@{term.language}" if term.language else (
            f"^^{term.datatype.rsplit('#', 1)[-1]}" if term.datatype else "")
        return f'"{term}"{kind}'
    return shorten(str(term))


def validate_store(store: Store, *, batch: int = 50,
                   shorten: Callable[[str], str] = str,
                   progress: Callable[[int, int], None] | None = None) -> list[Violation]:
    """Every named graph, ``batch`` at a time, each batch with the default graph."""
    default = list(store.quads(""))
    graphs = store.graphs()
    found: list[Violation] = []
    if not graphs:
        found += validate(default, shorten=shorten)
    for start in range(0, len(graphs), batch):
        quads = list(default)
        for graph in graphs[start:start + batch]:
            quads += store.quads(graph)
        found += validate(quads, shorten=shorten)
        if progress:
            progress(min(start + batch, len(graphs)), len(graphs))
    return sorted(set(found), key=lambda v: (v.focus, v.message, v.value or ""))
