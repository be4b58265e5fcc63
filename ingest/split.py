"""One file, several documents: find the parts of a file that holds more than one.

Essay and government sites put several speeches on one page under a repeated title
with a number — ``市安全生产会议讲话（一）：`` … ``市安全生产会议讲话（二）：`` — or as
``…之一``/``…之二``, ``篇一``/``篇二``, ``第一篇``/``第二篇``. A file is split only when
at least two such headings share their title and count 1, 2, 3 … in order; a single
``（一）`` is an ordinary section heading and splits nothing. Text before the first part
(the page's own title, a site blurb) belongs to no part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.records import CleanText, RemovedLine

_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_NUM = r"(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})"
_HEADINGS = (
    re.compile(rf"^(?P<stem>[^。！？；，]{{2,40}}?)（{_NUM}）[：:]?$"),
    re.compile(rf"^(?P<stem>[^。！？；，]{{2,40}}?)之{_NUM}[：:]?$"),
    re.compile(rf"^(?P<stem>篇|范文|材料|稿件){_NUM}[：:]?(?:.{{0,40}})$"),
    re.compile(rf"^(?P<stem>第){_NUM}篇[：:]?(?:.{{0,40}})$"),
)
_HAN = re.compile("[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Part:
    """One document inside a file: ``[start, end)`` of the cleaned text, its heading line."""

    number: int
    start: int
    end: int
    heading: str


def number(text: str) -> int | None:
    """``二`` → 2, ``十二`` → 12, ``3`` → 3."""
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _NUMERALS.get(text)
    if text.startswith("十"):
        return 10 + (_NUMERALS.get(text[1:], 0) if len(text) > 1 else 0)
    if len(text) >= 2 and text[1] == "十":
        tens = _NUMERALS.get(text[0])
        ones = _NUMERALS.get(text[2:], 0) if len(text) > 2 else 0
        return tens * 10 + ones if tens else None
    return None


def find_parts(text: str) -> list[Part]:
    """The parts of ``text``, or ``[]`` when it is one document.

    >>> text = "会议讲话\\n会议讲话（一）：\\n同志们：甲。\\n会议讲话（二）：\\n同志们：乙。"
    >>> [(p.number, text[p.start:p.end].split("\\n")[0]) for p in find_parts(text)]
    [(1, '会议讲话（一）：'), (2, '会议讲话（二）：')]
    """
    groups: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        for kind, pattern in enumerate(_HEADINGS):
            match = pattern.match(stripped)
            if match and _HAN.search(match.group("stem")):
                n = number(match.group("num"))
                if n is not None:
                    groups.setdefault((kind, match.group("stem")), []).append((pos, n, stripped))
                break
        pos += len(line) + 1
    best: list[tuple[int, int, str]] = []
    for heads in groups.values():
        run = _counting_run(heads)
        if len(run) >= 2 and len(run) > len(best):
            best = run
    if not best:
        return []
    ends = [start for start, _, _ in best[1:]] + [len(text)]
    return [Part(number=n, start=start, end=_rstrip(text, start, end), heading=heading)
            for (start, n, heading), end in zip(best, ends)]


def _counting_run(heads: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The headings numbered 1, 2, 3 … in order (others with the same title are ignored)."""
    run: list[tuple[int, int, str]] = []
    for head in heads:
        if head[1] == len(run) + 1:
            run.append(head)
    return run


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def part_text(clean: CleanText, start: int, end: int) -> CleanText:
    """The cleaned text of ``[start, end)`` as a CleanText of its own.

    Offsets still point into the whole raw file. The removed lines are those that lay
    inside the part's stretch of the raw file, and the page's own chrome — lines
    removed before the first part or after the last — which every part shares (a
    ``主办`` footer or ``发布时间`` line is about the page that holds them all).
    """
    offsets = clean.offsets[start:end]
    raw_start = offsets[0] if offsets else clean.offsets[start]
    raw_end = offsets[-1] + 1 if offsets else raw_start
    following = clean.offsets[end] if end < len(clean.text) else len(clean.raw)
    parts = find_parts(clean.text)
    head = clean.offsets[parts[0].start] if parts else 0
    tail = clean.offsets[parts[-1].end - 1] + 1 if parts else len(clean.raw)
    removed: list[RemovedLine] = [
        r for r in clean.removed
        if (raw_start <= r.start and r.end <= following) or r.end <= head or r.start >= tail]
    text = clean.text[start:end]
    return CleanText(text=text, raw=clean.raw, offsets=offsets + [raw_end], removed=removed,
                     lost_chars=text.count("?") + text.count("\ufffd"))
