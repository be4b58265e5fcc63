"""Named people and the posts the text gives them.

Three shapes, from most to least certain:

- post(s) then name: ``省委副书记、省长王晓东``, ``组长郭允冲``, ``记者 王俊``;
- name then ``同志``: ``彭玉秀同志`` (full name), ``良宇同志`` (given name only, post
  unknown);
- name then post: ``习近平总书记``, ``韩正市长``, ``李书记`` (a surname alone).

A name is two or three Han characters; three are taken when the third does not begin
the next word (作, 代表, 主持 …) or when the three recur elsewhere in the document. A
surname alone with a post merges into the full name with that surname and post when the
document has one (韩市长 is 韩正).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.extract.spans import HAN, Occupancy, SentenceLocator, is_han
from ingest.extract.terms import alternation, terms
from ingest.records import Person


@lru_cache(maxsize=1)
def _tables() -> dict[str, object]:
    t = terms()["person"]
    posts = alternation(t["posts"])
    return {
        "post_name": re.compile(
            rf"(?P<post>{posts}(?:[、，]{posts})*)[ \u3000：:]?(?=(?P<name>[{HAN}]{{2,3}}))"),
        "name_post": re.compile(rf"(?P<post>{alternation(t['posts_after_name'])})"),
        "surnames": frozenset(t["surnames"].replace("\n", "")),
        "compound": tuple(t["compound_surnames"]),
        "after": frozenset(t["after_name"]),
        "not_names": tuple(t["not_names"]),
        "posts": frozenset(t["posts"]),
        "post_start": re.compile(posts),
        "not_name_words": frozenset(t["not_name_words"]),
        "high_posts": frozenset(t["high_posts"]),
        "blockers": frozenset(t["name_blockers"]),
    }


def find_people(text: str, locator: SentenceLocator) -> list[Person]:
    """Every named person of ``text``, one record per mention, posts shared by name."""
    tables = _tables()
    found: list[Person] = []
    taken = Occupancy(len(text))

    def add(name: str, start: int, end: int, post: str | None, span_start: int | None = None) -> None:
        if not taken.claim(start if span_start is None else span_start, end):
            return
        found.append(Person(name=name, start=start, end=end, sentence=locator.index(start), post=post))

    for m in tables["post_name"].finditer(text):
        name = _name_at(text, m.start("name"), m.end("name"))
        if name is None:
            continue
        post = _clean_post(_org_before(text, m.start()) + m["post"])
        if post in ("同志",):
            continue
        add(name, m.start("name"), m.start("name") + len(name), post, span_start=m.start())
    for m in tables["name_post"].finditer(text):
        _name_before(text, m, add)
    return _merged(found)


def _has_surname(name: str) -> bool:
    tables = _tables()
    return name[0] in tables["surnames"] or name.startswith(tables["compound"])


def _name_at(text: str, start: int, end: int) -> str | None:
    """The name starting at ``start``: two or three characters, surname first."""
    candidate = text[start:end]
    if len(candidate) < 2 or not _has_surname(candidate):
        return None
    if len(candidate) == 3:
        third_starts_word = (candidate[2] in _tables()["after"]
                             or _tables()["post_start"].match(text, start + 2) is not None)
        recurs = text.count(candidate) > 1
        if third_starts_word and not recurs:
            candidate = candidate[:2]
    if candidate[:2] in ("同志", "部门", "单位") or candidate[:2] in _tables()["not_name_words"]:
        return None
    return candidate


def _org_before(text: str, pos: int) -> str:
    """The unit a post belongs to when written right before it: 巡查组 in 巡查组组长."""
    if pos == 0 or text[pos - 1] not in _ORG_ENDS:
        return ""
    start = pos - 1
    while start > 0 and pos - start < 5 and is_han(text[start - 1]) and text[start - 1] not in _PLACE_ENDS:
        start -= 1
    if start > 0 and is_han(text[start - 1]):
        return ""  # no clear start: keep the post alone
    return text[start:pos]


def _clean_post(post: str) -> str:
    return post.replace("，", "、").strip()


def _name_before(text: str, m: re.Match[str], add) -> None:
    """``习近平总书记``, ``良宇同志``, ``李书记``: the name written before the post."""
    tables = _tables()
    post = m["post"]
    end = m.start()
    run = end
    while run > 0 and end - run < 3 and is_han(text[run - 1]):
        run -= 1
    span = text[run:end]
    if not span or span.endswith(tables["not_names"]) or span[-1] in _ORG_ENDS or span[-1] in _PLACE_ENDS:
        return
    three, two = (span if len(span) == 3 else None), span[-2:] if len(span) >= 2 else None
    if post == "同志":
        if three and _has_surname(three) and not (three[0] in tables["blockers"] and _has_surname(two)):
            add(three, end - 3, end, None)
        elif two and two[0] not in tables["blockers"] and two not in tables["not_name_words"]:
            add(two, end - 2, end, None)
        return
    boundary = run == 0 or not is_han(text[run - 1])
    if three and _has_surname(three) and (boundary or post in tables["high_posts"] or text.count(three) > 1) \
            and not (three[0] in tables["blockers"] and _has_surname(two)):
        add(three, end - 3, end, post)
    elif two and _has_surname(two) and (len(span) == 2 and boundary or text.count(two) > 1
                                        or _after_prep(text, end - 2)) \
            and two not in tables["not_name_words"]:
        add(two, end - 2, end, post)
    elif _has_surname(span[-1]) and (len(span) == 1 and boundary or _after_prep(text, end - 1)):
        add(span[-1], end - 1, end, post)


_ORG_ENDS = frozenset("组委局厅办部院会处科室队所站")
_PLACE_ENDS = frozenset("省市州县区镇乡村旗盟")


def _after_prep(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in "的、和与及陪同在由向给对请代表"


def _merged(people: list[Person]) -> list[Person]:
    """Give every mention of a name the post known for it; fold 韩市长 into 韩正."""
    post_of: dict[str, str] = {}
    for p in people:
        if p.post and p.name not in post_of:
            post_of[p.name] = p.post
    full = [p for p in people if len(p.name) >= 2]
    out = []
    for p in sorted(people, key=lambda p: p.start):
        name, post = p.name, p.post or post_of.get(p.name)
        if len(name) == 1:
            match = next((f for f in full if f.name[0] == name and (post_of.get(f.name) == post)), None)
            if match is not None:
                name = match.name
        out.append(Person(name=name, start=p.start, end=p.end, sentence=p.sentence, post=post))
    return out
