"""Rows: cut the data area into rows (ruling lines, else vertical clustering) and build cells.

Stream rows: text lines are grouped top to bottom; a line continues the row above when every
cell it fills is a text column (title, nature of ownership, underlying title) that the row
already has text in (a wrapped cell). Lattice rows: horizontal rules across the table.

Footnote markers are detached from cell text by size (smaller than the row's body text and
raised) or by pattern (``(1)``, ``[F1]``, a trailing ``(2)`` glued to a number) and kept as
``F<n>`` references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.ir.document import Line, Word
from extract.ir.grid import Cell
from extract.layout.anchors import group_lines
from extract.tables.base import Band

__all__ = [
    "row_cuts",
    "RawRow",
    "cell_from_words",
    "footnote_of",
    "join_wrapped",
    "split_rows",
    "words_to_text",
]

_MARK = re.compile(r"^(?:\((\d{1,3})\)|\[F?(\d{1,3})\]|F(\d{1,3}))$")
_GLUED = re.compile(r"^(.*?\S)((?:\[F?\d{1,3}\])+|(?:\(\d{1,3}\))+)$")
_NUMERIC = re.compile(r"^\$?[\d,]*\.?\d+$")
_ALL_MARKS = re.compile(r"^(?:\(\d{1,3}\)|\[F?\d{1,3}\])+$")
_MARKS_IN = re.compile(r"[(\[]F?(\d{1,3})[)\]]")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass
class RawRow:
    words: dict[str, list[Word]]
    top: float
    bottom: float


def footnote_of(word: Word, body_size: float, baseline: float) -> str | None:
    """``F<n>`` when ``word`` is a footnote marker, else None."""
    text = word.text.translate(_SUP)
    small = body_size and word.size and word.size < 0.85 * body_size
    m = _MARK.match(text)
    if m and (small or not word.size or not body_size):
        return "F" + next(g for g in m.groups() if g)
    raised = word.bottom < baseline - 0.12 * max(word.height, 1e-6)
    if text.isdigit() and len(text) <= 3 and small and raised:
        return "F" + text
    return None


def words_to_text(words: list[Word]) -> str:
    """Words in reading order, lines joined by a space (none after a hyphen)."""
    return _join(words, None, False)


def cell_from_words(words: list[Word], band: Band | None, *, fixed_width: bool,
                    confidence: float = 1.0) -> Cell:
    """A ``Cell`` with footnote markers detached from the text."""
    if not words:
        return Cell()
    if fixed_width and band is not None:
        words = _glue_cut_words(words, band)
    sizes = sorted(w.size for w in words if w.size)
    body = max(sizes) if sizes else 0.0
    baseline = max(w.bottom for w in words)
    keep: list[Word] = []
    notes: list[str] = []
    if all(_MARK.match(w.text) or _ALL_MARKS.match(w.text) for w in words):
        notes = ["F" + n for w in words for n in re.findall(r"(\d{1,3})", w.text)]
        return Cell(text="", footnotes=tuple(dict.fromkeys(notes)),
                    raw=" ".join(w.orig for w in words), page=words[0].page_no,
                    bbox=(min(w.x0 for w in words), min(w.top for w in words),
                          max(w.x1 for w in words), max(w.bottom for w in words)),
                    confidence=round(min(w.confidence for w in words) * confidence, 4))
    for line in group_lines(words):
        line_base = max((w.bottom for w in line.words if not body or w.size >= 0.85 * body),
                        default=max(w.bottom for w in line.words))
        for w in line.words:
            note = footnote_of(w, body, line_base)
            if note is not None and fixed_width and w.text.startswith("("):
                note = None  # "(2)" in fixed-width text may be part of the value
            if note is not None and (len(line.words) > 1 or len(words) > 1 or w.text.startswith("(")):
                notes.append(note)
                continue
            bracketed = w.text.startswith("[")
            if _ALL_MARKS.match(w.text) and (bracketed or not fixed_width) and (
                    not body or not w.size or w.size < 0.85 * body):
                notes += ["F" + n for n in _MARKS_IN.findall(w.text)]
                continue
            m = _GLUED.match(w.text)
            if m and not m.group(1).startswith("(") and not (body and w.size) and (
                    m.group(2).startswith("[") or _NUMERIC.match(m.group(1))):
                notes += ["F" + n for n in _MARKS_IN.findall(m.group(2))]
                w = Word(m.group(1), w.orig, w.bbox, w.page_no, w.confidence, w.source,
                         w.size, w.font)
            keep.append(w)
    del baseline
    text = _join(keep, band, fixed_width)
    x0 = min(w.x0 for w in words)
    bbox = (x0, min(w.top for w in words), max(w.x1 for w in words), max(w.bottom for w in words))
    conf = min((w.confidence for w in words), default=1.0) * confidence
    return Cell(text=text, footnotes=tuple(dict.fromkeys(notes)), raw=" ".join(w.orig for w in words),
                confidence=round(conf, 4), page=words[0].page_no, bbox=bbox)


def _glue_cut_words(words: list[Word], band: Band) -> list[Word]:
    """Fixed-width text: a word that runs to the column edge continues on the next line."""
    lines = group_lines(words)
    out: list[Word] = []
    carry: Word | None = None
    for line in lines:
        ws = list(line.words)
        if carry is not None and ws:
            first = ws[0]
            out.append(Word(carry.text + first.text, carry.orig + first.orig, carry.bbox,
                            first.page_no, min(carry.confidence, first.confidence),
                            first.source))
            ws = ws[1:]
            carry = None
        if ws and ws[-1].x1 >= band.x1 - 1.01 and line is not lines[-1]:
            carry = ws.pop()
        out += ws
    if carry is not None:
        out.append(carry)
    return out


def _join(words: list[Word], band: Band | None, fixed_width: bool) -> str:
    if not words:
        return ""
    out = ""
    for line in group_lines(words):
        parts: list[str] = []
        for w in line.words:
            if parts and parts[-1] == "$":
                parts[-1] = "$" + w.text
            else:
                parts.append(w.text)
        out = join_wrapped(out, " ".join(parts))
    return out


def join_wrapped(text: str, line: str) -> str:
    """``text`` continued by the next printed ``line``: a word hyphenated at the line end
    (``Non-`` + ``Derivative``) is joined without a space, anything else with one."""
    if not text:
        return line
    if text.endswith("-") and len(text) > 1 and text[-2] != " ":
        return text + line
    return text + " " + line


def split_rows(words: list[Word], bands: list[Band], hlines: list[Line], *, text_keys: set[str],
               x0: float, x1: float, unit: float) -> list[RawRow]:
    """Data rows of one table region."""
    if not words or not bands:
        return []
    cuts = row_cuts(hlines, x0, x1, unit)
    ys = sorted(w.yc for w in words)
    tol = 0.5 * unit
    if any(c <= ys[0] + tol for c in cuts) and any(c > ys[0] + tol for c in cuts):
        return _by_rules(words, bands, cuts)
    return _by_lines(words, bands, text_keys, unit)


def row_cuts(hlines: list[Line], x0: float, x1: float, unit: float, *, share: float = 0.5
             ) -> list[float]:
    """y of horizontal rules whose segments at one height together cover ``share`` of the
    table's width (overlaps counted once)."""
    width = x1 - x0
    segs = sorted((h.y, max(h.bbox[0], x0), min(h.bbox[2], x1)) for h in hlines)
    cuts: list[float] = []
    group: list[tuple[float, float, float]] = []

    def close() -> None:
        covered = 0.0
        end = -1e18
        for _y, a, b in sorted(group, key=lambda g: g[1]):
            if b <= a:
                continue
            if a > end:
                covered += b - a
                end = b
            elif b > end:
                covered += b - end
                end = b
        if group and covered >= share * width:
            cuts.append(sum(y for y, _a, _b in group) / len(group))

    for seg in segs:
        if group and seg[0] - group[-1][0] > 0.25 * unit:
            close()
            group = []
        group.append(seg)
    close()
    return cuts


