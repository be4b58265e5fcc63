from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import create_app
from graph.kg import KnowledgeGraph
from graph.store import open_store
from ingest.pipeline import Pipeline


@pytest.fixture
def small_graph(mini_lexicon) -> KnowledgeGraph:
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.publish_lexicon(mini_lexicon)
    pipeline = Pipeline(mini_lexicon)
    kg.put_documents(pipeline.process_text("坚持人民至上。煤矿要健全双重预防机制。", "a.txt"))
    kg.put_documents(pipeline.process_text("落实双重预防工作机制，坚持四不放过。", "b.txt"))
    return kg


@pytest.fixture
def client(small_graph) -> TestClient:
    return TestClient(create_app(Settings(store=":memory:"), graph=small_graph))
