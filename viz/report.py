"""One concept's report bundle: the views and a summary an author can cite from.

:func:`bundle` returns the files as bytes — ``view.html`` (offline), ``view.svg``,
``view.png``, ``summary.md`` and ``summary.html`` — and the edge writes them to a folder
(``safetykg report``) or zips them (``GET /api/concepts/{key}/report.zip``).

The summary needs more than the networkx projection holds (definition, components,
mentions per level and year, quotable sentences), so it reads the store through the
named queries of :mod:`graph.queries` (the ones the concept pages use), so a report
counts exactly what the pages count (reposts once).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field

import networkx as nx
from pyoxigraph import NamedNode

from graph import evidence as evidence_pages, queries
from graph.iris import Iris
from graph.store import Store
from viz.errors import NotFoundError
from viz.html import html_view, templates
from viz.picture import Size, png_bytes, svg_bytes
from viz.style import LEVEL_LABELS, palette_kind, style_for
from viz.subgraph import cap, neighbourhood

EXISTS = queries.PREFIXES + """
ASK WHERE { { ?concept ?p ?o } UNION { ?s skg:mentions ?concept } }"""
"""Cheaper than the concept page's query: is there anything to draw at all?"""

QUOTES = 5
EVIDENCE_POOL = 100
"""Sentences read to choose the five quotes from (spread over documents)."""
TOP_RELATED = 10
QUOTE_LENGTH = 240


@dataclass(frozen=True)
class Quote:
    """A sentence that names the concept, with what a footnote cites."""

    text: str
    document: str
    title: str
    date: str | None = None
    place: str | None = None
    source: str | None = None

    def citation(self) -> str:
        """Footnote text: 《title》，place，date。

        >>> Quote("…", "d", "关于加强安全生产的通知", "2021-03-01", "山东省").citation()
        '《关于加强安全生产的通知》，山东省，2021-03-01。'
        """
        parts = [f"《{self.title}》"] + [p for p in (self.place, self.date) if p]
        return "，".join(parts) + "。"


@dataclass
class Summary:
    """Everything the summary pages show, read once from the store."""

    key: str
    label: str
    kind: str
    definition: str | None = None
    source: str | None = None
    components: list[str] = field(default_factory=list)
    relations: list[tuple[str, str]] = field(default_factory=list)
    related: list[tuple[str, str, float]] = field(default_factory=list)
    by_level: list[tuple[str, int, int]] = field(default_factory=list)
    by_year: list[tuple[str, int, int]] = field(default_factory=list)
    sentences: int = 0
    documents: int = 0
    quotes: list[Quote] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return style_for(self.kind).label_zh

    @property
    def first_year(self) -> str | None:
        years = [y for y, _, _ in self.by_year if y.isdigit()]
        return min(years) if years else None


def concept_exists(store: Store, iris: Iris, key: str) -> bool:
    """Whether the store says anything about the concept, or any sentence names it.

    A key that cannot become an IRI (a code point RFC 3987 forbids) names nothing.
    """
    try:
        concept = NamedNode(iris.concept(key))
    except ValueError:
        return False
    return bool(store.query(EXISTS, bindings={"concept": concept}))


def summarise(store: Store, iris: Iris, key: str, graph: nx.Graph | None = None) -> Summary:
    """The summary of one concept; ``graph`` is its neighbourhood when already built.

    :raises NotFoundError: when the store knows nothing of the concept.
    """
    facts = queries.concept(store, iris, key) if concept_exists(store, iris, key) else None
    if facts is None:
        raise NotFoundError(f"no concept {key!r} in the store {store.location}")
    summary = Summary(key=key, label=facts.get("label") or key, kind=palette_kind(facts.get("kind")),
                      definition=facts.get("definition"), source=facts.get("source"))
    summary.components = [c["text"] for c in facts.get("components", [])]
    summary.relations = [(relation, item.get("label") or item.get("key", ""))
                         for relation in ("broader", "narrower", "related")
                         for item in facts.get(relation, [])]
    _counts(summary, facts.get("counts", {}).get("cells", []), _level_names(store, iris))
    evidence = evidence_pages.evidence(store, iris, key, size=EVIDENCE_POOL)
    summary.quotes = _quotes(evidence.get("items", []))
    if graph is None:
        graph = neighbourhood(store, iris, key, limit=TOP_RELATED * 3)
    summary.related = _related(graph)
    return summary


