"""The report bundle: views, pictures and a summary an author can cite from."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser

import pytest

from viz.errors import NotFoundError
from viz.report import QUOTES, bundle, md_escape, summarise, summary_html, summary_markdown, zip_bytes

FILES = {"view.html", "view.svg", "view.png", "summary.md", "summary.html"}


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_summary_holds_definition_components_and_relations(hostile_kg):
    s = summarise(hostile_kg.store, hostile_kg.iris, "双重预防机制")
    assert s.definition.startswith("以安全风险分级管控")
    assert s.components == ["风险分级管控", "隐患排查治理"]
    assert ("related", "煤矿") in s.relations
    assert s.related[0][0] == "煤矿"  # the heaviest co-occurring concept first
    assert all(kind != "文件" for _, kind, _ in s.related)


def test_mentions_are_counted_per_level_and_year(dated_kg):
    s = summarise(dated_kg.store, dated_kg.iris, "双重预防机制")
    assert (s.sentences, s.documents) == (7, 3)
    assert dict((year, n) for year, n, _ in s.by_year) == {"2017": 2, "2019": 5}
    levels = {name: (n, d) for name, n, d in s.by_level}
    assert levels["省级"] == (6, 2)
    assert sum(n for n, _ in levels.values()) == 7
    assert s.first_year == "2017"


def test_five_quotes_are_cited_like_footnotes(dated_kg):
    s = summarise(dated_kg.store, dated_kg.iris, "双重预防机制")
    assert len(s.quotes) == QUOTES
    assert len({q.document for q in s.quotes[:3]}) == 3  # one per document before repeats
    first = s.quotes[0]
    assert first.citation() == "《县安委会会议纪要》，栖霞市，2019-06-10。"
    md = summary_markdown(s)
    assert "[^1]: 《县安委会会议纪要》，栖霞市，2019-06-10。" in md
    assert md.count("> “") == QUOTES


def test_hostile_text_stays_text_in_the_markdown(hostile_kg):
    md = summary_markdown(summarise(hostile_kg.store, hostile_kg.iris, "双重预防机制"))
    assert "<img" not in md and "<script" not in md and "<a " not in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in md


def test_hostile_text_stays_text_in_the_summary_page(hostile_kg):
    html = summary_html(summarise(hostile_kg.store, hostile_kg.iris, "双重预防机制"))
    tags = Tags(html).tags
    assert [a.get("src") for t, a in tags if t == "img"] == ["view.svg"]
    assert "script" not in [t for t, _ in tags]
    assert not [a for _, attrs in tags for a in attrs if a.startswith("on")]
    assert not [a for t, a in tags if str(a.get("href", "")).startswith("javascript")]
    assert "http://" not in html and "https://" not in html


@pytest.mark.parametrize("text, expected", [
    ("| a |", "\\| a \\|"),
    ("*b* _c_", "\\*b\\* \\_c\\_"),
    ("[x](javascript:y)", "\\[x\\](javascript:y)"),
    ("a\nb", "a b"),
], ids=["table", "emphasis", "link", "newline"])
def test_markdown_escaping(text, expected):
    assert md_escape(text) == expected


def test_the_bundle_has_every_file(hostile_kg):
    files = bundle(hostile_kg.store, hostile_kg.iris, "双重预防机制")
    assert set(files) == FILES
    assert files["view.png"].startswith(b"\x89PNG")
    assert b"new vis.Network" in files["view.html"]
    assert files["view.svg"].lstrip().startswith(b"<?xml")


def test_an_unknown_concept_is_not_found(hostile_kg):
    with pytest.raises(NotFoundError, match="没有这个"):
        bundle(hostile_kg.store, hostile_kg.iris, "没有这个")


def test_the_zip_holds_the_files_in_one_folder():
    data = zip_bytes({"a.txt": b"1", "b.txt": b"2"}, folder="双重预防机制")
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names == ["双重预防机制/a.txt", "双重预防机制/b.txt"]
    assert zip_bytes({"a.txt": b"1"}) == zip_bytes({"a.txt": b"1"})
