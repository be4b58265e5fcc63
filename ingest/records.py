"""Plain records that ingest hands to the rest of safetykg.

They are dataclasses and know nothing of RDF: ``graph`` maps them to triples. Every
extracted item carries its evidence as offsets into its document's cleaned text
(``start`` inclusive, ``end`` exclusive) and the index of the sentence it lies in, so
that a fact can always be shown in the words it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

LEVELS: tuple[str, ...] = ("national", "provincial", "prefectural", "county", "township", "village")
"""The levels of government, from the top down."""


def _pickled_by_fields(cls):
    """Pickle a frozen slotted record as its constructor call.

    Documents travel from ingest workers to the one process that writes the store, so
    unpickling them is serial work. The ``__setstate__`` that dataclasses give frozen
    slotted classes looks the fields up again for every object (a few µs each, for
    thousands of sentences and mentions per document); a tuple of the field values in
    order, read by one precomputed getter, rebuilds the same record several times faster.
    """
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawText:
    """A file decoded to text, before any cleaning."""

    source: str
    text: str
    encoding: str
    fmt: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A stretch of raw text that cleaning dropped, kept so users can inspect it."""

    start: int
    end: int
    text: str
    reason: str
    cleaned: str = ""
    """The line after the character rules (simplified, punctuation mended)."""


@dataclass(slots=True)
class CleanText:
    """Cleaned text with a map back to the raw text.

    ``offsets[i]`` is the raw offset of cleaned character ``i``; it has one entry more
    than ``text`` so that an end offset maps too.
    """

    text: str
    raw: str
    offsets: list[int]
    removed: list[RemovedLine] = field(default_factory=list)
    lost_chars: int = 0

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw-text span that cleaned ``[start, end)`` came from."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Field:
    """A metadata value with the span of text that supports it (``None`` when unknown).

    ``start``/``end`` are offsets into the cleaned text; evidence that cleaning removed
    (a ``发布时间`` line, a ``主办`` footer) has none there, and is located by
    ``raw_start``/``raw_end`` in the raw text instead.
    """

    value: str | None = None
    start: int | None = None
    end: int | None = None
    evidence: str | None = None
    raw_start: int | None = None
    raw_end: int | None = None


@dataclass(slots=True)
class Metadata:
    title: Field = field(default_factory=Field)
    date: Field = field(default_factory=Field)
    genre: Field = field(default_factory=Field)
    speaker: Field = field(default_factory=Field)
    place: Field = field(default_factory=Field)
    level: Field = field(default_factory=Field)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """A lexicon concept named in a sentence; ``concept`` is the concept's key (its label)."""

    concept: str
    surface: str
    start: int
    end: int
    sentence: int


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Component:
    """One part of a numbered formulation; ``origin`` is ``"text"`` or ``"lexicon"``."""

    text: str
    position: int
    origin: str = "text"
    start: int | None = None
    end: int | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Formulation:
    """A numbered formulation (提法) such as 四个一律, found in the text.

    ``flag`` says why no components were recorded when the text listed a number of
    parts different from the count in the name.
    """

    name: str
    count: int | None
    start: int
    end: int
    sentence: int
    components: tuple[Component, ...] = ()
    concept: str | None = None
    flag: str | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Campaign:
    """A quoted campaign or system: “除隐患、早防范”集中整治行动, “13710”督办制度."""

    name: str
    quoted: str
    head: str
    start: int
    end: int
    sentence: int
    concept: str | None = None
    kind: str = "campaign"
    """``campaign`` (行动, 竞赛 …), ``system`` (制度, 机制, 措施 …) or ``law`` (a 《》 title)."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Incident:
    """An accident the text cites; ``severity_by_rule`` follows the 2007 regulation."""

    name: str
    start: int
    end: int
    sentence: int
    date: str | None = None
    place: str | None = None
    type: str | None = None
    severity_stated: str | None = None
    severity_by_rule: str | None = None
    deaths: int | None = None
    serious_injuries: int | None = None
    injuries: int | None = None
    loss_yuan: int | None = None
    date_code: str | None = None
    """The month.day code of the name as written (``1.10`` in “1.10”), year or not."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Body:
    """A government or party body, its bare level prefix resolved where the place is known."""

    name: str
    surface: str
    start: int
    end: int
    sentence: int
    level: str | None = None
    place: str | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Person:
    name: str
    start: int
    end: int
    sentence: int
    post: str | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Place:
    name: str
    start: int
    end: int
    sentence: int
    level: str | None = None
    code: str | None = None
    parent: str | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class DateMention:
    """A date named in the text, ISO at the precision given (``2021``, ``2021-01``, ``2021-01-10``)."""

    value: str
    surface: str
    start: int
    end: int
    sentence: int


@dataclass(slots=True)
class Document:
    """One document: a whole file, or one part of a file that holds several.

    ``key`` is derived from the source (file name and part), never from the content, so
    re-ingesting a changed file replaces the document instead of adding another.
    """

    key: str
    source: str
    clean: CleanText
    content_hash: str
    part: int | None = None
    encoding: str = "utf-8"
    fmt: str = "txt"
    metadata: Metadata = field(default_factory=Metadata)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    formulations: list[Formulation] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    duplicate_of: str | None = None
    tokens: list[tuple[str, ...]] = field(default_factory=list)
    """jieba tokens of each sentence, in the order of ``sentences`` (empty when not segmented)."""

    @property
    def text(self) -> str:
        return self.clean.text
