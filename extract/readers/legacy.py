"""EDGAR ASCII (pre-XML) Form 3/4/5 text -> ``Document`` on a virtual page -> ``Filing``.

Each character is a cell of a virtual page (x = column, y = line number, STYLE §2). Words
are runs of non-blank characters, split at ``|``; every ``|`` becomes a vertical ruling
segment and every run of five or more ``_``, ``-`` or ``=`` a horizontal one, so pipe
tables go through the same lattice strategy as ruled PDFs. SGML table markup (``<TABLE>``,
``<S>``, ``<C>``, ``<CAPTION>``) is blanked. From a full EDGAR submission the first
``<DOCUMENT>`` of type 3, 4 or 5 is read.
"""

from __future__ import annotations

import re

from extract.errors import InputError
from extract.ir.document import Document, Line, Page, Word
from extract.ir.values import Source
from extract.readers.base import ReadOutcome

__all__ = ["legacy_document", "legacy_text", "looks_like_legacy", "read_legacy"]

_DOC = re.compile(r"<DOCUMENT>(.*?)</DOCUMENT>", re.S | re.I)
_TYPE = re.compile(r"<TYPE>\s*([^\s<]+)", re.I)
_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.S | re.I)
_MARKUP = re.compile(r"</?(?:TABLE|CAPTION|S|C|FN|PAGE)>", re.I)
_RULE = re.compile(r"[_\-=]{5,}")
_TOKEN = re.compile(r"[^\s|]+")
_PIPE_TABLE = re.compile(r"^.*\|.*\|.*\|", re.M)


def legacy_text(data: bytes) -> str:
    """The form's text: the ``<TEXT>`` of the first Form 3/4/5 document, else everything."""
    from extract.readers.sniff import decode_text

    text = decode_text(data)
    for doc in _DOC.findall(text):
        kind = _TYPE.search(doc)
        if kind and kind.group(1).upper() in ("3", "4", "5", "3/A", "4/A", "5/A"):
            body = _TEXT.search(doc)
            if body:
                return body.group(1)
    body = _TEXT.search(text)
    return body.group(1) if body else text


def looks_like_legacy(text: str) -> bool:
    """True for fixed-width text with pipe tables and a Form 3/4/5 Table I (for the sniffer)."""
    return bool(_PIPE_TABLE.search(text)) and bool(
        re.search(r"Table\s+I\b.{0,6}Non-?\s?Derivative", text, re.I))


def legacy_document(text: str, *, path: str = "<text>") -> Document:
    """Characters as a virtual page: words, vertical ``|`` rules and horizontal rules."""
    words: list[Word] = []
    segments: dict[float, list[tuple[int, int]]] = {}
    hlines: list[Line] = []
    lines = text.expandtabs(8).splitlines()
    width = 0
    for y, raw in enumerate(lines):
        line = _MARKUP.sub(lambda m: " " * len(m.group(0)), raw)
        width = max(width, len(line))
        for m in _RULE.finditer(line):
            hlines.append(Line((float(m.start()), y + 0.5, float(m.end()), y + 0.5), 1))
        masked = _RULE.sub(lambda m: " " * len(m.group(0)), line)
        for x, ch in enumerate(masked):
            if ch == "|":
                segments.setdefault(x + 0.5, []).append((y, y + 1))
        for m in _TOKEN.finditer(masked):
            words.append(Word(m.group(0), m.group(0),
                              (float(m.start()), float(y), float(m.end()), float(y + 1)), 1,
                              source=Source.TEXT))
    vlines: list[Line] = []
    for xpos, spans in segments.items():
        start, end = spans[0]
        for a, b in spans[1:]:
            if a <= end:
                end = b
                continue
            vlines.append(Line((xpos, float(start), xpos, float(end)), 1))
            start, end = a, b
        vlines.append(Line((xpos, float(start), xpos, float(end)), 1))
    if not words:
        raise InputError("text has no words", code="E002", path=path)
    page = Page(1, float(max(width, 1)), float(len(lines)), tuple(words), tuple(hlines + vlines),
                unit=1.0)
    return Document((page,), Source.TEXT, path, family="legacy-ascii")


def read_legacy(data: bytes, *, path: str = "<text>") -> ReadOutcome:
    """Registry entry ``readers.legacy.v1``: an EDGAR ASCII Form 3/4/5 -> ``ReadOutcome``."""
    from extract.ir.result import MediaKind
    from extract.readers.pdf import outcome_from_document

    kind = getattr(MediaKind, "LEGACY_TEXT", None) or MediaKind.TEXT_RENDERING
    return outcome_from_document(legacy_document(legacy_text(data), path=path), kind)
