"""Errors raised while reading and processing documents."""

from __future__ import annotations


class IngestError(Exception):
    """A file could not be ingested; the message names the file and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class LexiconError(Exception):
    """The lexicon is malformed; the message names the file and the entry at fault."""
