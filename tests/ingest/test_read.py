"""Reading: encodings and formats as government sites serve them, and every refusal."""

from __future__ import annotations

import zipfile

import pytest

from ingest.errors import IngestError
from ingest.formats import check_zip
from ingest.read import read_bytes, read_file

GOOD = {
    "notice_gbk.txt": ("gb18030", "txt", "为切实做好岁末年初安全生产工作"),
    "speech_big5.txt": ("big5hkscs", "txt", "今天召開全縣安全生產工作會議"),
    "report_bom.txt": ("utf-8-sig", "txt", "11月28日上午"),
    "speech_utf16.txt": ("utf-16-le", "txt", "在全市安全生产工作会议上的讲话"),
    "page_gb2312.html": ("gb18030", "html", "会议强调，各街道、各部门要落实"),
    "speech.docx": ("utf-8", "docx", "今天我们召开全县森林防灭火工作会议"),
    "report.pdf": ("utf-8", "pdf", "全市危险化学品安全专项整治推进会召开"),
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_reads(files, name):
    encoding, fmt, expected = GOOD[name]
    raw = read_file(files / name)
    assert (raw.encoding, raw.fmt) == (encoding, fmt)
    assert expected in raw.text.replace("⽉", "月").replace("⽇", "日")


def test_html_main_text_leaves_menus_and_scripts_out(files):
    text = read_file(files / "page_gb2312.html").text
    assert text.startswith("全区安全生产大检查动员会召开")
    assert "政务公开" not in text and "tracker" not in text and "ICP" not in text


def test_docx_tables_are_read_in_order(files):
    lines = read_file(files / "speech.docx").text.split("\n")
    assert lines.index("责任单位\t县应急管理局") < lines.index("谢谢大家！")


def test_unknown_extension_is_sniffed(files, tmp_path):
    renamed = tmp_path / "download.bin"
    renamed.write_bytes((files / "speech.docx").read_bytes())
    assert read_file(renamed).fmt == "docx"
    html = tmp_path / "page"
    html.write_bytes((files / "page_gb2312.html").read_bytes())
    assert read_file(html).fmt == "html"


def test_short_gbk_is_not_taken_for_a_single_byte_encoding():
    assert read_bytes("安全生产".encode("gbk"), "a.txt").text == "安全生产"


REFUSED = {
    "empty": "empty", "blank": "empty", "binary": "binary", "png": "PNG",
    "truncated": "truncated", "notzip": "not a readable zip",
    "bomb": "zip bomb", "traversal": "outside the archive", "nested": "nested archive",
    "entities": "DTD", "many": "zip entries", "big": "limit", "undecodable": "undecodable|mojibake",
    "mojibake": "mojibake", "legacy": "OLE",
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_refused_with_one_line_naming_file_and_reason(bad_files, kind):
    import re

    path = bad_files[kind]
    with pytest.raises(IngestError) as info:
        read_file(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert re.search(REFUSED[kind], message), message


def test_size_cap_is_configurable(files):
    with pytest.raises(IngestError, match="limit"):
        read_file(files / "notice_gbk.txt", max_bytes=100)


def test_encrypted_zip_member_is_refused():
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", b"<x/>")
    data = bytearray(buf.getvalue())
    data[6] |= 0x1  # general purpose flag of the local header
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 8] |= 0x1  # and of the central directory entry
    with pytest.raises(IngestError, match="encrypted"):
        check_zip(bytes(data), "x.docx", max_bytes=1_000_000)
