"""Which lines of a page are site chrome, spam or junk rather than the document.

Decisions rest on general features of a line — its length, its share of Han
characters, whether it has sentence punctuation, how many separators split it into
short pieces — and on vocabulary that sites share (``ICP备``, ``浏览次数``, ``主办``),
so that pages from sites never seen before are cleaned too. Lines arrive already
character-clean (simplified, full-width punctuation), so one rule covers both scripts.

Each removed line gets a short reason; ``None`` means the line is kept.
"""

from __future__ import annotations

import re

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_SENTENCE_PUNCT = re.compile("[。！？；]")
_ANY_PUNCT = re.compile("[。！？；，、：“”‘’（）《》!?;,:]")

_SPAM_WORDS = (r"18禁|色情|黄色(?:视频|网站|电影)|成人(?:视频|网站|电影)|成年人|一区二区|高潮|呻吟|{av}"
               r"|博彩|赌场|百家乐|六合彩|娱乐城|真人视讯|代孕|裸聊|约炮|av(?:在线|网站)|无码|国产精品|在线播放|免费观看")
_SPAM = re.compile(_SPAM_WORDS.format(av=r"[^A-Za-z]AV\b|^AV\b"))
_SPAM_HINT = re.compile(_SPAM_WORDS.format(av=r"AV\b"))
"""Matches wherever :data:`_SPAM` does (``AV`` without the character before it). Every
alternative then starts with a literal, so the engine jumps between candidate characters
instead of trying each position: a test of every line costs several times less, and
:data:`_SPAM` only reads the rare line that passes it."""
_FOOTER_START = re.compile(
    r"^(?:主办|承办|协办|主管|主办单位|承办单位|版权所有|版权|Copyright|copyright|COPYRIGHT|©|技术支持|维护单位"
    r"|联系电话|联系方式|电话|传真|地址|邮编|邮箱|E-?mail|ICP|备案号|网站地图|联系我们|关于我们)\s*[:：\s|]")
_FOOTER_ANYWHERE = re.compile(
    r"ICP[备证]|公网安备|网站标识码|网站管理员|网站地图|版权所有|技术支持[:：]|建议使用.{0,20}浏览器|最佳分辨率"
    r"|不良信息举报|网站纠错|无障碍浏览|政府网站找错")
_PAGE_META = re.compile(
    r"浏览|点击[数率量次]|阅读[数量次]|访问量|(?:发布|录入|更新|发稿|上传|创建)(?:时间|日期)|时间[:：]|日期[:：]"
    r"|来源[:：]|作者[:：]|编辑[:：]|责任编辑|审核[:：]|字号|【?大\s*中\s*小】?|打印(?:本页|此页)?|关闭(?:窗口|本页)"
    r"|收藏|分享(?:到)?|扫一扫|次阅读|人阅读|评论\s*\d")
_NAV_START = re.compile(r"^(?:当前位置|您现在的位置|你现在的位置|您的位置|你的位置|位置)[:：]")
_NAV_SEP = re.compile(r"\s*(?:>>|->|>|＞|»|›|→|/|／|\|\|?|｜|┊|·{2,})\s*")
_BLURB = re.compile(
    r"小编|仅供参考|希望对(?:你|您|大家)有(?:所)?帮助|欢迎(?:阅读|访问|关注|收藏)|更多(?:精彩|相关|内容|资讯)"
    r"|点击(?:查看|下载|进入|这里)|猜你喜欢|相关(?:文章|阅读|推荐|链接)[:：]?$|^(?:上一篇|下一篇|返回(?:顶部|首页|列表))"
    r"|扫描二维码|微信扫一扫|本文(?:来源|转载)|转载请注明")
_CAPTION = re.compile(r"^[^。！？，；：]{0,10}(?:现场|图片|照片|供图|摄影?|图为.*)$")
_CLOSING = re.compile(r"谢谢|此致|敬礼|特此|^(?:\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月")
"""Closing words and datelines: short, unpunctuated, and still the document's own."""

MAX_TAG = 10
"""Trailing lines this short with no punctuation at all are tags (``党史学习``)."""

MAX_HEADING = 60
"""A title repeated within the page head is a duplicate heading up to this length."""


def classify_lines(lines: list[str]) -> list[str | None]:
    """The reason each line is removed, or ``None`` when it is kept.

    >>> classify_lines(["首页/ 工作动态/ 正文", "今天召开会议。", "网站标识码：5120220012 蜀ICP备09018411号"])
    ['breadcrumb', None, 'footer']
    """
    verdicts = [line_reason(line) for line in lines]
    _mark_duplicate_headings(lines, verdicts)
    _mark_trailing_tags(lines, verdicts)
    return verdicts


def line_reason(line: str) -> str | None:
    """The reason to drop one line judged on its own, or ``None``."""
    line = line.strip()
    n = len(line)
    sentence = _SENTENCE_PUNCT.search(line) is not None
    if _HAN.search(line) is None:
        return "no Chinese text"
    if _SPAM_HINT.search(line) and len(set(_SPAM.findall(line))) >= 2:
        return "spam"
    if n <= 160 and (_FOOTER_START.match(line) or _FOOTER_ANYWHERE.search(line)):
        return "footer"
    if not sentence and _PAGE_META.search(line) and (n <= 40 or _han_count(line) / n < 0.6):
        return "page meta"
    if _NAV_START.match(line):
        return "breadcrumb"
    if not sentence and len(_NAV_SEP.findall(line)) >= 2:
        pieces = [p for p in _NAV_SEP.split(line) if p]
        if pieces and max(map(len, pieces)) <= 24:
            return "link list" if "|" in line or "｜" in line else "breadcrumb"
    if n <= 300 and _BLURB.search(line):
        return "site blurb"
    if _CAPTION.match(line):
        return "photo caption"
    return None


def _han_count(line: str) -> int:
    return len(line) - len(_HAN.sub("", line))


def _mark_duplicate_headings(lines: list[str], verdicts: list[str | None]) -> None:
    """A punctuation-free line repeating one from the page head (before the first body
    paragraph) is a repeated title: keep the first."""
    head: set[str] = set()
    in_head = True
    for i, line in enumerate(lines):
        if verdicts[i] is not None:
            continue
        text = line.strip()
        if in_head and len(text) > MAX_HEADING:
            in_head = False
        if _ANY_PUNCT.search(text) or len(text) > MAX_HEADING or len(text) < 4:
            continue
        if text in head:
            verdicts[i] = "repeated title"
        elif in_head:
            head.add(text)


def _mark_trailing_tags(lines: list[str], verdicts: list[str | None]) -> None:
    """Short punctuation-free lines after the last paragraph are tags (``党史学习``).

    Only lines after a kept line with sentence punctuation count: a text made of short
    lines alone has no body to trail.
    """
    body = max((i for i, line in enumerate(lines)
                if verdicts[i] is None and _SENTENCE_PUNCT.search(line)), default=None)
    if body is None:
        return
    for i in range(len(lines) - 1, body, -1):
        if verdicts[i] is not None:
            continue
        text = lines[i].strip()
        if len(text) <= MAX_TAG and not _ANY_PUNCT.search(text) and not _CLOSING.search(text):
            verdicts[i] = "tag line"
            continue
        break
