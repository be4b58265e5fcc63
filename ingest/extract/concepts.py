"""Lexicon matches over cleaned text, before segmentation.

Matching runs on the text rather than on jieba tokens because jieba drops dictionary
words that contain punctuation (党政同责、一岗双责). pyahocorasick finds every surface in
one pass; overlaps are then resolved longest-first.
"""

from __future__ import annotations

from bisect import bisect_right

import ahocorasick

from ingest.lexicon import Lexicon
from ingest.records import Mention, Sentence


_ONES = b"\x01" * 64


class ConceptMatcher:
    """An Aho–Corasick automaton over every label and alias of the lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.surfaces: dict[str, str] = lexicon.surface_index()
        """Every label and alias mapped to its concept's key, built once."""
        self._automaton = ahocorasick.Automaton()
        for surface, key in self.surfaces.items():
            self._automaton.add_word(surface, (surface, key))
        self._automaton.make_automaton()

    def mentions(self, text: str, sentences: list[Sentence]) -> list[Mention]:
        """Longest non-overlapping matches, each tied to its sentence."""
        # (-length, start) is unique per hit, so sorting the tuples is sorting longest
        # first, then leftmost
        found = [(-len(surface), end_index + 1 - len(surface), end_index + 1, surface, key)
                 for end_index, (surface, key) in self._automaton.iter(text)]
        found.sort()
        taken = bytearray(len(text))
        starts = [s.start for s in sentences]
        kept = []
        for _, start, end, surface, key in found:
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = _ONES[:end - start] if end - start <= len(_ONES) else b"\x01" * (end - start)
            kept.append((start, end, surface, key))
        kept.sort()
        return [Mention(concept=key, surface=surface, start=start, end=end,
                        sentence=max(bisect_right(starts, start) - 1, 0))
                for start, end, surface, key in kept]
