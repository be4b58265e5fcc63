"""A pre-check of SPARQL text before any engine sees it.

Engines here crash the whole process on deep nesting (pyoxigraph 0.5.13 segfaults at
about 2,500 nested braces), fetch ``SERVICE`` IRIs, and — rdflib — read local files
named in ``FROM``. So before a query goes anywhere it is lexed once here: strings, IRIs
and comments are skipped (a ``{`` inside them does not nest anything), and what is left
is checked for

- length (characters) and bracket nesting depth (``{ ( [`` counted together);
- the query form, so that updates (``INSERT``, ``LOAD``, ``DROP`` …) are refused as
  read-only (403) and content negotiation knows whether it serves results or triples;
- ``SERVICE`` in any spelling (refused), and ``FROM``/``FROM NAMED`` IRIs that are not
  graphs of this store (refused: only IRIs under the configured base are allowed).

The lexer follows the SPARQL 1.1 grammar's terminals closely enough to find keywords;
it does not parse. Anything it cannot make sense of is left for the engine to reject.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from api.errors import ApiError

MAX_QUERY_CHARS = 32_768
"""Longest query text accepted (characters)."""
MAX_DEPTH = 64
"""Deepest bracket nesting accepted; pyoxigraph's parser has no recursion guard."""
CACHED_QUERIES = 128
"""Accepted query texts whose check is remembered (at most 128 × MAX_QUERY_CHARS)."""

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                          "MOVE", "COPY", "WITH"})

_IRIREF = re.compile(r'<([^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
_LONG_STRING = {"'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
                '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S)}
_SHORT_STRING = {"'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'"),
                 '"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"')}
_WORD = re.compile(r"[A-Za-z_\u00C0-\U000EFFFF][\w\-.\u00B7\u00C0-\U000EFFFF]*")
_PNAME = re.compile(r"[A-Za-z_\u00C0-\U000EFFFF]?[\w\-.\u00B7\u00C0-\U000EFFFF]*:"
                    r"(?:[^\s{}()\[\];,<>\"'#^|!=&+*/]|\\.)*")
_VAR = re.compile(r"[?$][\w\u00B7\u00C0-\U000EFFFF]*")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE = "{([", "})]"


@dataclass(frozen=True)
class Token:
    kind: str   # "word", "pname", "iri", "string", "var", "punct"
    text: str


