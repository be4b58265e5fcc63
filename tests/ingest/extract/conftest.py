"""Fixtures for the extraction tests: a pipeline over the small test lexicon."""

from __future__ import annotations

import pytest

from ingest.pipeline import Pipeline


@pytest.fixture(scope="session")
def mini_pipeline(mini_lexicon) -> Pipeline:
    """A pipeline without jieba tokens (extraction does not read them)."""
    return Pipeline(mini_lexicon, tokens=False)
