"""Footnote markers printed as superscripts, which Tesseract reads as noise, read again.

A Form 4 prints ``3,090 (1)`` with the ``(1)`` small and raised; Tesseract at page scale
returns ``3,090")``, ``34,4273}`` or a separate ``'1?}`` / ``4)``. For each number whose box
ends in small raised ink, and each short noisy word, that ink is cropped and enlarged 4x; the
crops of a page are stacked in one strip read by a single Tesseract run restricted to
``0-9()``. The marker becomes its own word ``(n)``, which the table layer attaches as a
footnote; the number is cut back at the marker's x; a tail that reads no digit is dropped.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from extract.errors import EngineError
from extract.ir.document import Word
from extract.ocr.engine import OcrSettings, read_tsv
from extract.ocr.tsv import parse_tsv

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["repair_markers", "read_markers"]

_NUMBER_TAIL = re.compile(r"^(\$?\d[\d,]*(?:\.\d+)?)(\S{0,5})$")
_NUMBER = re.compile(r"^\$?\d[\d,]*(?:\.\d+)?$")
_NOISE = re.compile(r"^[^A-Za-z]{1,5}$")
_NOISE_CHARS = set("()[]{}'\"`°*?|©®^~‘’“”")  # not "%": "10%" is a number
_MARK = re.compile(r"^\(\d{1,3}\)$")
_ZOOM = 4
_GAP = 40


def _enlarge(crop: NDArray[np.uint8]) -> NDArray[np.uint8]:
    big = cv2.resize(crop, None, fx=_ZOOM, fy=_ZOOM, interpolation=cv2.INTER_CUBIC)
    return np.asarray(big, dtype=np.uint8)


def read_markers(crops: list[NDArray[np.uint8]], cfg: OcrSettings, work: Path
                 ) -> list[str | None]:
    """The digits of each cropped superscript marker (None where none is read).

    All crops are enlarged and stacked in one strip, one per band, and read by a single
    Tesseract run restricted to ``0-9()``; a word belongs to the band its centre falls in."""
    if not crops:
        return []
    big = [_enlarge(c) if c.size else np.full((8, 8), 255, np.uint8) for c in crops]
    band = max(b.shape[0] for b in big) + 2 * _GAP
    width = max(b.shape[1] for b in big) + 2 * _GAP
    strip = np.full((band * len(big), width), 255, np.uint8)
    for i, b in enumerate(big):
        strip[i * band + _GAP:i * band + _GAP + b.shape[0], _GAP:_GAP + b.shape[1]] = b
    target = work / "markers.png"
    cv2.imwrite(str(target), strip)
    try:
        tsv = read_tsv(target, cfg, psm=6, dpi=cfg.dpi * _ZOOM,
                       variables={"tessedit_char_whitelist": "0123456789()"})
        words = parse_tsv(tsv, dpi=72.0)  # dpi 72: boxes stay in pixels
    except EngineError:
        return [None] * len(crops)
    found: list[str] = [""] * len(crops)
    for word in words:
        index = int(word.yc // band)
        if 0 <= index < len(found):
            found[index] += re.sub(r"\D", "", word.text)
    return [d if 1 <= len(d) <= 2 else None for d in found]


def _raised_span(image: NDArray[np.uint8], box: tuple[int, int, int, int]
                 ) -> tuple[int, int] | None:
    """x-range of the small raised ink in the right part of a word box (pixels)."""
    x0, top, x1, bottom = box
    region = image[top:bottom, x0:x1]
    if region.size == 0:
        return None
    h = bottom - top
    count, _l, stats, _c = cv2.connectedComponentsWithStats((region < 128).astype(np.uint8))
    comps = [(int(s[0]), int(s[0] + s[2]), int(s[1]), int(s[1] + s[3])) for s in stats[1:count]]
    base = max((right for _l, right, _t, low in comps if low > 0.8 * h), default=0)
    spans = [(left, right) for left, right, top, low in comps
             if left >= base - 1 and low <= 0.7 * h and top <= 0.35 * h]
    if not spans:
        return None
    right = max(b for _a, b in spans)
    left = min(a for a, _b in spans)
    return x0 + left, x0 + right


def _head(word: Word, number: str, mark_x0: float) -> str:
    """The number left of the marker: a superscript digit read as a normal one (``34,4273``
    for ``34,427 (3)``) is cut at the marker's x, assuming even character widths."""
    if mark_x0 >= word.x1 or word.x1 <= word.x0:
        return number
    keep = int(len(word.text) * (mark_x0 - word.x0) / (word.x1 - word.x0))
    head = word.text[:keep].rstrip(",.")
    return head if len(head) < len(number) and _NUMBER.match(head) else number


