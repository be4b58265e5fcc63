"""The FastAPI application, built by a factory so tests can start one over any store."""

from __future__ import annotations

from fastapi import FastAPI

from api.config import Settings
from api.errors import install_handlers
from api.routes import concepts, health, sparql, viz
from graph.kg import KnowledgeGraph
from graph.store import open_store


def create_app(settings: Settings | None = None, *, graph: KnowledgeGraph | None = None) -> FastAPI:
    """An app serving ``graph`` (or the store the settings name, opened now)."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="safetykg", version="0.1.0",
                  description="A knowledge graph of Chinese work-safety (安全生产) policy.")
    app.state.settings = settings
    app.state.graph = graph or KnowledgeGraph(open_store(settings.store), base=settings.base)
    install_handlers(app)
    for module in (health, sparql, concepts, viz):
        app.include_router(module.router)
    return app
