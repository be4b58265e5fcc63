"""Accidents a text cites, with date, place, type, casualties and both grades.

Three shapes name an accident:

- a month.day code: ``栖霞市笏山金矿“1.10”重大爆炸事故``, ``昆山“8.2”特大事故``
  (``8·2``, ``8.2`` and ``8•2`` alike);
- a subject and an event verb: ``海力士发生的火灾事故``, ``一厂房发生火灾``,
  ``本市遇到了狂风暴雨…造成7人死亡`` (natural events count only when they cost lives or
  injuries);
- a site and a hazard: ``某某化工有限公司重大爆炸事故``.

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
from ingest.extract.spans import HAN, SentenceLocator, is_han
from ingest.extract.terms import alternation, terms
from ingest.records import Incident, Sentence

_NUM = r"(?:\d+|[零一二两三四五六七八九十百千]+)(?:多|余)?"
_MAX_PREFIX = 30
_GRADES = r"(?:特别重大|重大|较大|一般|特大|重特大)"
_PREFIX_STOPS = ("发布了", "公布了", "吸取", "汲取", "追责", "了", "的", "对", "在", "将", "把", "从",
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
        "site": re.compile(
            rf"(?P<subj>[{HAN}A-Za-z*]{{1,24}}?{sites})(?P<grade>{_GRADES})?(?P<haz>{hazards})事故"),
        "hazard": re.compile(hazards),
        "grade": re.compile(_GRADES),
        "deaths": re.compile(rf"(?P<n>{_NUM})(?:名|个)?(?:人)?(?:死亡|遇难|罹难|身亡)|(?:死亡|遇难)(?P<n2>{_NUM})人"),
        "serious": re.compile(rf"(?P<n>{_NUM})(?:名|个)?人重伤|重伤(?P<n2>{_NUM})人"),
        "injuries": re.compile(rf"(?P<n>{_NUM})(?:名|个)?人(?:受伤|轻伤|伤)|受伤(?P<n2>{_NUM})人"),
        "no_casualties": re.compile(r"(?:没有|未|无)(?:造成)?(?:一个人|一人|任何|人员)?(?:人员)?伤亡"),
        "loss": re.compile(r"(?:直接)?经济损失(?:约|达|超过)?[0-9０-９.．零一二两三四五六七八九十百千万亿]+元"),
        "year": re.compile(r"((?:19|20)\d{2})年"),
        "relative_year": re.compile(r"(去年|前年|今年)"),
        "place": re.compile(rf"[{HAN}]{{2,8}}?(?:省|市|县|区|州|旗|镇|乡)"),
    }


def _hazard_type(word: str) -> str | None:
    return _hazard_table().get(word)


@lru_cache(maxsize=1)
def _hazard_table() -> dict[str, str]:
    return {h: t for h, t in terms()["incident"]["hazards"]}


def find_incidents(text: str, sentences: list[Sentence], locator: SentenceLocator,
                   context: DocContext, places: dict[str, str] | None = None) -> list[Incident]:
    """Every accident ``text`` cites, once each, in order of first mention."""
    pats = _patterns()
    places = places or {}
    found: list[Incident] = []
    spans: list[tuple[int, int]] = []

    def add(incident: Incident | None) -> None:
        if incident is None or any(s < incident.end and incident.start < e for s, e in spans):
            return
        for other in found:
            if _same(other, incident):
                return
        spans.append((incident.start, incident.end))
        found.append(incident)

    for m in pats["code"].finditer(text):
        add(_from_code(text, m, sentences, locator, context, places))
    for m in pats["site"].finditer(text):
        add(_from_site(text, m, sentences, locator, context, places))
    for m in pats["event"].finditer(text):
        add(_from_event(text, m, sentences, locator, context, places))
    found.sort(key=lambda i: i.start)
    return found


def _same(a: Incident, b: Incident) -> bool:
    if a.date_code and b.date_code:
        return a.date_code == b.date_code and (a.place == b.place or not a.place or not b.place)
    return a.name == b.name


def _from_code(text, m, sentences, locator, context, places) -> Incident | None:
    quoted = text[m.start()] in "“\"" and text[m.end("d")] in "”\""
    if not quoted and not m["tail"].startswith(("重", "较", "特", "一般")):
        return None  # 1.2亿元…事故: a number, not a date code
    start = _prefix_start(text, m.start())
    end = m.end()
    name = text[start:end]
    tail = m["tail"]
    code = f"{int(m['m'])}.{int(m['d'])}"
    hazard = _patterns()["hazard"].search(tail)
    grade = _patterns()["grade"].search(tail)
    prefix = text[start:m.start()]
    year = _year(text, sentences, locator, start, context, (int(m["m"]), int(m["d"])))
    date = f"{year}-{int(m['m']):02d}-{int(m['d']):02d}" if year else None
    place = _place_in(prefix, places) or (prefix if 2 <= len(prefix) <= 4 else None)
    return _build(text, sentences, locator, name, start, end, date, place, hazard, grade, context,
                  code=code)


def _from_site(text, m, sentences, locator, context, places) -> Incident | None:
    start = _prefix_start(text, m.end("subj"), limit=m.end("subj") - m.start("subj"))
    end = m.end()
    name = text[start:end]
    year = _year(text, sentences, locator, start, context, None)
    place = _place_in(text[start:m.end("subj")], places) or context.place
    return _build(text, sentences, locator, name, start, end, year, place, m, m, context,
                  hazard_group="haz", grade_group="grade")


def _from_event(text, m, sentences, locator, context, places) -> Incident | None:
    start = _prefix_start(text, m.start())
    subject = text[start:m.start()]
    if len(subject) < 2 or subject.endswith(_NEGATIONS) or subject in _NOT_SUBJECTS:
        return None
    after = text[m.end():m.end() + 1]
    if after in "、等":
        return None  # 发生了一些火灾、爆炸…等事故: a kind of event, not one event
    end = m.end()
    name = text[start:end]
    hazard_type = _hazard_type(m["haz"])
    if hazard_type == "自然灾害" and _casualties(text, sentences, locator, end)[:3] == (None, None, None):
        return None  # a storm is cited as an accident only when it cost lives or injuries
    year = _year(text, sentences, locator, start, context, None)
    place = _place_in(subject, places)
    if place is None and subject.startswith(("本市", "我市", "本县", "我县", "本区", "我区", "我省", "本省", "我镇", "本镇")):
        place = context.place
    return _build(text, sentences, locator, name, start, end, year, place or context.place, m, m,
                  context, hazard_group="haz", grade_group="grade")


_NEGATIONS = ("未", "没有", "不", "防止", "一旦", "避免", "杜绝", "严防", "减少", "容易", "可能", "是否",
              "不再", "防范", "遏制", "坚决", "严禁", "禁止", "谨防", "预防", "以免", "同时", "也", "都",
              "还", "时有", "再", "多", "频繁")
_NOT_SUBJECTS = frozenset({"一旦", "如果", "万一", "同时", "其中", "今年", "去年", "近期", "近年来"})


def _build(text, sentences, locator, name, start, end, date, place, hazard, grade, context, *,
           code: str | None = None, hazard_group: int | str = 0,
           grade_group: int | str = 0) -> Incident:
    hazard_word = hazard.group(hazard_group) if hazard is not None else None
    grade_word = grade.group(grade_group) if grade is not None else None
    deaths, serious, injuries, loss = _casualties(text, sentences, locator, end)
    return Incident(
        name=name, start=start, end=end, sentence=locator.index(start), date=date, place=place,
        type=_hazard_type(hazard_word) if hazard_word else None,
        severity_stated=STATED_GRADES.get(grade_word) if grade_word else None,
        severity_by_rule=grade_by_rule(deaths, serious, loss),
        deaths=deaths, serious_injuries=serious, injuries=injuries, loss_yuan=loss, date_code=code,
    )


def _casualties(text: str, sentences: list[Sentence], locator: SentenceLocator,
                pos: int) -> tuple[int | None, int | None, int | None, int | None]:
    """Deaths, serious injuries, injuries and loss said in the rest of the sentence at ``pos``."""
    sentence = sentences[locator.index(pos)] if sentences else None
    end = sentence.end if sentence and sentence.start <= pos <= sentence.end else min(len(text), pos + 120)
    # the next sentence when it goes on about this event (事故造成…, 共造成…)
    if end < len(text) and text.startswith(("造成", "事故造成", "共造成", "致", "该事故"), _skip(text, end)):
        nxt = text.find("。", end + 1)
        end = nxt if nxt > 0 else len(text)
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
        if any(text.endswith(stop, 0, i) for stop in _PREFIX_STOPS):
            break
        if ch.isdigit() or ch in "年月日" and i > 1 and text[i - 2].isdigit():
            break
        i -= 1
    return i


def _place_in(span: str, places: dict[str, str]) -> str | None:
    """The most specific place named in ``span`` (the last one), by its full name."""
    best = None
    for surface, name in places.items():
        idx = span.rfind(surface)
        if idx >= 0 and (best is None or idx > best[0]):
            best = (idx, name)
    return best[1] if best else None


def _year(text: str, sentences: list[Sentence], locator: SentenceLocator, pos: int,
          context: DocContext, month_day: tuple[int, int] | None) -> str | None:
    """The incident's year as the text gives it (see the module docstring)."""
    sentence = sentences[locator.index(pos)] if sentences else None
    start = sentence.start if sentence and sentence.start <= pos else max(0, pos - 60)
    before = text[max(start, pos - 40):pos]
    pats = _patterns()
    years = pats["year"].findall(before)
    if years:
        return years[-1]
    doc_year = int(context.date[:4]) if context.date and context.date[:4].isdigit() else None
    relative = pats["relative_year"].findall(before)
    if relative and doc_year:
        return str(doc_year + {"去年": -1, "前年": -2, "今年": 0}[relative[-1]])
    if month_day and doc_year and context.date and len(context.date) >= 7:
        doc_md = (int(context.date[5:7]), int(context.date[8:10]) if len(context.date) >= 10 else 31)
        if month_day <= doc_md:
            return str(doc_year)
    return None
