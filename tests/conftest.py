"""Fixtures shared by the whole suite: small lexicons, stores, apps, free ports."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from ingest.lexicon import Lexicon, load_lexicon

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent
CORPUS = REPO / "data" / "corpus"


@pytest.fixture(scope="session")
def mini_lexicon() -> Lexicon:
    return load_lexicon(DATA / "lexicon")


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """The curated lexicon of data/lexicon."""
    return load_lexicon()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def port() -> int:
    return free_port()
