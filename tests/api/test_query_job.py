"""How an answer crosses from a worker to the API process: the body's bytes behind a
short header, exactly as the worker wrote them."""

from __future__ import annotations

import pytest

from api.query_job import Failure, decode_answer, encode_answer
from api.results import Outcome


@pytest.mark.parametrize("outcome", [
    Outcome(b'{"head":{"vars":[]}}', "application/sparql-results+json", 0, 0),
    Outcome("?s\n<urn:安全>\n".encode(), "text/tab-separated-values", 1, 7),
    Outcome(b"", "text/turtle", 0, 0),
], ids=["json", "cut-at-the-cap", "empty"])
def test_an_outcome_comes_back_as_it_was_sent(outcome):
    back = decode_answer(encode_answer(outcome))
    assert back == outcome and back.truncated == outcome.truncated


def test_a_failure_comes_back_with_its_status_and_words():
    failure = Failure(400, "bad query", "SPARQL syntax error: 意外的 ‘}’")
    assert decode_answer(encode_answer(failure)) == failure


@pytest.mark.parametrize("data", [b"", b"X123", b"O\x00"], ids=["empty", "unknown-tag", "short-header"])
def test_anything_else_is_refused(data):
    with pytest.raises(ValueError):
        decode_answer(data)
