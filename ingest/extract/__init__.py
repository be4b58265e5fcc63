"""Extraction: what a cleaned, segmented document names.

Each extractor is a function from a document's text (and what earlier extractors
found) to records, each record carrying its evidence: sentence index and offsets into
the cleaned text. :func:`extract` runs them all and fills the document in place. The
word lists the rules use live in ``terms.toml``; places come from the division table
behind the guard rules of :mod:`ingest.extract.places`.
"""

from __future__ import annotations

from ingest.extract.bodies import find_bodies
from ingest.extract.campaigns import find_campaigns
from ingest.extract.concepts import ConceptMatcher
from ingest.extract.dates import find_dates
from ingest.extract.formulations import find_formulations
from ingest.extract.incidents import DocContext, find_incidents
from ingest.extract.people import find_people
from ingest.extract.places import find_places, resolve_home
from ingest.extract.spans import SentenceLocator
from ingest.records import Document

__all__ = ["ConceptMatcher", "extract"]


def extract(doc: Document, matcher: ConceptMatcher) -> Document:
    """Run every extractor over ``doc`` and return it, filled."""
    text = doc.text
    locator = SentenceLocator(doc.sentences)
    concepts = matcher.lexicon.concepts
    home_name = doc.metadata.place.value
    home_level = doc.metadata.level.value
    home = resolve_home(home_name)
    doc.mentions = matcher.mentions(text, doc.sentences)
    doc.places = find_places(text, locator, home)
    doc.formulations = find_formulations(text, locator, doc.mentions, concepts, matcher.surfaces)
    doc.campaigns = find_campaigns(text, locator, concepts, matcher.surfaces)
    doc.incidents = find_incidents(text, doc.sentences, locator,
                                   DocContext(date=doc.metadata.date.value, place=home_name),
                                   doc.places)
    doc.bodies = find_bodies(text, locator, doc.places, home, home_name, home_level)
    doc.people = find_people(text, locator)
    doc.dates = find_dates(text, locator)
    return doc
