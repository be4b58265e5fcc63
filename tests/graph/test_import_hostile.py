"""`safetykg import` of files from anywhere: XML entities, remote JSON-LD contexts and
garbage are refused with our own errors, the importing process survives, and a file that
fails changes nothing in the store."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.cli import main
from graph.errors import StoreError
from graph.export import export, import_file
from graph.store import open_store

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SEED = '<https://w3id.org/safetykg/id/document/seed> <http://purl.org/dc/terms/title> "种子" .\n'


def _xml(doctype: str, value: str) -> str:
    return (f'<?xml version="1.0"?>\n{doctype}\n'
            f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:e="http://example.org/">'
            f'<rdf:Description rdf:about="http://example.org/a"><e:p>{value}</e:p>'
            f'</rdf:Description></rdf:RDF>\n')


def _laughs(levels: int) -> str:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)]
    return _xml(f"<!DOCTYPE rdf:RDF [{''.join(entities)}]>", f"&lol{levels};")


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A store directory holding one triple in a named graph."""
    seed = tmp_path / "seed.nq"
    seed.write_text(SEED.replace(" .\n", " <https://w3id.org/safetykg/id/document/seed> .\n"),
                    encoding="utf-8")
    location = tmp_path / "store"
    store = open_store(location)
    import_file(store, seed)
    store.close()
    return location


def _contents(location: Path) -> set[ox.Quad]:
    store = open_store(location)
    try:
        return set(store.quads())
    finally:
        store.close()


def _import(location: Path, path: Path, capsys) -> tuple[int, str]:
    code = main(["import", str(path), "--store", str(location)])
    return code, capsys.readouterr().err


def test_an_external_entity_is_refused_and_its_file_never_read(seeded, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-4f1c9a", encoding="utf-8")
    hostile = tmp_path / "xxe.rdf"
    hostile.write_text(_xml(f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
                            f'<!ENTITY host SYSTEM "file:///etc/hostname">]>', "&xxe;&host;"),
                       encoding="utf-8")
    before = _contents(seeded)

    code, err = _import(seeded, hostile, capsys)

    assert code == 1
    assert str(hostile) in err and "DOCTYPE" in err
    assert "Traceback" not in err
    after = _contents(seeded)
    assert after == before
    assert not any("SECRET-4f1c9a" in str(q) for q in after)


@pytest.mark.parametrize("levels", [6, 9])
def test_billion_laughs_is_refused_within_a_second(seeded, tmp_path, capsys, levels):
    hostile = tmp_path / f"laughs{levels}.rdf"
    hostile.write_text(_laughs(levels), encoding="utf-8")
    assert hostile.stat().st_size < 1024
    before = _contents(seeded)

    started = time.monotonic()
    code, err = _import(seeded, hostile, capsys)
    elapsed = time.monotonic() - started

    assert code == 1 and "DOCTYPE" in err
    assert elapsed < 1.0, f"refusing took {elapsed:.2f} s"
    assert _contents(seeded) == before


@pytest.mark.parametrize("encoding", ["utf-16", "iso-8859-1"])
def test_xml_in_another_encoding_is_refused(tmp_path, encoding):
    hostile = tmp_path / "other.rdf"
    declared = _xml("", "x").replace('version="1.0"', f'version="1.0" encoding="{encoding}"')
    hostile.write_bytes(declared.encode(encoding))
    with pytest.raises(StoreError, match="UTF-8"):
        import_file(open_store(":memory:"), hostile)


def test_a_parser_that_blows_up_dies_alone_under_its_memory_cap(tmp_path):
    """Defence in depth: were the DOCTYPE pre-check gone, nine levels of entities would
    abort pyoxigraph (no ``except`` catches that); in the capped child it kills only the
    child, and the caller gets our error."""
    hostile = tmp_path / "laughs9.rdf"
    hostile.write_text(_laughs(9), encoding="utf-8")
    out = tmp_path / "out.nq"
    started = time.monotonic()
    child = subprocess.run(
        [sys.executable, "-m", "graph.safe_parse", str(hostile), "application/rdf+xml",
         str(out), str(512 << 20), str(64 << 20)],
        capture_output=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert child.returncode != 0
    assert time.monotonic() - started < 10
    assert not out.exists() or out.stat().st_size < (64 << 20)


def test_rdf_xml_without_a_dtd_round_trips(example_graph, tmp_path):
    dump = tmp_path / "dump.rdf"
    written = export(example_graph.store, dump)
    empty = open_store(":memory:")
    assert import_file(empty, dump) == written
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in example_graph.store.quads()}
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in empty.quads()} == triples


