"""Paragraphs, sentences and tokens, with offsets into the cleaned text.

Paragraphs are the lines of the cleaned text; sentences end at 。！？； (with any
closing quote or bracket) or at the end of the paragraph.
"""

from __future__ import annotations

import io
import logging
import math
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
        out.append(Sentence(len(out), start, end, text[start:end], paragraph))


_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
"""What jieba can cut as one token (its ``re_han_default``); other surfaces never are."""

_PIECE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+|[^\s\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")
"""A run of word characters, or one other character that is not whitespace: what
jieba's ``cut`` hands on (runs to the word graph, every other character alone)."""

class Segmenter:
    """jieba tokens through a :class:`jieba.Tokenizer` this object owns.

    The tokenizer gets a user dictionary generated from the lexicon, so that
    ``双重预防机制`` stays one token; it is built on first use (loading jieba's
    dictionary takes ~0.7 s), never at import, and never the module-level singleton.

    :meth:`tokens` gives exactly what ``tokenizer.lcut(sentence, HMM=True)`` gives for
    each sentence (whitespace dropped), but runs jieba's algorithm in one fused pass per
    run of word characters: the word graph and the best route are computed together
    from a table of log probabilities built once, instead of a DAG dict, a generator and
    a ``log`` call per edge. Unknown runs still go to jieba's HMM (``finalseg``).

    >>> seg = Segmenter(["双重预防机制"])
    >>> "双重预防机制" in seg.cut("健全双重预防机制")
    True
    """

    def __init__(self, words: Iterable[str] = (), *, hmm: bool = True) -> None:
        self.words = sorted({w for w in words if _JIEBA_WORD.fullmatch(w) and len(w) >= 2})
        self.hmm = hmm
        self._tokenizer = None
        self._logp: dict[str, float | None] = {}
        self._unknown = 0.0
        self._hmm_cache: dict[str, tuple[str, ...]] = {}

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
            # jieba's calc() scores an edge as log(FREQ[w] or 1) - log(total) + rest;
            # the first two terms are fixed per word, so they are computed once here.
            # Prefixes that are not words (frequency 0) map to None: they only say
            # "keep extending".
            logtotal = math.log(tokenizer.total)
            self._logp = {w: (math.log(f) - logtotal if f else None) for w, f in tokenizer.FREQ.items()}
            self._unknown = math.log(1) - logtotal
            self._tokenizer = tokenizer
        return self._tokenizer

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text`` (whitespace dropped)."""
        if not self.hmm:
            return [t for t in self.tokenizer.cut(text, HMM=False) if not t.isspace()]
        out: list[str] = []
        self._cut_span(text, 0, len(text), out)
        return out

    def tokens(self, text: str, sentences: list[Sentence]) -> list[tuple[str, ...]]:
        """Tokens of each sentence, in order (what ``lcut`` of each sentence gives)."""
        if not self.hmm:
            cut = self.tokenizer.lcut
            return [tuple(t for t in cut(text[s.start:s.end], HMM=False) if not t.isspace())
                    for s in sentences]
        self.tokenizer  # noqa: B018 - builds the tables on first use
        result = []
        for s in sentences:
            out: list[str] = []
            self._cut_span(text, s.start, s.end, out)
            result.append(tuple(out))
        return result

    def _cut_span(self, text: str, start: int, end: int, out: list[str]) -> None:
        """jieba's ``cut(text[start:end], HMM=True)`` minus whitespace, appended to ``out``.

        jieba cuts each run of word characters on its own and yields every other
        character alone; a run never crosses a sentence end, so sentences can be cut
        where they lie in the text.
        """
        if self._tokenizer is None:
            self.tokenizer  # noqa: B018
        cut_block, append = self._cut_block, out.append
        for piece in _PIECE.findall(text, start, end):
            if len(piece) == 1:  # a mark, or a run of one word character: itself
                append(piece)
            else:
                cut_block(piece, out)

    def _cut_block(self, block: str, out: list[str]) -> None:
        """jieba's ``__cut_DAG`` of one run of word characters (see the class docstring)."""
        logp = self._logp  # operators, not method calls, in the hot loop
        n = len(block)
        score = [0.0] * (n + 1)
        best = [0] * n
        unknown = self._unknown
        for k in range(n - 1, -1, -1):
            top = None
            top_end = k + 1
            end = k + 1
            frag = block[k]
            while frag in logp:
                lp = logp[frag]
                if lp is not None:
                    value = lp + score[end]
                    # jieba takes max((value, end - 1)): ties go to the longer word
                    if top is None or value >= top:
                        top, top_end = value, end
                if end >= n:
                    break
                end += 1
                frag = block[k:end]
            if top is None:
                top = unknown + score[k + 1]
            score[k] = top
            best[k] = top_end
        x = 0
        buf_start = -1
        while x < n:
            y = best[x]
            if y - x == 1:
                if buf_start < 0:
                    buf_start = x
            else:
                if buf_start >= 0:
                    self._flush(block[buf_start:x], out)
                    buf_start = -1
                out.append(block[x:y])
            x = y
        if buf_start >= 0:
            self._flush(block[buf_start:], out)

    def _flush(self, buf: str, out: list[str]) -> None:
        """A run of single characters: jieba's HMM names the unknown words in it."""
        if len(buf) == 1:
            out.append(buf)
        elif self._logp.get(buf) is None:  # jieba: not FREQ.get(buf)
            cached = self._hmm_cache.get(buf)
            if cached is None:
                from jieba import finalseg

                cached = tuple(finalseg.cut(buf))
                if len(self._hmm_cache) < 100_000:
                    self._hmm_cache[buf] = cached
            out.extend(cached)
        else:
            out.extend(buf)

    def is_word(self, word: str) -> bool:
        """Whether jieba's dictionary (or ours) holds ``word``."""
        return self.tokenizer.FREQ.get(word, 0) > 0

