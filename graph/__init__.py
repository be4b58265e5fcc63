"""Graph: the RDF model, the mapping from ingest records to quads, the store and its queries.

Imports only :mod:`ingest.records` (and the lexicon) from the rest of safetykg.
"""