REMOTE_CONTEXTS = {
    "string": lambda url: {"@context": f"{url}/ctx", "@id": "http://example.org/a",
                           "name": "甲"},
    "list": lambda url: {"@context": [{"e": "http://example.org/"}, f"{url}/ctx"],
                         "@id": "http://example.org/a", "e:p": "甲"},
    "import": lambda url: {"@context": {"@version": 1.1, "@import": f"{url}/ctx"},
                           "@id": "http://example.org/a", "name": "甲"},
    "nested": lambda url: {"@context": {"e": "http://example.org/"}, "@id": "http://example.org/a",
                           "e:child": {"@context": f"{url}/ctx", "@id": "http://example.org/b"}},
    "in a graph": lambda url: {"@graph": [{"@context": f"{url}/ctx", "@id": "http://example.org/a",
                                           "name": "甲"}]},
}


@pytest.mark.parametrize("shape", REMOTE_CONTEXTS)
def test_a_remote_json_ld_context_is_never_fetched(seeded, tmp_path, capsys, listener, shape):
    hostile = tmp_path / "remote.jsonld"
    hostile.write_text(json.dumps(REMOTE_CONTEXTS[shape](listener.url)), encoding="utf-8")
    before = _contents(seeded)

    code, err = _import(seeded, hostile, capsys)

    assert code == 1
    assert str(hostile) in err and "remote context" in err
    assert listener.connections == 0
    assert _contents(seeded) == before


def test_an_inline_json_ld_context_is_read(tmp_path):
    doc = tmp_path / "inline.jsonld"
    doc.write_text(json.dumps({"@context": {"name": "http://schema.org/name"},
                               "@id": "http://example.org/a", "name": "甲"}), encoding="utf-8")
    store = open_store(":memory:")
    assert import_file(store, doc) == 1
    assert [q.object.value for q in store.quads()] == ["甲"]


@pytest.mark.parametrize("suffix", [".nt", ".nq", ".ttl", ".trig", ".jsonld", ".rdf"])
def test_a_file_broken_after_good_lines_writes_nothing(seeded, tmp_path, suffix):
    """The good statements before the error are not written either: parse whole, then
    write in one transaction."""
    good = "".join(f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(50))
    broken = tmp_path / f"broken{suffix}"
    tails = {".jsonld": '[{"@id": "http://example.org/s", "http://example.org/p": [',
             ".rdf": _xml("", "x").replace("</rdf:RDF>", "<rdf:Description")}
    broken.write_text(tails.get(suffix, good + "<http://example.org/broken> \"no\" .\n"),
                      encoding="utf-8")
    before = _contents(seeded)
    store = open_store(seeded)
    try:
        with pytest.raises(StoreError, match="broken"):
            import_file(store, broken)
    finally:
        store.close()
    assert _contents(seeded) == before


FORMATS = [".nt", ".ttl", ".jsonld", ".rdf"]
KEPT = ox.Quad(ox.NamedNode("http://example.org/kept"), ox.NamedNode("http://example.org/p"),
               ox.Literal("keep"), ox.NamedNode("http://example.org/kept-graph-7d1e"))


@pytest.mark.slow
@pytest.mark.parametrize("suffix", FORMATS)
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=400),
                      st.text(max_size=200).map(lambda t: (SEED + t).encode("utf-8"))))
def test_random_bytes_raise_only_our_error_and_change_nothing(tmp_path_factory, suffix, data):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    store = open_store(":memory:")
    store.write(insert=[KEPT])
    try:
        import_file(store, path)
    except StoreError as exc:
        assert str(path) in str(exc)
        assert set(store.quads()) == {KEPT}
    else:
        assert KEPT in set(store.quads())