@dataclass
class Checked:
    """What the guard learnt about an accepted query."""

    form: str
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)

    @property
    def returns_triples(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


def refuse(status: int, error: str, detail: str) -> ApiError:
    return ApiError(status, error, detail)


def tokens(text: str) -> Iterator[Token]:
    """The query's tokens, with comments dropped and brackets as ``punct``.

    >>> [t.text for t in tokens('SELECT * { ?s <urn:x(> "{" } # {')]
    ['SELECT', '*', '{', '?s', '<urn:x(>', '"{"', '}']

    A ``<`` that does not start a well-formed IRI (``{`` may not stand in one) is an
    operator, so brackets after it are counted: over-counting is safe, hiding nesting
    from the count would not be.
    """
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "'\"":
            three = text[i:i + 3]
            pattern = _LONG_STRING.get(three) or _SHORT_STRING[ch]
            m = pattern.match(text, i)
            if m is None:  # an unterminated string: the rest is the string
                yield Token("string", text[i:])
                return
            yield Token("string", m.group())
            i = m.end()
        elif ch == "<" and (m := _IRIREF.match(text, i)):
            yield Token("iri", m.group())
            i = m.end()
        elif ch in "?$" and (m := _VAR.match(text, i)) and len(m.group()) > 1:
            yield Token("var", m.group())
            i = m.end()
        elif (m := _PNAME.match(text, i)) and m.group():
            yield Token("pname", m.group())
            i = m.end()
        elif m := _WORD.match(text, i):
            yield Token("word", m.group())
            i = m.end()
        else:
            yield Token("punct", ch)
            i += 1


def _unescape(iri: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)


def check_query(text: str, *, base: str, max_chars: int = MAX_QUERY_CHARS,
                max_depth: int = MAX_DEPTH) -> Checked:
    """Accept a read query or raise :class:`ApiError` saying why not.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }", base="https://w3id.org/safetykg/").form
    'SELECT'
    >>> check_query("SERVICE", base="x").form
    Traceback (most recent call last):
    api.errors.ApiError: 400 remote access refused: SERVICE is not allowed: this endpoint never fetches from other servers
    """
    if len(text) > max_chars:
        raise refuse(400, "query too long", f"the query has {len(text)} characters; at most {max_chars}")
    known = _accepted(text, base, max_depth)
    return Checked(known.form, list(known.from_graphs), list(known.from_named))


@functools.lru_cache(maxsize=CACHED_QUERIES)
def _accepted(text: str, base: str, max_depth: int) -> Checked:
    """What :func:`check_query` learns, remembered for the texts it accepted last.

    Lexing is the guard's whole cost (a tenth of a millisecond for a page of SPARQL) and
    clients repeat their queries; a refusal raises and is never remembered.
    """
    if "\x00" in text:
        raise refuse(400, "bad query", "the query contains a NUL character")
    toks = list(tokens(text))
    _check_depth(toks, max_depth)
    words = [t.text.upper() for t in toks if t.kind == "word"]
    if "SERVICE" in words:
        raise refuse(400, "remote access refused",
                     "SERVICE is not allowed: this endpoint never fetches from other servers")
    form = next((w for w in words if w in QUERY_FORMS), None)
    update = next((w for w in words if w in UPDATE_WORDS), None)
    if update is not None:  # no query form uses these words: any of them is an update
        raise refuse(403, "read-only endpoint",
                     f"{update} is an update; this endpoint only answers queries")
    if form is None:
        raise refuse(400, "bad query", "no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    checked = Checked(form=form)
    _collect_dataset(toks, checked, base)
    return checked


def _check_depth(toks: Iterable[Token], max_depth: int) -> None:
    depth = deepest = 0
    for t in toks:
        if t.kind != "punct":
            continue
        if t.text in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > max_depth:
                raise refuse(400, "query too deeply nested",
                             f"brackets nest more than {max_depth} deep")
        elif t.text in _CLOSE:
            depth = max(depth - 1, 0)


def _collect_dataset(toks: list[Token], checked: Checked, base: str) -> None:
    """Resolve ``FROM`` / ``FROM NAMED`` targets; refuse any that is not our graph."""
    prefixes: dict[str, str] = {}
    base_iri = ""
    for i, t in enumerate(toks):
        upper = t.text.upper() if t.kind == "word" else ""
        if upper == "PREFIX" and i + 2 < len(toks) and toks[i + 2].kind == "iri":
            prefixes[toks[i + 1].text] = _unescape(toks[i + 2].text[1:-1])
        elif upper == "BASE" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            base_iri = _unescape(toks[i + 1].text[1:-1])
        elif upper == "FROM":
            named = i + 1 < len(toks) and toks[i + 1].text.upper() == "NAMED"
            target = toks[i + 2] if named and i + 2 < len(toks) else toks[i + 1] if i + 1 < len(toks) else None
            iri = _resolve(target, prefixes, base_iri)
            if iri is None:
                continue  # a syntax error: the engine will say so
            check_graph_iri(iri, base)
            (checked.from_named if named else checked.from_graphs).append(iri)


def _resolve(token: Token | None, prefixes: dict[str, str], base_iri: str) -> str | None:
    if token is None:
        return None
    if token.kind == "iri":
        return urljoin(base_iri, _unescape(token.text[1:-1])) if base_iri else _unescape(token.text[1:-1])
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix + ":" in prefixes:
            return prefixes[prefix + ":"] + local
        raise refuse(400, "bad query", f"undeclared prefix {prefix}: in FROM")
    return None


def check_graph_iri(iri: str, base: str) -> str:
    """A dataset IRI (``FROM``, ``default-graph-uri`` …) must name a graph of this store.

    Anything else — ``http:``, ``file:`` or any other IRI — could make an engine fetch
    or read a file, so it is refused before execution.

    >>> check_graph_iri("file:///etc/passwd", "https://w3id.org/safetykg/")
    Traceback (most recent call last):
    api.errors.ApiError: 400 remote access refused: the graph <file:///etc/passwd> is not a graph of this store (graph IRIs start with https://w3id.org/safetykg/id/)
    """
    prefix = f"{base}id/"
    bad = any(ch in iri for ch in '<>"{}|^`\\ \n\r\t')
    if bad or not iri.startswith(prefix) or ".." in iri[len(prefix):]:
        raise refuse(400, "remote access refused",
                     f"the graph <{iri}> is not a graph of this store (graph IRIs start with {prefix})")
    return iri