def _level_names(store: Store, iris: Iris) -> dict[str, tuple[int, str]]:
    """Level key → (order, Chinese label), from the store, else the palette's labels."""
    names = {key: (i, label) for i, (key, label) in enumerate(LEVEL_LABELS.items(), start=1)}
    for level in queries.levels(store, iris):
        names[level["key"]] = (int(level.get("order") or 99), level.get("label") or level["key"])
    return names


def _counts(summary: Summary, cells: list[dict], level_names: dict[str, tuple[int, str]]) -> None:
    levels: dict[str, list] = {}
    years: dict[str, list] = {}
    for cell in cells:
        rank, name = level_names.get(cell.get("level") or "", (99, cell.get("level") or "未注明层级"))
        year = str(cell["year"]) if cell.get("year") is not None else ""
        sentences, documents = int(cell.get("sentences") or 0), int(cell.get("documents") or 0)
        for table, key, order in ((levels, name, rank), (years, year, 0)):
            entry = table.setdefault(key, [order, 0, 0])
            entry[1] += sentences
            entry[2] += documents
    summary.by_level = [(name, s, d) for name, (_, s, d) in
                        sorted(levels.items(), key=lambda kv: (kv[1][0], kv[0]))]
    summary.by_year = [(year or "未注明年份", s, d) for year, (_, s, d) in
                       sorted(years.items(), key=lambda kv: (kv[0] == "", kv[0]))]
    summary.sentences = sum(s for _, s, _ in summary.by_level)
    summary.documents = sum(d for _, _, d in summary.by_level)


def _quotes(items: list[dict]) -> list[Quote]:
    """Up to five quotes, one per document first (newest documents first), then more."""
    per_doc: dict[str, list[Quote]] = OrderedDict()
    for item in items:
        doc = item.get("document_iri") or item.get("document") or ""
        per_doc.setdefault(doc, []).append(Quote(
            text=_shorten(" ".join(str(item.get("text", "")).split()), QUOTE_LENGTH), document=doc,
            title=item.get("title") or item.get("document") or doc,
            date=item.get("date"), place=item.get("place")))
    quotes: list[Quote] = []
    round_ = 0
    while len(quotes) < QUOTES and any(len(q) > round_ for q in per_doc.values()):
        quotes += [q[round_] for q in per_doc.values() if len(q) > round_][:QUOTES - len(quotes)]
        round_ += 1
    return quotes


def _related(graph: nx.Graph) -> list[tuple[str, str, float]]:
    """The heaviest neighbours of the centre that are not documents."""
    centre = graph.graph.get("centre")
    out = []
    for other in graph.neighbors(centre) if centre in graph else ():
        data = graph.nodes[other]
        if palette_kind(data.get("kind")) == "document":
            continue
        weight = float(graph.edges[centre, other].get("weight", 0) or 0)
        out.append((str(data.get("label") or other), style_for(data.get("kind")).label_zh, weight))
    out.sort(key=lambda item: (-item[2], item[0]))
    return out[:TOP_RELATED]


