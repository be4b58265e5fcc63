"""Response models of the JSON API (they document /openapi.json and /docs)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """The one error shape of every route."""

    error: str
    detail: str | list | dict | None = None
    status: int


class Ref(BaseModel):
    iri: str
    key: str
    label: str
    kind: str


class Hit(Ref):
    matched: str = Field(description="the label or alias that matched")
    rank: int = Field(description="0 exact label … 5 label containing the text")


class SearchResult(BaseModel):
    query: str
    simplified: str
    hits: list[Hit]


class Component(BaseModel):
    position: int
    text: str
    origin: str


class CountCell(BaseModel):
    level: str | None
    year: int | None
    documents: int
    sentences: int


class Counts(BaseModel):
    cells: list[CountCell]


class Concept(BaseModel):
    iri: str
    key: str
    label: str
    labels: dict[str, str]
    aliases: list[str]
    definition: str | None
    source: str | None
    kind: str | None
    broader: list[Ref]
    narrower: list[Ref]
    related: list[Ref]
    components: list[Component]
    counts: Counts
    documents: int


class Node(BaseModel):
    id: str
    label: str
    kind: str
    definition: str | None = None
    documents: int | None = None
    first_year: int | None = None


class Edge(BaseModel):
    source: str
    target: str
    relation: str
    weight: float


class Neighbourhood(BaseModel):
    centre: str
    depth: int
    nodes: list[Node]
    edges: list[Edge]
    omitted: int = Field(description="neighbours left out by the limit")
    filtered: int = Field(0, description="neighbours left out by the kinds asked for")


class Span(BaseModel):
    start: int
    end: int


class EvidenceItem(BaseModel):
    sentence: str
    text: str
    start: int
    end: int
    document: str
    document_iri: str
    title: str | None
    date: str | None
    level: str | None
    place: str | None
    mentions: list[Span] = Field(description="offsets of the mention inside the sentence text")


class Evidence(BaseModel):
    key: str
    total: int
    page: int
    size: int
    items: list[EvidenceItem]


class DocumentSummary(BaseModel):
    key: str
    iri: str
    title: str | None
    date: str | None
    year: int | None
    level: str | None
    place: str | None
    genre: str | None
    duplicate_of: str | None


class DocumentList(BaseModel):
    total: int
    page: int
    size: int
    items: list[DocumentSummary]


class MentionSpan(BaseModel):
    start: int
    end: int
    iri: str
    key: str
    label: str
    kind: str


class Removed(BaseModel):
    text: str
    reason: str
    start: int
    end: int


class FormulationOut(BaseModel):
    name: str
    concept: str
    count: int | None
    flag: str | None
    components: list[str]


class DocumentDetail(BaseModel):
    key: str
    iri: str
    title: str | None = None
    date: str | None = None
    year: int | None = None
    source: str | None = None
    format: str | None = None
    genre: str | None = None
    level: str | None = None
    level_label: str | None = None
    place: str | None = None
    speaker: str | None = None
    sentences: int | None = None
    content_hash: str | None = None
    duplicates: list[str]
    text: str = ""
    mentions: list[MentionSpan]
    removed: list[Removed]
    formulations: list[FormulationOut]


class IncidentSummary(BaseModel):
    key: str
    iri: str
    label: str | None
    date: str | None
    place: str | None
    type: str | None
    severity_stated: str | None
    severity_by_rule: str | None
    deaths: int | None
    documents: int


class IncidentList(BaseModel):
    total: int
    page: int
    size: int
    items: list[IncidentSummary]


class CitingDocument(BaseModel):
    key: str
    title: str | None
    date: str | None
    level: str | None


class IncidentDetail(BaseModel):
    key: str
    iri: str
    label: str
    facts: dict[str, str | int | None]
    documents: list[CitingDocument]


class FirstMention(BaseModel):
    date: str
    document: str


class YearCount(BaseModel):
    year: int | None
    documents: int


class LevelDiffusion(BaseModel):
    level: str | None
    first_mention: FirstMention | None
    years: list[YearCount]


class Diffusion(BaseModel):
    key: str
    levels: list[LevelDiffusion]


class Paths(BaseModel):
    source: str
    target: str
    paths: list[list[str]]
    nodes: list[Node]
    edges: list[Edge]


class Accepted(BaseModel):
    job: str
    status: str
    status_url: str


class JobStatus(BaseModel):
    job: str
    status: str = Field(description="queued, running, done or failed")
    documents: list[str] = []
    error: str | None = None


class Deleted(BaseModel):
    deleted: str
