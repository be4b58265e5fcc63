"""The pre-check every query passes before an engine sees it."""

from __future__ import annotations

import pytest

from api.errors import ApiError
from api.sparql_guard import MAX_DEPTH, check_query

BASE = "https://w3id.org/safetykg/"


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth


def status_of(query: str) -> int:
    try:
        check_query(query, base=BASE)
    except ApiError as exc:
        return exc.status
    return 200


def test_depth_at_the_limit_is_accepted():
    assert status_of(nested(MAX_DEPTH)) == 200


def test_one_level_deeper_is_refused():
    with pytest.raises(ApiError, match="too deeply nested"):
        check_query(nested(MAX_DEPTH + 1), base=BASE)


@pytest.mark.parametrize("inside", [
    '"' + "{" * 200 + '"', "'" + "(" * 200 + "'", '"""' + "{\n" * 200 + '"""',
    "# " + "{" * 200 + "\n", "<urn:x" + "(" * 200 + ">",
])
def test_brackets_in_strings_iris_and_comments_do_not_count(inside):
    assert status_of("SELECT * WHERE { ?s ?p " + inside + " }") == 200


def test_too_long_is_refused():
    assert status_of("SELECT * WHERE { ?s ?p ?o }" + " " * 40_000) == 400


@pytest.mark.parametrize("query", [
    "DROP ALL", "CLEAR DEFAULT", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }", "LOAD <http://example.org/x>", "CREATE GRAPH <urn:g>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
])
def test_updates_are_refused_as_read_only(query):
    assert status_of(query) == 403


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }",
    "select * where { sErViCe silent <http://127.0.0.1:1/x> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?u { <http://x> } SERVICE ?u { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM <\\u0066ile:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:1/g> WHERE { ?s ?p ?o }",
    "PREFIX e: <http://127.0.0.1:1/> SELECT * FROM e:g WHERE { ?s ?p ?o }",
    "BASE <http://127.0.0.1:1/> SELECT * FROM <g> WHERE { ?s ?p ?o }",
    f"SELECT * FROM <{BASE}id/document/../../x> WHERE {{ ?s ?p ?o }}",
])
def test_anything_that_could_fetch_is_refused(query):
    assert status_of(query) == 400


def test_from_a_graph_of_this_store_is_allowed():
    checked = check_query(f"SELECT * FROM <{BASE}id/document/a> WHERE {{ ?s ?p ?o }}", base=BASE)
    assert checked.from_graphs == [f"{BASE}id/document/a"]


@pytest.mark.parametrize("query", [
    "PREFIX service: <urn:x#> SELECT * WHERE { ?s service:p ?load }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://x> DROP ALL" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x>",
])
def test_keywords_inside_names_strings_and_comments_are_not_refused(query):
    assert status_of(query) == 200


def test_a_remembered_check_hands_out_its_own_copy():
    query = f"SELECT * FROM <{BASE}id/document/a> WHERE {{ ?s ?p ?o }}"
    first = check_query(query, base=BASE)
    first.from_graphs.append("urn:changed")
    assert check_query(query, base=BASE).from_graphs == [f"{BASE}id/document/a"]


def test_a_refused_query_is_refused_every_time():
    for _ in range(3):
        with pytest.raises(ApiError) as caught:
            check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", base=BASE)
        assert caught.value.status == 400


def test_the_limits_apply_to_a_remembered_query():
    query = "SELECT * WHERE { { ?s ?p ?o } }"
    check_query(query, base=BASE)
    with pytest.raises(ApiError):
        check_query(query, base=BASE, max_chars=10)
    with pytest.raises(ApiError):
        check_query(query, base=BASE, max_depth=1)
