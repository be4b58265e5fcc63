"""Fixtures for the ingest tests: bad files made at run time in a temporary folder."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

FILES = Path(__file__).resolve().parents[1] / "data" / "files"


def _docx_bytes(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def files() -> Path:
    """The committed fixture files (GBK, Big5, BOM, UTF-16, HTML, .docx, .pdf)."""
    return FILES


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    """One file of each kind that must be refused, keyed by what is wrong with it."""
    tmp_path = tmp_path_factory.mktemp("bad")
    good_docx = (FILES / "speech.docx").read_bytes()
    out: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(data)
        out[name.split(".")[0]] = path

    put("empty.txt", b"")
    put("blank.txt", b"  \n\n ")
    put("binary.txt", bytes(range(256)) * 40)
    put("png.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    put("truncated.docx", good_docx[: len(good_docx) // 2])
    put("notzip.docx", "这不是一个文档".encode("utf-8"))
    # a bomb: 30 MB of zeros compress to ~30 KB, declared in word/document.xml
    put("bomb.docx", _docx_bytes({"[Content_Types].xml": b"<Types/>",
                                  "word/document.xml": b"<w:document>" + b"0" * 30_000_000}))
    put("traversal.docx", _docx_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>",
                                       "../../evil.txt": b"x"}))
    put("nested.docx", _docx_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>",
                                    "word/embeddings/inner.zip": b"PK\x03\x04"}))
    put("entities.docx", _docx_bytes({
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><d>&b;</d>'}))
    many = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>"}
    many.update({f"word/media/{i}.bin": b"" for i in range(1200)})
    put("many.docx", _docx_bytes(many, compression=zipfile.ZIP_STORED))
    put("big.txt", "安全生产。".encode("utf-8") * (25 * 1024 * 1024 // 15 + 1))
    put("undecodable.txt", b"\x81\x30\xff\xfe\x80\x80\x81\x81\xfe\xff" * 50)
    put("mojibake.txt", ("全市召开安全生产工作会议，部署下半年安全生产工作，要求各地各部门压实责任。" * 4)
        .encode("utf-8").decode("gbk", "replace").encode("utf-8"))
    put("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return out
