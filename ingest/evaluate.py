"""Scoring extraction against hand-written gold annotations.

The gold format is described in ``tests/data/GOLD.md``. Matching, per document:

- ``concepts``, ``sectors`` and ``formulations`` (names): a gold label matches an
  extracted item when it equals the item's label or any alias (a lexicon concept's
  label and aliases; a campaign's full name, its quoted name with its head, or its
  quoted name alone). Quotation marks and spaces are ignored.
- ``components``: within each matched formulation, in order; a component matches when
  the character-level similarity (``difflib`` ratio) is at least 0.8. Only components
  the text gave count (not those filled in from the lexicon).
- ``incidents``: the type matches, the date matches at the gold's precision when gold
  has one, and the places contain one another when gold has one.
- ``bodies`` and ``people``: by name; the level of a body and the post of a person are
  scored apart as accuracies (a post matches when one ends with the other after an
  organisation: 组长 and 巡查组组长 name the same post, 县长 and 副县长 do not).
- the document's ``date`` at the gold's precision, ``level`` and ``place`` exactly.

A key missing from a gold entry is not scored. Items are paired one to one (a maximum
matching), and counts are micro-averaged over documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ingest.extract.spans import strip_quotes
from ingest.lexicon import Lexicon
from ingest.records import Document

CATEGORIES = ("concepts", "sectors", "formulations", "components", "incidents", "bodies", "people")
ACCURACIES = ("date", "level", "place", "body_level", "post", "severity_by_rule")
COMPONENT_SIMILARITY = 0.8
_NOT_CONCEPT_KINDS = frozenset({"sector", "body_type"})


class GoldError(ValueError):
    """A gold file is unreadable or malformed; the message names the file and the entry."""


@dataclass(slots=True)
class Counts:
    """True positives, extracted items and gold items of one category."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "support": self.gold}


