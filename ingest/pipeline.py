"""The ingest steps composed: file → raw text → clean text → documents with extractions.

A :class:`Pipeline` holds what is costly to build (the lexicon's automaton, the jieba
tokenizer) so that one is built per process and reused for every file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.clean import clean_text
from ingest.extract import ConceptMatcher, extract
from ingest.lexicon import Lexicon, load_lexicon
from ingest.read import DEFAULT_MAX_BYTES, read_file
from ingest.records import Document, RawText
from ingest.segment import paragraphs, sentences

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


class Pipeline:
    """Turns files into :class:`Document` records."""

    def __init__(self, lexicon: Lexicon | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.matcher = ConceptMatcher(self.lexicon)
        self.max_bytes = max_bytes

    def process_file(self, path: Path) -> list[Document]:
        """All documents a file holds.

        :raises IngestError: naming the file when it cannot be read.
        """
        return self.process_raw(read_file(path, max_bytes=self.max_bytes))

    def process_raw(self, raw: RawText) -> list[Document]:
        clean = clean_text(raw.text)
        doc = Document(
            key=document_key(raw.source),
            source=raw.source,
            clean=clean,
            content_hash=hashlib.sha256(clean.text.encode("utf-8")).hexdigest(),
            encoding=raw.encoding,
            fmt=raw.fmt,
        )
        doc.paragraphs = paragraphs(clean.text)
        doc.sentences = sentences(clean.text)
        return [extract(doc, self.matcher)]

    def process_text(self, text: str, source: str = "text") -> list[Document]:
        return self.process_raw(RawText(source=source, text=text, encoding="utf-8", fmt="txt"))


def document_key(source: str, part: int | None = None) -> str:
    """A readable, stable key from the source: the file name without extension (+ part)."""
    name = source.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}-{part}" if part is not None else stem


def iter_files(paths: list[Path]) -> list[Path]:
    """The files named, and the ingestible files under the folders named, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            found.append(path)
    return found
