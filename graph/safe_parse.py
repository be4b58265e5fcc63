"""Parsing RDF files from anywhere without letting them hurt the process that imports them.

Measured on pyoxigraph 0.5.13 and rdflib 7.6: billion-laughs RDF/XML (entities nested six
to nine levels, under 1 KB) hangs rdflib for over a minute and aborts pyoxigraph with an
out-of-memory error no ``except`` can catch; JSON-LD names remote ``@context`` documents
that a parser with a document loader would fetch. So a file is parsed like this:

1. XML formats: a ``DOCTYPE`` or ``ENTITY`` declaration anywhere in the file, or an
   encoding other than UTF-8, is refused before any parser sees a byte. RDF never needs
   a DTD.
2. JSON-LD: a ``@context`` (or ``@import``) that names a document instead of holding
   one is refused; nothing is ever fetched.
3. The parser runs in a child process with an address-space cap (``RLIMIT_AS``), a file
   size cap on what it writes and a time limit. It writes what it read as N-Quads — a
   line-based format with nothing to expand — which the caller reads back. A parser
   that blows up kills only the child; the caller gets a :class:`StoreError`.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError

MEMORY_LIMIT = 1 << 30
"""Address space of the parsing child (bytes)."""
TIMEOUT = 300.0
"""Seconds the parsing child may run."""
OUTPUT_FACTOR = 40
"""The N-Quads a file may turn into, as a multiple of its size (plus 64 MiB)."""

XML_FORMATS = (ox.RdfFormat.RDF_XML,)
_MARKUP = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
_XML_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']""", re.I)
_CHUNK = 1 << 20
_REFUSED = 3
"""The child's exit status when it refused or could not parse the file (message on stderr)."""
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])


def parse_file(path: Path, fmt: ox.RdfFormat, *, memory_limit: int = MEMORY_LIMIT,
               timeout: float = TIMEOUT) -> list[ox.Quad]:
    """Every quad of ``path`` read as ``fmt``, parsed in a capped child process.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.nt"
    >>> _ = p.write_text('<http://a> <http://b> "c" .\\n', encoding="utf-8")
    >>> [str(q.object) for q in parse_file(p, ox.RdfFormat.N_TRIPLES)]
    ['"c"']

    :raises StoreError: naming the file, when it is refused, cannot be parsed, or its
        parser ran out of memory or time.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
    if fmt in XML_FORMATS:
        refuse_markup(path)
    with tempfile.TemporaryDirectory(prefix="safetykg-parse-") as work:
        out = Path(work) / "parsed.nq"
        _run_child(path, fmt, out, memory_limit=memory_limit, timeout=timeout,
                   max_output=(64 << 20) + OUTPUT_FACTOR * size)
        try:
            return list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
        except (SyntaxError, ValueError, OSError) as exc:  # our own child wrote it: a bug
            raise StoreError(f"{path}: reading back what the parser wrote failed: {exc}") from exc


def refuse_markup(path: Path) -> None:
    """Refuse an XML file with a DTD (``DOCTYPE``/``ENTITY``) or a non-UTF-8 encoding.

    :raises StoreError: naming the file and what was found in it.
    """
    tail = b""
    offset = 0
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                window = tail + chunk
                if offset == 0:
                    _refuse_encoding(path, window)
                if b"\x00" in chunk:
                    raise StoreError(f"{path}: RDF/XML must be UTF-8; this file holds NUL bytes "
                                     f"(UTF-16 or binary data)")
                if match := _MARKUP.search(window):
                    at = offset - len(tail) + match.start()
                    raise StoreError(
                        f"{path}: refused: the XML declares a {match.group(1).decode().upper()} "
                        f"at byte {at}; RDF/XML with DTDs or entities is not read (entity "
                        f"expansion can exhaust memory or read local files). Remove the "
                        f"DOCTYPE and write the values out")
                tail = window[-16:]
                offset += len(chunk)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read it: {exc.strerror or exc}") from exc


def _refuse_encoding(path: Path, head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StoreError(f"{path}: RDF/XML must be UTF-8; this file starts with a UTF-16 mark")
    declared = _XML_DECLARED_ENCODING.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if declared and declared.group(1).decode("ascii", "replace").lower() not in ("utf-8", "utf8",
                                                                                  "us-ascii"):
        raise StoreError(f"{path}: RDF/XML must be UTF-8; it declares encoding "
                         f"{declared.group(1).decode('ascii', 'replace')!r}")


def _run_child(path: Path, fmt: ox.RdfFormat, out: Path, *, memory_limit: int, timeout: float,
               max_output: int) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")) if p))
    argv = [sys.executable, "-m", "graph.safe_parse", str(path), fmt.media_type, str(out),
            str(memory_limit), str(max_output)]
    try:
        child = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise StoreError(f"{path}: parsing took longer than {timeout:g} s and was stopped") from None
    if child.returncode == 0:
        return
    said = child.stderr.decode("utf-8", "replace").strip().splitlines()
    if child.returncode == _REFUSED and said:
        raise StoreError(f"{path}: {said[-1]}")
    raise StoreError(
        f"{path}: the {fmt.name} parser stopped (exit {child.returncode}): it ran out of "
        f"memory ({memory_limit >> 20} MiB), wrote more than {max_output >> 20} MiB, or "
        f"crashed; nothing was imported")



def _check_json_ld(path: Path) -> None:
    """Refuse a JSON-LD document whose ``@context`` or ``@import`` names a remote document."""
    try:
        data = json.loads(path.read_bytes())
    except RecursionError:
        raise StoreError("the JSON is nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"not JSON: {exc}") from None
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    _check_context(value)
                stack.append(value)


def _check_context(value: object) -> None:
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            raise StoreError(f'refused: "@context": "{item}" names a remote context; safetykg '
                             f"never fetches documents while importing. Put the context inline")
        if isinstance(item, dict) and isinstance(item.get("@import"), str):
            raise StoreError(f'refused: "@import": "{item["@import"]}" names a remote context; '
                             f"safetykg never fetches documents while importing")


def _child(argv: list[str]) -> int:
    """The child's work: parse ``argv[0]`` as ``argv[1]``, write N-Quads to ``argv[2]``."""
    source, media_type, out, memory, max_output = argv
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(max_output), int(max_output)))
    fmt = ox.RdfFormat.from_media_type(media_type)
    try:
        if fmt == ox.RdfFormat.JSON_LD:
            _check_json_ld(Path(source))
        with open(out, "wb") as sink:
            ox.serialize(ox.parse(path=source, format=fmt), sink, format=ox.RdfFormat.N_QUADS)
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return _REFUSED
    except (SyntaxError, ValueError, UnicodeDecodeError, OSError) as exc:
        print(f"cannot read it as {fmt.name}: {exc}", file=sys.stderr)
        return _REFUSED
    except MemoryError:
        print(f"the {fmt.name} parser needed more than {int(memory) >> 20} MiB", file=sys.stderr)
        return _REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
