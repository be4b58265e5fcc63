"""The curated concept scheme, read from the TOML files under ``data/lexicon``.

The lexicon is data a domain expert edits, so this module only reads and checks it;
matching lives in :mod:`ingest.extract.concepts`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import LexiconError

KINDS = frozenset({
    "policy", "mechanism", "formulation", "campaign", "system", "principle",
    "law", "sector", "hazard", "body_type",
})


@dataclass(frozen=True, slots=True)
class Concept:
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    definition: str | None = None
    source: str | None = None
    components: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    english: str | None = None

    @property
    def key(self) -> str:
        return self.label

    @property
    def surfaces(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True, slots=True)
class Level:
    key: str
    label: str
    order: int
    markers: tuple[str, ...] = ()


@dataclass(slots=True)
class Lexicon:
    concepts: dict[str, Concept] = field(default_factory=dict)
    levels: dict[str, Level] = field(default_factory=dict)

    def surface_index(self) -> dict[str, str]:
        """Every label and alias mapped to its concept's key."""
        return {s: c.key for c in self.concepts.values() for s in c.surfaces}

    def resolve(self, surface: str) -> Concept | None:
        """The concept a label or alias names, if any."""
        key = self.surface_index().get(surface)
        return self.concepts.get(key) if key else None


def default_lexicon_dir() -> Path:
    """Where the lexicon lives: inside the installed package, else the source tree."""
    packaged = Path(__file__).parent / "lexicon_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data" / "lexicon"


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Read every ``*.toml`` file of the lexicon folder and check it.

    :raises LexiconError: naming the file and entry when an entry is malformed, an alias
        is claimed twice, or a ``broader``/``related`` target does not exist.
    """
    directory = directory or default_lexicon_dir()
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise LexiconError(f"{directory}: no lexicon files (*.toml) found")
    lexicon = Lexicon()
    owner: dict[str, str] = {}
    for path in files:
        with path.open("rb") as fh:
            try:
                data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as exc:
                raise LexiconError(f"{path.name}: {exc}") from exc
        for i, entry in enumerate(data.get("concept", []), start=1):
            concept = _concept(path.name, i, entry)
            if concept.label in lexicon.concepts:
                raise LexiconError(f"{path.name}: concept #{i} {concept.label!r} is defined twice")
            for surface in concept.surfaces:
                if surface in owner and owner[surface] != concept.label:
                    raise LexiconError(
                        f"{path.name}: concept #{i} {concept.label!r}: alias {surface!r} "
                        f"already belongs to {owner[surface]!r}")
                owner[surface] = concept.label
            lexicon.concepts[concept.label] = concept
        for i, entry in enumerate(data.get("level", []), start=1):
            level = _level(path.name, i, entry)
            lexicon.levels[level.key] = level
    _check_links(lexicon)
    return lexicon


def _concept(filename: str, index: int, entry: dict) -> Concept:
    where = f"{filename}: concept #{index}"
    label = entry.get("label")
    if not isinstance(label, str) or len(label) < 2:
        raise LexiconError(f"{where}: 'label' must be a string of at least two characters")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise LexiconError(f"{where} {label!r}: unknown kind {kind!r} (one of {sorted(KINDS)})")
    aliases = tuple(a for a in entry.get("aliases", ()) if a != label)
    short = [a for a in aliases if len(a) < 2]
    if short:
        raise LexiconError(f"{where} {label!r}: aliases shorter than two characters: {short}")
    return Concept(
        label=label, kind=kind, aliases=aliases,
        definition=entry.get("definition"), source=entry.get("source"),
        components=tuple(entry.get("components", ())),
        broader=tuple(entry.get("broader", ())), related=tuple(entry.get("related", ())),
        english=entry.get("english"),
    )


def _level(filename: str, index: int, entry: dict) -> Level:
    try:
        return Level(key=entry["key"], label=entry["label"], order=int(entry["order"]),
                     markers=tuple(entry.get("markers", ())))
    except (KeyError, ValueError, TypeError) as exc:
        raise LexiconError(f"{filename}: level #{index}: needs key, label and order ({exc})") from exc


def _check_links(lexicon: Lexicon) -> None:
    for concept in lexicon.concepts.values():
        for target in (*concept.broader, *concept.related):
            if target not in lexicon.concepts:
                raise LexiconError(
                    f"concept {concept.label!r} links to {target!r}, which is not in the lexicon")
