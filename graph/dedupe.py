"""Reposts: the same article published twice (on two sites, with different chrome).

A document's fingerprint is a 64-bit SimHash (Charikar 2002) over the character 4-grams
of its cleaned text with punctuation and whitespace removed, so that a changed header,
footer or spacing moves few bits while a different text moves about half of them.

Threshold: two documents are near-duplicates when their fingerprints differ in at most
:data:`MAX_DISTANCE` (6) of 64 bits. Measured on the sample corpus (1,700–10,000
characters): the same document re-wrapped moves 0 bits, with about 150 characters of
site chrome (menus, breadcrumbs, copyright and ICP lines) added 1–5 bits; distinct
documents of the same genre are 24–36 bits apart (unrelated fingerprints differ in 32
on average, so a false match at 6 is some six standard deviations out). Text that is
more than about a tenth chrome is not caught: cleaning is expected to remove most of it.
``tests/graph/test_dedupe.py`` pins these figures.

The index finds candidates by splitting a fingerprint into eight 8-bit bands: two
fingerprints within 6 bits agree on at least two bands (pigeonhole), so a lookup touches
only the documents sharing a band instead of the whole corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

MAX_DISTANCE = 6
"""Fingerprints at most this many bits apart are near-duplicates."""

SHINGLE = 4
"""Characters per feature."""

_NOISE = re.compile(r"[\W_]+")
_PRIME = np.uint64(1_000_003)
_BANDS = 8
_BAND_BITS = 64 // _BANDS


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads a feature's bits over all 64 (wrapping arithmetic)."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def simhash(text: str) -> int:
    r"""The 64-bit SimHash of ``text``'s character 4-grams (deterministic across processes).

    >>> a = simhash("坚持人民至上、生命至上，\n统筹发展和安全。")
    >>> b = simhash("坚持人民至上，生命至上, 统筹发展和安全")
    >>> distance(a, b)
    0
    """
    core = _NOISE.sub("", text)
    if not core:
        return 0
    points = np.frombuffer(core.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = max(len(points) - SHINGLE + 1, 1)
    h = np.zeros(n, dtype=np.uint64)
    for i in range(min(SHINGLE, len(points))):
        h = h * _PRIME + points[i:i + n]
    features = np.unique(_mix(h))
    fingerprint = 0
    half = len(features) / 2
    for bit in range(64):
        if int(((features >> np.uint64(bit)) & np.uint64(1)).sum()) > half:
            fingerprint |= 1 << bit
    return fingerprint


def distance(a: int, b: int) -> int:
    """Bits in which two fingerprints differ."""
    return (a ^ b).bit_count()


def to_hex(fingerprint: int) -> str:
    return f"{fingerprint:016x}"


def from_hex(text: str) -> int:
    return int(text, 16)


class NearDuplicateIndex:
    """Fingerprints of the stored documents, by key, searchable by band.

    >>> index = NearDuplicateIndex()
    >>> index.add("a", 0b1011)
    >>> index.matches(0b1111)
    ['a']
    >>> index.remove("a"); index.matches(0b1111)
    []
    """

    def __init__(self) -> None:
        self._fingerprints: dict[str, int] = {}
        self._bands: list[dict[int, set[str]]] = [defaultdict(set) for _ in range(_BANDS)]

    def __contains__(self, key: str) -> bool:
        return key in self._fingerprints

    def __len__(self) -> int:
        return len(self._fingerprints)

    def add(self, key: str, fingerprint: int) -> None:
        self.remove(key)
        self._fingerprints[key] = fingerprint
        for band, value in enumerate(_band_values(fingerprint)):
            self._bands[band][value].add(key)

    def remove(self, key: str) -> None:
        fingerprint = self._fingerprints.pop(key, None)
        if fingerprint is None:
            return
        for band, value in enumerate(_band_values(fingerprint)):
            self._bands[band][value].discard(key)

    def matches(self, fingerprint: int, *, exclude: str | None = None) -> list[str]:
        """Keys of stored documents within :data:`MAX_DISTANCE` bits, sorted."""
        candidates: set[str] = set()
        for band, value in enumerate(_band_values(fingerprint)):
            candidates |= self._bands[band].get(value, set())
        candidates.discard(exclude)
        return sorted(k for k in candidates
                      if distance(self._fingerprints[k], fingerprint) <= MAX_DISTANCE)


def _band_values(fingerprint: int) -> list[int]:
    mask = (1 << _BAND_BITS) - 1
    return [(fingerprint >> (band * _BAND_BITS)) & mask for band in range(_BANDS)]
