"""Numbered formulations (提法) and the parts the text itself gives them.

A formulation is a numeral (一…十, 两, 双, digits) with an optional 个/项/条/不 and a
short head: 四个一律, 三个必须, 五实, 四不放过, 园八条, 七必查, or a number code such as
13710 and 1+10+2. It is recognised when it is

- quoted (“三个紧盯”, 两个“清单”),
- a lexicon concept of kind ``formulation`` (四不放过 unquoted),
- ``numeral + 条/项 + 措施/规定…`` (县十条措施, 八项规定), or
- ``numeral + 个 + head`` whose count the text proves with a list right before it
  (排查整治、集中攻坚和巩固提升三个阶段) or an enumeration right after a colon
  (三个重点：第一，…第二、…第三，…).

Components come only from what the text says, in this order: a parenthesis right
after the name; a list after a colon (one quotation split at ；, several quotations, or
enumerated points 一要…二要…, 一是…, 第一…); a list right before the name
(“A、B、C”的“三X”, A和B“两个清单”). When the text lists a number of parts other than the
count in the name, no components are recorded and ``flag`` says why; nothing is
guessed. When the text gives none, the lexicon's components fill in, marked
``origin="lexicon"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.extract.numerals import count_of
from ingest.extract.spans import (HAN, Occupancy, SentenceLocator, finditer_anchored, strip_quotes,
                                  window_before)
from ingest.extract.terms import alternation, terms
from ingest.lexicon import Concept
from ingest.records import Component, Formulation, Mention

NUMERAL = r"(?:[二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九双]|\d{1,3})"
"""A count as formulation names write it: 三, 十五, 双, 15."""

_NUMERAL_BEFORE = window_before(3)
"""A :data:`NUMERAL` is at most three characters: it starts that far before what follows it."""
_NUMERAL_MEASURE = window_before(4)
_OPEN_QUOTE, _TIAO_XIANG, _GE = re.compile("“"), re.compile("[条项]"), re.compile("个")

_CN_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
_MAX_ITEM = 30
"""An enumerated point longer than this (to its full stop) is cut at its first comma."""
_ENUM_WINDOW = 6000
"""How far after a colon the enumerated points of one formulation may reach."""


@dataclass(slots=True)
class _Candidate:
    name: str
    start: int
    end: int
    outer_start: int  # including quotation marks
    outer_end: int
    count: int | None
    concept: Concept | None = None
    components: list[tuple[str, int, int]] = field(default_factory=list)
    flag: str | None = None
    needs_proof: bool = False  # unquoted 三个阶段: kept only when a list proves the count


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    t = terms()["formulation"]
    name = (rf"(?P<prefix>[{HAN}])?(?P<num>{NUMERAL})(?P<measure>个|项|条|不)?"
            rf"(?P<head>[{HAN}]{{0,4}}?)(?P<second>{NUMERAL}[{HAN}]{{1,3}})?")
    return {
        "name": re.compile(name),
        "code": re.compile(r"\d{4,6}|\d{1,3}(?:\s*\+\s*(?:\d{1,3}|[NnXx]))+"),
        "marker": re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩]|\d{1,2}[.、．](?!\d)"
                             r"|第?[一二三四五六七八九十](?:是要|是|要|、))\s*"),
        "appositive": re.compile(r"[，,]?\s*(?:即|就是|是指|包括)[：:]?"),
        "quoted": re.compile(r"“([^“”\n]{1,14})”"),
        "quoted_head": re.compile(rf"({NUMERAL})(个|项|条)“([{HAN}]{{1,4}})”"),
        "counted": re.compile(rf"(?<![\d一二两三四五六七八九十百千第每])({NUMERAL})([条项])({alternation(t['counted_heads'])})"),
        "plain": re.compile(rf"(?<![\d一二两三四五六七八九十])({NUMERAL})个(?=[{HAN}])"),
        "head_end": re.compile(r"[的，,。：:；;、和与及\s“”（(）)]|$"),
        "item_split": re.compile(r"[；;]"),
        "list_split": re.compile(r"[、，,]"),
        "conj": re.compile(r"[和及与]"),
    }


def _valid_name(match: re.Match[str], *, quoted: bool) -> bool:
    """Whether a fullmatch of the name pattern is a formulation rather than a number.

    An unquoted name must not end in a plain noun (三个地区); quoting makes a name.
    """
    measure, head, prefix = match["measure"], match["head"] or match["second"], match["prefix"]
    count = count_of(match["num"])
    compound = _is_compound(match)  # 三老四严, 一案三查, 四不两直
    if compound and count == 1 and match["second"][0] in "双两":
        return False  # 一岗双责: one post with two duties, not a list of parts
    if count is None or (count < 2 and not compound):
        return False
    if not measure and head and head[0] in _UNIT_STARTS:
        return False  # 三年行动, 五天: a span of time or a number of things
    if prefix and measure not in ("条", "项"):
        return False
    if not head and measure not in ("条", "项"):
        return False
    if head and all(ch in "零〇一二两三四五六七八九十百千" for ch in head) and measure != "个":
        return False  # 十四五 is a plan period, not a formulation
    return quoted or head not in terms()["formulation"]["plain_heads"]


def _name_count(match: re.Match[str]) -> int | None:
    """The count a name announces: 三老四严 announces 3 + 4, 三查三改 three pairs."""
    count = count_of(match["num"])
    if count is not None and _is_compound(match):
        extra = _second_count(match)
        count = count if extra == count else count + extra
    return count


def _second_count(match: re.Match[str]) -> int:
    second = re.match(NUMERAL, match["second"] or "")
    return (count_of(second[0]) or 0) if second else 0


def _is_compound(match: re.Match[str]) -> bool:
    """A name of two numbered parts: 三老四严, 四不两直 (but 三个一律 is one part)."""
    return bool(match["second"] and (match["head"] or match["measure"] == "不") and _second_count(match) >= 2)


_UNIT_STARTS = frozenset("年月日天周次人名起家届")


def find_formulations(text: str, locator: SentenceLocator, mentions: list[Mention],
                      concepts: dict[str, Concept], surfaces: dict[str, str]) -> list[Formulation]:
    """Every numbered formulation of ``text``, with the components the text gives it."""
    candidates = _candidates(text, mentions, concepts, surfaces)
    _components_after_colons(text, candidates)
    for cand in candidates:
        if cand.components or cand.flag:
            continue
        if cand.outer_end < len(text) and text[cand.outer_end] in "：:":
            continue
        (_components_in_parenthesis(text, cand) or _components_in_apposition(text, cand)
         or _components_before(text, cand))
    return [_record(cand, locator) for cand in candidates if _keep(cand)]


def _candidates(text: str, mentions: list[Mention], concepts: dict[str, Concept],
                surfaces: dict[str, str]) -> list[_Candidate]:
    pats = _patterns()
    skip = set(terms()["formulation"]["not_formulations"])
    found: dict[int, _Candidate] = {}
    taken = Occupancy(len(text))

    def add(cand: _Candidate) -> None:
        if cand.name in skip or not taken.claim(cand.start, cand.end):
            return
        key = surfaces.get(cand.name)
        cand.concept = cand.concept or (concepts.get(key) if key else None)
        found[cand.start] = cand

    for m in finditer_anchored(pats["quoted_head"], text, _OPEN_QUOTE, _NUMERAL_MEASURE):  # 两个“清单”
        name = f"{m[1]}{m[2]}{m[3]}"
        if (nm := pats["name"].fullmatch(name)) and _valid_name(nm, quoted=True):
            add(_Candidate(name, m.start(), m.end(), m.start(), m.end(), count_of(m[1])))
    for m in pats["quoted"].finditer(text):
        inner = m[1].strip()
        start = m.start(1) + m[1].index(inner[0]) if inner else m.start(1)
        if pats["code"].fullmatch(inner):
            add(_Candidate(inner.replace(" ", ""), start, start + len(inner), m.start(), m.end(), None))
        elif (nm := pats["name"].fullmatch(inner)) and _valid_name(nm, quoted=True):
            add(_Candidate(inner, start, start + len(inner), m.start(), m.end(), _name_count(nm)))
    for mention in mentions:  # 四不放过 unquoted; 三管三必须 spelt out is a concept, not a name
        concept = concepts.get(mention.concept)
        if concept is not None and concept.kind == "formulation":
            nm = pats["name"].fullmatch(mention.surface)
            if nm and _valid_name(nm, quoted=True):
                add(_Candidate(mention.surface, mention.start, mention.end, mention.start,
                               mention.end, _name_count(nm), concept))
    for m in finditer_anchored(pats["counted"], text, _TIAO_XIANG, _NUMERAL_BEFORE):  # 十条措施, 八项规定
        count = count_of(m[1])
        if count and count >= 2:
            add(_Candidate(m[0], m.start(), m.end(), m.start(), m.end(), count))
    for m in finditer_anchored(pats["plain"], text, _GE, _NUMERAL_BEFORE):  # 三个阶段 — kept only if a list proves it
        head = _plain_head(text, m.end())
        count = count_of(m[1])
        if head and count and count >= 2 and head not in terms()["formulation"]["plain_heads"]:
            end = m.end() + len(head)
            add(_Candidate(text[m.start():end], m.start(), end, m.start(), end, count,
                           needs_proof=True))
    return sorted(found.values(), key=lambda c: c.start)


def _plain_head(text: str, pos: int) -> str | None:
    """The shortest head of two to four characters followed by a word boundary."""
    head_end = _patterns()["head_end"]
    for length in (2, 3, 4):
        head = text[pos:pos + length]
        if len(head) == length and all("\u4e00" <= ch <= "\u9fff" for ch in head) \
                and head_end.match(text, pos + length):
            return head
    return None


def _keep(cand: _Candidate) -> bool:
    """Unquoted ``numeral + 个 + head`` stays only when a list proved its count."""
    return not cand.needs_proof or bool(cand.components)


# --- components after a colon ---------------------------------------------------------

def _components_after_colons(text: str, candidates: list[_Candidate]) -> None:
    """Lists after a colon, shared out when several formulations precede one colon."""
    by_colon: dict[int, list[_Candidate]] = {}
    for cand in candidates:
        colon = _colon_after(text, cand.outer_end)
        if colon is not None:
            by_colon.setdefault(colon, []).append(cand)
    for colon, group in by_colon.items():
        group = [c for c in group if _colon_after(text, c.outer_end) == colon]
        if len(group) == 1:
            _one_list_after(text, colon + 1, group[0])
        else:
            _parallel_list_after(text, colon + 1, group)


def _colon_after(text: str, pos: int) -> int | None:
    """The colon that closes the clause holding ``pos``, if the clause ends in one.

    Only another quoted formulation, ``、`` and a short verb may stand between.
    """
    limit = min(len(text), pos + 16)
    i = pos
    while i < limit:
        ch = text[i]
        if ch in "：:":
            return i
        if ch in "。；;！？!?，,\n（(":
            return None
        i += 1
    return None


def _one_list_after(text: str, pos: int, cand: _Candidate) -> None:
    pos = _skip_space(text, pos)
    if pos < len(text) and text[pos] == "“":
        items = _quoted_items(text, pos, cand.count)
    else:
        items = _enumerated_items(text, pos, cand.count)
        if items is None:
            items = _split_to_stop(text, pos, cand.count)
    _assign(cand, items, "after the colon")


def _parallel_list_after(text: str, pos: int, group: list[_Candidate]) -> None:
    """``突出“三个围绕”、核查“三个方面”：A1，B1；A2，B2；A3，B3。``"""
    pos = _skip_space(text, pos)
    items = _split_to_stop(text, pos)
    k = len(group)
    parts = [_split_spans(text, s, e, _patterns()["list_split"]) for _, s, e in items]
    if not items or any(len(p) != k for p in parts):
        for cand in group:
            cand.flag = f"a shared list after the colon does not split into {k} parallel parts"
        return
    for j, cand in enumerate(group):
        _assign(cand, [p[j] for p in parts], "after the colon")


def _quoted_items(text: str, pos: int, count: int | None) -> list[tuple[str, int, int]]:
    """One quotation split at ；, or several quotations in a row, as items."""
    quotes = []
    i = pos
    while i < len(text) and text[i] == "“":
        close = text.find("”", i + 1)
        if close < 0 or text.find("\n", i, close) >= 0:
            break
        quotes.append((i + 1, close))
        i = close + 1
        while i < len(text) and text[i] in "、，, ":
            i += 1
    if len(quotes) == 1:
        start, end = quotes[0]
        return _best_split(text, start, end, count)
    return [(text[s:e], s, e) for s, e in quotes]


def _split_to_stop(text: str, pos: int, count: int | None = None) -> list[tuple[str, int, int]]:
    """Items up to the full stop (or the line end), split as :func:`_best_split` does."""
    end = pos
    while end < len(text) and text[end] not in "。\n":
        end += 1
    if count is None:
        return _split_spans(text, pos, end, _patterns()["item_split"])
    return _best_split(text, pos, end, count)


def _enumerated_items(text: str, pos: int, count: int | None) -> list[tuple[str, int, int]] | None:
    """Points opened by 一要/一是/第一/（一）/1. right after the colon, in order.

    Returns ``None`` when no first point starts at ``pos``. When the name has a count,
    a point beyond it in the same stretch of text makes the list longer than the name.
    """
    family = _marker_family(text, pos, 1)
    if family is None:
        return None
    limit = min(len(text), pos + _ENUM_WINDOW)
    wanted = count if count is not None else 10
    starts = [pos]
    while len(starts) < wanted:
        marker_end = _marker_at(text, starts[-1], len(starts), family)
        nxt = _next_marker(text, marker_end, limit, len(starts) + 1, family)
        if nxt is None:
            break
        starts.append(nxt)
    inline = len(starts) > 1 and text[starts[1] - 1] in "，,、"
    items = []
    for n, start in enumerate(starts, start=1):
        marker_end = _marker_at(text, start, n, family)
        stop = starts[n] if n < len(starts) else limit
        items.append(_point(text, marker_end, stop, inline=inline))
    if count is not None and len(starts) == count and _one_more(text, starts[-1], count, family, inline):
        items.append(("", starts[-1], starts[-1]))  # one more point than the name counts
    return items


def _one_more(text: str, last: int, count: int, family: str, inline: bool) -> bool:
    """Whether point ``count + 1`` follows in the last point's paragraph or, for points
    that are paragraphs of their own, opens the next paragraph."""
    last_end = _marker_at(text, last, count, family) or last
    para_end = _paragraph_end(text, last_end)
    if _next_marker(text, last_end, para_end, count + 1, family) is not None:
        return True
    if inline:
        return False
    nxt = _skip_space(text, para_end)
    return nxt < len(text) and _marker_at(text, nxt, count + 1, family) is not None


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _marker_family(text: str, pos: int, n: int) -> str | None:
    for family in ("di", "paren", "dun", "shi", "digit"):
        if _marker_at(text, pos, n, family) is not None:
            return family
    if text.startswith(_CN_NUMERALS[n - 1], pos) and pos + 1 < len(text) and text[pos + 1] in _verb_markers():
        return "verb:" + text[pos + 1]  # 一查…二查…: the same verb opens every point
    return None


def _marker_at(text: str, pos: int, n: int, family: str) -> int | None:
    """The end of the marker for point ``n`` of ``family`` starting at ``pos``."""
    cn = _CN_NUMERALS[n - 1] if n <= 10 else None
    if cn is None:
        return None
    if family == "di":
        word = f"第{cn}"
        if text.startswith(word, pos):
            end = pos + len(word)
            if end < len(text) and text[end] in "，,、：:．.":
                return end + 1
            return end if end < len(text) and text[end] != "次" and not text[end].isdigit() else None
    elif family == "paren":
        for word in (f"（{cn}）", f"({cn})"):
            if text.startswith(word, pos):
                return pos + len(word)
    elif family == "digit":
        for sep in ("、", ".", "．"):
            if text.startswith(f"{n}{sep}", pos):
                return pos + len(str(n)) + 1
    elif family == "dun":
        if text.startswith(f"{cn}、", pos):
            return pos + 2
    elif family.startswith("verb:"):
        if text.startswith(cn + family[5:], pos):
            return pos + 1
    elif family == "shi":
        for suffix in ("是要", "是", "要"):
            if text.startswith(cn + suffix, pos):
                return pos + 1 + len(suffix)
    return None


@lru_cache(maxsize=1)
def _verb_markers() -> frozenset[str]:
    return frozenset(s for s in terms()["formulation"]["marker_suffixes"] if len(s) == 1 and s not in "是要")


def _next_marker(text: str, pos: int, limit: int, n: int, family: str) -> int | None:
    """The next clause start in ``[pos, limit)`` that opens point ``n``."""
    cn = _CN_NUMERALS[n - 1] if n <= 10 else None
    if cn is None:
        return None
    probe = {"di": f"第{cn}", "paren": cn, "digit": str(n), "dun": f"{cn}、"}.get(family, cn)
    i = text.find(probe, pos, limit)
    while i >= 0:
        start = i - 1 if family == "paren" else i
        if start > 0 and _clause_start(text, start) and _marker_at(text, start, n, family) is not None:
            return start
        i = text.find(probe, i + 1, limit)
    return None


def _clause_start(text: str, pos: int) -> bool:
    j = pos - 1
    while j >= 0 and text[j] in " \t\u3000":
        j -= 1
    return j < 0 or text[j] in "。！？；;：:\n，,!?、"


def _point(text: str, start: int, limit: int, *, inline: bool = False) -> tuple[str, int, int]:
    """One enumerated point: to its full stop, or to its first comma when long or when
    the points run on inside one sentence (一是…，二是…，三是…，推动…)."""
    end = start
    while end < limit and text[end] not in "。；;！？\n":
        end += 1
    if inline or end - start > _MAX_ITEM:
        comma = start
        while comma < end and text[comma] not in "，,":
            comma += 1
        end = comma
    return _trimmed(text, start, end, "，,、；;：:")


# --- components in a parenthesis and before the name -----------------------------------

def _components_in_parenthesis(text: str, cand: _Candidate) -> bool:
    pos = cand.outer_end
    if pos >= len(text) or text[pos] not in "（(":
        return False
    close = _matching_paren(text, pos)
    if close is None:
        return False
    items = _best_split(text, pos + 1, close, cand.count)
    _assign(cand, items, "in the parenthesis")
    return True


def _components_in_apposition(text: str, cand: _Candidate) -> bool:
    """``“三张清单”，即A、B、C``; ``所谓“三个一批”，就是A、B、C。``"""
    m = _patterns()["appositive"].match(text, cand.outer_end)
    if m is None or m.end() == cand.outer_end:
        return False
    end = m.end()
    while end < len(text) and text[end] not in "，,。；;！？\n":
        end += 1
    items = _list_items(text, m.end(), end)
    if len(items) < 2:
        return False
    _assign(cand, items, "after 即/就是")
    return True


def _matching_paren(text: str, pos: int) -> int | None:
    depth = 0
    for i in range(pos, min(len(text), pos + 2000)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
        elif text[i] == "\n":
            return None
    return None


def _components_before(text: str, cand: _Candidate) -> bool:
    """``A、B和C三个阶段``, ``“A、B”的“五实”``: a list ending right before the name.

    A name without a count (13710) cannot be checked against a list, so gets none here.
    """
    if cand.count is None:
        return False
    pos = cand.outer_start
    if pos > 0 and text[pos - 1] == "的":
        pos -= 1
    quoted = pos > 0 and text[pos - 1] == "”"
    if quoted:
        open_ = text.rfind("“", max(0, pos - 400), pos - 1)
        if open_ < 0:
            return False
        items = _best_split(text, open_ + 1, pos - 1, cand.count)
    else:
        start = pos
        while start > 0 and text[start - 1] not in "，,。；;：:！？\n“”（()）":
            start -= 1
        items = _list_items(text, start, pos)
        if any(_VERBISH.search(t) for t, _, _ in items[1:]):
            return False  # 交警大队、交通运输局要以农村道路“两站两员”: a clause, not a list
        items = _trim_first(items)
    if len(items) < 2:
        return False
    if cand.count is not None and len(items) != cand.count:
        if quoted:
            cand.flag = f"the name counts {cand.count} parts but the quoted list before it has {len(items)}"
        return False
    _assign(cand, items, "before the name")
    return True


def _list_items(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``A、B和C`` as three items: split at 、 and once at the last 和/及/与."""
    items = _split_spans(text, start, end, re.compile(r"[、]"))
    if not items:
        return []
    last, s, e = items[-1]
    conj = None
    for m in _patterns()["conj"].finditer(text, s, e):
        conj = m
    if conj is not None and conj.start() > s and conj.end() < e:
        items[-1:] = [(text[s:conj.start()], s, conj.start()), (text[conj.end():e], conj.end(), e)]
    return items


