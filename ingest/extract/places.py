"""Places with their level, division code and parent.

Counties and above come from the division table that ships with cpca (its
``adcodes.csv``), read directly and only through these guard rules — cpca's own
address parser guesses too freely (it maps ``县科技局`` to 重庆, ``五大连池市`` to 大连,
and reads ``恩施州`` as 恩施市):

1. A place is found only by its exact full name (乐至县, 资阳市) or a curated short
   form: a province without its suffix (四川, 湖北, 上海), an autonomous prefecture or
   county as people write it (恩施州 for 恩施土家族苗族自治州). Never a bare suffix, never a
   county's short form (``法治乐至和平安乐至`` names no 和平区).
2. The longest name wins (五大连池市, not 大连).
3. When one name belongs to several divisions, the one inside the document's province
   wins, else the first in code order.
4. A county-level name counts only when its province is the document's, or its
   province or prefecture is named in the text too: ``会同县纪委`` is 会同 + 县纪委, not
   会同县 in Hunan; ``上海城市`` holds no 海城市.

Townships and villages are not in the table: ``two characters + 镇/乡/街道`` is a
township when it stands after a boundary or a county, and is not a word like 乡镇.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.extract.spans import HAN, Occupancy, SentenceLocator, is_han
from ingest.extract.terms import terms
from ingest.records import Place

_SKIP = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖县级行政单位"})
_LEVEL_BY_SUFFIX = {"镇": "township", "乡": "township", "街道": "township", "街道办事处": "township",
                    "村": "village", "社区": "village"}


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division of the table."""

    name: str
    code: str  # 12 digits
    level: str

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0" * 10

    @property
    def prefecture_code(self) -> str:
        return self.code[:4] + "0" * 8


_OTHER, _NEVER = "\x01", "\x02"
"""The placeholder for characters in no name, and a character no mapped text holds."""


class Gazetteer:
    """Names of divisions (county and above) and the way up from each."""

    def __init__(self, divisions: list[Division]) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = {}
        for d in sorted(divisions, key=lambda d: d.code):
            for surface in _surfaces(d):
                self.by_name.setdefault(surface, []).append(d)
        import ahocorasick

        # pyahocorasick looks a character up among a node's children one by one, and the
        # root has ~900 (the first characters of all names): most characters of a text
        # are in no name and cost a full pass. Mapping them all to one placeholder that
        # is the root's first child (a word that never matches) makes the scan several
        # times faster; the mapping is one to one, so offsets do not move.
        # (a list indexed by code point translates faster than a dict; characters past
        # the list, outside the BMP, stay as they are)
        name_chars = {ch for surface in self.by_name for ch in surface}
        self._other = [chr(cp) if chr(cp) in name_chars else _OTHER for cp in range(0x10000)]
        self._automaton = ahocorasick.Automaton()
        self._automaton.add_word(_OTHER + _NEVER, None)
        for surface in self.by_name:
            self._automaton.add_word(surface, surface)
        self._automaton.make_automaton()

    def lookup(self, name: str, near: Division | None = None) -> Division | None:
        """The division ``name`` names, preferring one in ``near``'s province."""
        found = self.by_name.get(name)
        if not found:
            return None
        if near is not None:
            for d in found:
                if d.province_code == near.province_code:
                    return d
        return found[0]

    def parent(self, division: Division) -> Division | None:
        """The division directly above (a municipality's districts sit under the city)."""
        if division.level == "county":
            pref = self.by_code.get(division.prefecture_code)
            if pref is not None:
                return pref
        if division.level in ("county", "prefectural"):
            return self.by_code.get(division.province_code)
        return None

    def ancestors(self, division: Division) -> list[Division]:
        """``division`` and every division above it, nearest first."""
        chain = [division]
        while (up := self.parent(chain[-1])) is not None and up not in chain:
            chain.append(up)
        return chain

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """Longest non-overlapping name matches in ``text`` as ``(start, end, surface)``."""
        hits = []
        for end_index, surface in self._automaton.iter(text.translate(self._other)):
            hits.append((end_index + 1 - len(surface), end_index + 1, surface))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken = Occupancy(len(text))
        result = [(start, end, surface) for start, end, surface in hits if taken.claim(start, end)]
        result.sort()
        return result