def repair_markers(words: list[Word], image: NDArray[np.uint8], *, dpi: float,
                   cfg: OcrSettings) -> list[Word]:
    """``words`` with superscript footnote markers read again (see the module docstring)."""
    scale = dpi / 72.0
    plans: list[tuple[Word, re.Match[str] | None, tuple[int, int] | None]] = []
    crops: list[NDArray[np.uint8]] = []
    for word in words:
        glued = _NUMBER_TAIL.match(word.text)
        if glued and glued.group(2) and re.fullmatch(r"\d{1,2}", glued.group(1)):
            glued = None  # "4)": a marker on its own, not a number with a tail
        noisy = (not glued and not _MARK.match(word.text) and _NOISE.match(word.text)
                 and any(c in _NOISE_CHARS for c in word.text))
        if not glued and not noisy:
            plans.append((word, None, None))
            continue
        px = (int(word.x0 * scale), int(word.top * scale), int(word.x1 * scale) + 1,
              int(word.bottom * scale) + 1)
        span = _raised_span(image, px) if glued else (px[0], px[2])
        if span is None:
            if not (glued and any(c in _NOISE_CHARS for c in glued.group(2))):
                plans.append((word, None, None))  # a clean number: nothing raised after it
                continue
            span = (px[2], px[2])
        pad = max(2, int(0.1 * (px[3] - px[1])))
        crops.append(image[max(0, px[1] - pad):px[3] + pad, max(0, span[0] - pad):span[1] + pad])
        plans.append((word, glued, span))
    if not crops:
        return list(words)
    with tempfile.TemporaryDirectory(prefix="sec16-mark-") as tmp:
        digits = iter(read_markers(crops, cfg, Path(tmp)))
    heights = sorted(w.bottom - w.top for w in words if sum(c.isalpha() for c in w.text) >= 3)
    line_height = heights[len(heights) // 2] if heights else 0.0
    out: list[Word] = []
    for word, glued, span in plans:
        if span is None:
            out.append(word)
            continue
        found = next(digits)
        if glued and not glued.group(2) and span[0] / scale <= word.x0 + 0.5:
            # the "raised" part is the whole word: a number in a box as tall as the text's
            # ("Exhibit 24", its box stretched by a neighbour) is the number, no marker after
            # it; a small one is a marker on its own
            small = line_height and word.bottom - word.top < 0.8 * line_height
            out.append(replace(word, text=f"({found})") if small and found else word)
            continue
        if found is None and glued and not any(c in _NOISE_CHARS for c in glued.group(2)):
            # no marker read and no noise after the number ("684,741."): what looked raised
            # was no marker, and the number stays whole
            out.append(word)
            continue
        if found is None and not glued:  # "4)": the engine's own digits, noise around them
            own = re.sub(r"\D", "", word.text)
            found = own if 1 <= len(own) <= 2 else None
        mark_x0 = min(word.x1, span[0] / scale)
        if glued:
            out.append(Word(_head(word, glued.group(1), mark_x0), word.orig, (word.x0, word.top, mark_x0, word.bottom),
                            word.page_no, word.confidence, word.source))
        if found is not None:
            out.append(Word(f"({found})", word.orig, (mark_x0, word.top, word.x1, word.bottom),
                            word.page_no, word.confidence, word.source))
        elif not glued:
            out.append(word)
    return out