def _band_of(w: Word, bands: list[Band]) -> Band:
    for b in bands:
        if b.x0 <= w.xc < b.x1:
            return b
    return min(bands, key=lambda b: min(abs(b.x0 - w.xc), abs(b.x1 - w.xc)))


def _by_rules(words: list[Word], bands: list[Band], cuts: list[float]) -> list[RawRow]:
    edges = [-1e9, *cuts, 1e9]
    rows: list[RawRow] = []
    for top, bottom in zip(edges, edges[1:], strict=False):
        inside = [w for w in words if top <= w.yc < bottom]
        if not inside:
            continue
        cells: dict[str, list[Word]] = {}
        for w in inside:
            cells.setdefault(_band_of(w, bands).key, []).append(w)
        rows.append(RawRow(cells, min(w.top for w in inside), max(w.bottom for w in inside)))
    return rows


def _by_lines(words: list[Word], bands: list[Band], text_keys: set[str], unit: float
              ) -> list[RawRow]:
    rows: list[RawRow] = []
    for line in group_lines(words):
        cells: dict[str, list[Word]] = {}
        for w in line.words:
            cells.setdefault(_band_of(w, bands).key, []).append(w)
        if rows:
            row = rows[-1]
            near = line.top - row.bottom < 1.2 * unit
            if near and all(k in text_keys and k in row.words for k in cells):
                for k, ws in cells.items():
                    row.words[k] += ws
                row.bottom = max(row.bottom, line.bottom)
                continue
        rows.append(RawRow(cells, line.top, line.bottom))
    return rows
