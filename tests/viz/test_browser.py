"""Views in Debian's chromium, with every request not to 127.0.0.1 or file: blocked.

The standalone file must draw with no network at all; hostile labels must never open a
dialog; tooltips must stay text; the served view must expand nodes through the JSON API
and be framable only from the configured origins.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from viz.html import html_view
from viz.subgraph import cap, neighbourhood

pytestmark = [pytest.mark.slow, pytest.mark.browser]

READY = "body[data-ready=true]"

CANVAS_INK = """() => {
  const canvas = document.querySelector('#view canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { ink++; } }
  return ink;
}"""

HOVER_EACH_NODE = """async () => {
  const view = window.safetykgView;
  const canvas = document.querySelector('#view canvas');
  const box = canvas.getBoundingClientRect();
  const seen = [];
  for (const id of view.nodes.getIds()) {
    const p = view.network.canvasToDOM(view.network.getPosition(id));
    const at = {clientX: box.left + p.x, clientY: box.top + p.y, bubbles: true};
    canvas.dispatchEvent(new PointerEvent('pointermove', at));
    canvas.dispatchEvent(new MouseEvent('mousemove', at));
    await new Promise(r => setTimeout(r, 250));
    const tip = document.querySelector('div.vis-tooltip');
    if (tip && tip.style.visibility !== 'hidden') {
      const elements = Array.from(tip.children).filter(e => e.tagName !== 'BR');
      seen.push({id: id, children: elements.length, text: tip.innerText,
                 title: view.nodes.get(id).title});
    }
  }
  return seen;
}"""


def _offline_file(kg, folder: Path, name: str = "view.html") -> Path:
    graph = cap(neighbourhood(kg.store, kg.iris, "双重预防机制"))
    path = folder / name
    path.write_text(html_view(graph, title="双重预防机制 </script><script>alert(1)</script>"),
                    encoding="utf-8")
    return path


def test_the_offline_file_draws_with_the_network_blocked(page, hostile_kg, tmp_path, artifacts):
    path = _offline_file(hostile_kg, tmp_path)
    page.goto(path.as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    page.wait_for_timeout(300)
    assert page.evaluate(CANVAS_INK) > 1000
    assert page.blocked == [] and page.errors == []
    page.screenshot(path=str(artifacts / "viz-offline-chromium.png"))


def test_hostile_labels_open_no_dialog_in_the_offline_file(page, hostile_kg, tmp_path):
    path = _offline_file(hostile_kg, tmp_path)
    page.goto(path.as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    page.evaluate(HOVER_EACH_NODE)
    assert page.dialogs == [] and page.errors == []
    assert page.title() == "双重预防机制 </script><script>alert(1)</script>"
    assert page.locator("img").count() == 0


def test_tooltips_are_text_even_when_a_title_holds_href(page, hostile_graph, tmp_path):
    """vis-network writes a string title with innerText: line breaks, never elements."""
    path = tmp_path / "tips.html"
    path.write_text(html_view(hostile_graph, title="t"), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    tips = page.evaluate(HOVER_EACH_NODE)
    assert tips, "no tooltip appeared"
    assert all(t["children"] == 0 for t in tips)
    with_href = [t for t in tips if "href" in t["title"]]
    assert with_href and all("href=" in t["text"] for t in with_href)
    assert page.dialogs == []


def test_the_legend_filters_by_kind(page, hostile_kg, tmp_path):
    page.goto(_offline_file(hostile_kg, tmp_path).as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    visible = "() => window.safetykgView.nodes.get({filter: n => !n.hidden}).length"
    before = page.evaluate(visible)
    page.click('#legend button[data-group="document"]')
    assert page.get_attribute('#legend button[data-group="document"]', "aria-pressed") == "false"
    assert page.evaluate(visible) < before
    page.click('#legend button[data-group="document"]')
    assert page.evaluate(visible) == before


def test_clicking_a_node_offline_says_expansion_needs_the_server(page, hostile_kg, tmp_path):
    page.goto(_offline_file(hostile_kg, tmp_path).as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    _click_node(page, "煤矿")
    assert "离线" in page.text_content("#status")
    assert page.blocked == []


def test_two_hundred_nodes_settle_within_two_seconds(page, make_neighbourhood, tmp_path):
    path = tmp_path / "n200.html"
    path.write_text(html_view(make_neighbourhood(200), title="200"), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    ready_ms = page.evaluate("() => window.safetykgView.readyMs")
    assert ready_ms < 2_000 * 2  # two seconds on a quiet machine; slack for a busy CI
    assert page.evaluate("() => window.safetykgView.network.physics.physicsEnabled") is False


def test_the_served_view_opens_no_dialog_and_expands_through_the_api(page, served, artifacts):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{served}/viz/concept/双重预防机制.html")
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    page.evaluate(HOVER_EACH_NODE)
    before = page.evaluate("() => window.safetykgView.nodes.length")
    _click_node(page, "煤矿")
    page.wait_for_selector("#status:has-text('已展开')", timeout=10_000)
    labels = page.evaluate("() => window.safetykgView.nodes.map(n => n.label)")
    assert len(labels) > before and "人民至上" in labels
    assert page.dialogs == [] and page.errors == [] and page.blocked == []
    assert violations == []
    page.screenshot(path=str(artifacts / "viz-served-chromium.png"))


@pytest.mark.parametrize("host, framed", [("127.0.0.1", True), ("localhost", False)],
                         ids=["allowed-origin", "other-origin"])
def test_framing_is_allowed_only_from_the_configured_origins(page, served, host, framed):
    port = served.rsplit(":", 1)[1]
    embedder = f"http://{host}:{port}/embedding-page"
    snippet = (f'<iframe sandbox="allow-scripts allow-same-origin" width="800" height="600" '
               f'src="{served}/viz/concept/双重预防机制.html"></iframe>')
    page.route(embedder, lambda r: r.fulfill(body=snippet, content_type="text/html; charset=utf-8"))
    page.goto(embedder)
    page.wait_for_timeout(1500 if not framed else 0)
    frame = page.frame_locator("iframe")
    if framed:
        frame.locator(READY).wait_for(state="attached", timeout=15_000)
    else:
        assert frame.locator("#view").count() == 0
    assert page.dialogs == []


def test_the_picture_is_kept_as_an_artefact(hostile_kg, artifacts):
    """The PNG a report author would paste, kept beside the browser screenshots."""
    from viz.picture import png_bytes

    graph = cap(neighbourhood(hostile_kg.store, hostile_kg.iris, "双重预防机制"))
    path = artifacts / "viz-picture.png"
    path.write_bytes(png_bytes(graph, title="双重预防机制"))
    assert path.read_bytes().startswith(b"\x89PNG")


def _click_node(page, label: str) -> None:
    position = page.evaluate("""(label) => {
      const view = window.safetykgView;
      const id = view.nodes.get({filter: n => n.label === label})[0].id;
      const p = view.network.canvasToDOM(view.network.getPosition(id));
      const box = document.querySelector('#view canvas').getBoundingClientRect();
      return {x: box.left + p.x, y: box.top + p.y};
    }""", label)
    page.mouse.click(position["x"], position["y"])
    page.wait_for_timeout(300)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    """The sample corpus ingested with the curated lexicon, by the command line."""
    from api.cli import main

    store = tmp_path_factory.mktemp("corpus") / "store"
    corpus = Path(__file__).resolve().parents[2] / "data" / "corpus"
    assert main(["ingest", str(corpus), "--store", str(store)]) == 0
    return store


def test_the_acceptance_file_draws_offline(page, corpus_store, tmp_path, artifacts):
    """`safetykg viz 双重预防机制 -o v.html`, opened with every request blocked."""
    from api.cli import main

    out = tmp_path / "v.html"
    assert main(["viz", "双重预防机制", "-o", str(out), "--store", str(corpus_store)]) == 0
    assert main(["viz", "双重预防机制", "-o", str(artifacts / "v.png"), "--store", str(corpus_store)]) == 0
    page.goto(out.as_uri())
    page.wait_for_selector(READY, state="attached", timeout=15_000)
    page.wait_for_timeout(300)
    assert page.evaluate(CANVAS_INK) > 1000
    assert page.blocked == [] and page.errors == [] and page.dialogs == []
    page.screenshot(path=str(artifacts / "v-html-chromium.png"))
