"""Views of 50, 500 and 2,000 nodes: build and write time as HTML, SVG and PNG.

The subgraphs are synthetic neighbourhoods (a centre, concepts, documents, bodies,
places, incidents; labels from the lexicon; deterministic), so a size can be measured
whatever the store holds.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from bench.harness import call_with, find_callable

SIZES = (50, 500, 2000)
FORMATS = ("html", "svg", "png")
KINDS = ("formulation", "policy", "principle", "sector", "hazard", "campaign", "document",
         "body", "place", "incident", "person")

WRITERS: dict[str, list[str]] = {
    "html": ["viz.html:html_view", "viz.html:render_html"],
    "svg": [f"viz.{m}:{f}" for m in ("picture", "pictures", "static", "draw", "image", "svg", "print")
            for f in ("write_svg", "render_svg", "svg_bytes", "to_svg", "write_picture", "render_picture", "draw")],
    "png": [f"viz.{m}:{f}" for m in ("picture", "pictures", "static", "draw", "image", "png", "print")
            for f in ("write_png", "render_png", "png_bytes", "to_png", "write_picture", "render_picture", "draw")],
}


def synthetic_view(nodes: int, labels: list[str], *, seed: int = 0):
    """A neighbourhood-shaped graph of ``nodes`` nodes around one concept."""
    import networkx as nx

    rng = random.Random(f"{seed}:view:{nodes}")
    g = nx.Graph()
    centre = "https://w3id.org/safetykg/id/concept/centre"
    g.add_node(centre, label=labels[0] if labels else "双重预防机制", kind="mechanism",
               iri=centre, key="centre")
    g.graph.update(centre=centre, omitted=0)
    ids = [centre]
    for i in range(1, nodes):
        kind = rng.choice(KINDS)
        node = f"https://w3id.org/safetykg/id/{kind}/{i}"
        label = f"{rng.choice(labels)}{i}" if labels else f"节点{i}"
        g.add_node(node, label=label, kind=kind, iri=node, key=str(i), level=rng.choice(
            ["national", "provincial", "prefectural", "county", "township", None]))
        parent = centre if rng.random() < 0.6 else rng.choice(ids)
        g.add_edge(parent, node, relation="co-occurs", weight=rng.randint(1, 40))
        ids.append(node)
    return g


def _write(fmt: str, graph, path: Path) -> None:
    fn = find_callable(WRITERS[fmt])
    values: dict[str, Any] = {"graph": graph, "g": graph, "subgraph": graph, "title": "双重预防机制",
                              "path": path, "out": path, "output": path, "fmt": fmt, "format": fmt,
                              "omitted": 0}
    if fn.__name__ == "render_html":  # needs the pyvis network first
        from viz.interactive import build_network

        values["net"] = build_network(graph)
    produced = call_with(fn, values)
    if isinstance(produced, str):
        path.write_text(produced, encoding="utf-8")
    elif isinstance(produced, (bytes, bytearray)):
        path.write_bytes(produced)
    if not path.exists():
        raise RuntimeError(f"{fn.__module__}.{fn.__name__} wrote nothing")


def viz_times(workdir: Path, labels: list[str], sizes=SIZES) -> dict[str, Any]:
    """Seconds to build and write each size in each format (``None`` with a reason if missing)."""
    workdir.mkdir(parents=True, exist_ok=True)
    times: dict[str, dict[str, float | None]] = {}
    errors: dict[str, str] = {}
    bytes_: dict[str, dict[str, int | None]] = {}
    warm = synthetic_view(10, labels)
    for fmt in FORMATS:  # imports, templates, fonts: paid once per process, not per view
        try:
            _write(fmt, warm, workdir / f"warm-up.{fmt}")
        except Exception:  # noqa: BLE001 - the timed pass below reports it
            pass
    for size in sizes:
        graph = synthetic_view(size, labels)
        times[str(size)], bytes_[str(size)] = {}, {}
        for fmt in FORMATS:
            path = workdir / f"view-{size}.{fmt}"
            try:
                t0 = time.perf_counter()
                _write(fmt, graph, path)
                times[str(size)][fmt] = round(time.perf_counter() - t0, 3)
                bytes_[str(size)][fmt] = path.stat().st_size
            except Exception as exc:  # noqa: BLE001 - a format not written yet is reported, not fatal
                times[str(size)][fmt] = bytes_[str(size)][fmt] = None
                errors[f"viz_s.{size}.{fmt}"] = f"{type(exc).__name__}: {exc}"[:200]
    return {"viz_s": times, "viz_bytes": bytes_, "_errors": errors}
