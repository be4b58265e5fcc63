"""The embed snippet: a sandboxed iframe whose attributes cannot be broken out of."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote

from viz.embed import SANDBOX, iframe_snippet, view_path


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_snippet_is_one_sandboxed_iframe(hostile):
    tags = Tags(iframe_snippet(f"https://kg.example.org{view_path(hostile)}", title=hostile)).tags
    assert [t for t, _ in tags] == ["iframe"]
    attributes = tags[0][1]
    assert attributes["sandbox"] == SANDBOX and attributes["title"] == hostile
    assert not [a for a in attributes if a.startswith("on")]


def test_the_view_path_round_trips_any_key(hostile):
    path = view_path(hostile, kinds=["sector"], download=True)
    name = path.split("?")[0].rsplit("/", 1)[1]
    assert unquote(name) == f"{hostile}.html"
    assert path.endswith("kinds=sector&download=1")
