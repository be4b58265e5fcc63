"""Minting IRIs: ``{base}id/{kind}/{key}`` with readable keys.

Keys stay readable Chinese (IRIs, not URIs): a key's code points stand as they are where
RFC 3987 allows them in a path segment (``ipchar``), and everything else is
percent-encoded as UTF-8 — ASCII delimiters and controls, C1 controls, private-use code
points (allowed only in queries), the non-characters (U+FDD0–U+FDEF, U+xFFFE/xFFFF),
the specials U+FFF0–U+FFFD, the tags U+E0000–U+E0FFF, and lone surrogates. So every
text key makes an IRI that any engine accepts, and :meth:`Iris.parse` gives it back.
"""

from __future__ import annotations

from urllib.parse import unquote

DEFAULT_BASE = "https://w3id.org/safetykg/"
KINDS = ("concept", "document", "incident", "body", "place", "person", "level")

_ASCII_ALLOWED = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    "-._~"            # unreserved
    "!$&'()*+,;="     # sub-delims
    ":@")
"""The ASCII of RFC 3987 ``ipchar`` (``%`` only as an escape: a literal ``%`` is encoded)."""

_UCSCHAR = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF),
            *((plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 14)),
            (0xE1000, 0xEFFFD))
"""RFC 3987 ``ucschar``: the non-ASCII code points an IRI path may hold unencoded."""


def _allowed(ch: str) -> bool:
    code = ord(ch)
    if code < 0x80:
        return ch in _ASCII_ALLOWED
    return any(low <= code <= high for low, high in _UCSCHAR)


def encode_key(key: str) -> str:
    """Percent-encode what may not stand in an IRI path segment (RFC 3987 ``ipchar``).

    The dot segments ``.`` and ``..`` are encoded too, so that no client resolves them away.

    >>> encode_key("双重预防机制")
    '双重预防机制'
    >>> encode_key("a/b c")
    'a%2Fb%20c'
    >>> encode_key("\x85\ufffd\ue000")
    '%C2%85%EF%BF%BD%EE%80%80'
    >>> encode_key("..")
    '%2E%2E'
    """
    if key in (".", ".."):
        return "%2E" * len(key)
    return "".join(ch if _allowed(ch) else _percent(ch) for ch in key)


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


def decode_key(segment: str) -> str:
    """The key of an encoded path segment (the inverse of :func:`encode_key`).

    >>> key = "a/b%c" + chr(0xD800)  # a lone surrogate, as a broken client may send
    >>> decode_key(encode_key(key)) == key
    True
    """
    return unquote(segment, errors="surrogatepass")


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
