"""Minting IRIs: ``{base}id/{kind}/{key}`` with readable keys.

Keys stay readable Chinese (IRIs, not URIs); only characters that RFC 3987 forbids, and
the delimiters ``/ ? # %``, are percent-encoded.
"""

from __future__ import annotations

from urllib.parse import unquote

DEFAULT_BASE = "https://w3id.org/safetykg/"
KINDS = ("concept", "document", "incident", "body", "place", "person", "level")
_ESCAPE = set(' <>"{}|\\^`/?#%[]') | {chr(i) for i in range(0x20)} | {"\x7f"}


def encode_key(key: str) -> str:
    """Percent-encode what may not stand in an IRI path segment.

    >>> encode_key("双重预防机制")
    '双重预防机制'
    >>> encode_key("a/b c")
    'a%2Fb%20c'
    """
    return "".join(
        "".join(f"%{b:02X}" for b in ch.encode("utf-8")) if ch in _ESCAPE else ch for ch in key)


def decode_key(segment: str) -> str:
    return unquote(segment)


class Iris:
    """The IRIs of one deployment, from its base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def of(self, kind: str, key: str) -> str:
        """``{base}id/{kind}/{key}``.

        >>> Iris().of("concept", "四个一律")
        'https://w3id.org/safetykg/id/concept/四个一律'
        """
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {KINDS}")
        return f"{self.base}id/{kind}/{encode_key(key)}"

    def concept(self, key: str) -> str:
        return self.of("concept", key)

    def document(self, key: str) -> str:
        return self.of("document", key)

    def level(self, key: str) -> str:
        return self.of("level", key)

    def parse(self, iri: str) -> tuple[str, str] | None:
        """``(kind, key)`` for one of our IRIs, else ``None``.

        >>> Iris().parse('https://w3id.org/safetykg/id/concept/%2F')
        ('concept', '/')
        """
        prefix = f"{self.base}id/"
        if not iri.startswith(prefix):
            return None
        kind, _, rest = iri[len(prefix):].partition("/")
        if kind not in KINDS or not rest:
            return None
        return kind, decode_key(rest.split("#", 1)[0])

    @property
    def scheme(self) -> str:
        """The lexicon's ``skos:ConceptScheme``."""
        return f"{self.base}id/scheme"

    @property
    def level_scheme(self) -> str:
        """The scheme the six levels of government are concepts of (for ``org:classification``)."""
        return f"{self.base}id/levels"

    @property
    def ontology(self) -> str:
        return f"{self.base}ontology#"
