"""Page cleaning before OCR (OpenCV): orientation, deskew, binarization, ruling lines.

``prepare`` takes a grayscale page image and returns the image Tesseract should read (upright,
straight, black on white, ruling lines erased) plus the ruling lines it erased, as ``Line``s in
PDF points of that corrected page, so the lattice strategy still sees the table's boxes.

- Skew: the angle within ``±max_skew`` whose horizontal projection profile of the ink is the
  sharpest (text lines and rules then fall on few rows), searched coarse then fine on a
  reduced image.
- Orientation: Tesseract's OSD (``--psm 0``) says how far the page is turned (90/180/270).
- Check boxes: small hollow squares; a ticked one (ink inside) is erased and reported, so the
  reader adds an ``X`` word where Tesseract would read noise.
- Rules: a morphological opening with a long thin kernel (``min_rule`` inches) keeps only
  horizontal (or vertical) runs of ink; those are the ruling lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from extract.ir.document import Line

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["Prepared", "binarize", "despeckle", "ink_tones", "estimate_skew", "rotate", "deskew", "find_rules",
           "erase_rules", "find_checkboxes", "prepare"]

_WHITE = 255


def _u8(image: object) -> NDArray[np.uint8]:
    """OpenCV's result typed as the uint8 image it is (no copy)."""
    return np.asarray(image, dtype=np.uint8)


@dataclass
class Prepared:
    """A page ready for OCR: the image, its ruling lines (points), and what was corrected."""

    image: NDArray[np.uint8]
    lines: list[Line] = field(default_factory=list)
    rotation: int = 0
    """Clockwise degrees the page was turned to make it upright."""
    skew: float = 0.0
    """Degrees the page was rotated to straighten it."""
    checked: list[tuple[float, float, float, float]] = field(default_factory=list)
    """Boxes (points) of ticked check boxes, erased from ``image``; the reader adds an X."""
    tones: NDArray[np.uint8] | None = None
    """``image``'s ink in its grey tones (``ink_tones``), for the page's OCR reading."""


def binarize(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """Black ink (0) on white (255), by Otsu's threshold."""
    _t, out = cv2.threshold(gray, 0, _WHITE, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return _u8(out)


def despeckle(binary: NDArray[np.uint8], *, dpi: float) -> NDArray[np.uint8]:
    """``binary`` without specks: blots smaller than a full stop's core anywhere, and solid
    dots up to a full stop's size that no mark explains.

    A dot (square, at least 70% filled: a letter as small, "c" or "o", is hollow) is kept
    only where print puts one: on a line, just beside a mark and low on it (a full stop, a
    comma, a decimal point; the mark's lower half, so that a "y" or ")" reaching below the
    line still counts), or just over or under another mark (the dot of an "i", a colon).
    Scanner dirt lands anywhere else, and a speck within a line read as "." or "'" costs
    Tesseract the word beside it. Hyphens, commas and quotes are no squares and stay.

    One connected-components pass; each dot is checked against the marks around it."""
    ink = (binary < 128).astype(np.uint8)
    # Grana's block-based labelling: the same components, its statistics twice as fast
    count, labels, stats, _c = cv2.connectedComponentsWithStatsWithAlgorithm(
        ink, 8, cv2.CV_32S, cv2.CCL_GRANA)
    if count <= 1:
        return binary
    x0, y0 = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    x1, y1 = x0 + w, y0 + h
    area = stats[:, cv2.CC_STAT_AREA]
    drop = area <= (dpi / 120.0) ** 2
    drop[0] = False
    dot = ((area <= (0.025 * dpi) ** 2) & ~drop & (w < 2 * h) & (h < 1.7 * w)
           & (area >= 0.7 * w * h))
    dot[0] = False
    dots = np.flatnonzero(dot)
    if dots.size:
        marks = np.flatnonzero(~dot & ~drop)
        marks = marks[marks > 0]
        others = np.arange(1, count)
        reach, near, tol = 0.1 * dpi, 0.05 * dpi, max(2, round(0.012 * dpi))
        mx0, my0, mx1, my1 = x0[marks], y0[marks], x1[marks], y1[marks]
        # how far beside a mark a dot may be: by the mark's size, never beyond 0.1 in
        side = np.clip(0.7 * (my1 - my0), 0.03 * dpi, reach)
        low = my0 + 0.5 * (my1 - my0)
        # every dot against every mark and every component at once, a block of dots at a
        # time (a dot row of the comparison is as long as the page has components)
        block = max(1, 4_000_000 // max(count, 1))
        ox0, oy0, ox1, oy1 = (v[others][None, :] for v in (x0, y0, x1, y1))
        for start in range(0, dots.size, block):
            d = dots[start:start + block]
            dx0, dy0, dx1, dy1 = (v[d][:, None] for v in (x0, y0, x1, y1))
            beside = ((dy1 >= low) & (dy1 <= my1 + tol) & (
                ((mx1 <= dx0 + 1) & (mx1 >= dx0 - side))
                | ((mx0 >= dx1 - 1) & (mx0 <= dx1 + side)))).any(axis=1)
            stacked = ((ox0 <= dx1) & (ox1 >= dx0) & (others[None, :] != d[:, None]) & (
                ((oy0 >= dy1 - 1) & (oy0 <= dy1 + near))
                | ((oy1 <= dy0 + 1) & (oy1 >= dy0 - near)))).any(axis=1)
            drop[d[~beside & ~stacked]] = True
    if not drop.any():
        return binary
    out = binary.copy()
    out[drop[labels]] = _WHITE
    return out


def _sharpness(dx: NDArray[np.float64], dy: NDArray[np.float64], height: int,
               angle: float) -> float:
    """How sharp the row profile of the ink points ``(dx, dy)`` (offsets from the page's
    centre) is once turned by ``angle`` degrees: text lines square up into tall peaks."""
    turn = np.deg2rad(angle)
    rows = np.rint(np.cos(turn) * dy - np.sin(turn) * dx + height / 2).astype(np.int64)
    rows = rows[(rows >= 0) & (rows < height)]
    profile = np.bincount(rows, minlength=height).astype(np.float64)
    return float(np.sum(np.diff(profile) ** 2))


def estimate_skew(binary: NDArray[np.uint8], *, max_angle: float = 5.0) -> float:
    """Degrees (counter-clockwise positive, OpenCV's sense) that straighten the page: the turn
    whose row profile is sharpest, in 0.5 degree steps and then 0.05 around the best. Each
    try turns the ink points' coordinates (at most 1000 px a side), not the image."""
    if max_angle <= 0:
        return 0.0
    h, w = binary.shape
    factor = min(1.0, 1000.0 / max(h, w))
    small = cv2.resize(binary, (max(1, int(w * factor)), max(1, int(h * factor))),
                       interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small < 128)
    if ys.size < 50:
        return 0.0
    height, width = small.shape
    dx, dy = xs - width / 2, ys - height / 2
    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=lambda a: _sharpness(dx, dy, height, float(a)))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    angle = float(max(fine, key=lambda a: _sharpness(dx, dy, height, float(a))))
    return round(angle, 2) if abs(angle) >= 0.1 else 0.0


def rotate(image: NDArray[np.uint8], clockwise: int) -> NDArray[np.uint8]:
    """The image turned clockwise by 0, 90, 180 or 270 degrees."""
    turn = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
            270: cv2.ROTATE_90_COUNTERCLOCKWISE}.get(clockwise % 360)
    return image if turn is None else _u8(cv2.rotate(image, turn))


def deskew(gray: NDArray[np.uint8], angle: float) -> NDArray[np.uint8]:
    """``gray`` rotated by ``angle`` degrees about its centre, same size, white corners."""
    if not angle:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return _u8(cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=_WHITE))


