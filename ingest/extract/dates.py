"""Dates named in a text, as ISO strings at the precision the text gives.

``2021年3月9日`` → ``2021-03-09``; ``2021/3/9`` and ``2017-08-02`` alike; ``2022年`` →
``2022``; ``2016年1月`` → ``2016-01``; a month and day without a year (``11月28日``)
→ ``--11-28`` (the ISO 8601 form for a day of an unknown year).
"""

from __future__ import annotations

import re

from ingest.extract.spans import SentenceLocator
from ingest.records import DateMention

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年\s*(?:(?P<m>1[0-2]|0?[1-9])\s*月\s*(?:(?P<d>3[01]|[12]\d|0?[1-9])\s*[日号])?)?"
    r"|[/\-.](?P<m2>1[0-2]|0?[1-9])[/\-.](?P<d2>3[01]|[12]\d|0?[1-9])(?!\d))"
    r"|(?<![\d年])(?P<m3>1[0-2]|[1-9])月(?P<d3>3[01]|[12]\d|[1-9])[日号]")


def find_dates(text: str, locator: SentenceLocator) -> list[DateMention]:
    """Every date ``text`` names.

    >>> from ingest.extract.spans import SentenceLocator
    >>> [d.value for d in find_dates("录入时间: 2021/3/9。2022年县安委会，11月28日下午", SentenceLocator([]))]
    ['2021-03-09', '2022', '--11-28']
    """
    found = []
    for m in _DATE.finditer(text):
        value = _iso(m)
        if value is not None:
            found.append(DateMention(value=value, surface=m[0], start=m.start(), end=m.end(),
                                     sentence=locator.index(m.start())))
    return found


def _iso(m: re.Match[str]) -> str | None:
    if m["y"]:
        month, day = m["m"] or m["m2"], m["d"] or m["d2"]
        if month and day:
            return f"{m['y']}-{int(month):02d}-{int(day):02d}"
        if month:
            return f"{m['y']}-{int(month):02d}"
        return m["y"]
    if m["m3"]:
        return f"--{int(m['m3']):02d}-{int(m['d3']):02d}"
    return None
