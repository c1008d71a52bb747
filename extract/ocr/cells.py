"""Cell recovery: typed table and header cells read again from their crop.

Page-scale OCR of a form's 7-point values drops single letters (a code ``S``), glues specks to
dates (``'12/19/2025``) and loses digits next to superscript markers. Once the layout engine
knows where every cell is (the table's column bands between its rules, each row's rules, a
header box's value), each typed cell is cut from the cleaned page image and read again:

1. the crop is split into the value and the raised footnote marker after it (connected
   components whose bottom sits well above the value's baseline);
2. values are enlarged 2x and stacked, one per band, into a strip per character class (digits
   and ``$,./-`` for amounts, prices and dates; capitals for codes; ``0-9()`` for markers),
   each strip read by one Tesseract run (``--psm 6`` with a character whitelist);
3. the re-read replaces the page reading when it parses as the column's type; a correction
   of the page reading is recorded as an issue on the field (``R301``), never silently.

A cell the page reading missed but whose column must hold a value in a transaction row (a
date, a code, an amount) is read from its crop the same way.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from extract.errors import EngineError
from extract.fields.values import parse_printed
from extract.ir.document import Document, Line, Word
from extract.ir.grid import Cell, FormGrid, GridRow, OwnerBox, TableGrid
from extract.ir.places import (
    CANADIAN_PROVINCES,
    US_STATES,
    canadian_postal_code,
    province_of_postal_code,
    state_of_zip,
)
from extract.ir.values import Issue, Severity
from extract.layout.detect import Detection
from extract.layout.to_grid import SPECKS
from extract.ocr.confidence import unknown_words
from extract.ocr.engine import OcrSettings, read_tsv
from extract.ocr.spelling import candidates, respell_text, zipf
from extract.ocr.tsv import parse_tsv
from extract.tables.rows import join_wrapped

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["CellRead", "recover_cells", "split_marker", "split_text_marker", "read_strip", "WHITELISTS"]

_ZOOM = 2
_GAP = 24
#: Tesseract character whitelists per class of cell.
WHITELISTS = {
    "digits": "0123456789$,./",
    "code": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "text": "",  # names, addresses, titles: no whitelist, read again enlarged
    "marker": "0123456789",
}
_CLASS_OF_KIND = {"date": "date", "amount": "number", "price": "number",
                  "amount_acquired": "number", "amount_disposed": "number",
                  "code": "code", "ad": "code", "di": "code", "voluntary": "code"}
#: kinds a transaction row always prints (a row without one lost it to OCR)
_REQUIRED = {"date", "code", "ad", "di", "price", "amount", "amount_acquired", "amount_disposed"}
_FOLD_NUMBER = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1",
                              "|": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2"})


@dataclass(frozen=True, slots=True)
class CellRead:
    """One re-read: the value text, its marker digits and the mean word confidence."""

    text: str
    markers: tuple[str, ...]
    confidence: float
    marker_only: bool = False
    """The cell's only ink is a raised footnote marker: the value is blank."""
    unenlarged: str | None = None
    """A third reading, of the crop at its own size, taken when the page reading and the
    enlarged re-read both parse and disagree (enlarging turns a serif 5 into a 9)."""
    marker_confidence: float = 0.0
    """The marker re-read's confidence: the lowest of its marker groups' (0 when none was read)."""
    marker_miscount: bool = False
    """A marker group holds another number of digit-sized glyphs than the digits read from
    it ("(11)" read "1"): the engine lost or made up a digit."""


@dataclass
class _Task:
    klass: str
    kind: str
    page_no: int
    box: tuple[int, int, int, int]  # pixels of the page image
    scale: float  # pixels per point
    where: tuple[str, int, int, str]  # ("table", table index, row index, key) or header
    value: NDArray[np.uint8] | None = None
    marker: NDArray[np.uint8] | None = None
    result: list[str] = field(default_factory=list)


def _components(crop: NDArray[np.uint8]) -> list[tuple[int, int, int, int]]:
    if crop.ndim != 2 or min(crop.shape) < 2:
        return []  # an empty crop (a row or band of no height): OpenCV must not see it
    ink = np.ascontiguousarray(crop < 128, dtype=np.uint8)
    count, _labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return [(int(stats[i, 0]), int(stats[i, 1]), int(stats[i, 2]), int(stats[i, 3]))
            for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= 3]


def baseline(crop: NDArray[np.uint8]) -> tuple[int, float] | None:
    """``(baseline y, letter height)`` of the ink in a crop: the lowest bottom shared by the
    crop's taller components (commas and superscripts do not set it); None when blank."""
    comps = _components(crop)
    if not comps:
        return None
    tallest = max(c[3] for c in comps)
    base = max(y + h for _x, y, _w, h in comps if h >= 0.5 * tallest)
    on_line = [h for _x, y, _w, h in comps if abs(y + h - base) <= max(2, 0.08 * h)]
    return base, float(np.median(on_line)) if on_line else float(tallest)


def _without_specks(comps: list[tuple[int, int, int, int]], height: float, *,
                    dashes: bool = False) -> list[tuple[int, int, int, int]]:
    """Components minus specks: marks no bigger than a full stop with no glyph within half a
    letter height to either side (a decimal point or comma sits between digits) and not on
    the baseline within 0.7 letter heights after one (a full stop: "Inc.").

    With ``dashes`` (free text), a flat mark at least twice as wide as it is tall, at
    mid-height between two letters no more than one and a half letter heights away on each
    side, is a dash and stays: "Fund III - Endurance" sets it a space away from both
    words."""
    small = (0.3 * height) ** 2
    reach = 0.5 * height
    big = [c for c in comps if c[2] * c[3] > small]

    def near(c: tuple[int, int, int, int], o: tuple[int, int, int, int]) -> bool:
        gap = max(o[0] - (c[0] + c[2]), c[0] - (o[0] + o[2]))
        if 0 <= c[0] - (o[0] + o[2]) <= 0.7 * height and abs(
                (c[1] + c[3]) - (o[1] + o[3])) <= 0.15 * height:
            return True  # a full stop on the baseline after a letter ("Inc.")
        return gap <= reach and o[1] < c[1] + c[3] + reach and o[1] + o[3] > c[1] - reach

    def dash(c: tuple[int, int, int, int]) -> bool:
        if not dashes or c[2] < 2 * c[3]:
            return False
        mid = c[1] + c[3] / 2
        beside = [o for o in big if o[1] + 0.2 * o[3] < mid < o[1] + 0.8 * o[3]]
        return (any(0 <= c[0] - (o[0] + o[2]) <= 1.5 * height for o in beside)
                and any(0 <= o[0] - (c[0] + c[2]) <= 1.5 * height for o in beside))

    return [c for c in comps if c[2] * c[3] > small or dash(c) or any(near(c, o) for o in big)]


def _parenthesised(comps: list[tuple[int, int, int, int]]) -> bool:
    """The components read left to right as ``(d)``, ``(dd)``, ``(d)(d)``...: tall narrow
    brackets around one or two glyphs each (a footnote reference, never a Form 4 value)."""
    ordered = sorted(comps)
    tall = max(c[3] for c in ordered)

    def bracket(c: tuple[int, int, int, int]) -> bool:
        return c[3] >= 0.85 * tall and c[2] <= 0.45 * c[3]

    i = 0
    while i < len(ordered):
        if not bracket(ordered[i]):
            return False
        inner = 0
        i += 1
        while i < len(ordered) and not bracket(ordered[i]):
            inner += 1
            i += 1
        if not 1 <= inner <= 2 or i >= len(ordered):
            return False
        i += 1  # the closing bracket
    return True


def split_marker(crop: NDArray[np.uint8], row: tuple[int, float] | None = None
                 ) -> tuple[NDArray[np.uint8] | None, NDArray[np.uint8] | None]:
    """``(value, marker)`` crops of a binarized cell: the marker is the raised ink at the right
    end (its bottom well above the baseline); either may be None (no ink). ``row`` is the
    baseline and letter height of the row the cell is in, so a cell holding only a small
    marker is told from a value; a cell of ``(d)`` groups alone is a marker too."""
    comps = _components(crop)
    if not comps:
        return None, None
    own = baseline(crop)
    assert own is not None  # there is ink
    # the cell's own baseline: cells of one row are not all set on one line (EDGAR centres
    # some vertically), so the row's baseline only tells a lone small marker from a value
    base, height = own
    comps = _without_specks(comps, row[1] if row is not None else height)
    if not comps:
        return None, None
    on_line = [c for c in comps if c[1] + c[3] > base - 0.3 * height]
    body_right = max((x + w for x, _y, w, _h in on_line), default=0)
    # raised: above the baseline and right of the last line's text; in a wrapped cell the
    # earlier lines are above the baseline too, and what of them reaches right of the last
    # line is text, so only ink below the earlier lines' bottom can be a marker
    above = [c for c in comps if c[1] + c[3] <= base - 0.3 * height]
    # (ink inside the last line, such as the dot of a slashed zero, is not an earlier line)
    line_top = min((c[1] for c in on_line if c[3] >= 0.5 * height), default=0)
    earlier = [c for c in above if c[0] + c[2] < body_right - 2
               and c[1] + c[3] <= line_top + 0.25 * height]
    floor = max((c[1] + c[3] for c in earlier), default=-1)
    raised = [c for c in above if c[0] >= body_right - 2 and c[1] > floor - 1]
    if len(comps) >= 3 and (_parenthesised(comps) or (
            row is not None and max(c[3] for c in comps) < 0.75 * row[1])):
        raised = comps  # "(5)(6)" alone in the cell, small or set inline: a marker
    value_comps = [c for c in comps if c not in raised]

    return _cut(crop, value_comps), _cut(crop, raised)


def _lines_of(comps: list[tuple[int, int, int, int]], height: float
              ) -> list[list[tuple[int, int, int, int]]]:
    """Full-height components (letters, not punctuation or superscripts) grouped into text
    lines by their vertical centre, top line first."""
    full = sorted((c for c in comps if c[3] >= 0.8 * height), key=lambda c: c[1] + c[3] / 2)
    lines: list[list[tuple[int, int, int, int]]] = []
    for c in full:
        centre = c[1] + c[3] / 2
        if lines and abs(centre - np.median([o[1] + o[3] / 2 for o in lines[-1]])) < 0.5 * height:
            lines[-1].append(c)
        else:
            lines.append([c])
    return lines


