"""Fixtures of the graph tests: hand-built records, the three store engines, SHACL.

Records are built by hand here so that the graph layer is tested on every record type
whatever extraction currently finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.kg import KnowledgeGraph
from graph.mapping import Run
from graph.store import Store, open_store
from ingest.records import (
    Body, Campaign, CleanText, Component, DateMention, Document, Field, Formulation,
    Incident, Mention, Metadata, Person, Place, RemovedLine, Sentence,
)

FIXED_RUN = Run(tool_version="0.1.0", started=datetime(2024, 1, 1, tzinfo=UTC))

SAMPLE = (
    "乐至县安全生产委员会文件\n"
    "国务院安委会安全生产第三巡查组到乐至县检查。"
    "要坚持人民至上，落实“四个一律”（一律关闭取缔，一律停产整顿，一律从重处罚，一律严肃追责）。"
    "2021年1月10日栖霞市笏山金矿“1.10”重大爆炸事故造成10人死亡。"
    "全面开展“除隐患、早防范”集中整治行动，健全双重预防机制。"
    "副县长李家锦主持会议，县应急管理局参加。"
)


def _sentences(text: str) -> list[Sentence]:
    out = []
    for match in re.finditer(r"[^。\n]+。?", text):
        out.append(Sentence(index=len(out), start=match.start(), end=match.end(),
                            text=match.group(), paragraph=0))
    return out


def _at(text: str, surface: str, sentences: list[Sentence]) -> tuple[int, int, int]:
    start = text.index(surface)
    end = start + len(surface)
    sentence = next(s.index for s in sentences if s.start <= start < s.end)
    return start, end, sentence


def build_document(key: str = "doc-a", text: str = SAMPLE, *, level: str | None = "county",
                   date: str | None = "2021-03-09", place: str | None = "乐至县") -> Document:
    """A document with one record of every type, at real offsets in ``text``."""
    sentences = _sentences(text)
    doc = Document(key=key, source=f"{key}.txt",
                   clean=CleanText(text, text, list(range(len(text) + 1)),
                                   removed=[RemovedLine(0, 4, "首页导航", "chrome")]),
                   content_hash=f"hash-{key}", sentences=sentences)
    title = text.split("\n", 1)[0][:30]
    doc.metadata = Metadata(title=Field(title, 0, len(title)),
                            date=Field(date), genre=Field("讲话"),
                            speaker=Field("李家锦" if "李家锦" in text else None), place=Field(place), level=Field(level))

    def at(surface: str) -> tuple[int, int, int]:
        return _at(text, surface, sentences)

    if "人民至上" in text:
        doc.mentions.append(Mention("人民至上", "人民至上", *at("人民至上")))
    if "双重预防机制" in text:
        doc.mentions.append(Mention("双重预防机制", "双重预防机制", *at("双重预防机制")))
    if "四个一律" in text:
        s, e, n = at("四个一律")
        parts = ("一律关闭取缔", "一律停产整顿", "一律从重处罚", "一律严肃追责")
        components = tuple(Component(p, i, "text", *at(p)[:2]) for i, p in enumerate(parts, 1))
        doc.formulations.append(Formulation("四个一律", 4, s, e, n, components, concept="四个一律"))
        doc.mentions.append(Mention("四个一律", "四个一律", s, e, n))
    if "除隐患" in text:
        s, e, n = at("“除隐患、早防范”集中整治行动")
        doc.campaigns.append(Campaign("“除隐患、早防范”集中整治行动", "除隐患、早防范", "行动", s, e, n))
    if "笏山金矿" in text:
        s, e, n = at("栖霞市笏山金矿“1.10”重大爆炸事故")
        doc.incidents.append(Incident("栖霞市笏山金矿“1.10”重大爆炸事故", s, e, n,
                                      date="2021-01-10", place="栖霞市", type="爆炸",
                                      severity_stated="重大", severity_by_rule="重大", deaths=10))
        doc.dates.append(DateMention("2021-01-10", "2021年1月10日", *at("2021年1月10日")))
    if "昆山“8.2”特大事故" in text:
        doc.incidents.append(Incident("昆山“8.2”特大事故", *at("昆山“8.2”特大事故"), date="2014-08-02",
                                      place="昆山市", type="爆炸", severity_stated="特大",
                                      severity_by_rule="特别重大", deaths=146, serious_injuries=114))
    if "四川省应急管理厅" in text:
        doc.bodies.append(Body("四川省应急管理厅", "四川省应急管理厅", *at("四川省应急管理厅"),
                               level="provincial", place="四川省"))
    if "巡查组" in text:
        doc.bodies.append(Body("国务院安委会", "国务院安委会", *at("国务院安委会"), level="national"))
        doc.bodies.append(Body("国务院安委会安全生产第三巡查组", "国务院安委会安全生产第三巡查组",
                               *at("国务院安委会安全生产第三巡查组"), level="national"))
    if "县应急管理局" in text:
        doc.bodies.append(Body("乐至县应急管理局", "县应急管理局", *at("县应急管理局"),
                               level="county", place="乐至县"))
    if "李家锦" in text:
        doc.people.append(Person("李家锦", *at("李家锦"), post="副县长"))
    if "乐至县检查" in text:
        s, e, n = at("乐至县检查")
        doc.places.append(Place("乐至县", s, s + 3, n, level="county", code="512022", parent="资阳市"))
    return doc


@pytest.fixture
def make_document() -> Callable[..., Document]:
    return build_document


EXAMPLES = (
    # key, text, level, date, place — the corpus docs/model.md's example queries run on
    ("leizhi-2021", SAMPLE, "county", "2021-03-09", "乐至县"),
    ("leizhi-2021-repost", SAMPLE, "county", "2021-03-09", "乐至县"),
    ("anyue-2018", "安岳县安全生产工作会议\n要健全双重预防机制，坚持人民至上。", "county", "2018-04-02", "安岳县"),
    ("sichuan-2019", "四川省安全生产电视电话会议\n四川省应急管理厅通报昆山“8.2”特大事故。"
     "要落实“四个一律”（一律关闭取缔，一律停产整顿，一律从重处罚，一律严肃追责）。", "provincial",
     "2019-06", "四川省"),
    ("national-2022", "国务院安委会通报\n国务院安委会安全生产第三巡查组通报"
     "2021年1月10日栖霞市笏山金矿“1.10”重大爆炸事故造成10人死亡。要健全双重预防机制。",
     "national", "2022", None),
)


@pytest.fixture
def example_graph(mini_lexicon) -> KnowledgeGraph:
    """The small corpus the example queries of docs/model.md are written against."""
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(mini_lexicon)
    for key, text, level, date, place in EXAMPLES:
        kg.put_document(build_document(key, text, level=level, date=date, place=place), run=FIXED_RUN)
    return kg


ENGINES = ("disk", "memory", "remote")


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same empty store contract over each engine."""
    if request.param == "disk":
        opened = open_store(tmp_path / "store")
    elif request.param == "memory":
        opened = open_store(":memory:")
    else:
        opened = open_store(request.getfixturevalue("oxigraph_server"))
        opened.clear()
    yield opened
    opened.close()


@pytest.fixture
def kg(store: Store, mini_lexicon) -> KnowledgeGraph:
    graph = KnowledgeGraph(store)
    graph.publish_lexicon(mini_lexicon)
    return graph


@pytest.fixture
def fixed_run() -> Run:
    """An extraction run with a fixed time, so that two mappings of a record are equal."""
    return FIXED_RUN


@pytest.fixture
def memory_kg(mini_lexicon) -> KnowledgeGraph:
    """A knowledge graph in memory with the mini lexicon (for tests not about engines)."""
    graph = KnowledgeGraph(open_store(":memory:"))
    graph.publish_lexicon(mini_lexicon)
    return graph
