"""`safetykg ingest` and `safetykg inspect` over real files and a real store on disk."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from api.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


def _count_quads(store: Path, capsys) -> int:
    capsys.readouterr()
    assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                 "--store", str(store), "--format", "json"]) == 0
    return int(json.loads(capsys.readouterr().out)["results"]["bindings"][0]["n"]["value"])


def test_dry_run_prints_six_documents_with_metadata(capsys, tmp_path):
    code = main(["ingest", "--dry-run", str(CORPUS), "--store", str(tmp_path / "never")])
    out = capsys.readouterr().out
    assert code == 0
    assert len(re.findall(r"^== ", out, re.M)) == 6
    assert "002_2e884bc53bcb8b9c-1" in out and "002_2e884bc53bcb8b9c-2" in out
    for field in ("date", "place", "level", "genre", "speaker"):
        assert len(re.findall(rf"^   {field} ", out, re.M)) == 6
    assert "unknown" in out and "乐至县" in out and "removed" in out
    assert not (tmp_path / "never").exists()


def test_bad_files_fail_one_line_each_and_change_nothing(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("全县安全生产工作会议讲话\n同志们：今天召开会议。", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "truncated.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    (folder / "undecodable.txt").write_bytes(b"\x81\x30\xff\xfe\x80\x80" * 40)
    (folder / "big.txt").write_bytes(b"a" * 2_000_000)
    store = tmp_path / "store"
    code = main(["ingest", str(folder), "--store", str(store), "--max-bytes", "1000000",
                 "--report", str(tmp_path / "r.json")])
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("safetykg: error")]
    assert code != 0
    assert len(err) == 5
    for name in ("empty", "binary", "truncated", "undecodable", "big"):
        assert sum(name in line for line in err) == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["summary"]["ingested"] == 1 and report["summary"]["failed"] == 5
    before = _count_quads(store, capsys)
    main(["ingest", str(folder / "empty.txt"), str(folder / "binary.txt"), "--store", str(store)])
    assert _count_quads(store, capsys) == before


def test_reingest_skips_unchanged_and_links_duplicates(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "全县安全生产工作会议讲话\n同志们：今天召开会议，落实双重预防机制。"
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text("首页/ 新闻/ 正文\n" + text, encoding="utf-8")
    store = str(tmp_path / "store")
    assert main(["ingest", str(folder), "--store", store]) == 0
    out = capsys.readouterr().out
    assert "1 document(s) stored" in out and "1 duplicate(s) linked" in out
    assert main(["ingest", str(folder / "a.txt"), "--store", store]) == 0
    assert "1 unchanged" in capsys.readouterr().out


def test_inspect_numbers_the_sentences(capsys):
    assert main(["inspect", str(CORPUS / "003_63dc30087dc95b8d.txt")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^ 1  11月28日下午，全省、全市召开安全生产工作视频会议。", out, re.M)


def test_inspect_of_a_bad_file_fails_with_one_line(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"")
    assert main(["inspect", str(bad)]) != 0
    assert capsys.readouterr().err.count("\n") == 1
