"""Files to text: the first step of ingest.

Only decoding happens here; nothing is removed or converted. What a file holds is
decided from its extension and, when that is unknown or lies, from its first bytes.
Every refusal is an :class:`IngestError` whose one-line message names the file and the
reason, so a batch can report it and go on.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.records import RawText

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused before they are read (``--max-bytes`` changes it)."""

FORMATS = ("txt", "html", "docx", "pdf")

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive", b"7z\xbc\xaf": "a 7-Zip archive", b"Rar!": "a RAR archive",
    b"\x7fELF": "an executable", b"MZ\x90\x00": "a Windows executable", b"ID3": "an MP3 file",
    b"SQLite format 3": "an SQLite database",
}
_EXTENSIONS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
               ".shtml": "html", ".docx": "docx", ".pdf": "pdf"}


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Decode one file to text.

    :raises IngestError: naming the file when it is missing, too large, empty, binary,
        undecodable, mojibake, or a damaged, encrypted or oversized ``.docx``/``.pdf``.
    """
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(source, f"cannot read: {exc.strerror or exc}") from exc
    if path.is_dir():
        raise IngestError(source, "is a directory")
    if size > max_bytes:
        raise IngestError(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(source, f"cannot read: {exc.strerror or exc}") from exc
    return read_bytes(data, source, fmt=_EXTENSIONS.get(path.suffix.lower()), max_bytes=max_bytes)


def read_bytes(data: bytes, source: str, *, fmt: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> RawText:
    """Decode bytes that came from ``source``; ``fmt`` of None means: sniff the content.

    >>> read_bytes("安全生產".encode("big5"), "a.txt").text
    '安全生產'
    """
    if len(data) > max_bytes:
        raise IngestError(source, f"content is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    if not data.strip():
        raise IngestError(source, "file is empty")
    sniffed = sniff(data)
    if fmt is None or (sniffed in ("docx", "pdf", "zip", "ole") and sniffed != fmt):
        fmt = sniffed
    if fmt == "docx":
        from ingest.formats import docx_text
        return RawText(source=source, text=docx_text(data, source, max_bytes=max_bytes),
                       encoding="utf-8", fmt="docx")
    if fmt == "pdf":
        from ingest.formats import pdf_text
        return RawText(source=source, text=pdf_text(data, source), encoding="utf-8", fmt="pdf")
    if fmt == "zip":
        raise IngestError(source, "is a zip archive without word/document.xml (not a .docx)")
    if fmt == "ole":
        raise IngestError(source, "is an OLE compound file (a legacy .doc, or an encrypted Office "
                                  "file): save it as .docx or .txt")
    text, encoding = decode(data, source)
    if fmt == "html" or (fmt is None and _looks_like_html(text)):
        from ingest.formats import html_text
        return RawText(source=source, text=html_text(text, source), encoding=encoding, fmt="html")
    return RawText(source=source, text=text, encoding=encoding, fmt="txt")


def sniff(data: bytes) -> str | None:
    """The format the first bytes show: docx, pdf, zip, ole, or None for text-like content."""
    head = data[:8]
    if head.startswith(_ZIP):
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(_OLE):
        return "ole"
    return None


def _looks_like_html(text: str) -> bool:
    return re.match(r"\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html|<head|<body)", text[:2048], re.I) is not None


# --- encodings -------------------------------------------------------------------

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CHINESE_FAMILY = {
    "gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "hz": "gb18030",
    "big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "cp950",
    "utf_8": "utf-8", "utf_16": "utf-16", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be",
    "utf_32": "utf-32", "utf_32_le": "utf-32-le", "utf_32_be": "utf-32-be", "ascii": "utf-8",
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Bytes to text in the encoding they were written in, as government sites serve them.

    A BOM decides; then strict UTF-8; then charset-normalizer, whose guess is taken
    when it is a Chinese or Unicode encoding. A single-byte or other look-alike guess
    loses to GB18030 when the bytes decode as GB18030. The result is checked for binary
    content and mojibake.

    :raises IngestError: binary, undecodable or mojibake content.
    """
    _refuse_binary_magic(data, source)
    text, encoding = _decode(data, source)
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 100):
        raise IngestError(source, f"binary content ({controls} control characters), not text")
    check_mojibake(text, source)
    return text, encoding


