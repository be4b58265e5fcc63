"""The installed packages are at least the versions that fix the dangers we know of.

Read from installed metadata (``importlib.metadata``), so the test checks what actually
runs, not what ``pyproject.toml`` hopes for; and the declared minimums are checked too,
so that a fresh install cannot pick an unsafe version.
"""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"

SECURITY_MINIMUMS = {
    # Starlette: form limits ignored for urlencoded bodies (CVE-2026-54283, fixed 1.3.1);
    # 1.3.1 also carries the earlier multipart and Range fixes (0.49.1, 0.40.0, 0.25.0).
    "starlette": "1.3.1",
    # the version the engine's dangers were measured on (RELIABILITY.md 1, 2, 5); the
    # RDF/XML entity-size fix (oxigraph#1939) is not released yet: imports refuse DTDs
    # whatever the version (tests/graph/test_import_hostile.py).
    "pyoxigraph": "0.5.13",
    # Jinja2 sandbox escape through the |attr filter (CVE-2025-27516, fixed 3.1.6)
    "jinja2": "3.1.6",
    # python-multipart: unbounded CPU on malformed multipart boundaries (CVE-2024-53981)
    "python-multipart": "0.0.18",
    # h11 (under uvicorn): chunked-encoding request smuggling (CVE-2025-43859, fixed 0.16.0)
    "h11": "0.16.0",
}
"""Package → the lowest version without a known hole that matters to safetykg."""

DECLARED_MINIMUMS = {"starlette": "1.3.1", "pyoxigraph": "0.5.13"}
"""The minimums ``pyproject.toml`` itself must state."""


def _declared() -> dict[str, Requirement]:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    project = data["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return {Requirement(line).name.lower(): Requirement(line) for line in lines}


@pytest.mark.parametrize("package,minimum", sorted(SECURITY_MINIMUMS.items()))
def test_installed_version_has_the_fix(package, minimum):
    try:
        installed = Version(version(package))
    except PackageNotFoundError:
        pytest.fail(f"{package} is not installed")
    assert installed >= Version(minimum), f"{package} {installed} is older than {minimum}"


@pytest.mark.parametrize("package,minimum", sorted(DECLARED_MINIMUMS.items()))
def test_pyproject_declares_the_minimum(package, minimum):
    requirement = _declared()[package]
    lowest = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==", "~=")]
    assert lowest and min(lowest) >= Version(minimum), f"pyproject.toml: {requirement}"


@pytest.mark.parametrize("name", sorted(_declared()))
def test_every_declared_dependency_is_satisfied(name):
    requirement = _declared()[name]
    try:
        installed = version(requirement.name)
    except PackageNotFoundError:
        pytest.fail(f"{requirement} is declared but not installed")
    assert requirement.specifier.contains(installed, prereleases=True), (
        f"{requirement.name} {installed} does not satisfy {requirement}")
