"""`safetykg stats`: corpus statistics (reposts counted once)."""

from __future__ import annotations

import argparse
import json

from api.commands.common import EXIT_OK, open_graph


def register(sub, common) -> None:
    p = sub.add_parser("stats", parents=[common],
                       help="Print corpus statistics: documents, concept document frequencies "
                            "by level and year, co-occurrences, incidents.")
    p.add_argument("--top", type=int, default=10, help="rows per table (default 10)")
    p.add_argument("--json", action="store_true", help="every figure, as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from graph.stats import corpus_stats

    graph, _ = open_graph(args)
    stats = corpus_stats(graph.store)
    graph.store.close()
    name = lambda iri: (graph.iris.parse(iri) or ("", iri))[1]  # noqa: E731
    if args.json:
        print(json.dumps(_as_json(stats, name), ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"documents: {stats.documents} ({stats.counted_documents} counting reposts once)")
    print(f"incidents cited: {len(stats.documents_per_incident)}")
    print(f"\nconcepts by documents naming them (top {args.top}):")
    for concept, n in stats.concept_totals().most_common(args.top):
        print(f"  {n:5d}  {name(concept)}")
    print(f"\nconcepts by level and year (top {args.top}):")
    rows = sorted(stats.concept_documents.items(), key=lambda kv: (-kv[1], kv[0]))[:args.top]
    for (concept, level, year), n in rows:
        print(f"  {n:5d}  {name(concept)}  {level or '-'}  {year or '-'}")
    print(f"\nconcepts named in the same sentences (top {args.top}):")
    pairs = sorted(stats.cooccurrence.items(), key=lambda kv: (-kv[1], kv[0]))[:args.top]
    for (a, b), n in pairs:
        print(f"  {n:5d}  {name(a)} — {name(b)}")
    print(f"\nincidents cited by the most documents (top {args.top}):")
    cited = sorted(stats.documents_per_incident.items(), key=lambda kv: (-kv[1], kv[0]))[:args.top]
    for incident, n in cited:
        print(f"  {n:5d}  {name(incident)}")
    return EXIT_OK


def _as_json(stats, name) -> dict:
    return {
        "documents": stats.documents,
        "counted_documents": stats.counted_documents,
        "concept_documents": [
            {"concept": name(c), "level": level or None, "year": year or None, "documents": n}
            for (c, level, year), n in sorted(stats.concept_documents.items())],
        "cooccurrence": [{"a": name(a), "b": name(b), "sentences": n}
                         for (a, b), n in sorted(stats.cooccurrence.items())],
        "incidents_per_document": {name(d): n for d, n in sorted(stats.incidents_per_document.items())},
        "documents_per_incident": {name(i): n for i, n in sorted(stats.documents_per_incident.items())},
    }
