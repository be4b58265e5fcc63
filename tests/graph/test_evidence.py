"""Evidence pages and diffusion answer the same from the mention index as from the engine.

The embedded store answers both from the mention index (the documents naming a concept,
with their sentence counts, dates, levels, years and repost status), reading only the
documents that hold the page; a remote store asks the engine. The two must agree on
every concept, filter and page — and keep agreeing as documents, reposts among them,
are written and removed one by one (a repost's twin changes status without being
written itself).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import measure_ingest
from bench.corpus import REPO, Noise, write_corpus
from graph import diffusion, evidence, queries
from graph.kg import KnowledgeGraph
from graph.network import MentionIndex, mention_index
from graph.store import open_store

REPOSTS = Noise(repost=0.35, gbk=0.0)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list:
    pipeline = measure_ingest.make_pipeline(REPO / "tests" / "data" / "lexicon")
    directory = tmp_path_factory.mktemp("corpus")
    write_corpus(directory, 24, seed=3, noise=REPOSTS, median=1_200)
    return [doc for path in sorted(Path(directory).iterdir()) for doc in pipeline.process_file(path)]


def _engine_and_index_agree(kg: KnowledgeGraph) -> int:
    """Compare both paths on every concept named; returns how many pages were compared."""
    store, iris = kg.store, kg.iris
    index = mention_index(store)
    compared = 0
    for concept in sorted(index.ids):
        parsed = iris.parse(concept)
        if not parsed or parsed[0] != "concept" or not index.documents_mentioning(concept):
            continue
        node = queries.ox.NamedNode(concept)
        facts = {doc: f for doc, _, f in index.documents_with_facts(concept)}
        assert facts == diffusion._documents_naming(store, node), concept
        levels = {None} | {iris.parse(f.level)[1] for f in facts.values() if f.level}
        years = {None} | {f.year for f in facts.values()}
        for level in levels:
            for year in years:
                for offset, size in ((0, 5), (5, 5), (3, 7), (0, 100)):
                    by_index = evidence._page_from_index(store, index, iris, node, level, year, offset,
                                                         size)
                    by_engine = evidence._page_from_engine(store, iris, node, level, year, offset, size)
                    assert by_index == by_engine, (concept, level, year, offset, size)
                    compared += 1
    return compared


def test_evidence_and_diffusion_from_the_index_equal_the_engine_s_as_documents_come_and_go(documents):
    kg = KnowledgeGraph(open_store(":memory:"))
    assert mention_index(kg.store) is not None  # kept from the first write on
    for doc in reversed(documents):  # an original after its repost: the repost's status changes
        kg.put_documents([doc])
    reposts = [f for f in mention_index(kg.store).facts.values() if f.repost]
    assert reposts, "the corpus must hold reposts for the comparison to mean something"
    assert _engine_and_index_agree(kg) > 100
    for doc in documents[::3]:  # the twins of a removed document change status
        kg.remove_document(doc.key)
    assert _engine_and_index_agree(kg) > 50
    kept = mention_index(kg.store)
    rebuilt = MentionIndex.of(kg.store)
    assert ({kept.docs[d]: f for d, f in kept.facts.items()}
            == {rebuilt.docs[d]: f for d, f in rebuilt.facts.items()})


def test_an_evidence_page_follows_the_date_order_across_documents(documents):
    kg = KnowledgeGraph(open_store(":memory:"))
    kg.put_documents(documents)
    iris = kg.iris
    index = mention_index(kg.store)
    concept = max((c for c in index.ids if (iris.parse(c) or ("",))[0] == "concept"),
                  key=lambda c: len(index.documents_mentioning(c)))
    key = iris.parse(concept)[1]
    whole = evidence.evidence(kg.store, iris, key, size=100)
    assert whole["total"] >= 10
    dates = [item["date"] or "" for item in whole["items"]]
    assert dates == sorted(dates, reverse=True)
    pages = [item for page in (1, 2, 3) for item in
             evidence.evidence(kg.store, iris, key, page=page, size=4)["items"]]
    assert pages == whole["items"][:12]
