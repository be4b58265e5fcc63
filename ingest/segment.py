"""Paragraphs and sentences with offsets into the cleaned text."""

from __future__ import annotations

import re

from ingest.records import Sentence

_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n+")
_PARAGRAPH = re.compile(r"[^\n]+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines, stripped of surrounding whitespace."""
    spans = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def sentences(text: str) -> list[Sentence]:
    """Sentences split at 。！？； and line ends, each within one paragraph."""
    result: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraphs(text)):
        pos = p_start
        for match in _SENTENCE_END.finditer(text, p_start, p_end):
            _append(result, text, pos, match.end(), p_index)
            pos = match.end()
        _append(result, text, pos, p_end, p_index)
    return result


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end],
                            paragraph=paragraph))
