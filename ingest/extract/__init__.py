"""Extraction: what a cleaned, segmented document names.

Each extractor is a function from a document's text and sentences to records;
:func:`extract` runs them all and fills the document in place.
"""

from __future__ import annotations

from ingest.extract.concepts import ConceptMatcher
from ingest.records import Document

__all__ = ["ConceptMatcher", "extract"]


def extract(doc: Document, matcher: ConceptMatcher) -> Document:
    """Run every extractor over ``doc`` and return it, filled."""
    doc.mentions = matcher.mentions(doc.text, doc.sentences)
    return doc
