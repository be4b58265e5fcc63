"""Where an offset lies: the sentence index every extracted item carries as evidence."""

from __future__ import annotations

from bisect import bisect_right

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
        return not any(self._taken[start:end])

    def claim(self, start: int, end: int) -> bool:
        """Claim ``[start, end)`` if no part of it is claimed; whether it was."""
        if any(self._taken[start:end]):
            return False
        self._taken[start:end] = b"\x01" * (end - start)
        return True
