"""Identity of content: an exact hash, and a SimHash for near-duplicate reposts.

The exact hash (SHA-256 of the cleaned text) tells an unchanged file (skip it) and the
same text under another name (link it, count it once). The SimHash tells a repost of
one article on another site, where only chrome, a line or some punctuation differ: it
is built from the sentences, each hashed once, so it costs a fraction of segmentation.
Two documents whose 64-bit SimHashes differ in at most :data:`NEAR_DUPLICATE_BITS`
bits are near-duplicates. The expected distance is 64·arccos(s)/π for a share ``s``
of sentence weight in common: a repost that differs in chrome only (removed by
cleaning) is at 0; one sentence in twenty changed gives about 6 bits (s ≈ 0.95), one in
ten about 9–14, unrelated texts about 32.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

NEAR_DUPLICATE_BITS = 8
"""Largest Hamming distance between two SimHashes still called a near-duplicate."""


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text, hex.

    >>> content_hash("安全")[:12]
    'afb63a620bdc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_LANE = 40
"""Bits per counter lane: room for texts of up to 2**40 characters."""
_SPREAD = [sum(((byte >> i) & 1) << (_LANE * i) for i in range(8)) for byte in range(256)]


def simhash(pieces: Iterable[str]) -> int:
    """64-bit SimHash over pieces of text (sentences), each weighted by its length.

    The 64 per-bit counters live in lanes of one Python integer, so each piece costs a
    hash and a few integer operations rather than a loop over 64 bits.
    """
    acc = total = 0
    spread, lane8 = _SPREAD, 8 * _LANE
    for piece in pieces:
        if not piece:
            continue
        h = hashlib.blake2b(piece.encode("utf-8"), digest_size=8).digest()
        bits = 0
        for k, byte in enumerate(h):
            bits |= spread[byte] << (lane8 * k)
        acc += len(piece) * bits
        total += len(piece)
    mask = (1 << _LANE) - 1
    result = 0
    for bit in range(64):
        k, i = divmod(bit, 8)
        if 2 * ((acc >> (_LANE * (8 * k + i))) & mask) > total:
            result |= 1 << (63 - (8 * k + (7 - i)))
    return result


def distance(a: int, b: int) -> int:
    """Hamming distance of two SimHashes."""
    return (a ^ b).bit_count()


def near_duplicates(a: int, b: int, *, bits: int = NEAR_DUPLICATE_BITS) -> bool:
    """Whether two SimHashes are close enough to call the texts reposts of one article.

    >>> s = ["第一句。", "第二句。", "第三句。", "第四句话更长一些。"]
    >>> near_duplicates(simhash(s), simhash(s + ["网站声明。"]))
    True
    """
    return distance(a, b) <= bits