@dataclass(slots=True)
class Tally:
    """Correct answers out of the items an accuracy is measured on."""

    correct: int = 0
    total: int = 0

    def add(self, other: Tally) -> None:
        self.correct += other.correct
        self.total += other.total

    def count(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    @property
    def value(self) -> float | None:
        return round(self.correct / self.total, 4) if self.total else None


@dataclass(slots=True)
class Score:
    """Counts per category and accuracies, for one document or for all."""

    counts: dict[str, Counts] = field(default_factory=lambda: {c: Counts() for c in CATEGORIES})
    accuracy: dict[str, Tally] = field(default_factory=lambda: {a: Tally() for a in ACCURACIES})

    def add(self, other: Score) -> None:
        for c in CATEGORIES:
            self.counts[c].add(other.counts[c])
        for a in ACCURACIES:
            self.accuracy[a].add(other.accuracy[a])

    def as_dict(self) -> dict[str, Any]:
        return {"overall": {c: self.counts[c].as_dict() for c in CATEGORIES},
                "accuracy": {a: self.accuracy[a].value for a in ACCURACIES}}


@dataclass(slots=True)
class Report:
    documents: dict[str, Score] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    """Gold entries for which no ingested document was found (scored as all missed)."""

    @property
    def overall(self) -> Score:
        total = Score()
        for score in self.documents.values():
            total.add(score)
        return total

    def as_dict(self) -> dict[str, Any]:
        overall = self.overall.as_dict()
        return {"overall": overall["overall"], "accuracy": overall["accuracy"],
                "documents": {f: s.as_dict() for f, s in self.documents.items()},
                "missing": self.missing}


# --- reading gold ----------------------------------------------------------------------

def load_gold(path: Path) -> list[dict[str, Any]]:
    """The documents of a gold file.

    :raises GoldError: naming the file (and the entry) when it is not valid gold.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("documents"), list):
        raise GoldError(f"{path}: expected {{\"version\": 1, \"documents\": [...]}}")
    for i, entry in enumerate(data["documents"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise GoldError(f"{path}: document #{i}: needs a 'file' name")
        for key in ("concepts", "sectors", "formulations", "incidents", "bodies", "people"):
            if key in entry and not isinstance(entry[key], list):
                raise GoldError(f"{path}: document #{i} ({entry['file']}): '{key}' must be a list")
    return data["documents"]


def document_file(doc: Document) -> str:
    """How gold names a document: the file name, with ``#part`` for parts of a file."""
    name = Path(doc.source).name
    return f"{name}#{doc.part}" if doc.part is not None else name


# --- the extracted side ---------------------------------------------------------------

@dataclass(slots=True)
class _Item:
    key: str
    surfaces: set[str]
    components: list[str] = field(default_factory=list)


class _Items:
    """Extracted items of one category, merged when they name the same thing."""

    def __init__(self) -> None:
        self.items: list[_Item] = []
        self._by_key: dict[str, _Item] = {}
        self._by_surface: dict[str, _Item] = {}

    def add(self, key: str, surfaces: Iterable[str], merge_on: Iterable[str] = (),
            components: list[str] | None = None) -> None:
        norm = {_norm(s) for s in surfaces if s}
        item = self._by_key.get(key) or next(
            (self._by_surface[s] for s in map(_norm, merge_on) if s in self._by_surface), None)
        if item is None:
            item = _Item(key=key, surfaces=set())
            self.items.append(item)
            self._by_key[key] = item
        item.surfaces |= norm
        for s in norm:
            self._by_surface.setdefault(s, item)
        if components and not item.components:
            item.components = components


def _norm(text: str) -> str:
    return strip_quotes(text)


def _concept_surfaces(lexicon: Lexicon, key: str | None) -> tuple[str, ...]:
    concept = lexicon.concepts.get(key) if key else None
    return concept.surfaces if concept else ()


def extracted_concepts(doc: Document, lexicon: Lexicon) -> tuple[_Items, _Items, _Items]:
    """Concepts, sectors and formulations of ``doc`` as items to match gold labels against."""
    concepts, sectors, formulations = _Items(), _Items(), _Items()
    for m in doc.mentions:
        concept = lexicon.concepts.get(m.concept)
        target = sectors if concept is not None and concept.kind == "sector" else concepts
        if concept is not None and concept.kind == "body_type":
            continue
        target.add(m.concept, (m.surface, *_concept_surfaces(lexicon, m.concept)))
    named = [c for c in doc.campaigns if c.name != c.quoted]
    for f in doc.formulations:
        key = f.concept or f"formulation:{f.name}"
        surfaces = (f.name, *_concept_surfaces(lexicon, f.concept))
        text_parts = [c.text for c in f.components if c.origin == "text"]
        formulations.add(key, surfaces, components=text_parts)
        if not any(c.start <= f.start and f.end <= c.end for c in named):
            concepts.add(key, surfaces)  # 13710 inside “13710”督办制度 is that system's name
    for c in doc.campaigns:
        if c.name == c.quoted:  # “四个一律”措施: the quoted name is the concept
            concepts.add(c.concept or f"campaign:{c.name}",
                         (c.name, c.name + c.head, *_concept_surfaces(lexicon, c.concept)),
                         merge_on=(c.name,))
        else:
            concepts.add(c.concept or f"campaign:{c.name}",
                         (c.name, c.quoted + c.head, *_concept_surfaces(lexicon, c.concept)))
    return concepts, sectors, formulations


# --- matching ---------------------------------------------------------------------------

def max_matching(gold: list[Any], predicted: list[Any], fits: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one pairing of gold and predicted items that fit (Kuhn's algorithm).

    >>> max_matching(["a", "b"], [{"a", "b"}, {"a"}], lambda g, p: g in p)
    [(0, 1), (1, 0)]
    """
    edges = [[j for j, p in enumerate(predicted) if fits(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def _label_counts(gold_labels: list[str], items: _Items) -> tuple[Counts, list[tuple[int, int]]]:
    labels = list(dict.fromkeys(_norm(g) for g in gold_labels if isinstance(g, str) and g.strip()))
    pairs = max_matching(labels, items.items, lambda g, item: g in item.surfaces)
    return Counts(tp=len(pairs), predicted=len(items.items), gold=len(labels)), pairs


def component_matches(gold: list[str], predicted: list[str]) -> int:
    """How many components match in order (longest common subsequence, ratio ≥ 0.8).

    >>> component_matches(["甲乙丙丁", "戊己庚辛"], ["甲乙丙丁", "完全不同的"])
    1
    """
    g, p = [_norm(x) for x in gold], [_norm(x) for x in predicted]
    table = [[0] * (len(p) + 1) for _ in range(len(g) + 1)]
    for i in range(len(g)):
        for j in range(len(p)):
            same = SequenceMatcher(None, g[i], p[j]).ratio() >= COMPONENT_SIMILARITY
            table[i + 1][j + 1] = max(table[i][j] + int(same), table[i][j + 1], table[i + 1][j])
    return table[len(g)][len(p)]


def _incident_fits(gold: dict[str, Any], pred: Any) -> bool:
    if gold.get("type") and pred.type != gold["type"]:
        return False
    if gold.get("date") and not (pred.date and pred.date[:len(gold["date"])] == gold["date"]):
        return False
    if gold.get("place"):
        if not pred.place or not (gold["place"] in pred.place or pred.place in gold["place"]):
            return False
    return True


def _post_fits(gold: str | None, pred: str | None) -> bool:
    """Same post: equal, or one ends with the other after an organisation (巡查组组长 ~ 组长;
    not 副县长 ~ 县长)."""
    if not gold or not pred:
        return not gold and not pred
    longer, shorter = (gold, pred) if len(gold) >= len(pred) else (pred, gold)
    if not longer.endswith(shorter):
        return False
    extra = longer[:len(longer) - len(shorter)]
    return not extra.endswith(("副", "常务", "代理", "代"))


def _date_fits(gold: str | None, pred: str | None) -> bool:
    if gold is None:
        return pred is None
    return pred is not None and pred[:len(gold)] == gold


# --- one document -----------------------------------------------------------------------

def score_document(gold: dict[str, Any], doc: Document | None, lexicon: Lexicon) -> Score:
    """Scores of one document against its gold entry (``doc=None``: nothing was extracted)."""
    score = Score()
    if doc is None:
        doc = _empty_document()
    concepts, sectors, formulations = extracted_concepts(doc, lexicon)
    if "concepts" in gold:
        score.counts["concepts"], _ = _label_counts(gold["concepts"], concepts)
    if "sectors" in gold:
        score.counts["sectors"], _ = _label_counts(gold["sectors"], sectors)
    if "formulations" in gold:
        _score_formulations(score, gold["formulations"], formulations)
    if "incidents" in gold:
        _score_incidents(score, gold["incidents"], doc)
    if "bodies" in gold:
        _score_named(score, "bodies", "body_level", gold["bodies"], doc.bodies, "level",
                     lambda g, p: g == p)
    if "people" in gold:
        _score_named(score, "people", "post", gold["people"], doc.people, "post", _post_fits)
    md = doc.metadata
    for key, value in (("date", md.date.value), ("level", md.level.value), ("place", md.place.value)):
        if key in gold:
            score.accuracy[key].count(_date_fits(gold[key], value) if key == "date" else gold[key] == value)
    return score


def _score_formulations(score: Score, gold: list[dict[str, Any]], items: _Items) -> None:
    names = [g.get("name", "") for g in gold]
    counts, pairs = _label_counts(names, items)
    score.counts["formulations"] = counts
    by_label: dict[str, list[str]] = {}
    for g in gold:
        by_label.setdefault(_norm(g.get("name", "")), list(g.get("components") or []))
    labels = list(dict.fromkeys(_norm(n) for n in names if n.strip()))
    comp = Counts(predicted=sum(len(i.components) for i in items.items),
                  gold=sum(len(c) for c in by_label.values()))
    for i, j in pairs:
        comp.tp += component_matches(by_label[labels[i]], items.items[j].components)
    score.counts["components"] = comp


def _score_incidents(score: Score, gold: list[dict[str, Any]], doc: Document) -> None:
    pairs = max_matching(gold, doc.incidents, _incident_fits)
    score.counts["incidents"] = Counts(tp=len(pairs), predicted=len(doc.incidents), gold=len(gold))
    for i, j in pairs:
        if "severity_by_rule" in gold[i]:
            score.accuracy["severity_by_rule"].count(gold[i]["severity_by_rule"] == doc.incidents[j].severity_by_rule)


def _score_named(score: Score, category: str, accuracy: str, gold: list[dict[str, Any]],
                 extracted: list[Any], attribute: str, fits: Callable[[Any, Any], bool]) -> None:
    by_name: dict[str, Any] = {}
    for item in extracted:
        current = by_name.get(_norm(item.name))
        if current is None or (getattr(current, attribute) is None and getattr(item, attribute)):
            by_name[_norm(item.name)] = item
    gold_by_name = {_norm(g.get("name", "")): g for g in gold if g.get("name")}
    names = list(by_name)
    tp = 0
    for name, g in gold_by_name.items():
        if name in by_name:
            tp += 1
            if attribute in g:
                score.accuracy[accuracy].count(fits(g.get(attribute), getattr(by_name[name], attribute)))
    score.counts[category] = Counts(tp=tp, predicted=len(names), gold=len(gold_by_name))


def _empty_document() -> Document:
    from ingest.records import CleanText

    return Document(key="", source="", clean=CleanText(text="", raw="", offsets=[0]), content_hash="")


# --- a whole gold file ------------------------------------------------------------------

def evaluate(gold_path: Path, docs_dir: Path, *, lexicon: Lexicon | None = None,
             on_error: Callable[[str], None] | None = None) -> Report:
    """Ingest the files of ``docs_dir`` that gold names (in memory) and score them.

    :raises GoldError: when the gold file is unreadable or malformed.
    """
    from ingest.errors import IngestError
    from ingest.pipeline import Pipeline

    gold = load_gold(gold_path)
    pipeline = Pipeline(lexicon, tokens=False)
    wanted = {entry["file"].split("#", 1)[0] for entry in gold}
    docs: dict[str, Document] = {}
    for name in sorted(wanted):
        path = docs_dir / name
        try:
            for doc in pipeline.process_file(path):
                docs[document_file(doc)] = doc
        except (IngestError, OSError) as exc:
            if on_error is not None:
                on_error(f"{path}: {exc}")
    report = Report()
    for entry in gold:
        doc = docs.get(entry["file"])
        if doc is None:
            report.missing.append(entry["file"])
        report.documents[entry["file"]] = score_document(entry, doc, pipeline.lexicon)
    return report


def format_table(report: Report) -> str:
    """The report as a readable plain-text table."""
    lines = []
    header = f"{'':24}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}"

    def block(title: str, score: Score) -> None:
        lines.append(title)
        lines.append(header)
        for c in CATEGORIES:
            n = score.counts[c]
            lines.append(f"  {c:22}{n.precision:10.3f}{n.recall:10.3f}{n.f1:8.3f}{n.gold:9d}")
        acc = "  ".join(f"{a}={_fmt(score.accuracy[a])}" for a in ACCURACIES)
        lines.append(f"  accuracy: {acc}")
        lines.append("")

    block("overall (micro-averaged)", report.overall)
    for name, score in report.documents.items():
        block(name + ("  [no such document was ingested]" if name in report.missing else ""), score)
    return "\n".join(lines).rstrip() + "\n"


def _fmt(tally: Tally) -> str:
    return "n/a" if tally.value is None else f"{tally.value:.3f} ({tally.correct}/{tally.total})"