def _line_base(line: list[tuple[int, int, int, int]], height: float) -> tuple[float, float]:
    """``(baseline, top)`` of a text line: the bottom most of its letters share (a superscript
    "(2)(3)" set in the line counts as full height, and descenders reach lower), ties going
    to the lower one; brackets (tall and narrow) are left out when there are letters."""
    letters = [c for c in line if c[2] > 0.45 * c[3]] or line
    tolerance = max(2.0, 0.1 * height)
    best: list[tuple[int, int, int, int]] = []
    for c in letters:
        bottom = c[1] + c[3]
        group = [o for o in letters if abs(o[1] + o[3] - bottom) <= tolerance]
        if (len(group), bottom) > (len(best), max((o[1] + o[3] for o in best), default=-1)):
            best = group
    return (float(np.median([c[1] + c[3] for c in best])),
            float(np.median([c[1] for c in best])))


def split_text_marker(crop: NDArray[np.uint8]
                      ) -> tuple[NDArray[np.uint8] | None, NDArray[np.uint8] | None]:
    """``(value, marker)`` of a free-text cell that may wrap (a nature of ownership, a name):
    the marker is the small ink raised at the end of the last text line, which sits where the
    line above's descenders reach, or a line of ``(d)`` groups alone under the text."""
    comps = _components(crop)
    if not comps:
        return None, None
    tallest = max(c[3] for c in comps)
    height = float(np.median([c[3] for c in comps if c[3] >= 0.5 * tallest]))
    comps = _without_specks(comps, height, dashes=True)
    lines = _lines_of(comps, height)
    if not lines:
        return split_marker(crop)
    marker: list[tuple[int, int, int, int]] = []
    base, top = _line_base(lines[-1], height)
    # a last line of bracketed digits set smaller than the text, under it: the marker alone
    below = [c for c in comps if c[1] + c[3] / 2 > base + 0.25 * height
             and c[1] > base - 0.2 * height]
    if len(below) >= 3 and _parenthesised(below):
        marker = below
    elif len(lines) >= 2:  # the bracketed digits were tall enough to count as a line
        prev_base = float(np.median([c[1] + c[3] for c in lines[-2]]))
        below = [c for c in comps if c[1] + c[3] / 2 > top - 0.2 * height
                 and c[1] > prev_base - 0.2 * height]  # not the line above's comma or 'p'
        if len(below) >= 3 and _parenthesised(below):
            marker = below
    if not marker:
        body = [c for c in comps if c[1] + c[3] > base - 0.3 * height
                and c[1] + c[3] / 2 >= top - 0.1 * height]
        right = max((c[0] + c[2] for c in body), default=0)
        marker = [c for c in comps if c[1] + c[3] <= base - 0.3 * height
                  and c[1] + c[3] / 2 >= top - 0.35 * height and c[0] >= right - 2]
        if marker and not any(c[3] >= 0.5 * height for c in marker):
            marker = []  # a lone dot or quote high up: not a bracketed number
        if marker:  # the digits inside the brackets, set higher than the brackets' centre
            mx0, my0 = min(c[0] for c in marker), min(c[1] for c in marker)
            mx1 = max(c[0] + c[2] for c in marker)
            my1 = max(c[1] + c[3] for c in marker)
            marker += [c for c in comps if c not in marker and c[0] >= mx0 - 1
                       and c[0] + c[2] <= mx1 + 1 and c[1] >= my0 - 2 and c[1] + c[3] <= my1 + 1]
    value = [c for c in comps if c not in marker]
    return _cut(crop, value), _cut(crop, marker)


def _cut(crop: NDArray[np.uint8], parts: list[tuple[int, int, int, int]]
         ) -> NDArray[np.uint8] | None:
    """The ink of ``parts`` alone on white, cropped to them with a 3-pixel margin."""
    if not parts:
        return None
    x0 = max(0, min(p[0] for p in parts) - 3)
    x1 = max(p[0] + p[2] for p in parts) + 3
    y0 = max(0, min(p[1] for p in parts) - 3)
    y1 = max(p[1] + p[3] for p in parts) + 3
    out = np.full((y1 - y0, x1 - x0), 255, np.uint8)
    for x, y, w, h in parts:
        out[y - y0:y - y0 + h, x - x0:x - x0 + w] = np.minimum(
            out[y - y0:y - y0 + h, x - x0:x - x0 + w], crop[y:y + h, x:x + w])
    return out


def read_strip(crops: list[NDArray[np.uint8]], klass: str, cfg: OcrSettings, work: Path,
               *, dpi: float, zoom: int = _ZOOM) -> list[tuple[str, float]]:
    """Each crop's text and mean confidence: crops enlarged ``zoom`` times, stacked one per
    band in strips read by one Tesseract run each, restricted to the class's whitelist. A
    strip stays under ``_STRIP_HEIGHT`` pixels (Tesseract refuses an image 32,767 pixels
    tall, and a long filing's cells stack higher than that)."""
    big = [np.asarray(cv2.resize(c, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC),
                      dtype=np.uint8) for c in crops]
    out: list[tuple[str, float]] = []
    start = 0
    while start < len(big):
        end, tallest = start, 0
        while end < len(big) and (max(tallest, big[end].shape[0]) + 2 * _GAP) * (
                end - start + 1) <= _STRIP_HEIGHT:
            tallest = max(tallest, big[end].shape[0])
            end += 1
        end = max(end, start + 1)  # one crop taller than a strip is read alone
        out += _read_one_strip(big[start:end], klass, cfg, work, dpi * zoom)
        start = end
    return out


#: the tallest strip one Tesseract run reads (its limit is 32,767 pixels)
_STRIP_HEIGHT = 30000


