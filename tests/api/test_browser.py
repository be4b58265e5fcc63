"""The pages in Debian's chromium, every request not to 127.0.0.1 blocked: search in
traditional characters, pick the suggestion, read the concept page, follow the evidence
to the highlighted mention in its document."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"

CANVAS_INK = """(canvas) => {
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { ink++; } }
  return ink;
}"""


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    blocked: list[str] = []

    def only_local(route) -> None:
        url = route.request.url
        if url.startswith(live_server) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", only_local)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()
    assert blocked == [], f"the pages asked for other hosts: {blocked}"
    assert errors == []


def test_search_to_concept_to_document(page, live_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server}/")
    page.locator("#q").press_sequentially("雙重預防", delay=30)
    suggestion = page.locator("#suggestions a", has_text="双重预防机制").first
    suggestion.wait_for(state="visible", timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "home-suggestions.png"))
    suggestion.click()
    page.wait_for_url("**/id/concept/**", timeout=10_000)
    assert unquote(page.url).endswith("/id/concept/双重预防机制")
    assert page.locator("h1").first.inner_text().startswith("双重预防机制")

    canvas = page.frame_locator("iframe.view").locator("canvas").first
    canvas.wait_for(state="visible", timeout=15_000)
    page.wait_for_timeout(1500)
    assert canvas.evaluate(CANVAS_INK) > 1000

    evidence = page.locator(".evidence li.sentence")
    assert evidence.count() >= 1
    assert "双重预防" in evidence.first.locator("mark").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "concept.png"), full_page=True)
    shutil.copyfile(ARTIFACTS / "concept.png", REPO / "docs" / "screenshot-concept.png")

    link = evidence.first.locator("a.doclink")
    target = unquote(link.get_attribute("href")).split("#", 1)[1]
    link.click()
    page.wait_for_url("**/id/document/**", timeout=10_000)
    mention = page.locator(f"[id='{target}'] mark")
    mention.wait_for(state="visible", timeout=10_000)
    assert "双重预防" in mention.inner_text()
    assert page.locator(".text mark").count() > 1
    page.screenshot(path=str(ARTIFACTS / "document.png"))
