"""The Jinja2 environment of our pages: autoescaped, templates under ``api/templates``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"

KIND_LABELS = {
    "formulation": "提法", "policy": "政策", "mechanism": "机制", "campaign": "行动",
    "system": "制度", "principle": "理念", "law": "法规", "sector": "行业领域",
    "hazard": "风险灾种", "body_type": "机构类型", "incident": "事故", "body": "机构",
    "place": "地方", "person": "人物", "document": "文件", "concept": "概念", "level": "层级",
}
LEVEL_LABELS = {"national": "中央", "provincial": "省级", "prefectural": "地市级",
                "county": "县级", "township": "乡镇级", "village": "村级", None: "未标明"}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=True, undefined=jinja2.ChainableUndefined)
    env.globals.update(kind_label=lambda k: KIND_LABELS.get(k, k or "概念"),
                       level_label=lambda k: LEVEL_LABELS.get(k, k))
    return env


def render(request: Request, template: str, context: dict, *, status: int = 200) -> HTMLResponse:
    """A page; every value is escaped by the template engine (``autoescape=True``)."""
    html = environment().get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)
