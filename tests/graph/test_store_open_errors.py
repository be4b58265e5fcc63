"""A locked or damaged store directory at start-up: every command that opens the store
says which directory and what to do, in one line, with no stack trace."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import StoreError
from graph.store import open_store

REPO = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent("""
    import sys, time
    from graph.store import open_store
    store = open_store(sys.argv[1])
    print("open", flush=True)
    time.sleep(120)
""")


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    location = tmp_path / "store"
    store = open_store(location)
    store.update('INSERT DATA { GRAPH <https://w3id.org/safetykg/id/document/a> '
                 '{ <https://w3id.org/safetykg/id/document/a> <http://purl.org/dc/terms/title> "甲" } }')
    store.close()
    return location


@pytest.fixture
def held(store_dir: Path) -> Iterator[Path]:
    """The store held open (its RocksDB LOCK taken) by another process."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_dir)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield store_dir
    finally:
        holder.kill()
        holder.wait()


def _damage(store_dir: Path, which: str) -> None:
    """Garbage where RocksDB keeps its state: the CURRENT pointer, or every table file."""
    for name in os.listdir(store_dir):
        path = store_dir / name
        if which == "current" and name == "CURRENT":
            path.write_bytes(b"\x00garbage")
        elif which == "tables" and name.endswith(".sst"):
            path.write_bytes(os.urandom(path.stat().st_size))
        elif which == "manifest" and name.startswith("MANIFEST"):
            path.write_bytes(os.urandom(200))


@pytest.fixture(params=["current", "tables", "manifest"])
def damaged(request, store_dir: Path) -> Path:
    _damage(store_dir, request.param)
    return store_dir


def _command(name: str, store: Path, tmp_path: Path, port: int) -> list[str]:
    if name == "serve":
        return ["serve", "--store", str(store), "--port", str(port)]
    if name == "query":
        return ["query", "ASK { ?s ?p ?o }", "--store", str(store)]
    doc = tmp_path / "doc.txt"
    doc.write_text("安全生产工作会议\n要坚持人民至上，健全双重预防机制。", encoding="utf-8")
    return ["ingest", str(doc), "--store", str(store)]


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def _assert_one_clear_line(result: subprocess.CompletedProcess, store: Path, *words: str) -> None:
    errors = [line for line in result.stderr.splitlines() if line.startswith("safetykg: error:")]
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(errors) == 1, result.stderr[-2000:]
    assert str(store) in errors[0]
    for word in words:
        assert word in errors[0], errors[0]


COMMANDS = ["serve", "query", "ingest"]


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_a_locked_store_is_named_with_what_to_do(held, tmp_path, port, command):
    result = _run(_command(command, held, tmp_path, port))
    _assert_one_clear_line(result, held, "in use by another process", "stop the other")


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_store_is_named_with_what_to_do(damaged, tmp_path, port, command):
    result = _run(_command(command, damaged, tmp_path, port))
    _assert_one_clear_line(result, damaged, "damaged", "Restore it from a backup")


def test_a_file_where_the_store_should_be_is_named(tmp_path):
    location = tmp_path / "store"
    location.write_text("not a store", encoding="utf-8")
    with pytest.raises(StoreError, match=f"{location}.*is a file, not a directory"):
        open_store(location)


def test_the_same_process_opening_twice_is_told_the_store_is_already_open(store_dir):
    first = open_store(store_dir)
    try:
        with pytest.raises(StoreError, match="already open in this process"):
            open_store(store_dir)
    finally:
        first.close()
