"""Paragraphs, sentences and tokens, with offsets into the cleaned text.

Paragraphs are the lines of the cleaned text; sentences end at 。！？； (with any
closing quote or bracket) or at the end of the paragraph.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ingest.records import Sentence

if TYPE_CHECKING:
    from ingest.lexicon import Lexicon

_SENTENCE_END = re.compile(r"[。！？；]+[”’」』）)]*|\n+")
_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines, stripped of surrounding whitespace."""
    spans = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def sentences(text: str) -> list[Sentence]:
    """Sentences split at 。！？； and line ends, each within one paragraph."""
    result: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        pos = p_start
        for match in _SENTENCE_END.finditer(text, p_start, p_end):
            _append(result, text, pos, match.end(), p_index)
            pos = match.end()
        _append(result, text, pos, p_end, p_index)
    return result


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end],
                            paragraph=paragraph))


_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
"""What jieba can cut as one token (its ``re_han_default``); other surfaces never are."""


class Segmenter:
    """jieba tokens through a :class:`jieba.Tokenizer` this object owns.

    The tokenizer gets a user dictionary generated from the lexicon, so that
    ``双重预防机制`` stays one token; it is built on first use (loading jieba's
    dictionary takes ~0.7 s), never at import, and never the module-level singleton.

    >>> seg = Segmenter(["双重预防机制"])
    >>> "双重预防机制" in seg.cut("健全双重预防机制")
    True
    """

    def __init__(self, words: Iterable[str] = (), *, hmm: bool = True) -> None:
        self.words = sorted({w for w in words if _JIEBA_WORD.fullmatch(w) and len(w) >= 2})
        self.hmm = hmm
        self._tokenizer = None

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> Segmenter:
        return cls(lexicon.surface_index())

    def user_dictionary(self) -> str:
        """The user dictionary in jieba's format, one word a line; jieba then gives each
        word the frequency that keeps it whole (``suggest_freq``)."""
        return "".join(f"{w}\n" for w in self.words)

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            tokenizer.load_userdict(io.StringIO(self.user_dictionary()))
            self._tokenizer = tokenizer
        return self._tokenizer

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text`` (whitespace dropped)."""
        return [t for t in self.tokenizer.cut(text, HMM=self.hmm) if not t.isspace()]

    def tokens(self, text: str, sentences: list[Sentence]) -> list[tuple[str, ...]]:
        """Tokens of each sentence, in order."""
        cut = self.tokenizer.lcut
        return [tuple(t for t in cut(text[s.start:s.end], HMM=self.hmm) if not t.isspace())
                for s in sentences]

    def is_word(self, word: str) -> bool:
        """Whether jieba's dictionary (or ours) holds ``word``."""
        return self.tokenizer.FREQ.get(word, 0) > 0
