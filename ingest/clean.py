"""Raw text to clean simplified Chinese, with a map from every cleaned character back.

Cleaning has two layers:

* character rules (:func:`clean_chars`): odd spaces and invisible characters, inline
  pinyin glosses, traditional → simplified (OpenCC ``t2s``), garbled and half-width
  punctuation, whitespace inside Chinese. They run over a :class:`Buffer` (text plus
  one raw offset per character) until nothing changes, so cleaning is idempotent even
  where two rules feed each other (a space removed lets two marks meet, which then
  collapse);
* line rules (:mod:`ingest.lines`): site chrome, spam and junk lines are dropped from
  the character-clean lines and kept, with a reason, in :attr:`CleanText.removed`.

Every rule is general (features of a line, patterns of a gloss, classes of
characters), never a fix for one file.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ingest.lines import classify_lines
from ingest.records import CleanText, RemovedLine

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
"""Han characters: CJK unified ideographs, extension A and B–F, compatibility."""

CJK_PUNCT = "、。，；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·～"
"""Full-width marks that belong to Chinese text."""

_MAX_ROUNDS = 5


@dataclass(slots=True)
class Buffer:
    """Text with the raw offset of each character (``len(offsets) == len(text)``)."""

    text: str
    offsets: list[int]

    def sub(self, pattern: re.Pattern[str], repl, needs: str = "") -> Buffer:
        """Replace every match of ``pattern``; ``repl`` is a string or a function of the match.

        A replacement of the same length keeps the offsets one to one; otherwise each
        new character points at the matched character in the same place, the last one
        for any surplus (so offsets never go backwards). ``needs`` lists characters of
        which every match holds one: a text with none of them is returned untouched
        without running the pattern (a substring test is far cheaper than a scan).
        """
        if needs and not any(ch in self.text for ch in needs):
            return self
        text, old = self.text, self.offsets
        changes: list[tuple[int, int, str]] = []

        def replace(match: re.Match[str]) -> str:
            new = repl if isinstance(repl, str) else repl(match)
            if new != match.group(0):
                changes.append((match.start(), match.end(), new))
            return new

        # the regex engine builds the new text; only the changes are walked here
        new_text = pattern.sub(replace, text)
        if not changes:
            return self  # no match, or every match was replaced by itself
        if all(len(new) == end - start for start, end, new in changes):
            return Buffer(new_text, old)
        offsets: list[int] = []
        pos = 0
        for start, end, new in changes:
            offsets.extend(old[pos:start])
            if len(new) == end - start:
                offsets.extend(old[start:end])
            elif len(new) == 1:
                offsets.append(old[start])
            elif end > start:
                last = end - start - 1
                offsets.extend(old[start + min(k, last)] for k in range(len(new)))
            else:  # insertion: borrow the offset of the next (or previous) character
                anchor = old[start] if start < len(old) else (old[-1] if old else 0)
                offsets.extend([anchor] * len(new))
            pos = end
        offsets.extend(old[pos:])
        return Buffer(new_text, offsets)

    def translate(self, table: dict[int, str], trigger: re.Pattern[str] | None = None,
                  needs: str = "") -> Buffer:
        """One-to-one character replacement: offsets unchanged.

        ``trigger`` matches any character of the table, to skip texts it would not change;
        ``needs`` lists those characters when they are few (substring tests are cheaper).
        """
        if needs and not any(ch in self.text for ch in needs):
            return self
        if trigger is not None and trigger.search(self.text) is None:
            return self
        text = self.text.translate(table)
        return self if text == self.text else Buffer(text, self.offsets)

    def replace_aligned(self, new: str) -> Buffer:
        """Replace the whole text by ``new``, aligning offsets by matching blocks."""
        if new == self.text:
            return self
        if len(new) == len(self.text):
            return Buffer(new, self.offsets)
        offsets: list[int] = []
        matcher = difflib.SequenceMatcher(None, self.text, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                offsets.extend(self.offsets[i1:i2])
            elif j2 > j1:
                if i2 > i1:
                    span = i2 - i1
                    offsets.extend(self.offsets[i1 + min((k * span) // (j2 - j1), span - 1)]
                                   for k in range(j2 - j1))
                else:
                    anchor = self.offsets[i1 - 1] if i1 else (self.offsets[0] if self.offsets else 0)
                    offsets.extend([anchor] * (j2 - j1))
        return Buffer(new, offsets)


# --- character rules -------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200b-\u200f\u2060-\u2064\ufeff\u00ad\ufffe\uffff]+")
_COMBINING = re.compile(r".[\u0300-\u036f]+", re.S)
_COMBINING_MARK = re.compile("[\u0300-\u036f]")
_SPACES = {ord(c): " " for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
           "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
_SPACES_RE = re.compile("[" + "".join(chr(c) for c in _SPACES) + "]")
_FULLWIDTH_ALNUM = {cp: chr(cp - 0xFEE0) for cp in (
    *range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
_FULLWIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_COMPAT_HAN = re.compile("[\uf900-\ufaff]+")
_RADICALS = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6))
             if len(unicodedata.normalize("NFKC", chr(cp))) == 1 and unicodedata.normalize("NFKC", chr(cp)) != chr(cp)}
_RADICALS_RE = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5]")
"""Kangxi radicals that PDF text layers give for ordinary characters (⽉ for 月)."""


_NORMALISE_ANY = re.compile("[\r\u2028\u2029\x0b\x0c\x85\x00-\x08\x0e-\x1f\x7f\u200b-\u200f\u2060-\u2064"
                            "\ufeff\u00ad\ufffe\uffff" + "".join(chr(c) for c in _SPACES)
                            + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2e80-\u2ef3\u2f00-\u2fd5"
                            "\u0300-\u036f\uf900-\ufaff]+")
"""Runs of the characters some rule of :func:`normalise` starts from (one scan instead of
one per rule; most texts hold none, or only a few kinds)."""


def normalise(buf: Buffer) -> Buffer:
    """Line ends, invisible characters, odd spaces, full-width letters and digits, Kangxi
    radicals, NFC.

    A rule runs only when the text holds a character it starts from. No rule makes a
    character another rule starts from (they give line ends, spaces, ASCII, unified Han
    or precomposed letters), so the characters of the text as it came decide for all.
    """
    present = "".join(set("".join(_NORMALISE_ANY.findall(buf.text))))
    if not present:
        return buf
    if _NEWLINES.search(present):
        buf = buf.sub(_NEWLINES, "\n")
    if _INVISIBLE.search(present):
        buf = buf.sub(_INVISIBLE, "")
    if _SPACES_RE.search(present):
        buf = buf.translate(_SPACES, _SPACES_RE)
    if _FULLWIDTH_RE.search(present):
        buf = buf.translate(_FULLWIDTH_ALNUM, _FULLWIDTH_RE)
    if _RADICALS_RE.search(present):
        buf = buf.translate(_RADICALS, _RADICALS_RE)
    if _COMBINING_MARK.search(present):
        buf = buf.sub(_COMBINING, lambda m: unicodedata.normalize("NFC", m.group(0)))
    if _COMPAT_HAN.search(present):
        buf = buf.sub(_COMPAT_HAN, lambda m: unicodedata.normalize("NFC", m.group(0)))
    return buf


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_UNTONE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ", "aaaaeeeeiiiioooouuuuüüüünnnm")
_SYLLABLE = re.compile(
    r"(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|van|ai|ei|ao|ou|an|en|er|in|un|ün|vn"
    r"|ia|ie|iu|ua|uo|ue|üe|ve|ui|a|o|e|i|u|ü|v)|ng|n|m")
_GLOSS = re.compile(rf"(?P<pre>[{HAN}?\w])[(（]\s*(?P<py>[a-zü{_TONED}]{{1,6}})\s*[)）]")
_GLOSS_BRACKET = re.compile(rf"[(（]\s*(?P<py>[a-zü{_TONED}]{{1,6}})\s*[)）]")
""":data:`_GLOSS` without its first character, so the scan jumps from bracket to bracket."""
_GLOSS_PRE = re.compile(rf"[{HAN}?\w]")
_BROKEN_GLOSS = re.compile(rf"(?<=[?\ufffd])(?P<py>[a-zü{_TONED}]{{1,6}})[)）]")


def _is_pinyin(word: str) -> bool:
    return _SYLLABLE.fullmatch(word.translate(_UNTONE)) is not None


def _gloss(match: re.Match[str]) -> str:
    pre, py = match.group("pre"), match.group("py")
    toned = any(c in _TONED for c in py)
    han_before = re.match(f"[{HAN}]", pre) is not None
    if _is_pinyin(py) and (toned or han_before):
        return pre
    return match.group(0)


def _gloss_bracket(match: re.Match[str]) -> str:
    """:func:`_gloss` for a match of :data:`_GLOSS_BRACKET`: the character before the
    bracket plays ``pre`` (a match never ends in a character ``pre`` may be, so
    matches are found exactly where :data:`_GLOSS` finds them)."""
    start = match.start()
    pre = match.string[start - 1] if start else ""
    if not pre or _GLOSS_PRE.match(pre) is None:
        return match.group(0)
    py = match.group("py")
    toned = any(c in _TONED for c in py)
    han_before = re.match(f"[{HAN}]", pre) is not None
    if _is_pinyin(py) and (toned or han_before):
        return ""
    return match.group(0)


def _broken_gloss(match: re.Match[str]) -> str:
    py = match.group("py")
    return "" if any(c in _TONED for c in py) and _is_pinyin(py) else match.group(0)


def drop_glosses(buf: Buffer) -> Buffer:
    """``開(kāi)`` → ``開``; toneless ``車(che)`` too; ``（扩大）``, ``(以下简称事故)`` stay.

    A toned syllable in brackets is a gloss wherever it stands (in 002 it follows a
    garbled character); a toneless one only directly after a Han character.
    """
    return buf.sub(_GLOSS_BRACKET, _gloss_bracket, "(（").sub(_BROKEN_GLOSS, _broken_gloss, "?\ufffd")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # loaded on first use: dictionaries are not import-time work

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified, phrase-aware (OpenCC t2s)."""
    return _converter().convert(text)


