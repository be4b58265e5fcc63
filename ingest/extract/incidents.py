"""Accidents a text cites, with date, place, type, casualties and both grades.

Three shapes name an accident:

- a month.day code: ``栖霞市笏山金矿“1.10”重大爆炸事故``, ``昆山“8.2”特大事故``
  (``8·2``, ``8.2`` and ``8•2`` alike);
- a subject and an event verb: ``海力士发生的火灾事故``, ``一厂房发生火灾``,
  ``本市遇到了狂风暴雨…造成7人死亡`` (natural events count only when they cost lives or
  injuries);
- a site and a hazard: ``某某化工有限公司重大爆炸事故``;
- several subjects that each had one (``A公司、B镇的领导分别就…发生的重大死亡事故``):
  one incident per subject.

Casualties and direct loss are read from the rest of the sentence. The grade the text
states (特别重大/重大/较大/一般; 特大 is not a grade) is kept apart from the grade the
2007 regulation gives for those figures (:mod:`ingest.extract.severity`). The year
comes from the text: a year written with the date, a relative year (去年) against the
document's date, or the document's own year when the code falls before the document's
date in that year. Otherwise it stays unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.extract.numerals import money_yuan, to_int
from ingest.extract.severity import STATED_GRADES, grade_by_rule
from ingest.extract.spans import HAN, Occupancy, SentenceLocator, finditer_anchored, is_han, window_before
from ingest.extract.terms import alternation, terms
from ingest.records import Incident, Place, Sentence

_NUM = r"(?:\d+|[零一二两三四五六七八九十百千]+)(?:多|余)?"
_MAX_PREFIX = 30
_GRADES = r"(?:特别重大|重大|较大|一般|特大|重特大)"
_PREFIX_STOPS = ("发生了", "发生", "发布了", "公布了", "吸取", "汲取", "追责", "了", "的", "对", "在", "将", "把", "从",
                 "是", "与", "和", "及", "等", "如", "像", "按照", "关于", "针对", "通报", "发布",
                 "调查", "深刻", "警示", "教训", "去年", "今年", "前年", "近期", "近日", "日前")
_SITES = ("有限公司", "公司", "煤矿", "金矿", "铁矿", "矿井", "矿", "厂房", "工厂", "厂", "港", "工地",
          "工程", "项目", "市场", "酒店", "宾馆", "大楼", "医院", "学校", "仓库", "车间", "码头",
          "隧道", "商场", "超市", "小区", "养老院", "KTV", "网吧")


@dataclass(frozen=True, slots=True)
class DocContext:
    """What an incident's year and place may fall back on: the document's own date and place."""

    date: str | None = None
    place: str | None = None


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    t = terms()["incident"]
    hazards = alternation([h for h, _ in t["hazards"]])
    verbs = alternation(t["event_verbs"])
    sites = alternation(_SITES)
    return {
        "code": re.compile(
            r"[“\"]?(?P<m>1[0-2]|0?[1-9])\s*[.．·•・]\s*(?P<d>3[01]|[12]\d|0?[1-9])[”\"]?"
            rf"(?P<tail>[{HAN}]{{0,16}}?事故)"),
        "event": re.compile(
            rf"(?P<verb>{verbs})(?:了)?(?:一起|一场|1起)?(?P<grade>{_GRADES})?(?P<haz>{hazards})(?P<acc>事故)?"),
        "site": re.compile(rf"(?P<grade>{_GRADES})?(?P<haz>{hazards})事故"),
        "site_end": re.compile(rf"(?:{sites})$"),
        "hazard": re.compile(hazards),
        "respectively": re.compile(
            rf"(?P<list>[{HAN}A-Za-z*]{{2,40}}?(?:[、和][{HAN}A-Za-z*]{{2,20}}?)+)(?:的(?:领导|负责人|负责同志|主要负责人))?"
            rf"分别[^。；\n]{{0,30}}?发生(?:的|了)(?P<grade>{_GRADES})(?P<rest>[{HAN}]{{0,10}}?)事故"),
        "grade": re.compile(_GRADES),
        "deaths": re.compile(rf"(?P<n>{_NUM})(?:名|个)?(?:人)?(?:死亡|遇难|罹难|身亡)|(?:死亡|遇难)(?P<n2>{_NUM})人"),
        "serious": re.compile(rf"(?P<n>{_NUM})(?:名|个)?人重伤|重伤(?P<n2>{_NUM})人"),
        "injuries": re.compile(rf"(?P<n>{_NUM})(?:名|个)?人(?:受伤|轻伤|伤)|受伤(?P<n2>{_NUM})人"),
        "no_casualties": re.compile(r"(?:没有|未|无)(?:造成)?(?:一个人|一人|任何|人员)?(?:人员)?伤亡"),
        "loss": re.compile(r"(?:直接)?经济损失(?:约|达|超过)?[0-9０-９.．零一二两三四五六七八九十百千万亿]+元"),
        "year": re.compile(r"((?:19|20)\d{2})年"),
        "day": re.compile(r"(?:((?:19|20)\d{2})年)?(1[0-2]|[1-9])月([12]\d|3[01]|[1-9])日"),
        "relative_year": re.compile(r"(去年|前年|今年)"),
        "place": re.compile(rf"[{HAN}]{{2,8}}?(?:省|市|县|区|州|旗|镇|乡)"),
    }


@lru_cache(maxsize=1)
def _site_window():
    """A ``site`` match (grade, hazard, 事故) starts at most this far before its 事故."""
    t = terms()["incident"]
    reach = max(len(g) for g in ("特别重大", "重大", "较大", "一般", "特大", "重特大")) \
        + max(len(h) for h, _ in t["hazards"])
    return window_before(reach)


_ACCIDENT = re.compile("事故")
_RESPECTIVELY = re.compile("分别")
_LIST_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z*、]")


def _list_window(text: str, i: int) -> int:
    """A ``respectively`` match is list characters (Han, letters, ``*``, 、) up to its
    分别: it starts inside the run of them that ends there."""
    start = i
    while start > 0 and _LIST_CHARS.match(text[start - 1]):
        start -= 1
    return start


def _hazard_type(word: str) -> str | None:
    return _hazard_table().get(word)


@lru_cache(maxsize=1)
def _hazard_table() -> dict[str, str]:
    return {h: t for h, t in terms()["incident"]["hazards"]}


@dataclass(frozen=True, slots=True)
class _Text:
    """The document as the incident rules read it."""

    text: str
    sentences: list[Sentence]
    locator: SentenceLocator
    context: DocContext
    places: list[Place]

    def sentence_span(self, pos: int) -> tuple[int, int]:
        if self.sentences:
            s = self.sentences[self.locator.index(pos)]
            if s.start <= pos <= s.end:
                return s.start, s.end
        return max(0, pos - 60), min(len(self.text), pos + 120)


def find_incidents(text: str, sentences: list[Sentence], locator: SentenceLocator,
                   context: DocContext, places: list[Place] | None = None) -> list[Incident]:
    """Every accident ``text`` cites, once each, in order of first mention."""
    pats = _patterns()
    doc = _Text(text, sentences, locator, context, places or [])
    found: list[Incident] = []
    taken = Occupancy(len(text))
    seen: set[tuple[str, str | None] | str] = set()

    def add(incident: Incident | None) -> None:
        if incident is None or not taken.free(incident.start, incident.end):
            return
        identity = _identity(incident)
        if identity in seen or (incident.date_code and (incident.date_code, None) in seen):
            return  # cited before
        taken.claim(incident.start, incident.end)
        seen.add(identity)
        if incident.date_code:
            seen.add((incident.date_code, None))
        found.append(incident)

    for m in pats["code"].finditer(text):
        add(_from_code(doc, m))
    for m in finditer_anchored(pats["site"], text, _ACCIDENT, _site_window()):
        add(_from_site(doc, m))
    for m in pats["event"].finditer(text):
        add(_from_event(doc, m))
    for m in finditer_anchored(pats["respectively"], text, _RESPECTIVELY, _list_window):
        for incident in _from_list(doc, m):
            add(incident)
    found.sort(key=lambda i: i.start)
    return found


def _identity(incident: Incident) -> tuple[str, str | None] | str:
    """What makes two mentions one incident: the date code, else the name."""
    return (incident.date_code, incident.place) if incident.date_code else incident.name


def _from_code(doc: _Text, m: re.Match[str]) -> Incident | None:
    text = doc.text
    quoted = text[m.start()] in "“\"" and text[m.end("d")] in "”\""
    if not quoted and not m["tail"].startswith(("重", "较", "特", "一般")):
        return None  # 1.2亿元…事故: a number, not a date code
    start = _prefix_start(text, m.start())
    month, day = int(m["m"]), int(m["d"])
    year = _year(doc, start, (month, day))
    place = (_tail_place(text, start, m.start(), doc) or _place_in(doc, start, m.start())
             or _sentence_place(doc, start))
    return _build(doc, text[start:m.end()], start, m.end(), m["tail"],
                  date=f"{year}-{month:02d}-{day:02d}" if year else None, place=place,
                  code=f"{month}.{day}")


def _from_site(doc: _Text, m: re.Match[str]) -> Incident | None:
    """``某某化工有限公司重大爆炸事故``: a hazard and 事故 right after a site."""
    subject_end = m.start()
    if not _patterns()["site_end"].search(doc.text, max(0, subject_end - 6), subject_end):
        return None
    start = _prefix_start(doc.text, subject_end, limit=24)
    if start == subject_end:
        return None
    place = _place_in(doc, start, subject_end) or _sentence_place(doc, start) or doc.context.place
    return _build(doc, doc.text[start:m.end()], start, m.end(), doc.text[subject_end:m.end()],
                  date=_date(doc, start), place=place)


def _from_event(doc: _Text, m: re.Match[str]) -> Incident | None:
    text = doc.text
    start = _prefix_start(text, m.start())
    subject = text[start:m.start()]
    if len(subject) < 2 or subject.endswith(_NEGATIONS) or subject.startswith(_NEGATIONS) \
            or subject in _NOT_SUBJECTS:
        return None
    if text[m.end():m.end() + 1] in ("、", "等"):
        return None  # 发生了一些火灾、爆炸…等事故: a kind of event, not one event
    if _hazard_type(m["haz"]) == "自然灾害" and _casualties(doc, m.end())[:3] == (None, None, None):
        return None  # a storm is cited as an accident only when it cost lives or injuries
    place = _place_in(doc, start, m.start())
    if place is None and subject.startswith(_OWN_PLACE):
        place = doc.context.place
    place = place or _sentence_place(doc, start) or doc.context.place
    return _build(doc, text[start:m.end()], start, m.end(), text[m.start("verb"):m.end()],
                  date=_date(doc, start), place=place)


_OWN_PLACE = ("本市", "我市", "本县", "我县", "本区", "我区", "我省", "本省", "我镇", "本镇", "我州", "本州")


def _from_list(doc: _Text, m: re.Match[str]) -> list[Incident]:
    """``A、B、C的领导分别就…发生的重大死亡事故``: one incident for each subject."""
    text = doc.text
    list_start = m.start("list")
    for adverb in _LEADING_ADVERBS:
        if text.startswith(adverb, list_start):
            list_start += len(adverb)
            break
    tail = text[m.start("grade"):m.end()]
    incidents = []
    pos = list_start
    for item in re.split(r"[、和]", text[list_start:m.end("list")]):
        start = text.find(item, pos)
        pos = start + len(item)
        if not item.endswith(_LIST_SUBJECTS):
            continue
        inside = [p for p in doc.places if start <= p.start and p.end <= pos]
        place = text[inside[0].start:inside[-1].end] if inside else None
        incidents.append(_build(doc, item + tail, start, pos, tail, date=None, place=place,
                                casualties=False))
    return incidents


_LEADING_ADVERBS = ("刚才", "同时", "其中", "近期", "近日", "今年以来", "今年", "去年", "此前", "先后", "会上")
_LIST_SUBJECTS = ("公司", "集团", "厂", "矿", "镇", "乡", "街道", "区", "县", "市", "园区", "工地", "项目")
_NEGATIONS = ("未", "没有", "不", "防止", "一旦", "避免", "杜绝", "严防", "减少", "容易", "可能", "是否",
              "不再", "防范", "遏制", "坚决", "严禁", "禁止", "谨防", "预防", "以免", "同时", "也", "都",
              "还", "时有", "再", "多", "频繁", "因")
_NOT_SUBJECTS = frozenset({"一旦", "如果", "万一", "同时", "其中", "今年", "去年", "近期", "近年来"})


def _build(doc: _Text, name: str, start: int, end: int, tail: str, *, date: str | None,
           place: str | None, code: str | None = None, casualties: bool = True) -> Incident:
    """The record, with the type and stated grade read from ``tail`` (the words up to 事故)."""
    hazards = _patterns()["hazard"].findall(tail)
    grade = _patterns()["grade"].search(tail)
    deaths, serious, injuries, loss = _casualties(doc, end) if casualties else (None,) * 4
    return Incident(
        name=name, start=start, end=end, sentence=doc.locator.index(start), date=date, place=place,
        type=_hazard_type(hazards[-1]) if hazards else None,  # 泄漏爆炸: what it ended in
        severity_stated=STATED_GRADES.get(grade.group(0)) if grade else None,
        severity_by_rule=grade_by_rule(deaths, serious, loss),
        deaths=deaths, serious_injuries=serious, injuries=injuries, loss_yuan=loss, date_code=code,
    )


def _casualties(doc: _Text, pos: int) -> tuple[int | None, int | None, int | None, int | None]:
    """Deaths, serious injuries, injuries and loss said in the rest of the sentence at ``pos``.

    The sentence ends at 。 (a ； inside a list of incidents ends the incident too); the
    next sentence counts when it goes on about this event (事故造成…, 共造成…).
    """
    text = doc.text
    end = pos
    while end < len(text) and text[end] not in "。；;\n":
        end += 1
    nxt = _skip(text, end)
    if nxt < len(text) and text.startswith(("造成", "事故造成", "共造成", "致", "该事故"), nxt):
        stop = text.find("。", nxt)
        end = stop if stop > 0 else len(text)
    window = text[pos:end]
    pats = _patterns()
    if pats["no_casualties"].search(window):
        return 0, 0, 0, _loss(window)
    return (_count(pats["deaths"], window), _count(pats["serious"], window),
            _count(pats["injuries"], window), _loss(window))


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in "。；; \n":
        pos += 1
    return pos


def _count(pattern: re.Pattern[str], window: str) -> int | None:
    m = pattern.search(window)
    if not m:
        return None
    return to_int(m["n"] or m["n2"])


def _loss(window: str) -> int | None:
    m = _patterns()["loss"].search(window)
    return money_yuan(m.group(0)) if m else None


def _prefix_start(text: str, pos: int, limit: int = _MAX_PREFIX) -> int:
    """Start of the subject before ``pos``: back to a clause mark, a verb or a time word."""
    i = pos
    while i > 0 and pos - i < max(limit, 1):
        ch = text[i - 1]
        if not (is_han(ch) or ch.isalnum() or ch in "*＊"):
            break
        if ch in _STOP_LAST and any(text.endswith(stop, 0, i) for stop in _PREFIX_STOPS):
            break
        if ch.isdigit() or ch in "年月日" and i > 1 and text[i - 2].isdigit():
            break
        i -= 1
    return i


_STOP_LAST = frozenset(stop[-1] for stop in _PREFIX_STOPS)

_SPECIFIC = {"village": 0, "township": 1, "county": 2, "prefectural": 3, "provincial": 4}


def _place_in(doc: _Text, start: int, end: int) -> str | None:
    """The most specific place named in ``[start, end)`` (the last of equals)."""
    inside = [p for p in doc.places if start <= p.start and p.end <= end]
    if not inside:
        return None
    best = min(inside, key=lambda p: (_SPECIFIC.get(p.level or "", 5), -p.start))
    return best.name


def _tail_place(text: str, start: int, end: int, doc: _Text) -> str | None:
    """``昆山“8.2”``, ``湖北十堰“6·13”``: a short name right before the code, alone or
    after a known place (a company or a site before the code is no place)."""
    known = [p for p in doc.places if start <= p.start and p.end <= end]
    if known and known[-1].level != "provincial":
        return None  # 青岛市黄岛区输油管道“11·22”: what follows a city is a site
    known_end = known[-1].end if known else start
    if known_end == end:
        return None
    tail = text[known_end:end]
    if tail.endswith(_SITES) or not 2 <= len(tail) <= 4 or not all(is_han(ch) for ch in tail):
        return None
    return tail


def _sentence_place(doc: _Text, pos: int) -> str | None:
    """The nearest place of the same sentence, before ``pos`` if any, else after it."""
    s, e = doc.sentence_span(pos)
    before = [p for p in doc.places if s <= p.start < pos]
    if before:
        near = max(p.start for p in before)
        same_run = [p for p in before if p.start >= near - 8]
        return min(same_run, key=lambda p: (_SPECIFIC.get(p.level or "", 5), -p.start)).name
    after = [p for p in doc.places if pos <= p.start < e]
    return after[0].name if after else None


def _date(doc: _Text, pos: int) -> str | None:
    """An event's date: a day written earlier in its sentence, else its year."""
    s, _ = doc.sentence_span(pos)
    days = list(_patterns()["day"].finditer(doc.text, max(s, pos - 60), pos))
    if days:
        d = days[-1]
        month, day = int(d[2]), int(d[3])
        year = d[1] or _year(doc, d.start(), (month, day))
        if year:
            return f"{year}-{month:02d}-{day:02d}"
    return _year(doc, pos, None)


def _year(doc: _Text, pos: int, month_day: tuple[int, int] | None) -> str | None:
    """The incident's year as the text gives it (see the module docstring)."""
    s, _ = doc.sentence_span(pos)
    before = doc.text[max(s, pos - 40):pos]
    pats = _patterns()
    years = pats["year"].findall(before)
    if years:
        return years[-1]
    date = doc.context.date
    doc_year = int(date[:4]) if date and date[:4].isdigit() else None
    relative = pats["relative_year"].findall(before)
    if relative and doc_year:
        return str(doc_year + {"去年": -1, "前年": -2, "今年": 0}[relative[-1]])
    if month_day and doc_year and date and len(date) >= 7:
        doc_md = (int(date[5:7]), int(date[8:10]) if len(date) >= 10 else 31)
        if month_day <= doc_md:
            return str(doc_year)
    return None
