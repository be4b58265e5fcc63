"""Text out of .docx, .pdf and .html files, with the checks each format needs first.

A .docx is a zip archive: its members are checked (declared sizes, count, names,
nesting, encryption, DTDs) before python-docx sees a byte, because a small archive can
declare gigabytes and python-docx would inflate them. A .pdf is read by pypdf, which
does not execute anything; encrypted and text-less PDFs are refused. HTML is parsed by
lxml without network access, DTD loading or entity expansion, and the page's chrome
(scripts, menus, headers and footers) is dropped before its text is taken.
"""

from __future__ import annotations

import io
import re
import zipfile

from ingest.errors import IngestError

MAX_ZIP_ENTRIES = 1000
"""A Word document has a few dozen members; thousands mean something else."""

MAX_RATIO = 200
"""Compression ratio above which a large member is treated as a bomb."""

_NESTED = re.compile(r"\.(zip|docx|xlsx|pptx|jar|gz|7z|rar)$", re.I)


def check_zip(data: bytes, source: str, *, max_bytes: int) -> zipfile.ZipFile:
    """Open a .docx archive after refusing bombs, traversal names, nesting and encryption.

    The total declared uncompressed size may be at most ten times ``max_bytes``.

    :raises IngestError: naming the file and what is wrong with it.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise IngestError(source, f"damaged or truncated .docx (not a readable zip archive: {exc})") from exc
    if len(members) > MAX_ZIP_ENTRIES:
        raise IngestError(source, f".docx has {len(members):,} zip entries (limit {MAX_ZIP_ENTRIES})")
    limit = 10 * max_bytes
    total = 0
    for info in members:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise IngestError(source, f".docx member name {name!r} points outside the archive")
        if info.flag_bits & 0x1:
            raise IngestError(source, f".docx is encrypted (member {name!r})")
        if _NESTED.search(name):
            raise IngestError(source, f".docx holds a nested archive {name!r}")
        total += info.file_size
        if total > limit:
            raise IngestError(source, f".docx declares {total:,} uncompressed bytes "
                                      f"(limit {limit:,}): a zip bomb")
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise IngestError(source, f".docx member {name!r} inflates {info.compress_size:,} → "
                                      f"{info.file_size:,} bytes: a zip bomb")
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        raise IngestError(source, ".docx has no word/document.xml (not a Word document)")
    for info in members:
        if info.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(info) as member:
                    head = member.read(4096)
            except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
                raise IngestError(source, f"damaged .docx member {info.filename!r}: {exc}") from exc
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise IngestError(source, f".docx member {info.filename!r} declares a DTD or entities "
                                          f"(refused: entity expansion)")
    return archive


def docx_text(data: bytes, source: str, *, max_bytes: int) -> str:
    """Paragraphs and table cells of a .docx, in document order, one per line."""
    check_zip(data, source, max_bytes=max_bytes)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = []
                    for cell in row.cells:
                        if cell.text not in cells:  # merged cells repeat their text
                            cells.append(cell.text)
                    lines.append("\t".join(cells))
            else:
                lines.append(block.text)
    except IngestError:
        raise
    except Exception as exc:  # python-docx raises many kinds on malformed parts
        raise IngestError(source, f"unreadable .docx: {type(exc).__name__}: {exc}") from exc
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(source, ".docx holds no text")
    return text


def pdf_text(data: bytes, source: str) -> str:
    """The text layer of each page, pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IngestError(source, "encrypted PDF (no password is tried)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise IngestError(source, f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise IngestError(source, "PDF has no text layer (a scan? run OCR first)")
    return text


# --- HTML -------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "nav", "header", "footer", "aside", "form", "select", "button", "input",
              "textarea", "menu", "head")
_CHROME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|header|top|"
                     r"sidebar|side|share|comment|comments|copyright|links?|friendlink|related|"
                     r"toolbar|position|location|weizhi|dh|daohang|banquan)(?:$|[\s_-])", re.I)
_CONTENT = re.compile(r"(?:^|[\s_-])(?:content|article|main|zoom|text|detail|body|"
                      r"TRS_Editor|Custom_UnionStyle|xl_content|art_con|pages_content|zw|zhengwen)"
                      r"(?:$|[\s_-])", re.I)
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "td", "th", "center", "main"}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def html_text(html: str, source: str) -> str:
    """The main text of a page: the title (``h1``, else ``<title>``) and the content block.

    The content block is the ``<article>``/``<main>`` or content-classed element with
    the most text, else the ``<body>`` less its chrome.
    """
    from lxml import etree, html as lxml_html

    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  recover=True, default_doctype=False)
    try:
        root = lxml_html.fromstring(_XML_DECL.sub("", html), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(source, f"unreadable HTML: {exc}") from exc
    title = _title(root)
    for element in root.iter(*_DROP_TAGS):
        if element.getparent() is not None and element.tag != "head":
            element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if _CHROME.search(marks) and not _CONTENT.search(marks):
            element.drop_tree()
    main = _main_block(root)
    text = _text(main)
    if title and title not in text[:len(title) + 200]:
        text = f"{title}\n{text}"
    if not text.strip():
        raise IngestError(source, "HTML page holds no text")
    return text


def _title(root) -> str:
    for xpath in ("//h1", "//title"):
        for element in root.xpath(xpath):
            text = " ".join(element.text_content().split())
            if text:
                return text
    return ""


def _main_block(root):
    candidates = [e for e in root.iter("article", "main")]
    candidates += [e for e in root.iter("div", "td", "section")
                   if _CONTENT.search(f"{e.get('class', '')} {e.get('id', '')}")]
    best = max(candidates, key=lambda e: len(e.text_content().strip()), default=None)
    if best is not None and len(best.text_content().strip()) >= 50:
        return best
    bodies = root.xpath("//body")
    return bodies[0] if bodies else root


def _text(element) -> str:
    """Text with a line break at every block element, as a browser would show it.

    Walked iteratively: a deeply nested page must not exhaust the Python stack.
    """
    from lxml import etree

    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _BLOCK:
                parts.append("\n")
            if node.text and tag:
                parts.append(node.text)
        else:
            if tag in _BLOCK:
                parts.append("\n")
            if node.tail and node is not element:
                parts.append(node.tail)
    text = "".join(parts)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())
