"""`safetykg viz -o FILE.html|svg|png` and `safetykg report KEY -o DIR` over a real store."""

from __future__ import annotations

import re

import pytest

from api.cli import main


@pytest.mark.parametrize("suffix, magic", [(".html", b"<!DOCTYPE html>"), (".svg", b"<?xml"),
                                           (".png", b"\x89PNG")])
def test_viz_writes_each_format(cli_store_dir, tmp_path, capsys, suffix, magic):
    out = tmp_path / f"v{suffix}"
    assert main(["viz", "双重预防机制", "-o", str(out), "--store", str(cli_store_dir)]) == 0
    assert out.read_bytes().startswith(magic)
    assert f"{out}\t{out.stat().st_size} bytes" in capsys.readouterr().out


def test_the_html_file_references_no_network(cli_store_dir, tmp_path):
    out = tmp_path / "v.html"
    main(["viz", "双重预防机制", "-o", str(out), "--store", str(cli_store_dir)])
    assert not re.search(r"""(src|href)=["']?https?://""", out.read_text(encoding="utf-8"))


def test_picture_size_options_are_used(cli_store_dir, tmp_path):
    from matplotlib.image import imread

    out = tmp_path / "v.png"
    assert main(["viz", "双重预防机制", "-o", str(out), "--width", "640", "--height", "480",
                 "--dpi", "80", "--store", str(cli_store_dir)]) == 0
    assert imread(str(out)).shape[:2] == (480, 640)


@pytest.mark.parametrize("args, code, message", [
    (["viz", "双重预防机制", "-o", "v.gif"], 2, "unsupported output format '.gif'"),
    (["viz", "没有这个", "-o", "v.svg"], 1, "no concept '没有这个'"),
    (["viz", "双重预防机制", "-o", "v.png", "--width", "5"], 1, "width=5"),
    (["report", "没有这个", "-o", "out"], 1, "no concept '没有这个'"),
], ids=["format", "unknown-viz", "size", "unknown-report"])
def test_failures_are_one_line_on_stderr(cli_store_dir, tmp_path, capsys, args, code, message):
    args = [a if a not in ("v.gif", "v.svg", "v.png", "out") else str(tmp_path / a) for a in args]
    assert main([*args, "--store", str(cli_store_dir)]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_report_writes_the_bundle(cli_store_dir, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", "双重预防机制", "-o", str(out), "--store", str(cli_store_dir)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "summary.html", "summary.md", "view.html", "view.png", "view.svg"]
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# 双重预防机制") and "## 引文" in summary
    assert len(capsys.readouterr().out.strip().splitlines()) == 5
