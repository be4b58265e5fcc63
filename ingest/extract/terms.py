"""The word lists of :file:`terms.toml`, read once on first use.

Posts, body suffixes, hazard words and the like are data a domain expert edits, so they
live in a TOML file beside the rules instead of in Python source.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.errors import LexiconError

TERMS_FILE = Path(__file__).with_name("terms.toml")


@lru_cache(maxsize=1)
def terms() -> dict[str, Any]:
    """The parsed word lists (cached: read once per process).

    :raises LexiconError: naming the file when it is not valid TOML.
    """
    try:
        with TERMS_FILE.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{TERMS_FILE.name}: {exc}") from exc


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first so that the longest wins.

    >>> alternation(["局", "应急局"])
    '(?:应急局|局)'
    """
    import re

    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"