def _surfaces(d: Division) -> list[str]:
    names = [d.name]
    if d.level == "provincial":
        short = re.sub(r"(省|市|特别行政区|自治区)$", "", d.name)
        short = _strip_nations(short)
        if len(short) >= 2:
            names.append(short)
    elif d.name.endswith("自治州"):
        short = _strip_nations(d.name[:-3])
        if len(short) >= 2:
            names.append(short + "州")
    elif d.name.endswith("自治县"):
        short = _strip_nations(d.name[:-3])
        if len(short) >= 2:
            names.append(short + "县")
    return names


def common_name(name: str) -> str:
    """How texts write a division: 大理州 for 大理白族自治州; other names unchanged.

    >>> common_name("恩施土家族苗族自治州"), common_name("乐至县")
    ('恩施州', '乐至县')
    """
    if name.endswith("自治州"):
        short = _strip_nations(name[:-3])
        if len(short) >= 2:
            return short + "州"
    return name


def _strip_nations(name: str) -> str:
    for nation in _nations():
        if len(name) > len(nation) + 1:
            name = name.replace(nation, "")
    return name.replace("族", "") if name.endswith("族") else name


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    path = _cpca_resources() / "56_nations.csv"
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8") as fh:
        names = [line.strip() for line in fh if line.strip()]
    short = [n[:-1] for n in names if n.endswith("族") and len(n) > 2]
    return tuple(sorted(set(names + short), key=len, reverse=True))


def _cpca_resources() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return Path("/nonexistent")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The division table, read once per process (empty when cpca is not installed)."""
    path = _cpca_resources() / "adcodes.csv"
    divisions = []
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                name, code = row["name"].strip(), row["adcode"].strip()
                if name in _SKIP or len(code) != 12 or len(name) < 2:
                    continue
                divisions.append(Division(name=name, code=code, level=_level_of(code)))
    return Gazetteer(divisions)


def _level_of(code: str) -> str:
    if code[2:] == "0" * 10:
        return "provincial"
    if code[4:] == "0" * 8:
        return "prefectural"
    return "county"


@lru_cache(maxsize=1)
def _township_pattern() -> re.Pattern[str]:
    return re.compile(rf"([{HAN}]{{2}})(街道|镇|乡)")


def find_places(text: str, locator: SentenceLocator, home: Division | None = None) -> list[Place]:
    """Every place named in ``text``: divisions from the table, then townships."""
    gaz = gazetteer()
    found: list[Place] = []
    taken = Occupancy(len(text))
    matches = [(s, e, gaz.lookup(surface, near=home)) for s, e, surface in gaz.matches(text)]
    named = {d.code for _, _, d in matches if d is not None and d.level != "county"}
    if home is not None:
        named.update(d.code for d in gaz.ancestors(home))
    for start, end, d in matches:
        if d is None:
            continue
        if d.level == "county" and d.province_code not in named and d.prefecture_code not in named:
            continue
        up = gaz.parent(d)
        found.append(Place(name=d.name, start=start, end=end, sentence=locator.index(start),
                           level=d.level, code=d.code[:6], parent=up.name if up else None))
        taken.claim(start, end)
    not_places = frozenset(terms()["place"]["not_places"])
    by_end = {p.end: p for p in found}
    for m in _township_pattern().finditer(text):
        start, end = m.start(1), m.end()
        name = m[1] + m[2]
        if name in not_places or m[1][0] in "全各本该我每城乡村集重部" or text[end:end + 1] in "镇乡村街":
            continue
        before = text[start - 1] if start > 0 else ""
        parent = by_end.get(start)
        if before and is_han(before) and parent is None and before not in "在于从到至和与及对是区县市旗":
            continue
        if not taken.claim(start, end):
            continue
        found.append(Place(name=name, start=start, end=end, sentence=locator.index(start),
                           level=_LEVEL_BY_SUFFIX[m[2]], parent=parent.name if parent else None))
    found.sort(key=lambda p: p.start)
    return found


def resolve_home(place: str | None) -> Division | None:
    """The division a document's place names, if the table knows it."""
    if not place:
        return None
    return gazetteer().lookup(place)
