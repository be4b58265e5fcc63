"""The lexicon is data a domain expert edits; loading it checks what would break matching."""

from pathlib import Path

import pytest

from ingest.errors import LexiconError
from ingest.lexicon import load_lexicon


def test_the_mini_lexicon_resolves_aliases(mini_lexicon):
    assert mini_lexicon.resolve("四个不放过").label == "四不放过"


def test_the_curated_lexicon_loads(lexicon):
    assert "双重预防机制" in lexicon.concepts
    assert set(lexicon.levels) == {"national", "provincial", "prefectural", "county", "township", "village"}


def test_an_alias_claimed_twice_names_both_concepts(tmp_path: Path):
    (tmp_path / "a.toml").write_text(
        '[[concept]]\nlabel = "四不放过"\nkind = "formulation"\naliases = ["四个不放过"]\n'
        '[[concept]]\nlabel = "四个不放"\nkind = "formulation"\naliases = ["四个不放过"]\n',
        encoding="utf-8")
    with pytest.raises(LexiconError, match="四个不放过.*四不放过"):
        load_lexicon(tmp_path)


def test_an_unknown_kind_names_the_file_and_entry(tmp_path: Path):
    (tmp_path / "b.toml").write_text('[[concept]]\nlabel = "红线意识"\nkind = "idea"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"b\.toml: concept #1 '红线意识': unknown kind"):
        load_lexicon(tmp_path)


def test_a_broken_link_is_refused(tmp_path: Path):
    (tmp_path / "c.toml").write_text(
        '[[concept]]\nlabel = "红线意识"\nkind = "principle"\nbroader = ["不存在"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="不存在"):
        load_lexicon(tmp_path)
