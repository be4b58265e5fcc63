"""The HTML pages: rendered, Chinese, escaped, with a CSP and no asset from elsewhere."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from api.routes.pages import highlight

XSS = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>",
       '" onmouseover="x', "{{7*7}}", "javascript:alert(1)"]


@pytest.mark.parametrize("url", ["/", "/search?q=双重", "/id/concept/双重预防机制", "/sparql",
                                 "/id/place/乐至县"])
def test_pages_render_with_a_policy_and_local_assets_only(corpus_client, url):
    response = corpus_client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text)


def test_the_concept_page_embeds_the_view_and_highlights_evidence(corpus_client):
    from viz.embed import SANDBOX

    html = corpus_client.get("/id/concept/双重预防机制", headers={"Accept": "text/html"}).text
    frame = re.search(r'<iframe class="view"[^>]*>', html).group(0)
    assert 'src="/viz/concept/%E5%8F%8C%E9%87%8D%E9%A2%84%E9%98%B2%E6%9C%BA%E5%88%B6.html?' in frame
    assert f'sandbox="{SANDBOX}"' in frame
    assert "<mark>" in html and "<svg class=\"chart\"" in html and "/id/document/" in html


def test_the_concept_page_offers_the_embed_snippet_and_the_offline_file(corpus_client):
    from markupsafe import escape

    from viz.embed import iframe_snippet, view_path

    html = corpus_client.get("/id/concept/双重预防机制", headers={"Accept": "text/html"}).text
    snippet = iframe_snippet("http://testserver" + view_path("双重预防机制"), title="双重预防机制 的关系网络")
    assert str(escape(snippet)) in html  # shown as text, to copy
    download = re.search(r'<a class="download" href="([^"]+)"', html).group(1)
    response = corpus_client.get(unescape(download))
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]


def test_the_document_page_links_mentions_and_collapses_removed_text(corpus_client):
    key = corpus_client.get("/api/documents").json()["items"][0]["key"]
    html = corpus_client.get(f"/id/document/{key}", headers={"Accept": "text/html"}).text
    assert re.search(r'<a class="mention[^"]*" id="char=\d+,\d+" href="/id/', html)
    assert "<details class=\"removed\">" in html


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("evil", XSS)
def test_search_text_is_escaped_in_pages(corpus_client, evil):
    html = corpus_client.get("/search", params={"q": evil}).text
    parser = _Elements()
    parser.feed(html)
    assert not any(tag == "img" for tag, _ in parser.tags)
    assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert "49" not in re.sub(r"<[^>]+>", "", html).split("搜索")[-1][:50]


@pytest.mark.parametrize("evil", XSS)
def test_document_text_is_escaped_in_pages(make_client, mini_lexicon, mini_pipeline, evil):
    from graph.kg import KnowledgeGraph
    from graph.store import open_store

    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(mini_lexicon)
    kg.put_documents(mini_pipeline.process_text(f"{evil}煤矿要健全双重预防机制。{evil}", "x.txt"))
    client = make_client(kg)
    for url in ("/id/document/x", "/id/concept/双重预防机制"):
        parser = _Elements()
        parser.feed(client.get(url, headers={"Accept": "text/html"}).text)
        assert not any(tag == "img" for tag, _ in parser.tags)
        assert not any(k.startswith("on") for _, attrs in parser.tags for k in attrs)
        assert sum(1 for tag, attrs in parser.tags if tag == "script" and "src" not in attrs) == 0


def test_highlight_keeps_the_first_of_overlapping_spans():
    pieces = highlight("abcdef", [{"start": 1, "end": 4}, {"start": 2, "end": 5}, {"start": 5, "end": 6}])
    assert [(p["text"], p["span"] is not None) for p in pieces] == [
        ("a", False), ("bcd", True), ("e", False), ("f", True)]
