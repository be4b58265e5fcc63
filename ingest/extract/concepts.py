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


class ConceptMatcher:
    """An Aho–Corasick automaton over every label and alias of the lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.surfaces: dict[str, str] = lexicon.surface_index()
        """Every label and alias mapped to its concept's key, built once."""
        self._automaton = ahocorasick.Automaton()
        for surface, key in self.surfaces.items():
            self._automaton.add_word(surface, (len(surface) - 1, surface, key))
        self._automaton.make_automaton()

    def mentions(self, text: str, sentences: list[Sentence]) -> list[Mention]:
        """Longest non-overlapping matches (longest first, then leftmost), each tied to
        its sentence.

        Most hits overlap no other; those are kept as they are. Hits that overlap form
        clusters (runs of hits, in order of start, each starting before the furthest end
        so far), and a cluster is resolved on its own: no hit outside it overlaps one in
        it, so the choice is the one a pass over all hits, longest first, makes.
        """
        hits = [(end - last, end + 1, surface, key)
                for end, (last, surface, key) in self._automaton.iter(text)]
        hits.sort()
        kept: list[tuple[int, int, str, str]] = []
        cluster: list[tuple[int, int, str, str]] = []
        reach = -1
        for hit in hits:
            if hit[0] >= reach:
                if len(cluster) == 1:
                    kept.append(cluster[0])
                elif cluster:
                    kept.extend(_longest_first(cluster))
                cluster = [hit]
                reach = hit[1]
            else:
                cluster.append(hit)
                if hit[1] > reach:
                    reach = hit[1]
        if len(cluster) == 1:
            kept.append(cluster[0])
        elif cluster:
            kept.extend(_longest_first(cluster))
        starts = [s.start for s in sentences]
        return [Mention(key, surface, start, end, max(bisect_right(starts, start) - 1, 0))
                for start, end, surface, key in kept]


def _longest_first(cluster: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """The hits of one cluster that survive, longest first then leftmost, in text order.

    ``(length, start)`` is unique per hit (one surface per span), so the order is total.
    """
    base = cluster[0][0]
    taken = bytearray(max(hit[1] for hit in cluster) - base)
    kept = []
    for hit in sorted(cluster, key=lambda h: (h[0] - h[1], h[0])):
        start, end = hit[0] - base, hit[1] - base
        if taken.find(1, start, end) >= 0:
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append(hit)
    kept.sort()
    return kept
