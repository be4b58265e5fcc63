"""Any non-empty text is a key: it makes an IRI every engine accepts, and parses back."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.iris import KINDS, Iris, encode_key

ANY_CODE_POINT = st.characters(codec=None, exclude_categories=())
"""Every code point, lone surrogates included (a broken client can send them)."""


@settings(max_examples=500, deadline=None)
@given(key=st.text(ANY_CODE_POINT, min_size=1, max_size=40), kind=st.sampled_from(KINDS))
def test_any_key_makes_a_valid_iri_that_parses_back(key, kind):
    iri = Iris().of(kind, key)
    assert ox.NamedNode(iri).value == iri
    assert Iris().parse(iri) == (kind, key)


@pytest.mark.parametrize("key", [
    "\x00", "\x1f", "\x7f", "\x80", "\x85", "\x9f",   # C0, DEL and C1 controls
    "\ue000", "\uf8ff", "\U000f0000", "\U0010fffd",   # private use (allowed in queries only)
    "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff",  # non-characters
    "\ufff0", "\ufffd",                                # specials, the replacement character
    "\U000e0001", "\U000e0fff",                        # tags
    " ", "<", ">", '"', "{", "}", "|", "\\", "^", "`", "/", "?", "#", "%", "[", "]",
    ".", "..",
])
def test_what_rfc_3987_forbids_in_a_path_is_percent_encoded(key):
    encoded = encode_key(key)
    assert encoded.startswith("%") and set(encoded) <= set("%0123456789ABCDEF")
    assert Iris().parse(Iris().concept(key)) == ("concept", key)


@pytest.mark.parametrize("key", ["双重预防机制", "1+10+2", "a-b.c_d~e", "!$&'()*+,;=:@", "\xa0",
                                 "\ud7ff", "\uf900", "\ufdcf", "\ufdf0", "\uffef", "\U00010000",
                                 "\U000e1000", "𠀀"])
def test_what_an_iri_path_allows_stays_readable(key):
    assert encode_key(key) == key