def ink_tones(binary: NDArray[np.uint8], gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The ink of ``binary`` in its tones from ``gray`` on pure white: grey levels stretched
    so the darkest ink (0.5th percentile) is black and the paper (the 60th, pages being
    mostly paper) white, kept at most 254 so that every ink pixel of ``binary`` stays ink.
    What ``binary`` erased (paper grain, specks, rules, ticked boxes) is white."""
    counts = np.cumsum(cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel())
    low = float(np.searchsorted(counts, 0.005 * counts[-1]))
    high = float(np.searchsorted(counts, 0.6 * counts[-1]))
    lut = np.clip((np.arange(256, dtype=np.float32) - low) * 255.0 / max(1.0, high - low),
                  0, 254).astype(np.uint8)
    # binary is 0 on ink and 255 elsewhere: the larger of the two is the tone on ink only
    return _u8(cv2.max(cv2.LUT(gray, lut), binary))


def _first_pixel(contour: NDArray[Any]) -> tuple[int, int]:
    """Where OpenCV's labelling first meets the shape: it scans two rows at a time (2x2
    blocks), left to right; the rules keep the order connected components gave them."""
    points = contour.reshape(-1, 2)
    pair = int(points[:, 1].min()) // 2
    return pair, int(points[points[:, 1] // 2 == pair, 0].min())


def find_rules(binary: NDArray[np.uint8], *, min_length: int
               ) -> tuple[NDArray[np.uint8], list[tuple[int, int, int, int]]]:
    """The ruling-line mask (255 = rule) and each rule's pixel box ``(x0, top, x1, bottom)``."""
    ink = cv2.bitwise_not(binary)
    boxes: list[tuple[int, int, int, int]] = []
    mask = np.zeros_like(binary)
    for size in ((min_length, 1), (1, min_length)):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
        found = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        mask = _u8(cv2.bitwise_or(mask, found))
        # each rule's box: its outer contour's (the same as its 8-connected component's)
        contours, _h = cv2.findContours(found, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=_first_pixel):
            x, y, w, h = cv2.boundingRect(contour)
            if max(w, h) >= min_length:
                boxes.append((x, y, x + w, y + h))
    return mask, boxes


