"""Identity of content: an exact hash of the cleaned text.

The hash (SHA-256 of the cleaned text) tells an unchanged file (skip it) and the same
text under another name (link it, count it once). Near-duplicate reposts — the same
article on another site, differing in chrome or a line — are found by the store's
SimHash index (:mod:`graph.dedupe`), which compares each document with the whole corpus.
"""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """SHA-256 of the cleaned text, hex.

    >>> content_hash("安全")[:12]
    'afb63a620bdc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
