"""Government and party bodies, each with its level of government.

A body is a place or a bare level prefix followed by a body suffix (资阳市 + 安委会,
县 + 应急管理局, 省 + 委), a national body by name (国务院安委会, 党中央), or a
department written alone in a document of known level (应急局, 文旅局). A sub-unit
written after a body stays with it (国务院安委会安全生产第三巡查组).

A bare prefix names the document's own place when the prefix is the place's own
suffix (县 in a 乐至县 document), else the ancestor of the document's place with that
suffix (省 in a 乐至县 document is 四川省); when neither is known the body is kept as
written (县安委会 in a document whose county is masked). The level is the level of the
place the body belongs to: 上海市政府 is provincial, 资阳市安委会 prefectural.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.places import Division, common_name, gazetteer
from ingest.extract.spans import HAN, Occupancy, SentenceLocator, is_han
from ingest.extract.terms import alternation, terms
from ingest.records import Body, Place

_NOT_PREFIX = ("全", "各", "本", "我", "该", "每", "两", "城", "乡", "园", "景", "社", "辖", "山", "矿", "郡")
_GENERIC_PAIRS = frozenset({"区县", "县区", "市县", "县市", "省市", "市州", "州市", "乡镇", "镇街", "县乡", "市区", "城区"})
_JOINERS = "和与及、，,。；;：:对由向经同是的在请将把（(）)才时并也还"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, object]:
    t = terms()["body"]
    suffixes = alternation(t["suffixes"])
    subunits = alternation(t["subunits"])
    return {
        "national": re.compile(
            rf"{alternation(t['national'])}(?:[{HAN}]{{0,6}}?第[一二三四五六七八九十\d]+{subunits})?"),
        "suffix": re.compile(rf"{suffixes}(?:[{HAN}]{{0,6}}?第[一二三四五六七八九十\d]+{subunits})?"),
        "bare": dict(sorted(t["bare_prefix"].items(), key=lambda kv: -len(kv[0]))),
        "standalone": frozenset(t["standalone"]),
        "chained": re.compile(alternation(t["chained"])),
        "needs_place": frozenset(t["needs_place"]),
    }


def find_bodies(text: str, locator: SentenceLocator, places: list[Place],
                home: Division | None, home_name: str | None, home_level: str | None) -> list[Body]:
    """Every body named in ``text``; bare prefixes resolved against the document's place."""
    pats = _patterns()
    found: list[Body] = []
    taken = Occupancy(len(text))

    def add(body: Body) -> None:
        body = _chained(text, body)
        if taken.claim(body.start, body.end):
            found.append(body)

    for m in pats["national"].finditer(text):
        add(Body(name=m[0], surface=m[0], start=m.start(), end=m.end(),
                 sentence=locator.index(m.start()), level="national"))
    place_by_end = {p.end: p for p in places}
    chain = gazetteer().ancestors(home) if home is not None else []
    for m in pats["suffix"].finditer(text):
        body = (_with_place(text, m, place_by_end, locator)
                or _with_bare_prefix(text, m, locator, chain, home_name, home_level)
                or _alone(text, m, locator, home_level))
        if body is not None:
            add(body)
    found.sort(key=lambda b: b.start)
    return found


def _chained(text: str, body: Body) -> Body:
    """A unit written right after a body belongs to it (县公安局交警大队)."""
    m = _patterns()["chained"].match(text, body.end)
    if m is None:
        return body
    return Body(name=body.name + m[0], surface=body.surface + m[0], start=body.start, end=m.end(),
                sentence=body.sentence, level=body.level, place=body.place)


def _with_place(text: str, m: re.Match[str], place_by_end: dict[int, Place],
                locator: SentenceLocator) -> Body | None:
    place = place_by_end.get(m.start())
    if place is None:
        return None
    return Body(name=common_name(place.name) + m[0], surface=text[place.start:m.end()], start=place.start,
                end=m.end(), sentence=locator.index(place.start), level=place.level, place=place.name)


def _with_bare_prefix(text: str, m: re.Match[str], locator: SentenceLocator, chain: list[Division],
                      home_name: str | None, home_level: str | None) -> Body | None:
    pats = _patterns()
    if m[0] in pats["needs_place"]:
        return None
    for prefix, level in pats["bare"].items():
        start = m.start() - len(prefix)
        if start < 0 or text[start:m.start()] != prefix:
            continue
        before = text[start - 1] if start > 0 else ""
        if before in _NOT_PREFIX or (before + prefix) in _GENERIC_PAIRS:
            return None  # 全县, 各市, 区县政府: a scope or all bodies of a kind, not one body
        surface = text[start:m.end()]
        place = _resolve(prefix, chain, home_name, home_level)
        if place is not None:
            return Body(name=place[0] + m[0], surface=surface, start=start, end=m.end(),
                        sentence=locator.index(start), level=place[1], place=place[0])
        return Body(name=surface, surface=surface, start=start, end=m.end(),
                    sentence=locator.index(start), level=level)
    return None


def _resolve(prefix: str, chain: list[Division], home_name: str | None,
             home_level: str | None) -> tuple[str, str] | None:
    """The place a bare prefix names: the document's place or one of its ancestors."""
    if home_name and home_name.endswith(prefix):
        level = chain[0].level if chain else (home_level or _patterns()["bare"][prefix])
        return home_name, level
    for d in chain[1:]:
        if d.name.endswith(prefix):
            return common_name(d.name), d.level
    return None


def _alone(text: str, m: re.Match[str], locator: SentenceLocator, home_level: str | None) -> Body | None:
    """A department written without prefix (应急局要…): the document's own level."""
    if m[0] not in _patterns()["standalone"]:
        return None
    before = text[m.start() - 1] if m.start() > 0 else ""
    if before and is_han(before) and before not in _JOINERS:
        return None
    return Body(name=m[0], surface=m[0], start=m.start(), end=m.end(),
                sentence=locator.index(m.start()), level=home_level)
