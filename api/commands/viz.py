"""`safetykg viz KEY -o FILE.html|svg|png`: draw a concept's neighbourhood to a file.

``.html`` is the offline interactive view (everything inline, nothing fetched); ``.svg``
and ``.png`` are pictures for print, with the same layout, style and legend.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from api.commands.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, open_graph

FORMATS = (".html", ".svg", ".png")


def register(sub, common) -> None:
    p = sub.add_parser("viz", parents=[common], help="Draw a concept's neighbourhood to a file.")
    p.add_argument("key", help="concept key (its preferred label)")
    p.add_argument("-o", "--output", required=True, help="FILE.html, FILE.svg or FILE.png")
    p.add_argument("--limit", type=int, default=50, help="neighbours per kind of link (default 50)")
    p.add_argument("--depth", type=int, default=1, help="hops from the concept (default 1)")
    p.add_argument("--kinds", default=None, help="comma-separated kinds to show (default all)")
    p.add_argument("--width", type=int, default=1200, help="picture width in pixels")
    p.add_argument("--height", type=int, default=900, help="picture height in pixels")
    p.add_argument("--dpi", type=int, default=150, help="picture resolution")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in FORMATS:
        error(f"{out}: unsupported output format {out.suffix!r} (use {', '.join(FORMATS)})")
        return EXIT_USAGE
    from viz.errors import VizError
    from viz.picture import Size, png_bytes, svg_bytes
    from viz.html import html_view
    from viz.report import concept_exists
    from viz.subgraph import cap, neighbourhood

    graph, _ = open_graph(args)
    if not concept_exists(graph.store, graph.iris, args.key):
        error(f"no concept {args.key!r} in the store {graph.store.location}")
        return EXIT_FAILED
    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()] if args.kinds else None
    g = cap(neighbourhood(graph.store, graph.iris, args.key, depth=args.depth, kinds=kinds,
                          limit=args.limit))
    title = g.nodes[g.graph["centre"]].get("label", args.key) if g.graph["centre"] in g else args.key
    try:
        if out.suffix.lower() == ".html":
            out.write_text(html_view(g, title=title), encoding="utf-8")
        else:
            size = Size(args.width, args.height, args.dpi)
            draw = svg_bytes if out.suffix.lower() == ".svg" else png_bytes
            out.write_bytes(draw(g, title=title, size=size))
    except VizError as exc:
        error(f"{out}: {exc}")
        return EXIT_FAILED
    except OSError as exc:
        error(f"{out}: cannot write: {exc.strerror}")
        return EXIT_FAILED
    print(f"{out}\t{out.stat().st_size} bytes")
    return EXIT_OK
