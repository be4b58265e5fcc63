"""Document metadata — title, date, genre, speaker, place, level — each with its evidence.

Rules read the cleaned text and the lines cleaning removed (a ``发布时间`` line or a
``主办`` footer is chrome, but it says when and by whom a page was published). A value
is given only where the text supports it: ``11月28日`` without a year gives no date,
``全县`` with a masked ``**县`` gives the county level and no place. Each
:class:`Field` carries the words it came from, as offsets into the cleaned text, or
into the raw text when the words were in a removed line.

Places are recognised by their administrative suffix (省, 市, 县, 镇 …) and accepted
when the segmenter's dictionary knows the name or a government body is named after it
(``乐至县人民政府``), so no gazetteer of our own is needed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ingest.records import CleanText, Field, Metadata, RemovedLine

GENRES = {
    "speech": "讲话", "meeting_report": "会议报道", "news": "新闻", "notice": "通知",
    "inspection_feedback": "巡查反馈",
}
"""Genre keys (stored) and their Chinese names (shown)."""

LEVEL_OF_SUFFIX = {
    "省": "provincial", "自治区": "provincial", "市": "prefectural", "州": "prefectural",
    "自治州": "prefectural", "盟": "prefectural", "地区": "prefectural", "县": "county",
    "区": "county", "旗": "county", "县级市": "county", "自治县": "county", "镇": "township",
    "乡": "township", "街道": "township", "村": "village", "社区": "village",
}
MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
"""Cities that are provinces: their 市 is the provincial level."""

_SUFFIX = "自治州|自治县|自治区|省|市|州|县|区|旗|镇|乡|街道"
_ORG = r"(?:委员会|委|人民政府|政府|人大|政协|安委会|应急管理局|党委|纪委|办公室|人民医院|公安局)"
_PLACE_ORG = re.compile(rf"(?:中共)?(?P<place>[\u4e00-\u9fff]{{2,7}}?(?:{_SUFFIX})){_ORG}")
_PLACE_WORD = re.compile(rf"(?P<place>[\u4e00-\u9fff]{{2,6}}?(?:{_SUFFIX}))")
_GENERIC_PLACE = re.compile(
    r"^(?:[全本我该各每其此外两三四五六七八九十百千万]|城|都|超|股|楼|门|上|集|夜|闹|郡|州县|区县|乡镇|城镇|村镇|"
    r"集镇|小|重|社|园|景|开发|工业|保护|经济|示范|高新|自贸|风景|旅游|辖|郊|灾|矿|厂|库|盲|片|山|老|新|市)")
_HAN_ONLY = re.compile("[\u4e00-\u9fff]+")
_SCOPE = re.compile(r"(?:全|我|本)(省|市|州|县|区|镇|乡)")
_MASKED = re.compile(r"\*+(?:省|市|县|区|镇|乡)")
_VENUE = re.compile(r"在(?P<name>[\u4e00-\u9fff]{2,4})分会场")
_NATIONAL = re.compile(r"^(?:国务院|中共中央|全国人大|应急管理部|国家[\u4e00-\u9fff]{2,12}?(?:局|部|委|总局)|国务院安委会)")
_FOOTER_HOST = re.compile(r"^(?:主办|主办单位)[:：]\s*(?P<host>.+)$")

_DATE_FULL = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/年.]\s*(?P<m>\d{1,2})\s*[-/月.]\s*(?P<d>\d{1,2})日?")
_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})年")
_CN_YEAR = re.compile(r"(?P<y>[〇○零一二三四五六七八九]{4})年")
_PUBLISHED = re.compile(r"(?:发布|录入|更新|发稿|上传|创建|成文)?(?:时间|日期)[:：]?")
_MONTH_DAY = re.compile(r"(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_HELD_IN_YEAR = re.compile(r"召开(?P<y>(?:19|20)\d{2})年")

_SPEAKER_TITLE = (
    re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,3})同志在.{2,80}?(?:讲话|致辞|发言|报告)"),
    re.compile(r"(?:书记|县长|市长|省长|区长|镇长|乡长|主任|局长|部长|厅长|主席|委员)(?P<name>[\u4e00-\u9fff]{2,3})"
               r"(?:同志)?在.{2,80}?(?:讲话|致辞|发言|报告)"),
)
_SPEECH_TITLE = re.compile(r"讲话|致辞|发言|讲稿|在.{2,60}会.{0,3}上的")
_SALUTATION = re.compile(r"^(?:同志们[:：，]|各位(?:领导|代表|同志))", re.M)
_THANKS = re.compile(r"谢谢大家|谢谢！$")
_NOTICE_TITLE = re.compile(r"通知$|^关于.{2,60}的通知")
_NOTICE = re.compile(r"特此通知|现(?:将|就).{0,30}通知如下")
_FEEDBACK = re.compile(r"(?:巡查|巡视|督查|督导|检查)[^。]{0,20}反馈|反馈[^。]{0,10}(?:巡查|巡视|督查|督导)")
_MEETING = re.compile(r"会议(?:指出|强调|要求|认为|提出|号召|部署)")
_HELD = re.compile(r"召开[^。]{0,40}会")
_NEWS = re.compile(r"本网讯|本报讯|讯（记者|（记者[^）]{1,12}）|记者[\u4e00-\u9fff]{2,3}报道|新华社")
_HEADING_MAX = 60


@dataclass(frozen=True, slots=True)
class _Span:
    """Where a value was found: cleaned text, or a removed line (raw offsets)."""

    text: str
    start: int | None = None
    end: int | None = None
    raw_start: int | None = None
    raw_end: int | None = None

    def field(self, value: str | None) -> Field:
        return Field(value=value, start=self.start, end=self.end, evidence=self.text,
                     raw_start=self.raw_start, raw_end=self.raw_end)


def extract_metadata(clean: CleanText, *, heading: str | None = None,
                     is_word: Callable[[str], bool] | None = None) -> Metadata:
    """Metadata of one document.

    ``heading`` is the part heading when the document is one part of a file;
    ``is_word`` says whether a dictionary knows a word (the segmenter's), which lets a
    place named without a government body be recognised.

    >>> from ingest.clean import clean_text
    >>> m = extract_metadata(clean_text("张三同志在全县安全生产会议上的讲话\\n录入时间: 2021/3/9 浏览: 5\\n同志们：今天开会。"))
    >>> m.speaker.value, m.date.value, m.genre.value, m.level.value, m.place.value
    ('张三', '2021-03-09', 'speech', 'county', None)
    """
    text = clean.text
    title = _title(text, heading)
    place, level = _place_and_level(text, clean.removed, is_word or (lambda w: False))
    return Metadata(
        title=title,
        date=_date(text, clean.removed, title),
        genre=_genre(text, title),
        speaker=_speaker(title),
        place=place,
        level=level,
    )


def _title(text: str, heading: str | None) -> Field:
    first = text.split("\n", 1)[0].strip()
    if heading:
        value = heading.rstrip("：:").strip()
        return Field(value=value, start=0, end=len(value), evidence=heading)
    if first and len(first) <= _HEADING_MAX and not re.search("[。！？；]", first) \
            and not _SALUTATION.match(first) and not _DATE_FULL.fullmatch(first):
        return Field(value=first, start=0, end=len(first), evidence=first)
    return Field()


def _removed(removed: list[RemovedLine]) -> list[_Span]:
    return [_Span(r.cleaned or r.text, raw_start=r.start, raw_end=r.end) for r in removed]


def _iso(year: str, month: str | None = None, day: str | None = None) -> str | None:
    y = int(year)
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return f"{y:04d}"
    if day is None:
        return f"{y:04d}-{m:02d}"
    d = int(day)
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= d <= 31 else f"{y:04d}-{m:02d}"


def _date(text: str, removed: list[RemovedLine], title: Field) -> Field:
    # 1. a publishing timestamp in the page chrome (removed) or a date line in the text
    for span in _removed(removed):
        match = _DATE_FULL.search(span.text)
        if match and _PUBLISHED.search(span.text[:match.start()]):
            return span.field(_iso(match["y"], match["m"], match["d"]))
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        match = _DATE_FULL.fullmatch(stripped) or (
            _DATE_FULL.search(stripped) if _PUBLISHED.match(stripped) and len(stripped) <= 40 else None)
        if match and (i < 3 or i >= len(lines) - 3):
            start = pos + line.index(stripped) + match.start()
            return _Span(match.group(0), start, start + len(match.group(0))).field(
                _iso(match["y"], match["m"], match["d"]))
        pos += len(line) + 1
    # 2. a year in the title
    if title.value:
        match = _YEAR.search(title.value) or _CN_YEAR.search(title.value)
        if match:
            year = _cn_year(match["y"])
            return Field(value=year, start=match.start(), end=match.end(), evidence=match.group(0))
    # 3. the opening paragraph: 召开2016年…会议, or a full date
    opening_end = _opening_end(text)
    opening = text[:opening_end]
    for pattern in (_DATE_FULL, _HELD_IN_YEAR):
        match = pattern.search(opening)
        if match:
            value = _iso(match["y"], match.groupdict().get("m"), match.groupdict().get("d"))
            return _Span(match.group(0), match.start(), match.end()).field(value)
    match = _MONTH_DAY.search(opening[:40])
    if match:  # a day without a year: recorded as evidence, the date stays unknown
        return Field(value=None, start=match.start(), end=match.end(),
                     evidence=f"{match.group(0)} (no year in the text)")
    return Field()


def _cn_year(year: str) -> str:
    if year.isdigit():
        return year
    return "".join(str("〇一二三四五六七八九".find(c)) if c not in "○零" else "0" for c in year)


def _opening_end(text: str) -> int:
    """End of the opening: the first three lines, at most 400 characters."""
    end = 0
    for _ in range(3):
        nxt = text.find("\n", end + 1)
        if nxt < 0:
            return min(len(text), 400)
        end = nxt
    return min(end, 400)


def _genre(text: str, title: Field) -> Field:
    """The first rule that fits, strongest signals first (a title saying 通知 or 讲话)."""
    title_end = title.end or 0
    opening_end = _opening_end(text)
    regions = (
        ("notice", _NOTICE_TITLE, 0, title_end), ("speech", _SPEECH_TITLE, 0, title_end),
        ("speech", _SALUTATION, 0, opening_end), ("inspection_feedback", _FEEDBACK, 0, opening_end),
        ("notice", _NOTICE, 0, len(text)), ("speech", _THANKS, max(0, len(text) - 200), len(text)),
        ("meeting_report", _MEETING, 0, len(text)), ("news", _NEWS, 0, opening_end),
        ("meeting_report", _HELD, 0, opening_end),
    )
    for genre, pattern, start, end in regions:
        match = pattern.search(text, start, end)
        if match:
            return Field(value=genre, start=match.start(), end=match.end(), evidence=match.group(0))
    return Field()


def _speaker(title: Field) -> Field:
    if not title.value:
        return Field()
    for pattern in _SPEAKER_TITLE:
        match = pattern.search(title.value)
        if match:
            base = title.start or 0
            return Field(value=match["name"], start=base + match.start("name"),
                         end=base + match.end("name"), evidence=match.group(0))
    return Field()


_SUFFIXES_LONGEST_FIRST = tuple(sorted(LEVEL_OF_SUFFIX, key=len, reverse=True))


def _level_of(place: str) -> str | None:
    for suffix in _SUFFIXES_LONGEST_FIRST:
        if place.endswith(suffix):
            level = LEVEL_OF_SUFFIX[suffix]
            if level == "prefectural" and place[:-len(suffix)] in MUNICIPALITIES:
                return "provincial"
            return level
    return None


def _plausible(place: str, is_word: Callable[[str], bool], org: bool) -> bool:
    stem = _SUFFIX_AT_END.sub("", place)
    if len(stem) < 2 or _GENERIC_PLACE.match(stem) or "*" in place:
        return False
    return org or is_word(place)


_SUFFIX_AT = re.compile(f"(?:{_SUFFIX})")
_SUFFIX_AT_END = re.compile(f"(?:{_SUFFIX})$")


def _known_places(text: str, is_word: Callable[[str], bool]):
    """Each place name the dictionary knows, ending at an administrative suffix: for each
    suffix, the longest known name of two to six characters before it."""
    for match in _SUFFIX_AT.finditer(text):
        for length in range(6, 1, -1):
            start = match.start() - length
            if start < 0:
                continue
            place = text[start:match.end()]
            if _HAN_ONLY.fullmatch(place) and _plausible(place, is_word, False):
                yield place, start
                break


def _place_and_level(text: str, removed: list[RemovedLine],
                     is_word: Callable[[str], bool]) -> tuple[Field, Field]:
    # 1. the site's host in a 主办 footer
    for span in _removed(removed):
        match = _FOOTER_HOST.match(span.text.strip())
        if match:
            org = _PLACE_ORG.search(match["host"])
            if org and _plausible(org["place"], is_word, True):
                place = org["place"]
                return span.field(place), span.field(_level_of(place))
    # 2. national issuers in the title
    first = text.split("\n", 1)[0]
    match = _NATIONAL.match(first)
    if match:
        return Field(), Field(value="national", start=0, end=match.end(), evidence=match.group(0))
    # 3. a branch venue: 在清溪分会场 → 清溪镇 when the text names it in full
    venue = _VENUE.search(text)
    if venue:
        full = re.search(rf"{re.escape(venue['name'])}(?:{_SUFFIX})", text)
        if full:
            place = full.group(0)
            span = _Span(place, full.start(), full.end())
            return span.field(place), _Span(venue.group(0), venue.start(), venue.end()).field(_level_of(place))
    # 4. the speaker's scope (全县, 本市 …) and the most named place of that level
    scopes = Counter(m.group(1) for m in _SCOPE.finditer(text))
    if not scopes:
        return Field(), Field()
    suffix, _ = scopes.most_common(1)[0]
    scope = next(m for m in _SCOPE.finditer(text) if m.group(1) == suffix)
    level = LEVEL_OF_SUFFIX[suffix]
    level_field = _Span(scope.group(0), scope.start(), scope.end()).field(level)
    if suffix == "市":
        named = Counter(m.group(0) for m in re.finditer("|".join(MUNICIPALITIES), text))
        if named and named.most_common(1)[0][1] >= 2:
            city = named.most_common(1)[0][0]
            at = text.find(city)
            return (_Span(city, at, at + len(city)).field(city + "市"),
                    _Span(city, at, at + len(city)).field("provincial"))
    candidates: Counter[str] = Counter()
    first_at: dict[str, int] = {}
    for place, at in _known_places(text, is_word):
        if _level_of(place) == level:
            candidates[place] += 1
            first_at.setdefault(place, at)
    if not candidates:
        masked = _MASKED.search(text)
        if masked:  # the place was masked (**县): the level stands, the place is unknown
            return Field(evidence=masked.group(0)), level_field
        return Field(), level_field
    place, _ = candidates.most_common(1)[0]
    at = first_at[place]
    return _Span(place, at, at + len(place)).field(place), level_field
