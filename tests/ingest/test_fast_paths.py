"""The shortcuts ingest takes for speed give what the plain rules give.

Each shortcut skips work it can prove changes nothing (a rule whose characters a text
lacks, a single mark far from Chinese, a hit that overlaps no other). These tests hold
each shortcut against the rule written out the plain way, on generated text.
"""

from __future__ import annotations

import pickle
import re
import unicodedata
from bisect import bisect_right

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import clean, read
from ingest.extract.concepts import ConceptMatcher
from ingest.pipeline import Pipeline
from ingest.records import Mention
from ingest.segment import sentences

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CLEAN_ALPHABET = st.sampled_from(
    list("安全生产會議开,，、;；:：。!！?？\"'“”「」『』()（） \t\n\r\u3000\xa0\u200b\ufeff\u0301\uf900\u2f49"
         "\u2e9fＡ１a1é")
    + ["  ", "\r\n", "(kāi)", "AV", "色情", "1,000", "10:30"])
_CLEAN_TEXT = st.lists(_CLEAN_ALPHABET, max_size=60).map("".join)


def _buffer(text: str) -> clean.Buffer:
    return clean.Buffer(text, list(range(len(text))))


def _normalise_every_rule(buf: clean.Buffer) -> clean.Buffer:
    """:func:`ingest.clean.normalise` without its scan for what can apply."""
    buf = buf.sub(clean._NEWLINES, "\n").sub(clean._INVISIBLE, "")
    buf = buf.translate(clean._SPACES).translate(clean._FULLWIDTH_ALNUM).translate(clean._RADICALS)
    buf = buf.sub(clean._COMBINING, lambda m: unicodedata.normalize("NFC", m.group(0)))
    return buf.sub(clean._COMPAT_HAN, lambda m: unicodedata.normalize("NFC", m.group(0)))


@_SETTINGS
@given(_CLEAN_TEXT)
def test_normalise_skips_only_rules_that_change_nothing(text):
    fast, plain = clean.normalise(_buffer(text)), _normalise_every_rule(_buffer(text))
    assert (fast.text, fast.offsets) == (plain.text, plain.offsets)


@_SETTINGS
@given(_CLEAN_TEXT)
def test_one_pass_over_spaces_is_the_three_space_rules_in_turn(text):
    text = clean.normalise(_buffer(text)).text
    in_turn = clean._MULTI_SPACE.sub(" ", clean._EDGE_SPACE.sub("", clean._INNER_SPACE.sub("", text)))
    assert _buffer(text).sub(clean._SPACE_RUN, clean._space_run, " ").text == in_turn


def _every_mark_run(match: re.Match[str]) -> str:
    return clean._run(match) if match.end() - match.start() > 1 else _single_mark(match)


def _single_mark(match: re.Match[str]) -> str:
    """What the mark rule makes of one half-width mark, wherever it stands."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if clean._is_cjk(before) or clean._is_cjk(after):
        return clean._HALF_TO_FULL[match.group(0)]
    return match.group(0)


@_SETTINGS
@given(_CLEAN_TEXT)
def test_single_marks_away_from_chinese_are_not_even_matched(text):
    every = re.compile(f"[{clean._MARKS}](?:[ ]*[{clean._MARKS}])+|[,;:!]")
    plain = _buffer(text).sub(every, _every_mark_run)
    fast = _buffer(text).sub(clean._RUN, clean._run)
    assert (fast.text, fast.offsets) == (plain.text, plain.offsets)


@pytest.mark.parametrize("text, expected", [
    ("共1,000人，10:30开会", "共1,000人，10:30开会"),
    ("安全,生产;责任:落实!", "安全，生产；责任：落实！"),
    ("会议讨论了Safety first, then speed。", "会议讨论了Safety first, then speed。"),
    ("会议,,强调", "会议，强调"),
])
def test_marks_are_mended_only_in_chinese(text, expected):
    assert clean.clean_text(text).text == expected


_TEXT_OF_MARKS = st.lists(st.sampled_from(list("安全生产ab1 \n") + ["18禁", "色情", "AV", " AV", "xAV", "赌场"]),
                          max_size=30).map("".join)


@_SETTINGS
@given(_TEXT_OF_MARKS)
def test_the_spam_hint_matches_wherever_spam_does(line):
    from ingest import lines

    if lines._SPAM.search(line):
        assert lines._SPAM_HINT.search(line)


@_SETTINGS
@given(st.text(alphabet=st.sampled_from(list("安全生产锟斤拷鍙戝竷å®‰a，") + ["\u4e00", "\u9fff", "\U00020000"]),
               max_size=200))
def test_han_counts_by_runs_are_counts_by_character(text):
    assert read._count(read._HAN, text) == sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    common = read._common_han()
    assert read._count(read._common_han_runs(), text) == sum(
        1 for ch in text if "\u4e00" <= ch <= "\u9fff" and ch in common)


def _mentions_longest_first(matcher: ConceptMatcher, text: str, starts: list[int]) -> list[Mention]:
    """Every hit, longest first then leftmost, kept when nothing kept overlaps it."""
    hits = []
    for surface, key in matcher.surfaces.items():
        for m in re.finditer(f"(?={re.escape(surface)})", text):
            hits.append((m.start(), m.start() + len(surface), surface, key))
    taken = [False] * len(text)
    kept = []
    for start, end, surface, key in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            kept.append(Mention(key, surface, start, end, max(bisect_right(starts, start) - 1, 0)))
    return sorted(kept, key=lambda m: m.start)


@pytest.fixture(scope="module")
def matcher(mini_lexicon) -> ConceptMatcher:
    return ConceptMatcher(mini_lexicon)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mentions_resolved_by_clusters_are_those_of_one_longest_first_pass(matcher, data):
    pieces = sorted(matcher.surfaces)
    parts = data.draw(st.lists(st.one_of(st.sampled_from(pieces), st.sampled_from(pieces).map(lambda s: s[1:]),
                                         st.sampled_from(pieces).map(lambda s: s[:-1]),
                                         st.sampled_from(list("，。的要\n"))), max_size=25))
    text = "".join(parts)
    spans = sentences(text)
    assert matcher.mentions(text, spans) == _mentions_longest_first(matcher, text, [s.start for s in spans])


@pytest.fixture(scope="module")
def document(lexicon):
    text = ("XX县安全生产委员会办公室\n2021年3月5日，县委书记张明同志强调，落实“三个必须”：管行业必须管安全、"
            "管业务必须管安全、管生产经营必须管安全。开展“除隐患、早防范”集中整治行动，吸取“1·10”重大事故教训。")
    return Pipeline(lexicon).process_text(text, "a.txt")[0]


def test_documents_arrive_through_pickle_unchanged(document):
    """Workers send documents to the writer pickled: every record must come back equal."""
    back = pickle.loads(pickle.dumps(document))
    assert back == document
    for name in ("sentences", "mentions", "formulations", "campaigns", "incidents", "people", "dates"):
        assert getattr(back, name), name  # the sample names one of each
        assert [type(x) for x in getattr(back, name)] == [type(x) for x in getattr(document, name)]
    assert back.metadata.date == document.metadata.date


def test_frozen_records_pickle_as_their_constructor_call(document):
    """The compact form: the class and the field values, nothing looked up per object."""
    mention = document.mentions[0]
    cls, args = mention.__reduce__()
    assert cls is Mention and cls(*args) == mention
