"""The ten example queries of docs/model.md run and return what the document says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

MODEL = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def _examples() -> list[tuple[str, str, str, list[list[str]]]]:
    """(number, title, query, expected rows with a header row) for each ``### Qn.``."""
    text = MODEL.read_text(encoding="utf-8")
    section = text.split("## Ten example queries", 1)[1].split("\n## ", 1)[0]
    prefixes = re.search(r"```sparql\n(PREFIX.*?)```", section, re.S).group(1)
    found = []
    for number, title, body in re.findall(r"### Q(\d+)\. (.*?)\n(.*?)(?=\n### Q|\Z)", section, re.S):
        query = re.search(r"```sparql\n(.*?)```", body, re.S).group(1)
        table = re.search(r"```text\n(.*?)```", body, re.S).group(1)
        rows = [[cell.strip() for cell in line.split(" | ")] for line in table.splitlines()]
        found.append((number, title, prefixes + query, rows))
    return found


EXAMPLES = _examples()


def test_the_document_has_ten_examples():
    assert [number for number, *_ in EXAMPLES] == [str(i) for i in range(1, 11)]


@pytest.mark.parametrize(("number", "title", "query", "expected"), EXAMPLES,
                         ids=[f"Q{e[0]}" for e in EXAMPLES])
def test_example_query_returns_what_the_document_says(example_graph, number, title, query, expected):
    result = example_graph.store.query(query)
    names = [v.value for v in result.variables]
    rows = [[_show(example_graph.iris, row[name]) for name in names] for row in result]
    assert [names, *rows] == expected, title


def _show(iris, term) -> str:
    if term is None:
        return ""
    parsed = iris.parse(term.value)
    return f"id:{parsed[0]}/{parsed[1]}" if parsed else term.value


def _span_text_query() -> str:
    """The query of the "Spans" paragraph: a span's text read from its sentence."""
    text = MODEL.read_text(encoding="utf-8")
    section = text.split("## What each graph holds", 1)[1].split("\n## ", 1)[0]
    query = next(q for q in re.findall(r"```sparql\n(.*?)```", section, re.S) if "SUBSTR" in q)
    return EXAMPLES[0][2].split("SELECT", 1)[0] + "\n".join(line.strip() for line in query.splitlines())


def test_a_spans_text_is_read_from_its_sentence_as_the_model_says(example_graph):
    rows = list(example_graph.store.query(_span_text_query()))
    assert len(rows) == 3  # the three spans behind the sentences Q10 finds
    assert {row["text"].value for row in rows} == {"人民至上"}
