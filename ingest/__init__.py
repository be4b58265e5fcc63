"""Ingest: files become clean text, sentences, and what was found in them.

Knows nothing of RDF or stores; its output is the plain records of :mod:`ingest.records`.
"""
