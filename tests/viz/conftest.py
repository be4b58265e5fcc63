"""Fixtures of the viz tests: graphs to draw, stores with hostile labels, a page in the
shared browser (tests/conftest.py)."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import networkx as nx
import pytest

from graph.kg import KnowledgeGraph
from graph.store import open_store
from ingest.lexicon import load_lexicon
from ingest.pipeline import Pipeline
from viz.style import PALETTE

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"

HOSTILE = (
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="x',
    "{{7*7}}",
    "javascript:alert(1)",
)
"""Labels that documents could carry; each must stay text everywhere."""

HOSTILE_LEXICON = '''
[[concept]]
label = "双重预防机制"
kind = "mechanism"
definition = "以安全风险分级管控和事故隐患排查治理为主要内容的预防机制。<img src=x onerror=alert(1)>"
source = "<a href=\\"javascript:alert(1)\\">来源</a>"
components = ["风险分级管控", "隐患排查治理"]
related = ["煤矿"]

[[concept]]
label = "煤矿"
kind = "sector"
definition = "title with href=\\"javascript:alert(1)\\" <b>bold</b>"

[[concept]]
label = "</script><script>alert(1)</script>"
kind = "policy"

[[concept]]
label = "<img src=x onerror=alert(1)>"
kind = "campaign"

[[concept]]
label = "\\" onmouseover=\\"x"
kind = "hazard"

[[concept]]
label = "{{7*7}}"
kind = "principle"

[[concept]]
label = "人民至上"
kind = "principle"

[[level]]
key = "provincial"
label = "省级"
order = 2
markers = ["省"]
'''

HOSTILE_TEXTS = (
    ("a.txt", "健全双重预防机制，</script><script>alert(1)</script>和<img src=x onerror=alert(1)>。"
              "煤矿要落实双重预防机制。"),
    ("b.txt", "落实双重预防机制与\" onmouseover=\"x，坚持{{7*7}}。煤矿企业要排查隐患。"),
    ("c.txt", "双重预防机制在煤矿全面推开。"),
    ("d.txt", "煤矿安全要坚持人民至上。"),
)


def synthetic(n: int, seed: int = 1) -> nx.Graph:
    """A neighbourhood of ``n`` nodes of every kind around one centre."""
    rnd = random.Random(seed)
    kinds = list(PALETTE)
    g = nx.Graph(centre="c0", omitted=0)
    g.add_node("c0", label="双重预防机制", kind="mechanism", definition="以风险分级管控为主",
               mentions=40, first_year=2016)
    for i in range(1, n):
        g.add_node(f"c{i}", label=f"概念{i}", kind=rnd.choice(kinds),
                   level=rnd.choice(["national", "county", None]))
        g.add_edge("c0", f"c{i}", relation=rnd.choice(["co-occurs"] * 5 + ["broader", "related"]),
                   weight=rnd.randint(1, 30))
        if i > 3 and rnd.random() < 0.5:
            g.add_edge(f"c{i}", f"c{rnd.randrange(1, i)}", relation="co-occurs", weight=rnd.randint(1, 5))
    return g


@pytest.fixture
def small_neighbourhood() -> nx.Graph:
    return synthetic(30)


@pytest.fixture
def make_neighbourhood():
    """``make_neighbourhood(n)``: a synthetic neighbourhood of n nodes."""
    return synthetic


@pytest.fixture(params=HOSTILE, ids=["script", "img", "attribute", "template", "javascript-url"])
def hostile(request) -> str:
    return request.param


@pytest.fixture
def hostile_strings() -> tuple[str, ...]:
    return HOSTILE


@pytest.fixture
def hostile_graph() -> nx.Graph:
    """Every hostile string as a node label, a definition and an edge relation."""
    g = nx.Graph(centre="c0", omitted=3)
    g.add_node("c0", label="双重预防机制", kind="mechanism", definition=HOSTILE[1])
    for i, text in enumerate(HOSTILE, start=1):
        g.add_node(f"h{i}", label=text, kind=list(PALETTE)[i], definition=f'<a href="{text}">x</a>')
        g.add_edge("c0", f"h{i}", relation=text, weight=i)
    return g


@pytest.fixture(scope="session")
def hostile_kg(tmp_path_factory) -> KnowledgeGraph:
    """An in-memory store ingested (for real) from documents naming hostile concepts."""
    folder = tmp_path_factory.mktemp("hostile_lexicon")
    (folder / "hostile.toml").write_text(HOSTILE_LEXICON, encoding="utf-8")
    lexicon = load_lexicon(folder)
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(lexicon)
    pipeline = Pipeline(lexicon)
    for source, text in HOSTILE_TEXTS:
        kg.put_documents(pipeline.process_text(text, source))
    return kg


DATED = (
    ("d1.txt", "关于推进双重预防机制建设的通知", "2017-03-01", "provincial", "山东省",
     "全省要健全双重预防机制。煤矿企业要建立双重预防机制。"),
    ("d2.txt", "县安委会会议纪要", "2019-06-10", None, "栖霞市", "全县煤矿落实双重预防机制。"),
    ("d3.txt", "安全生产工作要点", "2019", "provincial", "山东省", "深化双重预防机制。巩固双重预防机制。"
     "推进双重预防机制。落实双重预防机制。"),
)


@pytest.fixture(scope="session")
def dated_kg(tmp_path_factory) -> KnowledgeGraph:
    """Documents whose metadata (title, date, level, place) is known, as ingest sets it."""
    from ingest.records import Field

    folder = tmp_path_factory.mktemp("dated_lexicon")
    (folder / "lexicon.toml").write_text(HOSTILE_LEXICON, encoding="utf-8")
    lexicon = load_lexicon(folder)
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(lexicon)
    pipeline = Pipeline(lexicon)
    for source, title, date, level, place, text in DATED:
        for doc in pipeline.process_text(text, source):
            doc.metadata.title, doc.metadata.date = Field(title), Field(date)
            doc.metadata.level, doc.metadata.place = Field(level), Field(place)
            kg.put_document(doc)
    return kg


def _ingest_to_disk(folder: Path) -> Path:
    (folder / "lexicon").mkdir()
    (folder / "lexicon" / "hostile.toml").write_text(HOSTILE_LEXICON, encoding="utf-8")
    lexicon = load_lexicon(folder / "lexicon")
    store = open_store(folder / "store")
    kg = KnowledgeGraph(store)
    kg.publish_lexicon(lexicon)
    pipeline = Pipeline(lexicon)
    for source, text in HOSTILE_TEXTS:
        kg.put_documents(pipeline.process_text(text, source))
    store.close()
    return folder / "store"


@pytest.fixture(scope="session")
def hostile_store_dir(tmp_path_factory) -> Path:
    """The hostile documents ingested into a store on disk, for a real server process."""
    return _ingest_to_disk(tmp_path_factory.mktemp("served"))


@pytest.fixture(scope="module")
def cli_store_dir(tmp_path_factory) -> Path:
    """The same documents in another store on disk, for the command line (a store on disk
    is locked by the process that opened it, so the server gets its own)."""
    return _ingest_to_disk(tmp_path_factory.mktemp("cli"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(browser):
    """A page that may reach only file: URLs and 127.0.0.1; it records what it blocked,
    every dialog that opened, and every page error."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.blocked, page.dialogs, page.errors = [], [], []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "http://127.0.0.1", "data:", "about:")):
            r.continue_()
        else:
            page.blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served(hostile_store_dir):
    """`uvicorn` serving the hostile store as a real process on a free port; its URL."""
    port = _free_port()
    env = {**os.environ, "SAFETYKG_STORE": str(hostile_store_dir),
           "SAFETYKG_FRAME_ANCESTORS": "http://127.0.0.1:*"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