_VERBISH = re.compile(r"要以|要把|要将|要对|要在|要求|正在|就是|使得|[，,。；]"
                      r"|(?:局|队|厅|政府)[\u4e00-\u9fff]*要")  # 交警支队要聚焦…: a subject and its verb
_FIRST_CUT = re.compile(r".*(?:处于|正值|进入|开展好|开展|做好|抓好|更新|完善|建立|健全|落实|推进|实现|强化|加强|于|在)")


def _trim_first(items: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Cut the verb off the first item: after its last verb, and to about the length of
    the others (parallel items are about as long as each other)."""
    if len(items) < 2:
        return items
    text, s, e = items[0]
    cut = _FIRST_CUT.match(text)
    if cut and 2 <= len(text) - cut.end():
        items[0] = (text[cut.end():], s + cut.end(), e)
    longest_other = max(len(t) for t, _, _ in items[1:])
    text, s, e = items[0]
    if len(text) > longest_other:
        s = e - longest_other
        items[0] = (text[-longest_other:], s, e)
    return items


def _best_split(text: str, start: int, end: int, count: int | None) -> list[tuple[str, int, int]]:
    """Split at ；, else at ，, else at 、, else at both: the first split giving ``count``
    items wins; without a count, the first split giving several."""
    splits = [_split_spans(text, start, end, sep, strip="。.") for sep in _separators()]
    for items in splits:
        if len(items) >= 2 and (count is None or len(items) == count):
            return items
    return next((items for items in splits if len(items) >= 2), splits[0])


@lru_cache(maxsize=1)
def _separators() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in (r"[；;]", r"[，,]", r"[、]", r"[、，,]"))


def _split_spans(text: str, start: int, end: int, sep: re.Pattern[str],
                 strip: str = "") -> list[tuple[str, int, int]]:
    out = []
    pos = start
    for m in sep.finditer(text, start, end):
        out.append(_trimmed(text, pos, m.start(), strip))
        pos = m.end()
    out.append(_trimmed(text, pos, end, strip))
    return [item for item in out if item[0]]


def _trimmed(text: str, start: int, end: int, strip: str) -> tuple[str, int, int]:
    chars = " \t\u3000\n" + strip
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return text[start:end], start, end


def _assign(cand: _Candidate, items: list[tuple[str, int, int]], where: str) -> None:
    if len(items) < 2:
        return
    if cand.count is not None and len(items) != cand.count:
        cand.flag = f"the name counts {cand.count} parts but the text lists {len(items)} {where}"
        return
    cand.components = [_unmarked(text, s, e) for text, s, e in items]
    cand.flag = None


def _unmarked(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A component without a leading enumeration mark (（1）, ①, 1., 一是)."""
    m = _patterns()["marker"].match(text)
    if m is None or m.end() >= len(text):
        return text, start, end
    return text[m.end():], start + m.end(), end


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u3000\n":
        pos += 1
    return pos


def _record(cand: _Candidate, locator: SentenceLocator) -> Formulation:
    if cand.components:
        components = tuple(Component(text=t, position=i, origin="text", start=s, end=e)
                           for i, (t, s, e) in enumerate(cand.components, start=1))
    elif cand.concept is not None and cand.concept.components:
        components = tuple(Component(text=t, position=i, origin="lexicon")
                           for i, t in enumerate(cand.concept.components, start=1))
    else:
        components = ()
    return Formulation(
        name=strip_quotes(cand.name), count=cand.count, start=cand.start, end=cand.end,
        sentence=locator.index(cand.start), components=components,
        concept=cand.concept.key if cand.concept else None, flag=cand.flag,
    )
