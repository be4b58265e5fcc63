"""SPARQL results as bytes in the format a client asked for, cut at the row cap.

Content negotiation is kept as data (media type → format), as rdflib-endpoint does.
SELECT results are written here rather than by pyoxigraph's serializer so that they can
stop at the row cap and say so: in the body where the format has room for it (JSON: a
``truncated`` member and a ``link`` in ``head``; XML: a ``<link>`` in ``head``; Turtle and
TriG: a comment) and always in the ``SafetyKG-Truncated`` response header. A response is
never cut after it has started.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

TRUNCATED_LINK = "urn:safetykg:truncated"
"""The ``link`` a truncated result carries in its head (JSON and XML)."""

RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
"""Media types accepted for SELECT and ASK, and the result format each means."""
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}

GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
}
"""Media types accepted for CONSTRUCT and DESCRIBE, and the RDF format each means."""
GRAPH_MEDIA = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
               "rdfxml": "application/rdf+xml", "trig": "application/trig"}
_RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
                "trig": ox.RdfFormat.TRIG}


def parse_accept(header: str | None) -> list[str]:
    """Media types of an ``Accept`` header, best first (q=0 dropped).

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    ['application/sparql-results+json', 'text/csv']
    """
    if not header:
        return ["*/*"]
    ranked = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: list[str], *, triples: bool) -> str | None:
    """The format to answer in (``json``, ``ttl`` …), or ``None`` when nothing fits (406).

    >>> negotiate(["text/html", "text/*"], triples=True)
    'ttl'
    >>> negotiate(["image/png"], triples=False) is None
    True
    """
    table, default = (GRAPH_TYPES, "ttl") if triples else (RESULT_TYPES, "json")
    for media in accept:
        if media in table:
            return table[media]
        if media == "*/*":
            return default
        family = media.split("/")[0] + "/"
        if media.endswith("/*"):
            for known, fmt in table.items():
                if known.startswith(family):
                    return fmt
    return None


def media_type(fmt: str) -> str:
    return RESULT_MEDIA.get(fmt) or GRAPH_MEDIA[fmt]


@dataclass
class Outcome:
    """A serialized result: its bytes, media type and whether the row cap cut it."""

    body: bytes
    media_type: str
    rows: int
    total: int = 0
    """Rows (or triples) the query produced; more than ``rows`` when cut at the cap."""

    @property
    def truncated(self) -> bool:
        return self.total > self.rows


def serialize(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: str,
              *, max_rows: int) -> Outcome:
    """Write ``result`` in ``fmt``, keeping at most ``max_rows`` rows (or triples)."""
    if isinstance(result, ox.QueryBoolean):
        if fmt not in RESULT_MEDIA:
            fmt = "json"
        body = result.serialize(format=_RESULT_FORMATS[fmt])
        return Outcome(body, RESULT_MEDIA[fmt], 1, 1)
    if isinstance(result, ox.QuerySolutions):
        fmt = fmt if fmt in RESULT_MEDIA else "json"
        names = [v.value for v in result.variables]
        rows, total = _take(result, max_rows)
        return Outcome(_SELECT_WRITERS[fmt](names, rows, total), RESULT_MEDIA[fmt],
                       len(rows), total)
    fmt = fmt if fmt in GRAPH_MEDIA else "ttl"
    triples, total = _take(result, max_rows)
    body = ox.serialize(triples, format=_RDF_FORMATS[fmt]) or b""
    if total > len(triples) and fmt in ("ttl", "trig"):
        body = f"# truncated: the first {len(triples)} of {total} triples\n".encode() + body
    return Outcome(body, GRAPH_MEDIA[fmt], len(triples), total)


_RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                   "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def _take(items, limit: int) -> tuple[list, int]:
    """The first ``limit`` items, and how many there were in all.

    Counting on past the cap is deliberate: the response can then say how much it left
    out, and a result too large to count within the time limit ends as a 503 instead
    of a quick, arbitrary first page of a runaway join.
    """
    taken = []
    total = 0
    for item in items:
        if total < limit:
            taken.append(item)
        total += 1
    return taken, total


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: _json_term(getattr(term, k))
                                            for k in ("subject", "predicate", "object")}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def _write_json(names: list[str], rows: list[ox.QuerySolution], total: int) -> bytes:
    head: dict = {"vars": names}
    truncated = total > len(rows)
    if truncated:
        head["link"] = [TRUNCATED_LINK]
    bindings = [{n: _json_term(row[n]) for n in names if row[n] is not None} for row in rows]
    doc: dict = {"head": head, "results": {"bindings": bindings}}
    if truncated:
        doc["truncated"] = {"rows": len(rows), "total": total}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>"
                        for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _write_xml(names: list[str], rows: list[ox.QuerySolution], total: int) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(n)}/>" for n in names]
    if total > len(rows):
        out.append(f'<link href="{TRUNCATED_LINK}"/>')
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out += [f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>"
                for n in names if row[n] is not None]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


def _write_csv(names: list[str], rows: list[ox.QuerySolution], total: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_csv_value(row[n]) for n in names])
    return buffer.getvalue().encode("utf-8")


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _write_tsv(names: list[str], rows: list[ox.QuerySolution], total: int) -> bytes:
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join("" if row[n] is None else str(row[n]) for n in names) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


_SELECT_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}
