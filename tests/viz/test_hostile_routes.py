"""Served views, pictures and reports of concepts whose labels are hostile."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import quote

import pytest
from markupsafe import escape
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app

KEYS = ["</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", '" onmouseover="x',
        "{{7*7}}"]


@pytest.fixture(scope="module")
def hostile_client(hostile_kg) -> TestClient:
    return TestClient(create_app(Settings(store=":memory:"), graph=hostile_kg))


@pytest.mark.parametrize("key", KEYS, ids=["script", "img", "attribute", "template"])
def test_the_view_of_a_hostile_concept_is_served_escaped(hostile_client, key):
    r = hostile_client.get(f"/viz/concept/{quote(key, safe='')}.html")
    assert r.status_code == 200
    head, _, _ = r.text.partition('<script type="application/json"')
    assert f"<title>{escape(key)}</title>" in head
    assert "<img src=x" not in r.text and "</script><script>alert" not in r.text


@pytest.mark.parametrize("fmt", ["svg", "png"])
@pytest.mark.parametrize("key", KEYS, ids=["script", "img", "attribute", "template"])
def test_pictures_of_hostile_concepts(hostile_client, key, fmt):
    r = hostile_client.get(f"/viz/concept/{quote(key, safe='')}.{fmt}", params={"width": 400, "height": 300})
    assert r.status_code == 200
    if fmt == "svg":
        assert b"<script" not in r.content and b"<img" not in r.content


@pytest.mark.parametrize("key", KEYS, ids=["script", "img", "attribute", "template"])
def test_the_report_zip_of_a_hostile_concept(hostile_client, key):
    r = hostile_client.get(f"/api/concepts/{quote(key, safe='')}/report.zip")
    assert r.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    folders = {name.split("/", 1)[0] for name in names}
    assert len(names) == 5 and len(folders) == 1
    assert not set(folders.pop()) & set('<>"/\\:*?|')
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
