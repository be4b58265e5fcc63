"""The golden extraction cases of tests/data/extraction_cases.json, one test each.

A case gives a text, the document's metadata where it matters (place, level, date),
the items one extractor must find (each matched by the fields given), the items it
must not find (``{}`` matches any item: nothing at all may be found) and, optionally,
how many items it finds.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.records import Field

CASES_FILE = Path(__file__).parents[2] / "data" / "extraction_cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def _as_dict(record) -> dict:
    data = dataclasses.asdict(record)
    if "components" in data:
        data["components"] = [c["text"] for c in data["components"] if c["origin"] == "text"]
        data["flagged"] = record.flag is not None
    return data


def _fits(expected: dict, found: dict) -> bool:
    return all(found.get(key) == value for key, value in expected.items())


def _document(pipeline, case):
    [doc] = pipeline.process_text(case["text"], source="case.txt")
    meta = case.get("metadata", {})
    doc.metadata.place = Field(value=meta.get("place"))
    doc.metadata.level = Field(value=meta.get("level"))
    doc.metadata.date = Field(value=meta.get("date"))
    return extract(doc, pipeline.matcher)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_extraction_case(case, mini_pipeline):
    doc = _document(mini_pipeline, case)
    found = [_as_dict(r) for r in getattr(doc, case["extractor"])]
    for expected in case["expected"]:
        assert any(_fits(expected, f) for f in found), f"missing {expected}\nfound {found}"
    for unwanted in case.get("absent", []):
        assert not any(_fits(unwanted, f) for f in found), f"unwanted {unwanted}\nfound {found}"
    if "count" in case:
        assert len(found) == case["count"], found


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_extraction_case_evidence(case, mini_pipeline):
    """Every item of every extractor points at its words and lies in its sentence."""
    doc = _document(mini_pipeline, case)
    for kind in ("mentions", "formulations", "campaigns", "incidents", "bodies", "people", "places", "dates"):
        for item in getattr(doc, kind):
            assert 0 <= item.start < item.end <= len(doc.text), (kind, item)
            sentence = doc.sentences[item.sentence]
            assert sentence.start <= item.start < sentence.end, (kind, item, sentence)
