"""A small inline SVG chart of document counts per level per year (no script, no CDN)."""

from __future__ import annotations

from api.pages_env import LEVEL_LABELS

COLOURS = {"national": "#d62728", "provincial": "#ff7f0e", "prefectural": "#2ca02c",
           "county": "#1f77b4", "township": "#9467bd", "village": "#8c564b", None: "#7f7f7f"}
ORDER = ("national", "provincial", "prefectural", "county", "township", "village", None)


def level_year_chart(cells: list[dict], *, width: int = 480, height: int = 160) -> dict | None:
    """Bars grouped by year, one colour per level, as shapes a template draws.

    >>> chart = level_year_chart([{"level": "county", "year": 2021, "documents": 2, "sentences": 3}])
    >>> chart["bars"][0]["height"] > 0, chart["years"][0]["label"]
    (True, '2021')
    """
    cells = [c for c in cells if c["year"] is not None]
    if not cells:
        return None
    years = sorted({c["year"] for c in cells})
    levels = [lv for lv in ORDER if any(c["level"] == lv for c in cells)]
    top = max(c["documents"] for c in cells)
    left, bottom, plot_h = 30, 24, height - 34
    slot = (width - left - 10) / len(years)
    bar = max(min(slot / (len(levels) + 1), 28), 2)
    bars, ticks = [], []
    for i, year in enumerate(years):
        x0 = left + i * slot + (slot - bar * len(levels)) / 2
        ticks.append({"x": round(left + i * slot + slot / 2, 1), "label": str(year)})
        for j, level in enumerate(levels):
            n = sum(c["documents"] for c in cells if c["year"] == year and c["level"] == level)
            if n:
                h = plot_h * n / top
                bars.append({"x": round(x0 + j * bar, 1), "y": round(height - bottom - h, 1),
                             "width": round(bar - 1, 1), "height": round(h, 1),
                             "colour": COLOURS[level], "title": f"{year} {LEVEL_LABELS[level]}：{n} 份文件"})
    legend = [{"label": LEVEL_LABELS[lv], "colour": COLOURS[lv]} for lv in levels]
    return {"width": width, "height": height, "bars": bars, "years": ticks, "legend": legend,
            "top": top, "axis_y": height - bottom, "left": left}
