"""Every setting is documented with its default (datasette's rule), in the README's
"Configuration" table and in the same table of docs/api.md."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from api.config import Settings

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = [REPO / "README.md", REPO / "docs" / "api.md"]


def configuration_rows(path: Path) -> list[str]:
    """The table rows of the document's "## Configuration" section."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "## Configuration" in lines, f"{path.name} has no '## Configuration' section"
    section = lines[lines.index("## Configuration") + 1:]
    end = next((i for i, line in enumerate(section) if line.startswith("## ")), len(section))
    return [line for line in section[:end] if line.startswith("| `SAFETYKG_")]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_in_the_configuration_table(name, document):
    default = getattr(Settings(), name)
    variable = f"SAFETYKG_{name.upper()}"
    rows = [row for row in configuration_rows(document) if row.startswith(f"| `{variable}` |")]
    assert rows, f"{variable} is not in the Configuration table of {document.name}"
    if isinstance(default, bool):  # as it is written in the environment
        shown = f"`{str(default).lower()}`"
    else:
        shown = "unset" if default is None else f"`{default:g}`" if isinstance(default, float) else f"`{default}`"
    assert shown in rows[0], f"{variable}'s default {default!r} is not in its row in {document.name}"


def test_the_readme_and_the_api_guide_show_the_same_table():
    readme, guide = (configuration_rows(path) for path in DOCUMENTS)
    assert readme == guide