def _refuse_binary_magic(data: bytes, source: str) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise IngestError(source, f"binary file ({what}), not text")


def _decode(data: bytes, source: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding.replace("-sig", "")), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(source, f"has a {encoding} byte-order mark but invalid "
                                          f"{encoding} at byte {exc.start + len(bom)}") from exc
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    guesses = [m.encoding for m in from_bytes(data)]
    for guess in guesses:
        encoding = _CHINESE_FAMILY.get(guess)
        if encoding:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    if b"\x00" in data:
        raise IngestError(source, "binary content (NUL bytes, not UTF-16 text)")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        guessed = f" (charset-normalizer guessed {guesses[0]})" if guesses else ""
        raise IngestError(source, f"undecodable: not UTF-8, GB18030, Big5 or UTF-16 "
                                  f"(invalid byte at {exc.start}){guessed}") from exc


_HAN = re.compile("[\u4e00-\u9fff]+")
"""Runs of Han characters (counted by :func:`_count`)."""
_LATIN1_MOJIBAKE = re.compile("[\u00c0-\u00ff][\u0080-\u00bf\u2018-\u203a\u0152-\u0178]")


def check_mojibake(text: str, source: str) -> None:
    """Refuse text that was garbled before it reached us (decoded in the wrong encoding
    and saved again), instead of ingesting nonsense.

    Signs: runs of U+FFFD; the ``锟斤拷`` of UTF-8 replacement bytes read as GBK; UTF-8
    read as Latin-1 (``å®‰``); Han text made mostly of rare characters, as UTF-8 read as
    GBK or Big5 gives (normal text is > 97 % common characters, such mojibake < 70 %).
    """
    sample = text[:200_000]
    replacement = sample.count("\ufffd")
    if replacement >= 8 and replacement > len(sample) // 50:
        raise IngestError(source, f"mojibake: {replacement} replacement characters (U+FFFD)")
    if sample.count("锟斤拷") >= 2:
        raise IngestError(source, "mojibake: '锟斤拷' (UTF-8 replacement bytes read as GBK)")
    latin = len(_LATIN1_MOJIBAKE.findall(sample))
    han = _count(_HAN, sample)
    if latin >= 8 and latin > han:
        raise IngestError(source, f"mojibake: UTF-8 read as Latin-1 ({latin} sequences like 'å®')")
    if han >= 40:
        share = _count(_common_han_runs(), sample) / han
        if share < 0.8:
            raise IngestError(source, f"mojibake: only {share:.0%} of the Han characters are common "
                                      f"ones (text decoded in the wrong encoding before it was saved)")


def _count(runs: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` matched by ``runs``, a pattern of runs of one class.

    Counting runs joined (rather than a list of single characters and a test of each)
    keeps the per-character work in C: this check reads every file.
    """
    return len("".join(runs.findall(text)))


def warm_up() -> None:
    """Load what decoding otherwise loads on first use (charset-normalizer, the table of
    common characters), e.g. before forking workers."""
    import charset_normalizer  # noqa: F401 - imported for its import-time work

    _common_han_runs()


_COMMON: frozenset[str] | None = None
_COMMON_RUNS: re.Pattern[str] | None = None


def _common_han_runs() -> re.Pattern[str]:
    """Runs of the common characters of :func:`_common_han` that :data:`_HAN` counts."""
    global _COMMON_RUNS
    if _COMMON_RUNS is None:
        chars = sorted(ch for ch in _common_han() if "\u4e00" <= ch <= "\u9fff")
        _COMMON_RUNS = re.compile("[" + "".join(chars) + "]+")
    return _COMMON_RUNS


def _common_han() -> frozenset[str]:
    """The 3,755 level-1 GB2312 characters and the 5,401 common Big5 ones, from the codecs."""
    global _COMMON
    if _COMMON is None:
        chars: set[str] = set()
        for hi in range(0xB0, 0xD8):
            chars.update(bytes([hi, lo]).decode("gb2312", "ignore") for lo in range(0xA1, 0xFF))
        for hi in range(0xA4, 0xC7):
            for lo in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
                chars.add(bytes([hi, lo]).decode("big5", "ignore"))
        chars.discard("")
        _COMMON = frozenset(chars)
    return _COMMON
