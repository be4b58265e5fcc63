"""Quoted campaigns and systems, and titled laws and plans.

A quoted name followed by a head noun names a campaign or a system:
``“除隐患、早防范”集中整治行动``, ``“13710”督办制度``, ``“安康杯”竞赛``. A quoted name
that itself ends in such a head (``“四级督导机制”``) does too. A modifier written right
before the quotation belongs to the name when it is not a verb or a scope word
(安全生产“1+10+2”三年行动计划, 煤矿反“三违”活动; but not 全县 or 开展). A head that only
says what kind of thing the quoted name is (措施, 原则, 制度 …) is kept in ``head`` but not
in ``name``: “四个一律”措施 names 四个一律, while “13710”督办制度 and “安康杯”竞赛 are names
with their heads. Titles in 《》 ending in 法, 条例, 方案 … are laws and plans.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.spans import Occupancy, SentenceLocator, is_han, strip_quotes
from ingest.extract.terms import alternation, terms
from ingest.lexicon import Concept
from ingest.records import Campaign

_MAX_PREFIX = 4


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str] | tuple[str, ...] | frozenset[str]]:
    t = terms()["campaign"]
    heads = alternation(t["heads_campaign"] + t["heads_system"])
    return {
        "quoted_head": re.compile(rf"“([^“”\n，,。；;：:！？]{{1,30}})”[ \u3000]?({heads})"),
        "quoted": re.compile(rf"“([^“”\n，,。；;：:！？、]{{2,12}}?)({heads})”"),
        "title": re.compile(rf"《([^《》\n]{{2,60}}?{alternation(t['title_suffixes'])})》"),
        "stops": tuple(sorted(set(t["prefix_stops"] + t["scope_words"]), key=len, reverse=True)),
        "campaign_heads": frozenset(t["heads_campaign"]),
        "generic_heads": frozenset(t["generic_heads"]),
    }


def find_campaigns(text: str, locator: SentenceLocator, concepts: dict[str, Concept],
                   surfaces: dict[str, str]) -> list[Campaign]:
    """Every quoted campaign or system and every titled law or plan of ``text``."""
    pats = _patterns()
    found: list[Campaign] = []
    taken = Occupancy(len(text))

    def add(name: str, quoted: str, head: str, start: int, end: int, kind: str) -> None:
        if not taken.claim(start, end):
            return
        key = next((surfaces[s] for s in dict.fromkeys((name, quoted + head)) if s in surfaces), None)
        found.append(Campaign(name=name, quoted=quoted, head=head, start=start, end=end,
                              sentence=locator.index(start), concept=key, kind=kind))

    for m in pats["quoted_head"].finditer(text):
        quoted, head = strip_quotes(m[1]), m[2]
        if not quoted:
            continue
        if head in pats["generic_heads"]:
            add(quoted, quoted, head, m.start(), m.end(), _kind(head))
            continue
        prefix_start = _prefix_start(text, m.start())
        name = text[prefix_start:m.start()] + quoted + head
        add(name, quoted, head, prefix_start, m.end(), _kind(head))
    for m in pats["quoted"].finditer(text):
        quoted = strip_quotes(m[1] + m[2])
        add(quoted, quoted, m[2], m.start(1), m.end(2), _kind(m[2]))
    for m in pats["title"].finditer(text):
        title = strip_quotes(m[1])
        add(title, title, "", m.start(1), m.end(1), "law")
    found.sort(key=lambda c: c.start)
    return found


def _kind(head: str) -> str:
    return "campaign" if head in _patterns()["campaign_heads"] else "system"


def _prefix_start(text: str, quote: int) -> int:
    """Where a modifier right before the opening quotation starts (``quote`` if none)."""
    stops = _patterns()["stops"]
    i = quote
    while i > 0 and quote - i < _MAX_PREFIX and is_han(text[i - 1]):
        if any(text.endswith(stop, 0, i) for stop in stops):
            break
        i -= 1
    if i > 0 and (text[i - 1].isdigit() or text[i - 1] in "月日年"):
        return quote  # 11月18日“安全警示教育日”: a date, not a modifier
    if i < quote and i > 0 and is_han(text[i - 1]) and not any(text.endswith(s, 0, i) for s in stops):
        return quote  # ran out of room before a word boundary: the modifier is unsure
    return i
