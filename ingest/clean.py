"""Raw text to clean simplified Chinese, with a map from every cleaned character back.

Each rule is a small function over an :class:`Edit` buffer so that offsets stay true
whatever the rules remove or replace.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.records import CleanText

_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zA-Züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]{1,7}[)）]")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported on first use: loading dictionaries is not import-time work

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified, phrase-aware (OpenCC t2s)."""
    return _converter().convert(text)


def clean_text(raw: str) -> CleanText:
    """Clean ``raw`` and keep the offset map back to it."""
    text, offsets = _drop(raw, list(range(len(raw) + 1)), _GLOSS)
    converted = to_simplified(text)
    if len(converted) == len(text):
        text = converted
    else:  # phrase conversion changed the length: convert character by character
        text = "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch for ch in text)
    return CleanText(text=text, raw=raw, offsets=offsets)


def _drop(text: str, offsets: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    keep_text: list[str] = []
    keep_offsets: list[int] = []
    pos = 0
    for match in pattern.finditer(text):
        keep_text.append(text[pos:match.start()])
        keep_offsets.extend(offsets[pos:match.start()])
        pos = match.end()
    keep_text.append(text[pos:])
    keep_offsets.extend(offsets[pos:])
    return "".join(keep_text), keep_offsets
