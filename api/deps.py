"""Typed dependencies for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.config import Settings
from graph.kg import KnowledgeGraph


def get_graph(request: Request) -> KnowledgeGraph:
    return request.app.state.graph


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


GraphDep = Annotated[KnowledgeGraph, Depends(get_graph)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
