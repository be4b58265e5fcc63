"""A mention index built a few documents at a time equals one built from all at once.

:meth:`graph.network.MentionIndex.of` reads the documents in parts
(:data:`graph.network.BUILD_PART`) so that the engine never holds the whole corpus's
groups; a concept named in documents of different parts must still get every document
and every co-occurring sentence.
"""

from __future__ import annotations

import pytest

from graph import network

TEXTS = (
    ("one", "要健全双重预防机制，坚持人民至上。", "2019-01-01"),
    ("two", "坚持人民至上，健全双重预防机制。双重预防机制要落实。", "2017-05-01"),
    ("three", "要落实“四个一律”（一律关闭取缔，一律停产整顿，"
              "一律从重处罚，一律严肃追责），健全双重预防机制。", None),
    ("four", "坚持人民至上。健全双重预防机制，坚持人民至上。", "2021-07-01"),
)


def _contents(index: network.MentionIndex) -> tuple:
    """The index as plain values (names, not numbers)."""
    names, docs = index.names, index.docs
    co = {(names[a], names[b]): w for a, linked in index.co.items() for b, w in linked.items()}
    naming = {names[e]: [(n, docs[d]) for n, d in found] for e, found in index.mentioned_in.items()}
    return (co, naming, {name: index.node_facts(name) for name in naming},
            {docs[d]: facts for d, facts in index.facts.items()})


@pytest.mark.parametrize("part", [1, 3])
def test_a_build_in_parts_equals_one_in_one_part_and_the_updated_index(
        memory_kg, make_document, fixed_run, monkeypatch, part):
    for key, text, date in TEXTS:
        memory_kg.put_document(make_document(key, text, date=date), run=fixed_run)
    updated = network.mention_index(memory_kg.store)  # followed the writes one by one
    whole = network.MentionIndex.of(memory_kg.store)
    monkeypatch.setattr(network, "BUILD_PART", part)
    in_parts = network.MentionIndex.of(memory_kg.store)
    assert _contents(in_parts) == _contents(whole) == _contents(updated)
    co, naming, _, facts = _contents(in_parts)
    assert len(naming[memory_kg.iris.concept("双重预防机制")]) == 4  # spread over the parts
    assert co  # the documents link concepts: the comparison is not vacuous
    assert {f.date for f in facts.values()} == {"2019-01-01", "2017-05-01", None, "2021-07-01"}
