"""Dumping a store to a file and loading one back.

Formats by file extension: ``.trig``, ``.nq`` (the whole dataset, graphs kept),
``.jsonld`` (the dataset as JSON-LD named graphs), ``.ttl``, ``.nt`` and ``.rdf``
(RDF/XML; one graph: the triples of every graph merged — which document said what is
lost), and ``.graphml`` (the entity network for Gephi or yEd: resources as nodes, links
between them as edges, each document linked to what its sentences mention; sentences
and spans left out). Only the RDF formats can be imported; ``.trig`` or ``.nq``
round-trip exactly.

``scheme_quads`` is the lexicon alone (the concept scheme and the levels): what
``safetykg export --scheme`` writes for Skosmos or Protégé.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError
from graph.iris import Iris
from graph.safe_parse import parse_file
from graph.store import Store
from graph.vocab import NIF, SKG

PREFIXES = {
    "skg": str(SKG._NS),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "nif": str(NIF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
}
"""RDF formats by extension; ``.graphml`` is handled apart (export only)."""

_LABELS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension.

    >>> rdf_format(Path("dump.trig")).name
    'TriG'

    :raises StoreError: for an extension safetykg does not read or write as RDF.
    """
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise StoreError(f"{path}: unknown RDF format {path.suffix!r} "
                         f"(use one of {', '.join(FORMATS)})") from None


def export(store: Store, path: Path, *, scheme_only: bool = False, iris: Iris | None = None) -> int:
    """Write the store (or only its lexicon) to ``path``; returns the statements written."""
    quads = list(scheme_quads(store) if scheme_only else store.quads())
    if path.suffix.lower() == ".graphml":
        return write_graphml(quads, path, iris or Iris())
    fmt = rdf_format(path)
    if fmt.supports_datasets:
        data: Iterable = quads
    else:
        data = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    with path.open("wb") as out:
        ox.serialize(data, out, format=fmt,
                     **({"prefixes": PREFIXES} if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE) else {}))
    return len(data) if isinstance(data, list) else len(quads)


def scheme_quads(store: Store) -> list[ox.Quad]:
    """The default graph: the SKOS concept scheme and the levels."""
    return list(store.quads(""))


def import_file(store: Store, path: Path) -> int:
    """Load ``path`` into the store; every named graph it holds replaces the stored one.

    Default-graph triples are added to the default graph. The file is parsed whole, in
    a child process with a memory cap (:mod:`graph.safe_parse`: XML with DTDs and
    JSON-LD with remote contexts are refused), before anything is written; then every
    graph is replaced in one transaction, so a file that fails changes nothing.

    :raises StoreError: naming the file when it cannot be read, parsed or is refused.
    """
    fmt = rdf_format(path)
    quads = parse_file(path, fmt)
    graphs = dict.fromkeys(q.graph_name.value for q in quads
                           if not isinstance(q.graph_name, ox.DefaultGraph))
    if quads:
        store.write(drop=graphs, insert=quads)
    return len(quads)


def write_graphml(quads: list[ox.Quad], path: Path, iris: Iris) -> int:
    """The entity network as GraphML; returns the number of edges."""
    import networkx as nx

    g = nx.MultiDiGraph()
    labels: dict[str, str] = {}
    mentions: Counter[tuple[str, str]] = Counter()
    for q in quads:
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if isinstance(o, ox.Literal):
            if p in _LABELS and (s.value not in labels or o.language == "zh-hans"):
                labels[s.value] = o.value
            continue
        if p == str(SKG.mentions) and isinstance(q.graph_name, ox.NamedNode):
            mentions[(q.graph_name.value, o.value)] += 1
        elif p != _TYPE and _is_entity(s.value) and _is_entity(o.value):
            g.add_edge(s.value, o.value, key=p, predicate=p)
    for (doc, entity), weight in mentions.items():
        g.add_edge(doc, entity, key=str(SKG.mentions), predicate=str(SKG.mentions), weight=weight)
    for node in g.nodes:
        parsed = iris.parse(node)
        g.nodes[node]["kind"] = parsed[0] if parsed else "resource"
        g.nodes[node]["label"] = labels.get(node) or (parsed[1] if parsed else node)
    nx.write_graphml(g, path)
    return g.number_of_edges()


def _is_entity(iri: str) -> bool:
    """Resources that stand alone (not sentences, spans or runs inside a document)."""
    return "#" not in iri
