"""The ingest steps composed: file → raw text → clean text → documents with extractions.

A :class:`Pipeline` holds what is costly to build (the lexicon's automaton, the jieba
tokenizer) so that one is built per process and reused for every file. The steps are
also methods of their own (:meth:`Pipeline.clean`, :meth:`Pipeline.segment`) so that a
benchmark can time them apart.
"""

from __future__ import annotations

from pathlib import Path

from ingest.clean import clean_text, to_simplified
from ingest.errors import IngestError
from ingest.extract import ConceptMatcher, extract
from ingest.extract.numerals import warm_up as warm_up_numerals
from ingest.fingerprint import content_hash
from ingest.lexicon import Lexicon, load_lexicon
from ingest.metadata import extract_metadata
from ingest.read import DEFAULT_MAX_BYTES, read_file
from ingest.read import warm_up as warm_up_reading
from ingest.records import CleanText, Document, RawText, Sentence
from ingest.segment import Segmenter, paragraphs, sentences
from ingest.split import find_parts, part_text

SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")

_WARM_UP_TEXT = ("XX县安全生产委员会办公室\n2021年3月5日，县委书记张明同志在全县安全生产工作会议上强调，"
                 "坚持人民至上、生命至上，落实“三个必须”：管行业必须管安全、管业务必须管安全、"
                 "管生产经营必须管安全。开展“除隐患、早防范”集中整治行动，吸取“1·10”重大事故教训，"
                 "该事故造成二十多人死亡、直接经济损失1.2亿元。")
"""Text that takes every extractor through its first use (word lists, automata)."""


class Pipeline:
    """Turns files into :class:`Document` records.

    ``tokens=False`` skips jieba tokenisation of the sentences (metadata still asks
    jieba's dictionary whether a place name is a word).
    """

    def __init__(self, lexicon: Lexicon | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 tokens: bool = True) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.matcher = ConceptMatcher(self.lexicon)
        self.segmenter = Segmenter.from_lexicon(self.lexicon)
        self.max_bytes = max_bytes
        self.tokens = tokens

    def warm_up(self) -> None:
        """Build what is otherwise built on first use, e.g. before forking workers that
        should share it rather than each build their own: jieba's tables, OpenCC's
        dictionaries, the decoder's tables, cn2an (~0.4 s of regex compiling at import)
        and the extractors' word lists and automata."""
        self.segmenter.tokenizer  # noqa: B018 - the property builds the tables
        warm_up_reading()
        to_simplified("")
        warm_up_numerals()
        self.process_text(_WARM_UP_TEXT, "warm-up.txt")

    def process_file(self, path: Path) -> list[Document]:
        """All documents a file holds.

        :raises IngestError: naming the file when it cannot be read or holds no text.
        """
        return self.process_raw(read_file(path, max_bytes=self.max_bytes))

    def process_text(self, text: str, source: str = "text") -> list[Document]:
        return self.process_raw(RawText(source=source, text=text, encoding="utf-8", fmt="txt"))

    def process_raw(self, raw: RawText) -> list[Document]:
        clean = self.clean(raw.text)
        if not clean.text:
            reasons = sorted({r.reason for r in clean.removed})
            raise IngestError(raw.source, "no document text left after cleaning"
                              + (f" (removed: {', '.join(reasons)})" if reasons else ""))
        parts = find_parts(clean.text)
        if not parts:
            return [self._document(raw, clean, None, None)]
        return [self._document(raw, part_text(clean, p.start, p.end), p.number, p.heading)
                for p in parts]

    def clean(self, text: str) -> CleanText:
        """Step 2: raw text to clean simplified text with its offset map."""
        return clean_text(text)

    def segment(self, text: str) -> tuple[list[tuple[int, int]], list[Sentence], list[tuple[str, ...]]]:
        """Step 3: paragraphs, sentences and (unless disabled) the tokens of each sentence."""
        spans = sentences(text)
        tokens = self.segmenter.tokens(text, spans) if self.tokens else []
        return paragraphs(text), spans, tokens

    def _document(self, raw: RawText, clean: CleanText, part: int | None,
                  heading: str | None) -> Document:
        doc = Document(key=document_key(raw.source, part), source=raw.source, clean=clean,
                       content_hash=content_hash(clean.text), part=part,
                       encoding=raw.encoding, fmt=raw.fmt)
        doc.paragraphs, doc.sentences, doc.tokens = self.segment(clean.text)
        doc.metadata = extract_metadata(clean, heading=heading, is_word=self.segmenter.is_word)
        return extract(doc, self.matcher)


def document_key(source: str, part: int | None = None) -> str:
    """A readable, stable key from the source: the file name without extension (+ part)."""
    name = source.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}-{part}" if part is not None else stem


def iter_files(paths: list[Path]) -> list[Path]:
    """The files named, and the files under the folders named (hidden ones skipped), in order.

    Every file under a folder is returned, whatever its extension: reading sniffs the
    content and refuses what it cannot read, with a reason.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file()
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            found.append(path)
    return found
