"""Errors of the graph layer, each naming what was at fault."""

from __future__ import annotations


class StoreError(Exception):
    """The store could not be opened, read or written; the message names the location."""


class QueryError(Exception):
    """A SPARQL query was refused or failed; the message says why."""
