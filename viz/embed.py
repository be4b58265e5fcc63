"""What a page needs to offer a view for embedding: its URL and the ``<iframe>`` snippet.

The concept page shows the snippet (as text) in its "Embed" box, beside a "Download
HTML" link to the offline file (``download=1``).

The frame is sandboxed. It keeps ``allow-same-origin`` because clicking a node fetches
its neighbours from our JSON API, which an opaque (sandboxed) origin could only do
through CORS; embedded on another site the view still runs on our origin, never on the
embedder's, so the sandbox keeps it away from the host page. ``allow-popups`` lets the
permalink open in a new tab.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from urllib.parse import quote, urlencode

SANDBOX = "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox"


def view_path(key: str, *, fmt: str = "html", depth: int = 1,
              kinds: Collection[str] | None = None, limit: int = 50, download: bool = False) -> str:
    """The path of a concept's view, ``/viz/concept/{key}.{fmt}?…``, key percent-encoded.

    >>> view_path("四个一律", limit=20)
    '/viz/concept/%E5%9B%9B%E4%B8%AA%E4%B8%80%E5%BE%8B.html?depth=1&limit=20'
    """
    params: dict[str, object] = {"depth": depth, "limit": limit}
    if kinds:
        params["kinds"] = ",".join(kinds)
    if download:
        params["download"] = 1
    return f"/viz/concept/{quote(key, safe='')}.{fmt}?{urlencode(params)}"


def iframe_snippet(url: str, *, title: str, width: int = 800, height: int = 600) -> str:
    """The ``<iframe>`` a user pastes into their page; every value attribute-escaped.

    >>> snippet = iframe_snippet("/viz/concept/a.html", title='a"b')
    >>> snippet[:62]
    '<iframe src="/viz/concept/a.html" title="a&quot;b" width="800"'
    >>> 'sandbox="allow-scripts allow-same-origin allow-popups' in snippet
    True
    """
    return (f'<iframe src="{escape(url, quote=True)}" title="{escape(title, quote=True)}" '
            f'width="{int(width)}" height="{int(height)}" sandbox="{SANDBOX}" loading="lazy" '
            f'referrerpolicy="no-referrer" style="border:1px solid #ccc"></iframe>')
