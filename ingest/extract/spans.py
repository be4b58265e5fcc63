"""Where an offset lies: the sentence index every extracted item carries as evidence."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

from ingest.records import Sentence

HAN = "\u4e00-\u9fff"
"""The CJK Unified Ideographs block, for character classes."""



class SentenceLocator:
    """Maps a character offset to the index of the sentence that holds it.

    >>> from ingest.records import Sentence
    >>> loc = SentenceLocator([Sentence(0, 0, 3, "甲乙。", 0), Sentence(1, 3, 6, "丙丁。", 0)])
    >>> loc.index(4)
    1
    """

    def __init__(self, sentences: list[Sentence]) -> None:
        self._starts = [s.start for s in sentences]

    def index(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def strip_quotes(text: str) -> str:
    """``text`` without quotation marks and book-title marks, for names and comparisons.

    >>> strip_quotes("两个“清单”")
    '两个清单'
    """
    return text.translate(_QUOTE_TABLE).strip()


_QUOTE_TABLE = str.maketrans("", "", "“”\"「」『』‘’《》〈〉 \u3000")


class Occupancy:
    """Which characters an extractor has already claimed: overlap checks in time linear
    in the span, not in the number of items found.

    >>> taken = Occupancy(10)
    >>> taken.claim(2, 5), taken.claim(4, 6), taken.claim(5, 6)
    (True, False, True)
    """

    def __init__(self, length: int) -> None:
        self._taken = bytearray(length + 1)

    def free(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) < 0

    def claim(self, start: int, end: int) -> bool:
        """Claim ``[start, end)`` if no part of it is claimed; whether it was."""
        if self._taken.find(1, start, end) >= 0:  # a search in place, no slice copied
            return False
        self._taken[start:end] = b"\x01" * (end - start)
        return True


def finditer_anchored(pattern: re.Pattern[str], text: str, anchor: re.Pattern[str],
                      window_start: Callable[[str, int], int]) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, trying only near an anchor.

    For patterns every match of which holds a match of ``anchor`` (a literal or a
    class of characters), at an offset ``i`` with the match starting at or after
    ``window_start(text, i)``: start positions are tried in order, as ``finditer``
    tries them, but only inside those windows (``pattern.match`` at a position sees
    the text before it, so lookbehinds behave as in a scan). A scan of a long
    alternation at every character costs more than the rest of an extractor; anchors
    are found by a scan of a literal.
    """
    pos = 0       # where the last match ended: no match may start before
    tried = 0     # the first start position not yet tried
    for hit in anchor.finditer(text):
        i = hit.start()
        s = max(window_start(text, i), pos, tried)
        while s <= i:
            m = pattern.match(text, s)
            if m is None:
                s += 1
                continue
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1
            s = pos
        tried = max(tried, s)


def window_before(reach: int) -> Callable[[str, int], int]:
    """Windows for matches that start at most ``reach`` characters before their anchor."""
    return lambda text, i: i - reach
