"""/viz views and pictures, and the report ZIP, through the app."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app

VIEW = "/viz/concept/双重预防机制"


def _policy(response) -> dict[str, str]:
    header = response.headers["content-security-policy"]
    return {d.split()[0]: " ".join(d.split()[1:]) for d in header.split(";") if d.strip()}


def test_the_view_is_html_with_a_strict_policy(client):
    r = client.get(f"{VIEW}.html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    policy = _policy(r)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == policy["style-src"] == f"'nonce-{nonce}'"
    assert policy["connect-src"] == "'self'" and policy["frame-ancestors"] == "*"
    assert r.text.count(f'nonce="{nonce}"') == 4
    assert "x-frame-options" not in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


def test_every_view_gets_a_fresh_nonce(client):
    first, second = (_policy(client.get(f"{VIEW}.html"))["script-src"] for _ in range(2))
    assert first != second


def test_the_view_offers_a_permalink_and_the_api_for_expansion(client):
    html = client.get(f"{VIEW}.html", params={"depth": 1, "limit": 5, "kinds": "sector"}).text
    link = re.search(r'id="permalink" href="([^"]+)"', html).group(1)
    assert link.startswith("/viz/concept/%E5%8F%8C") and "limit=5" in link and "kinds=sector" in link
    assert '"api": "/api/concepts/"' in html


def test_kinds_filter_the_view(client):
    html = client.get(f"{VIEW}.html", params={"kinds": "sector"}).text
    groups = set(re.findall(r'"group": "([^"]+)"', html))
    assert groups == {"mechanism", "sector"}  # the centre, and what was asked for


@pytest.mark.parametrize("setting, expected", [
    ("https://intranet.example.org", "https://intranet.example.org"),
    ("'self' https://a.example.org,https://b.example.org",
     "'self' https://a.example.org https://b.example.org"),
], ids=["one-origin", "list"])
def test_framing_follows_the_setting(small_graph, setting, expected):
    app = create_app(Settings(store=":memory:", frame_ancestors=setting), graph=small_graph)
    r = TestClient(app).get(f"{VIEW}.html")
    assert _policy(r)["frame-ancestors"] == expected


def test_a_setting_that_would_inject_a_directive_is_refused(small_graph):
    app = create_app(Settings(store=":memory:", frame_ancestors="* ; script-src *"), graph=small_graph)
    r = TestClient(app).get(f"{VIEW}.html")
    assert r.status_code == 500 and "SAFETYKG_FRAME_ANCESTORS" in r.json()["detail"]


def test_download_gives_the_offline_file(client):
    r = client.get(f"{VIEW}.html", params={"download": 1})
    assert r.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E5%8F%8C" in r.headers["content-disposition"]
    assert '"api": null' in r.text and "permalink" not in r.text.split("<script")[0]
    assert _policy(r)["connect-src"] == "'none'"


@pytest.mark.parametrize("fmt, media, magic", [("svg", "image/svg+xml", b"<?xml"), ("png", "image/png", b"\x89PNG")])
def test_pictures(client, fmt, media, magic):
    r = client.get(f"{VIEW}.{fmt}", params={"width": 600, "height": 400, "dpi": 100})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert r.content.startswith(magic)
    assert "frame-ancestors" in r.headers["content-security-policy"]


@pytest.mark.parametrize("params", [{"width": 10}, {"dpi": 10_000}, {"depth": 9}, {"limit": 0},
                                    {"kinds": "nonsense"}],
                         ids=["width", "dpi", "depth", "limit", "kinds"])
def test_bad_parameters_are_422(client, params):
    r = client.get(f"{VIEW}.png", params=params)
    assert r.status_code == 422 and r.json()["status"] == 422


@pytest.mark.parametrize("path", ["/viz/concept/没有这个.html", "/viz/concept/双重预防机制.gif",
                                  "/viz/planet/双重预防机制.html", "/viz/concept/.html",
                                  "/viz/concept/%EF%BF%BD%.html", "/viz/concept/%F3%B0%80%80.svg"],
                         ids=["unknown-concept", "format", "kind", "empty-key", "not-an-iri",
                              "private-use"])
def test_what_does_not_exist_is_404(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.json()["error"] == "not found"


def test_the_report_zip(client):
    r = client.get("/api/concepts/双重预防机制/report.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert sorted(n.split("/", 1)[1] for n in names) == sorted(
        ["view.html", "view.svg", "view.png", "summary.md", "summary.html"])


def test_the_report_zip_of_an_unknown_concept_is_404(client):
    assert client.get("/api/concepts/没有这个/report.zip").status_code == 404