def summary_markdown(summary: Summary) -> str:
    """The summary as Markdown; stored text is escaped so it stays text."""
    e = md_escape
    lines = [f"# {e(summary.label)}", "", f"类型：{summary.kind_label}", ""]
    lines += ["## 定义", "", e(summary.definition) if summary.definition else "（词表未给出定义）"]
    if summary.source:
        lines += ["", f"来源：{e(summary.source)}"]
    if summary.components:
        lines += ["", "## 组成", ""] + [f"{i}. {e(c)}" for i, c in enumerate(summary.components, 1)]
    if summary.relations:
        lines += ["", "## 概念关系", ""]
        lines += [f"- {RELATION_NAMES.get(r, r)}：{e(label)}" for r, label in summary.relations]
    lines += ["", "## 相关概念（按共现句数）", ""]
    if summary.related:
        lines += ["| 概念 | 类型 | 共现句数 |", "| --- | --- | ---: |"]
        lines += [f"| {e(label)} | {kind} | {weight:g} |" for label, kind, weight in summary.related]
    else:
        lines.append("（无）")
    lines += ["", "## 提及统计", "", _totals(summary), "", "### 按层级", "",
              "| 层级 | 句数 | 文件数 |", "| --- | ---: | ---: |"]
    lines += [f"| {e(name)} | {s} | {d} |" for name, s, d in summary.by_level]
    lines += ["", "### 按年份", "", "| 年份 | 句数 | 文件数 |", "| --- | ---: | ---: |"]
    lines += [f"| {e(year)} | {s} | {d} |" for year, s, d in summary.by_year]
    lines += ["", "## 引文", ""]
    for i, quote in enumerate(summary.quotes, 1):
        lines += [f"> “{e(quote.text)}”[^{i}]", ""]
    if not summary.quotes:
        lines += ["（无）", ""]
    lines += [f"[^{i}]: {e(quote.citation())}" for i, quote in enumerate(summary.quotes, 1)]
    return "\n".join(lines).rstrip() + "\n"


def summary_html(summary: Summary) -> str:
    """The summary as one HTML page (autoescaped; the picture is the bundle's view.svg)."""
    return templates().get_template("summary.html.j2").render(
        s=summary, totals=_totals(summary), relation_names=RELATION_NAMES)


RELATION_NAMES = {"broader": "上位概念", "narrower": "下位概念", "related": "相关概念"}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def md_escape(text: str) -> str:
    """Stored text as inert Markdown: HTML escaped, Markdown punctuation backslashed.

    >>> md_escape("<img src=x onerror=alert(1)> [a](javascript:x) | *b*")
    '&lt;img src=x onerror=alert(1)&gt; \\\\[a\\\\](javascript:x) \\\\| \\\\*b\\\\*'
    """
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _totals(summary: Summary) -> str:
    first = f"，最早见于 {summary.first_year} 年" if summary.first_year else ""
    return f"共 {summary.sentences} 句、{summary.documents} 篇文件提及{first}。"


def bundle(store: Store, iris: Iris, key: str, *, limit: int = 50,
           size: Size = Size()) -> dict[str, bytes]:
    """Every file of the report, name → bytes.

    :raises NotFoundError: when the store knows nothing of the concept.
    """
    if not concept_exists(store, iris, key):
        raise NotFoundError(f"no concept {key!r} in the store {store.location}")
    graph = cap(neighbourhood(store, iris, key, limit=limit))
    summary = summarise(store, iris, key, graph)
    title = summary.label
    return {
        "view.html": html_view(graph, title=title).encode("utf-8"),
        "view.svg": svg_bytes(graph, title=title, size=size),
        "view.png": png_bytes(graph, title=title, size=size),
        "summary.md": summary_markdown(summary).encode("utf-8"),
        "summary.html": summary_html(summary).encode("utf-8"),
    }


def zip_bytes(files: dict[str, bytes], *, folder: str = "") -> bytes:
    """The files as one ZIP (fixed timestamps, so the same report zips the same)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}" if folder else name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _key(iris: Iris, iri: str) -> str:
    parsed = iris.parse(iri)
    return parsed[1] if parsed else iri


def _value(row, name: str) -> str | None:
    if row is None:
        return None
    try:
        term = row[name]
    except (KeyError, IndexError, TypeError):
        return None
    return None if term is None else term.value


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