def _read_one_strip(big: list[NDArray[np.uint8]], klass: str, cfg: OcrSettings, work: Path,
                    dpi: float) -> list[tuple[str, float]]:
    band = max(b.shape[0] for b in big) + 2 * _GAP
    width = max(b.shape[1] for b in big) + 2 * _GAP
    strip = np.full((band * len(big), width), 255, np.uint8)
    for i, b in enumerate(big):
        strip[i * band + _GAP:i * band + _GAP + b.shape[0], _GAP:_GAP + b.shape[1]] = b
    _t, strip = cv2.threshold(strip, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if klass == "digits":
        strip = plain_zeros(np.asarray(strip, dtype=np.uint8))
    target = work / f"cells-{klass}.pgm"
    cv2.imwrite(str(target), strip)
    variables = {"tessedit_char_whitelist": WHITELISTS[klass]} if WHITELISTS[klass] else {}
    variables["tessedit_do_invert"] = "0"
    try:
        tsv = read_tsv(target, cfg, psm=6, dpi=int(dpi), variables=variables)
        words = parse_tsv(tsv, dpi=72.0)  # dpi 72: boxes stay in pixels
    except EngineError:
        return [("", 0.0)] * len(big)
    found: list[list[Word]] = [[] for _ in big]
    for word in words:
        index = int(word.yc // band)
        if 0 <= index < len(big):
            found[index].append(word)
    return [(_lines_joined(ws), float(np.mean([w.confidence for w in ws])) if ws else 0.0)
            for ws in found]


def plain_zeros(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """A binarized strip of digits with its dotted zeros made plain, as Tesseract knows them.

    The paper form's monospace figures print a dot inside the zero; Tesseract reads such a
    zero as 6 or 8, most of all at 200 dpi, where the dot runs into a bar across it ("θ").
    A dot alone inside a glyph's hole is erased; a glyph with two holes one above the other
    and straight sides (its narrowest middle row at least 0.92 of its widest rows; an 8's
    waist is about 0.8 of them) has the bar between its holes erased."""
    ink = (image < 128).astype(np.uint8)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return image
    links = hierarchy[0]
    out = image.copy()
    rects = np.array([cv2.boundingRect(c) for c in contours])  # x, y, w, h
    parents = links[:, 3]
    outer = np.flatnonzero(parents == -1)
    holes = np.flatnonzero(parents != -1)
    if holes.size:  # a dot alone inside another glyph's hole
        hx, hy, hw, hh = rects[holes].T
        for other in outer:
            x, y, w, h = rects[other]
            if np.any((hx < x) & (hy < y) & (x + w < hx + hw) & (y + h < hy + hh)
                      & (parents[holes] != other)):
                out[y:y + h, x:x + w] = 255
    for index in outer:
        own = holes[parents[holes] == index]
        if len(own) != 2:
            continue
        x, y, w, h = rects[index]
        (ax, ay, aw, ah), (bx, by, bw, bh) = sorted(rects[own].tolist(), key=lambda b: b[1])
        if not (1.2 <= h / max(w, 1) <= 2.4 and ay + ah <= by + 2
                and abs((ax + aw / 2) - (bx + bw / 2)) <= 0.3 * w):
            continue
        glyph = np.zeros((h, w), np.uint8)  # the glyph alone, filled, in its own box
        cv2.drawContours(glyph, contours, int(index), 1, thickness=-1, offset=(-x, -y))
        inked = glyph > 0
        # each row's extent, first ink to last (the glyph's outline, not its strokes)
        rows = np.where(inked.any(axis=1), w - np.argmax(inked[:, ::-1], axis=1)
                        - np.argmax(inked, axis=1), 0)
        third = max(1, h // 3)
        waist = rows[third:h - third].min() if h - 2 * third > 0 else 0
        if waist < 0.92 * min(rows[:third].max(), rows[h - third:].max()):
            continue  # pinched at the middle: an 8
        bar = cv2.convexHull(np.concatenate([contours[own[0]], contours[own[1]]]))
        cv2.fillPoly(out, [bar], 255)
    return out


def _lines_joined(words: list[Word]) -> str:
    """A crop's words in Tesseract's reading order, a line that ends in a hyphen joined to
    the next without a space ("2010-" + "Seed"), as the page reading joins a wrapped cell. A
    new line starts where a word begins left of the one before it."""
    text, line = "", ""
    for prev, word in zip([None, *words], words, strict=False):
        if prev is not None and word.x0 < prev.x0:
            text, line = join_wrapped(text, line), ""
        line = f"{line} {word.text}" if line else word.text
    return join_wrapped(text, line) if line else text


def marker_groups(crop: NDArray[np.uint8]) -> list[NDArray[np.uint8]]:
    """The digits of each bracketed group of a marker crop, one crop per group, brackets
    left out: ``(2)(3)`` gives the crops of ``2`` and ``3``. Small digits beside brackets are
    read unreliably by the engine (a clear ``(5)`` comes back ``(3)``), alone they are not.
    A crop without brackets is one group."""
    comps = sorted(_components(crop))
    if not comps:
        return [crop]
    tall = max(c[3] for c in comps)
    short = min(c[3] for c in comps if c[3] >= 0.5 * tall)
    if tall < 1.1 * short:
        return [crop]  # brackets are taller than digits; here nothing is: no brackets to cut
    cut_at = (tall + short) / 2
    low = max(c[1] + c[3] for c in comps)
    groups: list[list[tuple[int, int, int, int]]] = []
    current: list[tuple[int, int, int, int]] = []
    brackets = 0
    for c in comps:
        if c[3] >= cut_at and c[1] + c[3] >= low - 1:  # a bracket, or ")(" set touching:
            # taller than the digits and reaching below them
            brackets += 1
            if current:
                groups.append(current)
                current = []
        else:
            current.append(c)
    if current:
        groups.append(current)
    if not brackets or not groups:
        return [crop]
    cuts = [_cut(crop, g) for g in groups]
    return [c for c in cuts if c is not None]


def digit_count(crop: NDArray[np.uint8]) -> int:
    """How many digits a marker group's crop holds: its glyphs of at least 0.6 the tallest's
    height, pieces that overlap across x (a digit broken by noise) counted once."""
    comps = _components(crop)
    if not comps:
        return 0
    tall = max(c[3] for c in comps)
    spans = sorted((c[0], c[0] + c[2]) for c in comps if c[3] >= 0.6 * tall)
    count, right = 0, -1
    for x0, x1 in spans:
        if x0 >= right:
            count += 1
        right = max(right, x1)
    return count


def _lone_one(crop: NDArray[np.uint8]) -> str:
    """``1`` when a marker group the engine read as nothing is one thin upright stroke (the
    engine drops a lone ``1`` as a rule fragment), else nothing."""
    comps = _components(crop)
    if len(comps) == 1 and comps[0][2] <= 0.5 * comps[0][3] and comps[0][3] >= 6:
        return "1"
    return ""


def _markers(text: str) -> tuple[str, ...]:
    return tuple(f"F{int(n)}" for n in re.findall(r"\d{1,2}", text) if int(n) > 0)


#: A two-letter column's letters and what the capitals-only re-read makes of them in serif
#: faces (``I`` comes back ``J``, ``D`` as ``O``): mapped back, since nothing else is printed.
_ONE_OF = {"di": ("DI", {"J": "I", "L": "I", "T": "I", "O": "D", "B": "D", "P": "D"}),
           "ad": ("AD", {"O": "D", "B": "D", "R": "A"})}


def _normalise(klass: str, text: str, kind: str = "") -> str:
    """The re-read as the cell's text: numbers without spaces or stray ends; a date's digits
    in ``m/d/yyyy`` shape; a code's letters (for a D/I or A/D column, one of its two)."""
    text = text.strip()
    if kind in _ONE_OF:
        letters, fold = _ONE_OF[kind]
        one = text.replace(" ", "")
        if len(one) == 1 and one not in letters:
            return fold.get(one, one)
        return one
    if klass == "number":
        text = text.replace(" ", "").strip(",.")
        return text
    if klass == "date":
        match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", text.replace(" ", ""))
        return f"{match[1]}/{match[2]}/{match[3]}" if match else text
    if klass == "text":
        return " ".join(text.split())
    return text.replace(" ", "")


def _fold_page_text(kind: str, text: str) -> str | None:
    """A typed correction of the page reading (O/0, l/1, S/5 in a number; stray punctuation
    around a date), or None when there is nothing to correct."""
    klass = _CLASS_OF_KIND.get(kind)
    if klass == "number":
        folded = text.translate(_FOLD_NUMBER).strip("'\"`.,;:")
        return folded if folded != text else None
    if klass == "date":
        match = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if match is None:
            return None
        month, day, year = match.groups()
        # a month or day cannot start with 6, 8 or 9: a misread 0 ("64/11/2629"); a year
        # 26xx is 20xx (no Section 16 date lies after 2099)
        if len(month) == 2 and month[0] in "689" and 1 <= int(month[1]) <= 9:
            month = "0" + month[1]
        if len(day) == 2 and day[0] in "69" and 1 <= int(day[1]) <= 9:
            day = "0" + day[1]
        if year[:2] == "26":
            year = "20" + year[2:]
        folded = f"{month}/{day}/{year}"
        return folded if folded != text.strip() else None
    return None


def _pixel_box(bbox: tuple[float, float, float, float], scale: float, shape: tuple[int, ...]
               ) -> tuple[int, int, int, int]:
    h, w = shape[:2]
    x0, top, x1, bottom = bbox
    return (max(0, int(x0 * scale)), max(0, int(top * scale)),
            min(w, int(x1 * scale) + 1), min(h, int(bottom * scale) + 1))


def _row_span(row: GridRow, lines: list[Line], unit: float,
              between: tuple[float, float] = (float("-inf"), float("inf"))
              ) -> tuple[float, float] | None:
    """The row between its rules (points); the words' extent when it has none. Never
    past ``between``: the bottom of the row above and the top of the row below, so a rule
    OCR's cleaning lost does not let the crop take in a neighbour's value."""
    if row.bbox is None:
        return None
    _x0, top, _x1, bottom = row.bbox
    above = [ln.y for ln in lines if not ln.vertical and ln.y <= top + 0.2 * unit]
    below = [ln.y for ln in lines if not ln.vertical and ln.y >= bottom - 0.2 * unit]
    upper = max(above) if above and top - max(above) < 3 * unit else top - 0.3 * unit
    lower = min(below) if below and min(below) - bottom < 3 * unit else bottom + 0.3 * unit
    return max(upper, min(between[0], top)), min(lower, max(between[1], bottom))


def _between(rows: list[GridRow], index: int) -> tuple[float, float]:
    """The bottom of the row above ``rows[index]`` and the top of the one below, on its
    page (infinite where there is none)."""
    row = rows[index]
    up = [r.bbox[3] for r in rows[:index] if r.page == row.page and r.bbox is not None]
    down = [r.bbox[1] for r in rows[index + 1:] if r.page == row.page and r.bbox is not None]
    return (up[-1] if up else float("-inf")), (down[0] if down else float("inf"))


_OWNER_TEXT = ("name", "street1", "street2", "city", "state", "zip_code")


def _box_task(tasks: list[_Task], cell: Cell | None,
              images: dict[int, tuple[NDArray[np.uint8], float]],
              where: tuple[str, int, int, str], klass: str,
              pad: tuple[float, float, float, float]) -> None:
    """A header cell read again from its box widened by ``pad`` (points: left, top, right,
    bottom): a date (``klass`` date) or a name or address (``text``, only when it has text)."""
    if cell is None or cell.bbox is None or cell.page not in images:
        return
    if klass == "text" and not cell.text:
        return
    image, dpi = images[cell.page]
    x0, top, x1, bottom = cell.bbox
    box = (x0 - pad[0], top - pad[1], x1 + pad[2], bottom + pad[3])
    tasks.append(_Task(klass, klass, cell.page, _pixel_box(box, dpi / 72.0, image.shape),
                       dpi / 72.0, where))


def recover_cells(grid: FormGrid, doc: Document, det: Detection,
                  images: dict[int, tuple[NDArray[np.uint8], float]],
                  cfg: OcrSettings | None = None) -> tuple[FormGrid, list[tuple[str, str]]]:
    """``grid`` with its typed cells read again from ``images`` (page number -> cleaned image
    and dpi); also the corrections made, as ``(where, "old -> new")`` notes."""
    from extract.layout.to_grid import table_plans

    cfg = OcrSettings.resolve(cfg)
    spec = det.layout
    plans = table_plans(doc, det)
    tasks: list[_Task] = []
    for t_index, table in enumerate(grid.tables):
        columns = {c.key: c.type for c in spec.table(table.table).columns}
        for r_index, row in enumerate(table.rows):
            if row.page is None or row.page not in images:
                continue
            plan = next((p for page_no, label, p in plans
                         if page_no == row.page and label == table.table), None)
            if plan is None:
                continue
            page = doc.pages[row.page - 1]
            span = _row_span(row, list(page.lines), page.unit, _between(table.rows, r_index))
            if span is None:
                continue
            image, dpi = images[row.page]
            scale = dpi / 72.0
            for band in plan.bands:
                kind = columns.get(band.key, "text")
                klass = _CLASS_OF_KIND.get(kind)
                key = spec.grid_key(table.table, band.key)
                if kind == "text":
                    klass = "text"  # the value stands; only its footnote marker is read
                if klass is None or key == "" or "|" in key:
                    continue
                cell = row.cells.get(key)
                if cell is None and kind not in _REQUIRED and klass != "text":
                    continue
                box = _pixel_box((band.x0 + 0.5, span[0] + 0.5, band.x1 - 0.5, span[1] - 0.5),
                                 scale, image.shape)
                tasks.append(_Task(klass, kind, row.page, box, scale,
                                   ("table", t_index, r_index, key)))
    for key in ("period_of_report", "date_of_original_submission"):
        _box_task(tasks, grid.header.get(key), images, ("header", 0, 0, key), "date",
                  (2, 2, 8, 2))
    for s_index, signature in enumerate(grid.signatures):
        _box_task(tasks, signature.date, images, ("signature", s_index, 0, "date"), "date",
                  (2, 2, 8, 2))
    for o_index, owner in enumerate(grid.owners):
        for name in _OWNER_TEXT:
            _box_task(tasks, getattr(owner, name), images, ("owner", o_index, 0, name), "text",
                      (2, 1.5, 2, 1.5))
    _box_task(tasks, grid.header.get("issuer_name"), images, ("header", 0, 0, "issuer_name"),
              "text", (2, 1.5, 2, 1.5))
    if not tasks:
        return _checked(grid, [])
    rows: dict[tuple[str, int, int], list[tuple[int, float]]] = {}
    for task in tasks:
        image, _dpi = images[task.page_no]
        x0, y0, x1, y1 = task.box
        found = baseline(image[y0:y1, x0:x1])
        if found is not None and task.where[0] == "table":
            rows.setdefault(task.where[:3], []).append((found[0] + y0, found[1]))
    for task in tasks:
        image, _dpi = images[task.page_no]
        x0, y0, x1, y1 = task.box
        line: tuple[int, float] | None = None
        seen = rows.get(task.where[:3], [])
        if len(seen) >= 2:  # the row's baseline: most cells hold values, not lone markers
            line = (int(np.median([b for b, _h in seen])) - y0,
                    float(np.median([h for _b, h in seen])))
        if task.klass == "text":
            task.value, task.marker = split_text_marker(image[y0:y1, x0:x1])
        else:
            task.value, task.marker = split_marker(image[y0:y1, x0:x1], line)
    reads = _read_all(tasks, images, cfg)
    _tiebreak(grid, tasks, reads, images, cfg)
    known = {note_id for note_id, _cell in grid.footnotes}
    return _checked(*_agreed_texts(*_signed_before(*_apply(grid, tasks, reads, known), spec),
                                   spec))


#: digits OCR takes for one another in a printed year ("2026" for 2020)
_YEAR_DIGIT = {"0": "689", "6": "058", "8": "0369", "9": "04", "3": "8", "5": "6", "1": "74",
               "7": "12", "2": "7", "4": "1"}
#: what a transaction reports, and when: dated no later than its signature
_SIGNED_ELEMENTS = ("transactionDate", "deemedExecutionDate")
#: how long before its signature a put-back date may lie (a Form 5 covers a fiscal year)
_REACH = timedelta(days=731)


def _agreed_texts(grid: FormGrid, notes: list[tuple[str, str]], spec: Any
                  ) -> tuple[FormGrid, list[tuple[str, str]]]:
    """A title or nature of ownership the filing prints in other rows too, read once with a
    slip in a long word ("Veriture" for "Venture", "Footnete") or in its punctuation ("(Q
    L.P." for "(Q), L.P."), takes the reading the other rows agree on (R302, x0.9).

    Only a text read at least twice, and more often than this one, with its brackets
    closed, is taken (rows may share a slip: "(Q L.P." three times), and only when
    every word that differs is a word of four or more letters without digits, two edits at
    most away, or differs in punctuation alone: series letters, fund numerals and years
    ("Series C"/"Series D", "Fund VII"/"Fund VIII", "2010"/"2016") tell holdings apart and
    are never changed."""
    text_keys = [{spec.grid_key(t.table, c.key) for c in spec.table(t.table).columns
                  if c.type == "text"} for t in grid.tables]
    counts: dict[str, Counter[str]] = {}
    for table, keys in zip(grid.tables, text_keys, strict=True):
        for row in table.rows:
            for key in keys & row.cells.keys():
                if row.cells[key].text:
                    counts.setdefault(key, Counter())[row.cells[key].text] += 1
    notes = list(notes)
    tables = []
    for table, keys in zip(grid.tables, text_keys, strict=True):
        rows = []
        for r_index, row in enumerate(table.rows):
            cells = dict(row.cells)
            for key in keys & cells.keys():
                cell = cells[key]
                if not cell.text:
                    continue
                seen = counts[key]
                better = [t for t, n in seen.items() if n >= 2 and n > seen[cell.text]
                          and t.count("(") == t.count(")") and _slip_of(cell.text, t)]
                if len(better) != 1:
                    continue
                text = better[0]
                cells[key] = _corrected(cell, text, 0.9, f"read {cell.text!r}; {seen[text]} "
                                        f"other rows print {text!r}", Severity.INFO)
                notes.append((f"Table {table.table} row {r_index + 1} {key}",
                              f"{cell.text!r} -> {text!r}"))
            rows.append(row if cells == row.cells else row.model_copy(update={"cells": cells}))
        tables.append(table.model_copy(update={"rows": rows}))
    return grid.model_copy(update={"tables": tables}), notes


def _slip_of(read: str, other: str) -> bool:
    """Whether ``read`` is ``other`` with an OCR slip in long words or punctuation only."""
    from rapidfuzz.distance import Levenshtein

    mine, theirs = read.split(), other.split()
    if read == other or len(mine) != len(theirs):
        return False
    for a, b in zip(mine, theirs, strict=True):
        if a == b:
            continue
        if a.lower() == b.lower() or a + "s" == b or b + "s" == a:
            return False  # "See footnote", "See Footnote" and "See Footnotes" may all be printed
        if re.sub(r"[^\w]", "", a) == re.sub(r"[^\w]", "", b):
            continue  # punctuation alone: "(Q" / "(Q),"
        letters_a, letters_b = re.sub(r"[^A-Za-z]", "", a), re.sub(r"[^A-Za-z]", "", b)
        if (re.search(r"\d", a + b) or min(len(letters_a), len(letters_b)) < 4
                or Levenshtein.distance(a, b) > 2):
            return False
    return True


def _signed_before(grid: FormGrid, notes: list[tuple[str, str]], spec: Any
                   ) -> tuple[FormGrid, list[tuple[str, str]]]:
    """Transaction dates and the period of report read later than the filing's signature
    date, which no filing has (V107): the year's digit OCR confused put back, the latest
    year one confusable digit away that lies on or before the signature and at most two
    years before it (R302, x0.7); a date no such year fits is left for review.
    "11/20/2026" signed "11/24/2020" becomes "11/20/2020"."""
    signed = [d for line in grid.signatures if line.date is not None
              and (d := _day(line.date.text)) is not None]
    if not signed:
        return grid, notes
    last = max(signed)
    notes = list(notes)
    header = dict(grid.header)
    cell = header.get("period_of_report")
    if cell is not None and (fixed := _year_before(cell, last)) is not None:
        notes.append(("header period_of_report", f"{cell.text!r} -> {fixed.text!r}"))
        header["period_of_report"] = fixed
    tables = []
    for table in grid.tables:
        keys = {spec.grid_key(table.table, c.key) for c in spec.table(table.table).columns
                if c.element in _SIGNED_ELEMENTS}
        rows = []
        for r_index, row in enumerate(table.rows):
            cells = dict(row.cells)
            for key in keys & cells.keys():
                if (fixed := _year_before(cells[key], last)) is not None:
                    notes.append((f"Table {table.table} row {r_index + 1} {key}",
                                  f"{cells[key].text!r} -> {fixed.text!r}"))
                    cells[key] = fixed
            rows.append(row if cells == row.cells else row.model_copy(update={"cells": cells}))
        tables.append(table.model_copy(update={"rows": rows}))
    return grid.model_copy(update={"header": header, "tables": tables}), notes


def _day(text: str) -> date | None:
    value, _issues = parse_printed("date", text)
    return value if isinstance(value, date) else None


def _year_before(cell: Cell, signed: date) -> Cell | None:
    """``cell``'s date with a misread year put back when it lies after ``signed``."""
    match = re.fullmatch(r"(\d{1,2}/\d{1,2}/)(\d{4})", cell.text.strip())
    when = _day(cell.text)
    if match is None or when is None or when <= signed:
        return None
    head, year = match.groups()
    best: tuple[date, str] | None = None
    for i, digit in enumerate(year):
        for other in _YEAR_DIGIT.get(digit, ""):
            text = head + year[:i] + other + year[i + 1:]
            day = _day(text)
            if (day is not None and signed - _REACH <= day <= signed
                    and (best is None or day > best[0])):
                best = (day, text)
    if best is None:
        return None
    return _typed(cell, best[1], DISAGREE, f"dated after the signature ({signed.isoformat()})")


def _checked(grid: FormGrid, notes: list[tuple[str, str]]
             ) -> tuple[FormGrid, list[tuple[str, str]]]:
    """The checks on what was read that need no image: misread words in footnotes and
    remarks, the "/s/" and stops of signature names, each owner's state against the zip
    code, and a city that ends in its state as well."""
    notes = list(notes)
    notes_read, remarks = [], grid.remarks
    for note_id, cell in grid.footnotes:
        fixed = _respelled(cell)
        if fixed is not cell:
            notes.append((f"footnote {note_id}", f"{cell.text!r} -> {fixed.text!r}"))
        notes_read.append((note_id, fixed))
    if remarks is not None and (fixed := _respelled(remarks)) is not remarks:
        notes.append(("remarks", f"{remarks.text!r} -> {fixed.text!r}"))
        remarks = fixed
    signatures = []
    for s_index, line in enumerate(grid.signatures):
        name = line.name
        if name is not None and (text := _tidy_signature(name.text)) != name.text:
            notes.append((f"signature {s_index}", f"{name.text!r} -> {text!r}"))
            line = line.model_copy(update={"name": _typed(name, text, 0.9)})
        signatures.append(line)
    grid = grid.model_copy(update={"footnotes": notes_read, "remarks": remarks,
                                   "signatures": signatures})
    owners = []
    for o_index, owner in enumerate(grid.owners):
        owner, changes = check_place(owner)
        city = _city_without_state(owner.city, owner.state)
        if owner.city is not None and city is not None and city is not owner.city:
            changes.append(("city", f"{owner.city.text!r} -> {city.text!r}"))
            owner = owner.model_copy(update={"city": city})
        owners.append(owner)
        notes += [(f"owner {o_index} {key}", change) for key, change in changes]
    return grid.model_copy(update={"owners": owners}), notes


#: "/s/" as OCR reads it: "isl", "Is/", "/sl", "/5/" (235 of the 266 dev signatures start
#: "/s/"; none starts with a word of two to four characters like these)
_SLASH_S = re.compile(r"^(?=\S{2,4} )(?:[/|\\Iil1!(\[]?[sS5][/|\\Iil1!)\]]?"
                       r"|[/|\\Iil1!(\[][sS5]{1,2}[/|\\Iil1!)\]7][.,\-]?)(?= )")
#: a stop where the comma goes: before a lower-case word ("/s/ Tami Chen. attorney-in-fact")
#: or before "Attorney" ("/s/ Tami Chen. Attorney-in-Fact")
_SIGNED_STOP = re.compile(r"(?<=[A-Za-z]{3})\. (?=[a-z])|(?<=[A-Za-z][a-z])\. (?=Attorney\b)")
#: a speck read as a stop between two names ("Kathy. Hibbs"); abbreviations keep theirs
_NAME_STOP = re.compile(r"\b([A-Z][a-z]{2,})\. (?=[A-Z][a-z])")
_KEEPS_STOP = frozenset({"Inc", "Corp", "Ltd", "Esq", "Bros", "Mrs", "Dept", "Assn", "Gen",
                         "Gov", "Sen", "Rep", "Hon", "Rev", "Prof", "Capt", "Col", "Lieut"})


#: "Attorney- in-Fact", "Attorney-in- fact", "attorney-in~-fact", "Attorney in-Fact" and
#: "attorney- Y= in-fact" (a wrapped line's stray word): the phrase's own hyphens
_IN_FACT = re.compile(r"(?i)\b(attorney)(?:\s*[-~_+]+\s*(?:\S{1,5}\s+)?|\s+)(in)"
                      r"\s*[-~_+]+\s*(?:\S{1,5}\s+)?([fe]act)\b")
#: a space read as "_" or "*" between words ("Son,_by_power", "Samantha*Harnett"): no dev
#: signature has either
_GLUE = re.compile(r"(?<=\S)[_*]+(?=\S)")
#: the F of "fact" as read: "F" or an "E" (a capital F with a speck) is a capital
_FACT_F = {"F": "F", "E": "F"}
#: what a scan leaves after the name: a rule's stub or a dash ("Attorney-In-Fact _")
_SIGNED_TAIL = re.compile(r"(?<=[A-Za-z.])\s*[-_~=,;*]+$")


def _tidy_signature(text: str) -> str:
    """A signature name with its "/s/", commas, spaces read as "_" or "*", and the hyphens
    of "attorney-in-fact" (and its F, read as E) put back, a trailing dash, stub or comma
    dropped, and a stop between two names dropped ("Kathy. Hibbs"). No dev signature has a
    stop before a lower-case word or after a word of two or more letters before a capitalised
    one, a colon after "/s/", or ends in a dash or comma."""
    text = _SLASH_S.sub("/s/", text).replace("/s/:", "/s/", 1)
    text = _GLUE.sub(" ", text)
    text = _IN_FACT.sub(lambda m: f"{m[1]}-{m[2]}-{_FACT_F.get(m[3][0], 'f')}{m[3][1:]}", text)
    text = _SIGNED_STOP.sub(", ", _SIGNED_TAIL.sub("", text))
    return _NAME_STOP.sub(lambda m: m[0] if m[1] in _KEEPS_STOP else f"{m[1]} ", text)


def _respelled(cell: Cell) -> Cell:
    """A footnote's or the remarks' text with the words OCR misread put back
    (``extract.ocr.spelling``; R302, confidence x0.9)."""
    text, changes = respell_text(cell.text)
    if not changes:
        return cell
    what = ", ".join(f"{a!r} -> {b!r}" for a, b in changes)
    return _corrected(cell, text, 0.9, f"misread words put back: {what}", Severity.INFO)


def _corrected(cell: Cell, text: str, factor: float, message: str,
               severity: Severity = Severity.WARNING) -> Cell:
    """``cell`` holding ``text`` instead, its confidence times ``factor``, the change
    recorded on it as R302."""
    return cell.model_copy(update={
        "text": text, "confidence": round(cell.confidence * factor, 4),
        "issues": cell.issues + (Issue(code="R302", message=message, severity=severity),)})


def _typed(cell: Cell, text: str, factor: float, why: str = "",
           severity: Severity = Severity.WARNING) -> Cell:
    message = f"typed correction of the reading {cell.text!r} to {text!r}"
    return _corrected(cell, text, factor, f"{message}: {why}" if why else message, severity)


def _one_off(said: str, expected: str | None) -> bool:
    """Whether a missing or two-character state is at most one character off ``expected``."""
    if expected is None:
        return False
    return not said or (len(said) == 2 and sum(a != b for a, b in zip(said, expected,
                                                                       strict=True)) <= 1)


#: a state box read with a stop or the zip code after the two letters
_STATE_ZIP = re.compile(r"([A-Za-z]{2})(?:\.|[.,]?\s+(\d{5}(?:-\d{4})?))")


def check_place(owner: OwnerBox) -> tuple[OwnerBox, list[tuple[str, str]]]:
    """An OCR'd address's state checked against its zip code (``extract.ir.places``).

    A Canadian postal code has its letters and digits put back by position ("V5Y OAl"), and
    a state that is no province becomes the postal code's ("AL" -> "A1"). A US zip code
    gives the state when the state is missing or is no US state ("XX"). Only a state one
    character off is replaced: a foreign country's code beside a five-digit postcode stays.
    A US state and a zip code that disagree are both left as read, at half their confidence
    (R304): either may be the misread one, so a reviewer decides. A state box read on into
    the zip code ("CA. 94070") or with a stop ("TX.") gives its two letters, and the zip
    code when the zip box is empty. Changes are R302, confidence x0.8."""
    changes: list[tuple[str, str]] = []
    update: dict[str, Cell] = {}
    state, zip_cell = owner.state, owner.zip_code
    if state is not None and (joined := _STATE_ZIP.fullmatch(state.text.strip())):
        # the state box's reading ran on into the zip code ("CA. 94070") or took a speck
        # ("TX."): the state alone, and the zip code when its own box lost it
        before = state.text
        state = _typed(state, joined[1].upper(), 0.8, "the state's two letters")
        update["state"] = state
        changes.append(("state", f"{before!r} -> {state.text!r}"))
        if joined[2] and (zip_cell is None or not zip_cell.text):
            zip_cell = Cell(text=joined[2], raw=joined[0], confidence=round(
                state.confidence, 4), page=state.page, bbox=state.bbox, issues=(Issue(
                    code="R302", message=f"zip code read in the state box: {joined[0]!r}",
                    severity=Severity.WARNING),))
            update["zip_code"] = zip_cell
            changes.append(("zip_code", f"'' -> {zip_cell.text!r}"))
    if zip_cell is None or not zip_cell.text:
        return (owner.model_copy(update=update) if update else owner), changes
    said = state.text.strip().upper() if state is not None else ""
    postal = canadian_postal_code(zip_cell.text)
    expected: str | None
    if postal is not None:
        if postal != zip_cell.text:
            update["zip_code"] = _typed(zip_cell, postal, 0.8, "a Canadian postal code")
            changes.append(("zip_code", f"{zip_cell.text!r} -> {postal!r}"))
        expected = province_of_postal_code(postal)
        wrong = said not in CANADIAN_PROVINCES and _one_off(said, expected)
    else:
        expected = state_of_zip(zip_cell.text)
        wrong = said not in US_STATES and _one_off(said, expected)
        if expected is not None and said in US_STATES and said != expected and state is not None:
            issue = Issue(code="R304", message=f"state {said!r} and zip code "
                          f"{zip_cell.text!r} ({expected}) disagree", severity=Severity.WARNING)
            for key, cell in (("state", state), ("zip_code", zip_cell)):
                update[key] = cell.model_copy(update={
                    "confidence": round(cell.confidence * 0.5, 4),
                    "issues": cell.issues + (issue,)})
    if expected is not None and wrong:
        why = f"the state of zip code {zip_cell.text!r}"
        if state is None or not state.text:
            base = Cell(text="", raw=None, confidence=zip_cell.confidence, page=zip_cell.page,
                        bbox=zip_cell.bbox)
        else:
            base = state
        update["state"] = _typed(base, expected, 0.8, why)
        changes.append(("state", f"{said!r} -> {expected!r}"))
    return (owner.model_copy(update=update) if update else owner), changes


def _cell_at(where: tuple[str, int, int, str], header: dict[str, Cell], owners: list[Any],
             signatures: list[Any], tables: list[list[GridRow]]) -> Cell | None:
    """The cell a task's ``where`` names, in a grid's parts."""
    kind, index, r_index, key = where
    if kind == "header":
        return header.get(key)
    if kind == "owner":
        return getattr(owners[index], key)  # type: ignore[no-any-return]
    if kind == "signature":
        return getattr(signatures[index], key)  # type: ignore[no-any-return]
    return tables[index][r_index].cells.get(key)


def _task_bbox(task: _Task) -> tuple[float, float, float, float]:
    """The task's crop box in points."""
    x0, y0, x1, y1 = task.box
    return (round(x0 / task.scale, 2), round(y0 / task.scale, 2), round(x1 / task.scale, 2),
            round(y1 / task.scale, 2))


def _tiebreak(grid: FormGrid, tasks: list[_Task], reads: dict[int, CellRead],
              images: dict[int, tuple[NDArray[np.uint8], float]], cfg: OcrSettings) -> None:
    """Numbers and dates whose page reading and enlarged re-read both parse but differ are
    read a third time at their own size (one more strip, usually a few cells); ``_decide``
    goes with the majority."""
    chosen: list[int] = []
    tables = [list(t.rows) for t in grid.tables]
    for i, task in enumerate(tasks):
        read = reads.get(i)
        if task.klass not in ("number", "date") or read is None or task.value is None:
            continue
        cell = _cell_at(task.where, grid.header, list(grid.owners), list(grid.signatures),
                        tables)
        if (cell is not None and cell.text and read.text and read.text != cell.text
                and _parses(task.kind, cell.text) and _parses(task.kind, read.text)):
            chosen.append(i)
    if not chosen:
        return
    dpi = next(iter(images.values()))[1]
    with tempfile.TemporaryDirectory(prefix="sec16-tie-") as tmp:
        crops = [c for c in (tasks[i].value for i in chosen) if c is not None]
        thirds = read_strip(crops, "digits", cfg, Path(tmp), dpi=dpi, zoom=1)
    for i, (text, _conf) in zip(chosen, thirds, strict=True):
        reads[i] = replace(reads[i], unenlarged=_normalise(tasks[i].klass, text, tasks[i].kind))


def _read_all(tasks: list[_Task], images: dict[int, tuple[NDArray[np.uint8], float]],
              cfg: OcrSettings) -> dict[int, CellRead]:
    dpi = next(iter(images.values()))[1]
    out: dict[int, CellRead] = {}
    with tempfile.TemporaryDirectory(prefix="sec16-cells-") as tmp:
        work = Path(tmp)
        # numbers and dates share one strip (and one Tesseract run): digits, "$,./"; a
        # table's text cells are read at their own size (as well as enlarged, and faster;
        # header text is not: its names and addresses read better enlarged)
        for strip, members, where, zoom in (
                ("digits", ("number", "date"), None, _ZOOM), ("code", ("code",), None, _ZOOM),
                ("text", ("text",), False, _ZOOM), ("text", ("text",), True, 1)):
            chosen = [i for i, t in enumerate(tasks) if t.klass in members
                      and t.value is not None
                      and where in (None, t.where[0] == "table")]
            crops = [c for c in (tasks[i].value for i in chosen) if c is not None]
            reads = read_strip(crops, strip, cfg, work, dpi=dpi, zoom=zoom)
            for i, (text, conf) in zip(chosen, reads, strict=True):
                out[i] = CellRead(_normalise(tasks[i].klass, text, tasks[i].kind), (), conf)
        marked = [(i, t.marker) for i, t in enumerate(tasks) if t.marker is not None]
        groups = [marker_groups(crop) for _i, crop in marked]
        flat = [g for gs in groups for g in gs]
        digits = iter(read_strip(flat, "marker", cfg, work, dpi=dpi, zoom=3))
        for (i, _crop), gs in zip(marked, groups, strict=True):
            reads_of = [(next(digits), g) for g in gs]
            found = _markers(" ".join(f"({d or _lone_one(g)})" for (d, _c), g in reads_of))
            prior = out.get(i, CellRead("", (), 0.0))
            out[i] = CellRead(prior.text, found, prior.confidence,
                              marker_only=tasks[i].value is None and bool(found),
                              marker_confidence=min((c for (_d, c), _g in reads_of),
                                                    default=0.0),
                              marker_miscount=any(d.isdigit() and len(d) != digit_count(g)
                                                  for (d, _c), g in reads_of))
    return out


def _apply(grid: FormGrid, tasks: list[_Task], reads: dict[int, CellRead], known: set[str]
           ) -> tuple[FormGrid, list[tuple[str, str]]]:
    tables = [list(t.rows) for t in grid.tables]
    header = dict(grid.header)
    owners = list(grid.owners)
    signatures = list(grid.signatures)
    notes: list[tuple[str, str]] = []
    for i, task in enumerate(tasks):
        read = reads.get(i)
        if read is None and task.value is None and task.marker is None:
            read = CellRead("", (), 0.0)  # no ink but specks: whatever the page read is noise
        if read is None:
            continue
        where, t_index, r_index, key = task.where
        cell = _cell_at(task.where, header, owners, signatures, tables)
        new = _decide(task, cell, read, known)
        kept = new or cell
        if read.marker_miscount and kept is not None and set(read.markers) & set(kept.footnotes):
            new = kept.model_copy(update={
                "confidence": round(kept.confidence * MARKER_DISAGREE, 4)})
        if new is None or new == cell:
            continue
        old_text = cell.text if cell else ""
        label = (f"{where} {key}" if where != "table"
                 else f"Table {grid.tables[t_index].table} row {r_index + 1} {key}")
        if old_text != new.text:
            notes.append((label, f"{old_text!r} -> {new.text!r}"))
        if where == "header":
            header[key] = new
        elif where == "owner":
            owners[t_index] = owners[t_index].model_copy(update={key: new})
        elif where == "signature":
            signatures[t_index] = signatures[t_index].model_copy(update={key: new})
        else:
            row = tables[t_index][r_index]
            cells = dict(row.cells)
            cells[key] = new
            tables[t_index][r_index] = row.model_copy(update={"cells": cells})
    new_tables = [TableGrid(table=t.table, rows=rows) for t, rows in zip(grid.tables, tables,
                                                                         strict=True)]
    return grid.model_copy(update={"tables": new_tables, "header": header,
                                   "owners": owners, "signatures": signatures}), notes


def _city_without_state(city: Cell | None, state: Cell | None) -> Cell | None:
    """``city`` without the state read at its end as well ("DENVER co" where the state is
    "CO", read or told by the zip code)."""
    if city is None or state is None or not re.fullmatch(r"[A-Za-z]{2}", state.text):
        return city
    words = city.text.split()
    if len(words) >= 2 and words[-1].strip(SPECKS).upper() == state.text.upper():
        return city.model_copy(update={"text": " ".join(words[:-1])})
    return city


_ADDRESS = ("street1", "street2", "city")
#: words of an address that take a full stop (anything else with one had a speck beside it)
_ABBREVIATIONS = frozenset({
    "ST", "STE", "AVE", "AV", "BLVD", "RD", "DR", "LN", "CT", "PL", "PKWY", "HWY", "FL", "FLR",
    "APT", "BLDG", "CIR", "SQ", "TER", "TPKE", "EXPY", "FWY", "N", "S", "E", "W", "NE", "NW",
    "SE", "SW", "MT", "FT", "PT", "INC", "CO", "CORP", "LTD", "LLC", "LP", "L", "P", "PO", "O",
    "C", "U", "NO", "BOX", "DEPT", "ATTN", "JR", "SR", "PLC", "SA", "AG", "NV", "BV"})


def _tidy_address(text: str) -> str:
    """An OCR'd street or city line without the specks read as punctuation on its words: a
    full stop after a word that is no abbreviation ("SAN." "STREET."), after a house number
    ("349."), a quote at a word's end ("MENLO'"), a stop or comma before a word
    (".CONGRESS"), a dash after the line ("SUITE 250 -") or before it ("-C/O"), a zero in
    "C/O", the box's printed labels ("(Street)")."""
    out = []
    text = re.sub(r"^([Cc]{1,2}/) ([0Oo])(?= )", r"\1\2", text)  # "C/ 0 SEQUOIA"
    text = re.sub(r"\s+[-~_]+$", "", text)  # a rule's stub after the line ("SUITE 250 -")
    text = re.sub(r"^[-~_.,]+(?=[A-Za-z0-9])", "", text)  # a speck before it ("-C/O", "-2800")
    text = " ".join(_FORM_LABEL.sub(" ", text).split())  # "(Street) WEST HOLLYWOOD"
    for word in text.split(" "):
        word = re.sub(r"(?<=[A-Za-z])['`]$", "", word)
        word = re.sub(r"^[.,](?=[A-Za-z0-9])", "", word)  # "111 .CONGRESS AVENUE"
        if word != "c/o" and re.fullmatch(r"[Cc]{1,2}[/7][0Oo]", word):
            word = "C/O"  # "care of" as OCR reads it: "C/0", "Cc/0", "c/O", "C70"
        core = word[:-1] if word.endswith(".") else ""
        if core and (core.isdigit() or (core.isalpha() and len(core) >= 3
                                        and core.upper() not in _ABBREVIATIONS)):
            word = core
        out.append(_capital_slip(word))
    return " ".join(out)


#: an "I" read as "T" or "L" in a word of capitals ("SEQUOTA" for "SEQUOIA")
_CAPITAL_SLIPS = (("t", "i"), ("l", "i"))
_CAPITAL_WORD = re.compile(r"^([A-Z]{4,})([,.]?)$")


def _capital_slip(word: str) -> str:
    """``word`` with one letter of ``_CAPITAL_SLIPS`` put back, when it is a word of capitals
    no word list knows and exactly one such change makes a word English uses (Zipf >= 2.5):
    street lines name companies and places in capitals, and OCR's slips there make
    non-words."""
    match = _CAPITAL_WORD.match(word)
    if match is None or zipf(match.group(1).lower()) > 0:
        return word
    known = [c for c in candidates(match.group(1).lower(), _CAPITAL_SLIPS) if zipf(c) >= 2.5]
    return known[0].upper() + match.group(2) if len(known) == 1 else word


#: Words the form's table titles and ownership natures are made of: a rare word OCR read
#: one letter off one of these is that word ("Stotk", "Comman").
_FORM_WORDS = tuple(sorted({
    "common", "stock", "class", "preferred", "series", "ordinary", "shares", "share", "units",
    "unit", "restricted", "option", "options", "warrant", "warrants", "rights", "right",
    "performance", "deferred", "employee", "director", "purchase", "convertible", "notes",
    "depositary", "american", "capital", "fund", "funds", "partners", "partnership",
    "principals", "venture", "ventures", "growth", "trust", "trustee", "holdings",
    "management", "investments", "investment", "limited", "global", "family", "foundation",
    "estate", "planning", "vehicles", "spouse", "children", "retirement", "plan", "account",
    "corporation", "company", "incorporated", "group", "associates", "equity", "parallel",
    "opportunities", "indirect", "direct", "member", "manager", "general", "revocable",
    "irrevocable", "living", "charitable", "remainder", "annuity", "grantor", "retained"}))


def _respell(text: str) -> str:
    """``text`` with each rare word (none or almost no English text uses it: "Comman",
    "Stotk") that is one edit from exactly one form word replaced by that word, in the
    reading's case."""
    from rapidfuzz.distance import Levenshtein

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if zipf(word.lower()) >= 2.0:
            return word
        near = [w for w in _FORM_WORDS
                if abs(len(w) - len(word)) <= 1 and Levenshtein.distance(w, word.lower()) == 1]
        if len(near) != 1:
            return word
        if word.isupper():
            return near[0].upper()
        return near[0].capitalize() if word[0].isupper() else near[0]

    return re.sub(r"[A-Za-z]{4,}", fix, text)


def _typed_text(task: _Task, text: str) -> str:
    """A text cell's reading with the typed fixes of its kind: a superscript marker or speck
    read as "?", "!", ":" or a quote after the value dropped; specks on an address's words;
    a form word one letter off in a table."""
    if task.where[0] == "table":
        text = _LP_QUOTE.sub("L.P.", text)
    text = _STRAY_TAIL.sub("", text)
    if text and task.where[0] == "owner" and task.where[3] in _ADDRESS:
        text = _tidy_address(text)
    if text and task.where[0] == "table":
        text = respell_text(_LP.sub("L.P.", _respell(_GLUED_QUOTE.sub("", text))))[0]
        text = _tidy_table_text(text)
    if text and task.where[3] in ("issuer_name", "name"):
        text = _tidy_name(text)
    if text and task.where[3] == "zip_code":
        text = text.strip(" .,;:'\"`-_|")  # a speck beside the digits ("94089.")
    return text


def _tidy_table_text(text: str) -> str:
    """A security title or nature of ownership without OCR's usual slips: a colon after a
    leading "By" ("By: Fund"), specks read as marks (``_SPECK_MARK``), a class letter read
    as a digit ("Class 8"), a roman numeral of I's read with l's ("Fund Ill") or in small
    letters after its first ("Fund Iv"), "U.S." that
    lost its inner stop ("US."), and a full stop or comma a speck made at the end ("Common
    Stock."). None of the 3,290 titles and natures of the dev XML starts "By:" or ends in a
    stop after a word that is no abbreviation."""
    text = _BY_COLON.sub("By ", text)
    text = _SPECK_MARK.sub("", text)
    text = _CLASS_DIGIT.sub(lambda m: "Class " + _CLASS_LETTER[m.group(1)], text)
    text = _ROMAN_L.sub(lambda m: "I" * len(m.group(0)), text)
    text = _US_STOP.sub("U.S.", text)
    text = _ROMAN_CASED.sub(lambda m: m.group(0).upper(), text)
    match = _END_STOP.search(text)
    if match and match.group(1).upper() not in _ABBREVIATIONS:
        text = text[:match.end(1)]
    return text


_BY_COLON = re.compile(r"^By:\s*")
#: specks a line of print does not hold: a colon or semicolon after a word within the text
#: ("(right to: buy)", "Partners: XII"), a stop or comma before a word (".Common"), a lone
#: "|" (a rule's stub), a lone stop, comma, quote, underscore or degree sign between words
#: ("Class A . Common", "U.S. ° Venture"), an underscore or a hyphen before a word ("B
#: _Common", "By -Sequoia"). None of the 3,334 titles and natures of the dev XML has one.
_SPECK_MARK = re.compile(r"(?<=\w)[:;](?= )|(?<![^ ])[.,](?=[A-Za-z0-9])| \|(?= |$)"
                         r"| [.,_°'`·](?= )|(?<![^ ])_(?=\w)|(?<![^ ])-(?=[A-Za-z])")
#: "L.P'" at a title's end: the last stop read as a quote (453 dev titles and natures end
#: "L.P.", one "L.P")
_LP_QUOTE = re.compile(r"\bL\.P['`’]$")
#: a share class read as a digit ("Class 8 Common Stock"): 1,304 dev titles name a class by
#: a letter, none by a digit
_CLASS_LETTER = {"8": "B", "4": "A"}
_CLASS_DIGIT = re.compile(rf"\bClass ([{''.join(_CLASS_LETTER)}])\b")
#: a word of two or three I's and l's with at least one capital I after another word
#: ("Fund Ill", "Partners lI"): the numeral, not "Ill" the word
_ROMAN_L = re.compile(r"(?<= )(?=[Il]*I)[Il]{2,3}\b")
#: a fund's roman numeral read with small letters after the first ("Fund Iv", "Xii"); no
#: dev title or nature has one
_ROMAN_CASED = re.compile(r"(?<= )(?:Ii|Iii|Iv|Vi|Vii|Viii|Ix|Xi|Xii|Xiii|Xiv|Xv|Xvi|Xvii|Xx)\b")
_END_STOP = re.compile(r"(?<![.\w])([A-Za-z]{2,})[.,]$")
#: "U.S." with its inner stop lost, or the stop read as a second S ("US. Venture", "USS.
#: Growth"): 491 dev texts write "U.S.", none "US." or "USS."
_US_STOP = re.compile(r"\bUS{1,2}\.(?= [A-Z0-9])")


#: a quote stuck to the end of a word inside the text ("Common' Stock"); after an "s" it
#: may be a plural's apostrophe, and is kept
_GLUED_QUOTE = re.compile(r"(?<=[A-Za-rt-z])['`’](?=\s)")


#: the labels printed in the form's name and address boxes, read into a box's text when the
#: crop reaches them ("(Street) WEST HOLLYWOOD", "SUITE 410 SAN Street)")
_FORM_LABEL = re.compile(r"\(?\b(?:Street|City|State|Zip|Last|First|Middle)\)")
#: a company's legal suffix, which the name before it is parted from by a comma
_SUFFIX = re.compile(r"Inc\.?|LLC|L\.P\.|LP|Ltd\.?|Corp\.?|N\.V\.|S\.A\.|plc|PLC")


def _tidy_name(text: str) -> str:
    """A company's or person's name without what OCR made of specks and rules between its
    words: a lone "|" or "_" word, an underscore for a space ("Natera,_Inc"), a comma for
    the final stop ("Inc,"), a zero for a final initial O, a small first letter ("square,
    Inc."), a stop and comma run together ("Eventbrite,. Inc."), a colon after a word
    within it ("Mithril: II"), a stop after a last name in capitals ("BOTHA ROELOF."), the
    box's printed labels ("(Street)"), a stop after a whole word within
    the name ("Bird. Global": none of the 510 issuer and owner names of the dev XML has one
    after a word of three or more letters that is no abbreviation)."""
    text = _FORM_LABEL.sub(" ", text).replace(",.", ",")  # "Eventbrite,. Inc."
    words = [w for w in text.replace("_", " ").split()
             if any(c.isalnum() for c in w) or w in ("&", "-", "+")]
    words = [w[:-1] if re.fullmatch(r"[A-Za-z]{2,}:", w) else w for w in words[:-1]] + words[-1:]
    if words:  # a rule's stub or a speck before the first word ("-Eventbrite, Inc.")
        words[0] = words[0].lstrip("-~=.,'\"`|")
    for i in range(len(words) - 1):
        if (not re.fullmatch(r"[A-Za-z]{3,}\.", words[i])
                or words[i][:-1].upper() in _ABBREVIATIONS):
            continue
        # "Technologies. Inc.": the comma before a company suffix read as a stop; any other
        # stop after a whole word within a name is a speck ("Bird. Global, Inc.")
        if not _SUFFIX.fullmatch(words[i + 1]):
            words[i] = words[i][:-1]
        elif len(words[i]) > 4:
            words[i] = words[i][:-1] + ","
    if len(words) > 1 and words[-1] == "0":  # a middle initial O ("Sacks David 0")
        words[-1] = "O"
    if words and words[-1].endswith(","):  # no name ends in a comma: a full stop misread
        last = words[-1].rstrip(",")
        words[-1] = last + "." if last.upper() in _ABBREVIATIONS else last
    if len(words) > 1 and re.fullmatch(r"[A-Z]{3,}\.", words[-1]) and (
            words[-1][:-1] not in _ABBREVIATIONS):  # "BOTHA ROELOF.": a speck, no stop
        words[-1] = words[-1][:-1]
    if words and re.fullmatch(r"[a-z]{3,}[.,]?", words[0]):
        # no issuer or owner name of the dev XML starts with a lower-case word ("square,
        # Inc."); "eBay" and "iRobot" keep theirs
        words[0] = words[0].capitalize()
    return " ".join(words)


#: "L.P." as OCR damages it: a lower-case p, a space for the first stop, a comma beside a
#: stop, a comma for the final stop at the end of the cell. "LP" without stops is left.
_LP = re.compile(r"\bL\.\s?p\.|\bL\s+P\.|\bL,\.?P\.|\bL\.,P\.|\bL\.P,$")


_STRAY_TAIL = re.compile(r"""(?<=[\w.)])\s?[?!®:;'`"*°^|]+$""")
_JUNK_TAIL = re.compile(r"""[\s'"`?*°^()\[\]{}|]+(\d{1,2})?[\s'"`?*°^()\[\]{}|]*$""")


def _text_markers(cell: Cell | None, read: CellRead, known: set[str], task: _Task
                  ) -> Cell | None:
    """A text cell read again: the enlarged reading replaces the page reading when Tesseract
    is surer of it and it is recognisably the same text; a raised marker the re-read found
    becomes the footnote, and what the page reading made of it (``LLC'?``) is cut off."""
    if cell is None:
        # a table's text cell the page reading missed: the crop's own reading, when sure
        new = " ".join(read.text.split()).strip("'\"`*°^|")
        if len(new) < 2 or read.confidence < 0.6 or not re.search(r"[A-Za-z]{2}", new):
            return None
        return Cell(text=new, footnotes=_choose_markers(read.markers, (), known), raw="",
                    confidence=round(read.confidence * 0.8, 4), page=task.page_no,
                    bbox=_task_bbox(task),
                    issues=(Issue(code="R301", message=f"missed by the page reading; read "
                                  f"from the cell as {new!r}", severity=Severity.WARNING),))
    text = _better_text(cell, read)
    if text is not None and task.where[0] != "table" and len(text.split()) > len(
            cell.text.split()):
        text = None  # a header box's crop that caught a label or a neighbour's word
    if text is not None:
        # two readings that differ: the one kept is less sure than either alone
        cell = cell.model_copy(update={
            "text": text, "confidence": round(read.confidence * DISAGREE, 4),
            "issues": cell.issues + (Issue(code="R301", message=f"page reading {cell.text!r} "
                                           f"read again enlarged as {text!r}",
                                           severity=Severity.WARNING),)})
    elif read.text:
        text = cell.text
        page_words = _plain_words(cell.text)
        agree = bool(page_words) and page_words == _plain_words(read.text)
        # two readings at different scales that agree are surer than either
        confidence = (_agreed(cell.confidence, read.confidence) if agree
                      else round(cell.confidence * DISAGREE, 4))
        cell = cell.model_copy(update={"confidence": confidence})
    if not read.markers:
        return cell if text is not None else None
    footnotes = _choose_markers(read.markers, cell.footnotes, known)
    if footnotes == cell.footnotes:
        return cell if text is not None else None
    text = cell.text
    tail = _JUNK_TAIL.search(text)
    if tail and (not tail[1] or f"F{int(tail[1])}" in footnotes):
        text = text[:tail.start()].rstrip()
    return cell.model_copy(update={"text": text, "footnotes": footnotes,
                                   "confidence": _marker_doubt(cell, footnotes)})


#: The factor on a cell's confidence when the page reading and the marker re-read both
#: read footnote markers there and read different ones ("F2" and "F5"): one of them misread
#: a small raised digit, and the re-read's is kept; and when a marker group holds another
#: number of digit glyphs than the digits read from it ("(11)" read "1").
MARKER_DISAGREE = 0.7


def _marker_doubt(cell: Cell, footnotes: tuple[str, ...]) -> float:
    """``cell``'s confidence, times ``MARKER_DISAGREE`` when its page reading cited other
    notes than ``footnotes``, the ones kept."""
    page = {n for n in cell.footnotes if n != "F0"}
    if page and footnotes and page != set(footnotes):
        return round(cell.confidence * MARKER_DISAGREE, 4)
    return cell.confidence


#: The factor on a reading's confidence when the page reading and the cell's re-read, both
#: well formed, disagree and one is kept: an independent second reading that differs is the
#: strongest sign of an OCR error there is.
DISAGREE = 0.7


def _plain_words(text: str) -> list[str]:
    """The words of a reading without bracketed marker digits and stray punctuation, to
    compare two readings of one cell."""
    text = re.sub(r"[\[({]\s*\d{1,2}\s*[\])}]", " ", text)
    return [w for w in (re.sub(r"^[^\w$]+|[^\w.%]+$", "", t) for t in text.split()) if w]


def _better_text(cell: Cell, read: CellRead) -> str | None:
    """The re-read text when it should replace the page reading, else None."""
    from rapidfuzz import fuzz

    new = " ".join(read.text.split()).lstrip("'\"`*°^")
    if not new or new == cell.text:
        return None
    if read.confidence >= 0.8 and _dropped_letter(cell.text.split(), new.split()):
        return new  # a page reading drops a lone letter between wide gaps ("Class A Common")
    similar = fuzz.ratio(new.lower(), cell.text.lower())
    if similar < 60 or _twice(_plain_words(cell.text), _plain_words(new)):
        return None  # not the same text: a crop that caught a neighbour, or noise
    if read.confidence >= 0.8 and similar >= 85 and len(new.split()) == len(cell.text.split()) \
            and unknown_words(cell.text) and not unknown_words(new):
        return new  # the reading in real words ("Sequoia", not the page's "Sequola")
    if read.confidence < cell.confidence + 0.03:
        return None
    return new


def _twice(page: list[str], read: list[str]) -> bool:
    """Whether ``read`` holds the page reading's words twice over: a crop that reached into
    the next row of a column repeating its text ("See Footnote ... See Footnote")."""
    n = len(page)
    return n > 0 and sum(read[i:i + n] == page for i in range(len(read) - n + 1)) >= 2


def _dropped_letter(page: list[str], read: list[str]) -> bool:
    """``read`` is ``page`` with one more word, a capital letter or a digit or two, between
    words the page reading has (a class letter, a fund's numeral)."""
    if len(read) != len(page) + 1 or len(page) < 2:
        return False
    for i in range(1, len(page)):
        if read[:i] == page[:i] and read[i + 1:] == page[i:]:
            return bool(re.fullmatch(r"[A-Z]|[0-9IVX]{1,3}", read[i]))
    return False


def _choose_markers(read: tuple[str, ...], page: tuple[str, ...], known: set[str]
                    ) -> tuple[str, ...]:
    """The cell's footnote ids: the re-read's when the explanations list them (or list none),
    else the page reading's that they list; never ``F0``."""
    read = tuple(n for n in read if n != "F0")
    page = tuple(n for n in page if n != "F0")
    if not known:
        return read or page
    if read and all(n in known for n in read):
        return read
    if page and all(n in known for n in page):
        return page
    return read or page


def _parses(kind: str, text: str) -> bool:
    """Whether ``text`` is a well-formed value of ``kind``; a number's thousands commas
    must group by three ("641,4001,954,631" is two rows' numbers run together)."""
    value, issues = parse_printed(kind, text)
    if value is None or issues:
        return False
    core = text.replace("$", "").strip()
    return (_CLASS_OF_KIND.get(kind) != "number" or "," not in core
            or _GROUPED.fullmatch(core) is not None)


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?")


_INLINE_MARK = re.compile(r"\s*[({](\d{1,2})[)}]$")
#: marker groups inside a text, between words: "Fund, {6)(7) L.P."
_CITED_INSIDE = re.compile(r"(?<=\S)\s+(?:[({]\d{1,2}[)}]){1,3}(?=\s)")
#: a lone number of one or two digits ending a text after a word
_MARK_RESIDUE = re.compile(r"(?<=[^\d\s])\s+\d{1,2}$")


def _inline_markers(cell: Cell, known: set[str]) -> Cell:
    """A table text cell whose reading still holds its superscript marker, read on the line
    at full size:

    - ending in "(2)" (or "{2}", "(2}"), where the filing has footnote F2 ("By Rivendell
      One LLC (2)"): the marker becomes a footnote reference; a number no footnote has
      stays text;
    - "{6)(7)" inside the text, a wrapped cell's marker on its first line, when the cell
      already cites F6 and F7: dropped;
    - a lone one- or two-digit word at the end ("L.P. 7") when the cell cites a footnote:
      what the page made of the raised "(2)(3)". No dev title or nature ends so.

    Each is R301 and lowers the cell's confidence by ``DISAGREE``: some filers type "(2)"
    into a title itself ("Class B Common Stock (2)"), and a reviewer sees the print."""
    text, found = cell.text, list(cell.footnotes)
    while (match := _INLINE_MARK.search(text)) and f"F{int(match.group(1))}" in known \
            and match.start() > 0:
        found.insert(len(cell.footnotes), f"F{int(match.group(1))}")
        text = text[:match.start()]

    def cited(group: re.Match[str]) -> str:
        ids = {f"F{int(n)}" for n in re.findall(r"\d+", group[0])}
        return " " if ids <= set(found) else group[0]

    text = " ".join(_CITED_INSIDE.sub(cited, text).split())
    if found and (match := _MARK_RESIDUE.search(text)):
        text = text[:match.start()]
    if text == cell.text:
        return cell
    return cell.model_copy(update={
        "text": text, "footnotes": tuple(dict.fromkeys(found)),
        "confidence": round(cell.confidence * DISAGREE, 4), "issues": cell.issues + (Issue(
            code="R301", message=f"footnote marker read into the text: {cell.text!r} -> "
            f"{text!r}", severity=Severity.INFO),)})


def _decide(task: _Task, cell: Cell | None, read: CellRead, known: set[str]) -> Cell | None:
    """``_decided``, with a date's impossible year put back: a year from 2100 to 2999 is a
    "0" misread ("12/11/2620", "2933"): no Section 16 date lies there (R302)."""
    out = _decided(task, cell, read, known)
    base = out if out is not None else cell
    if task.klass != "date" or base is None:
        return out
    match = _FAR_YEAR.search(base.text)
    if match is None:
        return out
    text = base.text[:match.start(1)] + "0" + base.text[match.end(1):]
    return _typed(base, text, DISAGREE, "no filing's date lies after 2099")


_FAR_YEAR = re.compile(r"/2([1-9])\d\d$")


def _agreed(a: float, b: float) -> float:
    """The confidence of two independent readings that agree: ``1 - (1 - a)(1 - b)``."""
    return round(min(1.0, 1 - (1 - a) * (1 - b)), 4)


def _lost_digits(read: str, page: str) -> bool:
    """Whether the digits of ``read`` are the first digits of ``page``'s and fewer."""
    mine, theirs = re.sub(r"\D", "", read), re.sub(r"\D", "", page)
    return bool(mine) and len(mine) < len(theirs) and theirs.startswith(mine)


def _decided(task: _Task, cell: Cell | None, read: CellRead, known: set[str]) -> Cell | None:
    """The cell to keep: the re-read when it parses and the page reading does not, or when
    both parse, the re-read is sure (>= 0.6) and the page reading is not surer; a typed fix
    of the page reading (O/0, l/1, stray punctuation) when neither works."""
    kind = task.kind
    if task.klass == "text":
        out = _text_markers(cell, read, known, task)
        base = out if out is not None else cell
        if base is None:
            return out
        if base.text and not re.search(r"[A-Za-z0-9]", base.text):
            # a speck or a rule's stub read as "-" or "." where nothing is printed
            return base.model_copy(update={"text": "", "issues": base.issues + (Issue(
                code="R303", message=f"dropped OCR noise {base.text!r}",
                severity=Severity.INFO),)})
        tidy = _typed_text(task, base.text)
        if tidy and tidy != base.text:
            base = _typed(base, tidy, 0.8, severity=Severity.INFO)
        if task.where[0] == "table":
            base = _inline_markers(base, known)
        return None if base is cell else base
    page_text = cell.text if cell else ""
    page_ok = bool(page_text) and _parses(kind, page_text)
    read_ok = bool(read.text) and _parses(kind, read.text)
    footnotes = _choose_markers(read.markers, cell.footnotes if cell else (), known)
    prior = cell.issues if cell else ()
    if read.marker_only and cell is None and footnotes and all(n in known for n in footnotes):
        # a blank cell that cites a note ("(3)" where a date would be): the page lost it
        return Cell(text="", footnotes=footnotes, raw="", confidence=0.6, page=task.page_no,
                    bbox=_task_bbox(task), issues=(Issue(
                        code="R301", message=f"missed by the page reading; the cell holds "
                        f"only the footnote marker {', '.join(footnotes)}",
                        severity=Severity.WARNING),))
    if read.marker_only and cell is not None and cell.text:
        return cell.model_copy(update={
            "text": "", "footnotes": footnotes, "issues": prior + (Issue(
                code="R301", message=f"page reading {page_text!r} is the raised footnote "
                f"marker alone; the value is blank", severity=Severity.WARNING),)})
    if (read_ok and page_ok and cell is not None and read.unenlarged is not None
            and read.unenlarged == page_text):
        # the crop at its own size agrees with the page: the enlarged reading is the odd one
        return cell.model_copy(update={"footnotes": footnotes, "issues": prior + (Issue(
            code="R301", message=f"re-read enlarged as {read.text!r}, but read at its own "
            f"size as {page_text!r} like the page: kept", severity=Severity.INFO),)})
    folded = _fold_page_text(kind, page_text) if cell is not None and not page_ok else None
    if (read_ok and cell is not None and folded is not None and _parses(kind, folded)
            and _lost_digits(read.text, folded)):
        # the re-read kept only the first digits of what the page read ("68" for
        # "684,741."): the page reading, typed-corrected, is the fuller view
        return cell.model_copy(update={
            "text": folded, "confidence": round(cell.confidence * 0.7, 4), "footnotes": footnotes,
            "issues": prior + (Issue(code="R302", message=f"typed correction of the page "
                                     f"reading {page_text!r} to {folded!r} (re-read "
                                     f"{read.text!r} lost digits)",
                                     severity=Severity.WARNING),)})
    if read_ok and read.text != page_text and (
            not page_ok or cell is None or read.confidence >= 0.5):
        # the re-read sees the cell alone, enlarged, marker split off: the better view
        conf = read.confidence * (DISAGREE if page_ok else 0.8)
        bbox = cell.bbox if cell and cell.bbox else _task_bbox(task)
        what = (f"page reading {page_text!r} read again from the cell as {read.text!r}"
                if page_text else f"missed by the page reading; read from the cell as "
                                  f"{read.text!r}")
        return Cell(text=read.text, footnotes=footnotes,
                    raw=(cell.raw if cell and cell.raw is not None else page_text),
                    confidence=round(conf, 4), page=task.page_no, bbox=bbox,
                    issues=prior + (Issue(code="R301", message=what,
                                          severity=Severity.WARNING),))
    if page_ok and read_ok and cell is not None:
        # two independent readings agree: surer than either
        return cell.model_copy(update={"confidence": _agreed(cell.confidence, read.confidence),
                                       "footnotes": footnotes})
    if cell is not None and folded is not None and _parses(kind, folded):
        return cell.model_copy(update={
            "text": folded, "confidence": round(cell.confidence * 0.7, 4),
            "issues": prior + (Issue(code="R302", message=f"typed correction of the page "
                                     f"reading {page_text!r} to {folded!r}",
                                     severity=Severity.WARNING),)})
    if not page_ok and not read_ok and read.text and task.klass == "date":
        folded = _fold_page_text(kind, read.text)  # the re-read has the same misread 0s
        if folded is not None and _parses(kind, folded):
            return Cell(text=folded, footnotes=footnotes, raw=page_text,
                        confidence=round(read.confidence * 0.7 * (0.8 if cell is None else 1),
                                         4), page=task.page_no,
                        bbox=cell.bbox if cell and cell.bbox else _task_bbox(task),
                        issues=prior + (Issue(code="R302", message=f"typed correction of the "
                                              f"re-read {read.text!r} to {folded!r}",
                                              severity=Severity.WARNING),))
    if cell is not None and page_text and not page_ok and not re.search(r"[A-Za-z0-9]",
                                                                        page_text):
        # a speck read as punctuation where nothing is printed
        return cell.model_copy(update={"text": "", "footnotes": footnotes, "issues": prior + (
            Issue(code="R303", message=f"dropped OCR noise {page_text!r}",
                  severity=Severity.INFO),)})
    if (cell is not None and not cell.text and cell.footnotes
            and footnotes == cell.footnotes == read.markers):
        # a blank cell that only cites notes, its markers read alike by the page and by the
        # marker re-read: two readings agree, as for a value
        return cell.model_copy(update={
            "confidence": _agreed(cell.confidence, read.marker_confidence)})
    if cell is not None and footnotes != cell.footnotes:
        return cell.model_copy(update={"footnotes": footnotes,
                                       "confidence": _marker_doubt(cell, footnotes)})
    return None