def erase_rules(binary: NDArray[np.uint8], mask: NDArray[np.uint8], *, grow: int = 1
                ) -> NDArray[np.uint8]:
    """``binary`` with the rules (widened a pixel) painted white, and then the bits of ink
    that lie wholly within ``grow`` pixels of a rule: a blurred or faded rule's edge is
    ragged, and what is left of it reads as a dotted line that Tesseract takes for text. Ink
    that reaches further (a footnote marker against a rule) is kept whole."""
    grown = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    out = binary.copy()
    out[grown > 0] = _WHITE
    if grow <= 1:
        return out
    side = 2 * grow + 1
    band = (cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))) > 0) \
        & (grown == 0)
    ink = out < 128
    near = ink & band
    if not near.any():
        return out
    count, labels = cv2.connectedComponents(ink.astype(np.uint8), connectivity=8)
    # a component is a bit when it touches the band and no ink of it lies outside the band
    bits = (np.bincount(labels[near], minlength=count) > 0) & (
        np.bincount(labels[ink & ~band], minlength=count) == 0)
    bits[0] = False
    out[bits[labels]] = _WHITE
    return out


def find_checkboxes(binary: NDArray[np.uint8], *, dpi: float
                    ) -> list[tuple[tuple[int, int, int, int], bool]]:
    """Small hollow squares (5-16 pt a side) and whether ink fills their inside (ticked)."""
    ink = cv2.bitwise_not(binary)
    contours, _h = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    low, high = 5 * dpi / 72, 16 * dpi / 72
    found: list[tuple[tuple[int, int, int, int], bool]] = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (low <= w <= high and low <= h <= high and 0.8 <= w / h <= 1.25):
            continue
        if cv2.contourArea(contour) < 0.8 * w * h:
            continue
        corners = cv2.approxPolyDP(contour, 0.06 * cv2.arcLength(contour, True), True)
        if len(corners) != 4:  # "D", "O", "0": curved, not a square
            continue
        edge = ink[y:y + h, x:x + w] > 0
        rim = max(2, int(0.15 * min(w, h)))
        sides = (edge[:rim].mean(axis=1).max(), edge[-rim:].mean(axis=1).max(),
                 edge[:, :rim].mean(axis=0).max(), edge[:, -rim:].mean(axis=0).max())
        if min(sides) < 0.85:  # a side is not one straight stroke: a glyph ("D", "B")
            continue
        inside = edge[rim:-rim, rim:-rim]
        if inside.size == 0 or inside.mean() > 0.7:  # filled square: not a check box
            continue
        found.append(((x, y, x + w, y + h), bool(inside.mean() > 0.06)))
    # a box's inner edge is a contour too: keep the outermost of boxes that nest
    return [(box, ticked) for box, ticked in found
            if not any(o != box and o[0] <= box[0] and o[1] <= box[1] and box[2] <= o[2]
                       and box[3] <= o[3] for o, _t in found)]


def _to_lines(boxes: list[tuple[int, int, int, int]], dpi: float, page_no: int) -> list[Line]:
    scale = 72.0 / dpi
    lines: list[Line] = []
    for x0, top, x1, bottom in boxes:
        if x1 - x0 >= bottom - top:  # horizontal: collapse to its centre row
            y = (top + bottom) / 2 * scale
            lines.append(Line((round(x0 * scale, 2), round(y, 2), round(x1 * scale, 2),
                               round(y, 2)), page_no))
        else:
            x = (x0 + x1) / 2 * scale
            lines.append(Line((round(x, 2), round(top * scale, 2), round(x, 2),
                               round(bottom * scale, 2)), page_no))
    return lines


def prepare(gray: NDArray[np.uint8], *, dpi: float, page_no: int = 1, rotation: int = 0,
            deskew_page: bool = True, max_skew: float = 5.0, remove_rules: bool = True,
            min_rule: float = 0.25, tones: bool = False) -> Prepared:
    """Turn (``rotation``, clockwise, from OSD), straighten, binarize and lift the rules;
    with ``tones``, also the ink in its grey tones (``ink_tones``)."""
    upright = rotate(gray, rotation)
    binary = binarize(upright)
    angle = estimate_skew(binary, max_angle=max_skew) if deskew_page else 0.0
    straight = deskew(upright, angle)
    if angle:
        binary = binarize(straight)
    binary = despeckle(binary, dpi=dpi)
    if not remove_rules:
        return Prepared(binary, [], rotation % 360, angle,
                        tones=ink_tones(binary, straight) if tones else None)
    scale = 72.0 / dpi
    checked = []
    for (x0, top, x1, bottom), ticked in find_checkboxes(binary, dpi=dpi):
        if ticked:
            checked.append((round(x0 * scale, 2), round(top * scale, 2), round(x1 * scale, 2),
                            round(bottom * scale, 2)))
            binary[max(0, top - 1):bottom + 1, max(0, x0 - 1):x1 + 1] = _WHITE
    mask, boxes = find_rules(binary, min_length=max(8, int(min_rule * dpi)))
    clean = erase_rules(binary, mask, grow=max(1, round(dpi / 150)))
    return Prepared(clean, _to_lines(boxes, dpi, page_no), rotation % 360, angle, checked,
                    ink_tones(clean, straight) if tones else None)
