"""Viz: subgraphs become pictures — pyvis views (offline HTML) and static SVG/PNG."""
