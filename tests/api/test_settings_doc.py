"""Every setting is documented with its default (datasette's rule)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from api.config import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_every_setting_is_in_the_configuration_table(name):
    default = getattr(Settings(), name)
    variable = f"SAFETYKG_{name.upper()}"
    rows = [line for line in DOCS.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `{variable}` |")]
    assert rows, f"{variable} is not documented in {DOCS.name}"
    shown = "unset" if default is None else f"`{default:g}`" if isinstance(default, float) else f"`{default}`"
    assert shown in rows[0], f"{variable}'s default {default!r} is not in its row"