def simplify(buf: Buffer) -> Buffer:
    """OpenCC ``t2s`` with the offsets kept true when a phrase changes length."""
    converted = to_simplified(buf.text)
    if converted == buf.text:
        return buf
    if len(converted) == len(buf.text):
        return Buffer(converted, buf.offsets)
    lines = buf.text.split("\n")
    parts, offsets, pos = [], [], 0
    for i, line in enumerate(lines):
        piece = Buffer(line, buf.offsets[pos:pos + len(line)]).replace_aligned(to_simplified(line))
        parts.append(piece.text)
        offsets.extend(piece.offsets)
        pos += len(line)
        if i < len(lines) - 1:
            parts.append("\n")
            offsets.append(buf.offsets[pos])
            pos += 1
    return Buffer("".join(parts), offsets)


_CJK = f"[{HAN}{CJK_PUNCT}]"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_MARKS = ",，、;；:：。!！？"
_RUN = re.compile(f"[{_MARKS}](?:[ ]*[{_MARKS}])+|[,;:!](?:(?<={_CJK}[,;:!])|(?={_CJK}))")
"""Runs of marks, and single half-width marks next to Chinese: what :func:`_run` changes.

A single half-width mark elsewhere (``1,000``, ``10:30``, English) stays, so the pattern
does not match it at all rather than hand it to :func:`_run` to give back."""
_RANK = {m: r for r, ms in enumerate(("，,", "、", "：:", "；;", "。！？!")) for m in ms}
_PAREN = re.compile(r"[(（](?P<body>[^()（）\n]{0,80})[)）]")
_DQUOTE = re.compile(r"[\"＂](?P<body>[^\"＂\n]{1,200})[\"＂]")
_SQUOTE = re.compile(r"(?<![A-Za-z])'(?P<body>[^'\n]{1,200})'")
_CORNER = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’", "〝": "“", "〞": "”"})
_QUESTION = re.compile(rf"(?<=[吗呢么吧啊嘛否谁何哪没有])\?(?=[{HAN}”’）\s]|$)", re.M)
_INNER_SPACE = re.compile(rf"(?<={_CJK})[ ]+(?={_CJK})|(?<={_CJK})[ ]+(?=[\"(])|(?<=[\")])[ ]+(?={_CJK})")
"""Spaces inside Chinese (the rule; :func:`_inner_space` applies it run by run)."""
_SPACE_RUN = re.compile(r"[ ]+")
_EDGE_SPACE = re.compile(r"^[ ]+|[ ]+$", re.M)
_MULTI_SPACE = re.compile(r"[ ]{2,}")
_HAN_RE = re.compile(f"[{HAN}]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and (ch in CJK_PUNCT or _HAN_RE.match(ch) is not None)


def _run(match: re.Match[str]) -> str:
    """A run of marks becomes the one it was meant to be; half-width becomes full-width in Chinese."""
    if match.end() - match.start() == 1:  # :data:`_RUN` matches one mark only next to Chinese
        return _HALF_TO_FULL[match.group(0)]
    text = match.string
    run = match.group(0).replace(" ", "")
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    chinese = _is_cjk(before) or _is_cjk(after) or any(m in "，、；：。！？" for m in run)
    if before.isdigit() and after.isdigit() and run in ",:":
        return match.group(0)  # 1,000 and 10:30
    if len(run) == 1 and not chinese:
        return match.group(0)
    mark = max(reversed(run), key=lambda m: _RANK[m]) if len(run) > 1 else run
    if chinese:
        mark = _HALF_TO_FULL.get(mark, mark)
    elif len(run) > 1:
        mark = {"，": ",", "；": ";", "：": ":", "！": "!", "？": "?"}.get(mark, mark)
    return mark


def _inner_space(match: re.Match[str]) -> str:
    """:data:`_INNER_SPACE` for one run of spaces, found by the cheap ``[ ]+`` scan.

    A match of the rule starts after a non-space and ends before one, so it is always a
    whole run of spaces; the run goes when the characters on either side fit the rule.
    """
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _is_cjk(before):
        if _is_cjk(after) or (after and after in "\"("):
            return ""
    elif before and before in "\")" and _is_cjk(after):
        return ""
    return match.group(0)


def _edge_space(match: re.Match[str]) -> str:
    """:data:`_EDGE_SPACE` for one run of spaces: it goes at either end of a line."""
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or text[start - 1] == "\n" or end == len(text) or text[end] == "\n":
        return ""
    return match.group(0)


def _space_run(match: re.Match[str]) -> str:
    """One run of spaces under the three space rules at once: gone inside Chinese
    (:func:`_inner_space`), gone at either end of a line (:func:`_edge_space`), else one
    space for several (:data:`_MULTI_SPACE`).

    The rules judge a run by the characters either side of it, which are never spaces
    and which no other run's removal changes, so one pass decides as three in turn do.
    """
    if _inner_space(match) == "" or _edge_space(match) == "":
        return ""
    return " " if match.end() - match.start() > 1 else match.group(0)


def _paren(match: re.Match[str]) -> str:
    body = match.group("body")
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _HAN_RE.search(body) or _is_cjk(before) or _is_cjk(after) or "（" in match.group(0) or "）" in match.group(0):
        return f"（{body}）"
    return match.group(0)


def _quote(open_: str, close: str):
    def repl(match: re.Match[str]) -> str:
        body = match.group("body")
        return f"{open_}{body}{close}" if _HAN_RE.search(body) else match.group(0)
    return repl


def mend_punctuation(buf: Buffer) -> Buffer:
    """``,,`` ``,、`` ``,。`` ``,;`` collapse; half-width marks in Chinese become full-width;
    quotes become “ ” and ‘ ’; spaces inside Chinese go.

    ASCII ``?`` is a question mark only after a question word (吗, 呢, 没有 …);
    elsewhere it stands for a character lost before the file was saved and stays.
    """
    buf = buf.translate(_CORNER, needs="「」『』〝〞")
    buf = buf.sub(_PAREN, _paren, "(（")
    buf = buf.sub(_DQUOTE, _quote("“", "”"), "\"＂").sub(_SQUOTE, _quote("‘", "’"), "'")
    buf = buf.sub(_QUESTION, "？", "?")
    buf = buf.sub(_RUN, _run)
    return buf.sub(_SPACE_RUN, _space_run, " ")


def clean_chars(buf: Buffer) -> Buffer:
    """The character rules, repeated until the text no longer changes."""
    buf = normalise(buf)
    for _ in range(_MAX_ROUNDS):
        before = buf.text
        buf = mend_punctuation(simplify(drop_glosses(buf)))
        if buf.text == before:
            break
    return buf


# --- the whole cleaning ----------------------------------------------------------

_LOST = re.compile("[?\ufffd]")


def clean_text(raw: str) -> CleanText:
    """Clean ``raw`` and keep the offset map back to it, and what was removed.

    >>> c = clean_text("首页/ 工作动态/ 正文\\n會議強調,,要落實安全生產(chǎn)責任。")
    >>> c.text
    '会议强调，要落实安全生产责任。'
    >>> c.raw[c.offsets[0]:c.offsets[1]]
    '會'
    >>> [r.reason for r in c.removed]
    ['breadcrumb']
    """
    buf = clean_chars(Buffer(raw, list(range(len(raw)))))
    lines = _lines(buf)
    verdicts = classify_lines([buf.text[s:e] for s, e in lines])
    parts: list[str] = []
    offsets: list[int] = []
    removed: list[RemovedLine] = []
    for (start, end), reason in zip(lines, verdicts):
        if reason is not None:
            raw_start, raw_end = buf.offsets[start], buf.offsets[end - 1] + 1
            removed.append(RemovedLine(start=raw_start, end=raw_end, text=raw[raw_start:raw_end],
                                       reason=reason, cleaned=buf.text[start:end]))
            continue
        if parts:
            parts.append("\n")
            offsets.append(min(offsets[-1] + 1, buf.offsets[start]))
        parts.append(buf.text[start:end])
        offsets.extend(buf.offsets[start:end])
    text = "".join(parts)
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return CleanText(text=text, raw=raw, offsets=offsets, removed=removed,
                     lost_chars=len(_LOST.findall(text)))


def _lines(buf: Buffer) -> list[tuple[int, int]]:
    """Spans of the non-empty lines (character rules already stripped their edges)."""
    spans, pos = [], 0
    for line in buf.text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans
