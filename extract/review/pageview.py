"""Show a reviewer where a value came from: source lines with the span marked, or the
page image cropped around the field's box with the box drawn.

Text renderings carry a virtual-page box (character columns, 1-based line number); HTML
renderings a table position, so the span is found by searching the raw text; PDFs (and,
once issue 4 lands, scans) are rendered with pypdfium2 and cropped with Pillow.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

__all__ = ["SourceLine", "crop_page_png", "is_pdf", "source_excerpt"]

CONTEXT_LINES = 4
MAX_LINE = 240


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One source line split around the marked span (all plain text; the template escapes)."""

    number: int
    before: str
    mark: str
    after: str


def is_pdf(data: bytes | None) -> bool:
    return bool(data) and data[:5] == b"%PDF-"  # type: ignore[index]


def _decode(data: bytes) -> list[str]:
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").split("\n")


def _find(lines: list[str], needles: list[str], prefer: int | None) -> tuple[int, int, int] | None:
    order = list(range(len(lines)))
    if prefer is not None:
        order.sort(key=lambda i: abs(i - prefer))
    for needle in needles:
        if not needle:
            continue
        for i in order:
            col = lines[i].find(needle)
            if col >= 0:
                return i, col, col + len(needle)
    return None


def _clip(line: str, start: int, end: int) -> SourceLine:
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    left = max(0, start - 50)
    before = line[left:start]
    after = line[end:end + MAX_LINE - 50]
    return SourceLine(0, ("…" if left else "") + before, line[start:end], after)


def source_excerpt(data: bytes | None, *, bbox: list[float] | None, source: str | None,
                   raw: str | None, value: str | None) -> list[SourceLine]:
    """The lines around the value with its span marked; empty when it cannot be placed."""
    if not data or is_pdf(data):
        return []
    lines = _decode(data)
    needles = [n.strip() for n in (raw, value) if n and n.strip()]
    needles += [n.split("<", 1)[0].strip().lstrip("\\") for n in needles]
    hit: tuple[int, int, int] | None = None
    prefer: int | None = None
    if source == "text" and bbox:
        prefer = int(bbox[1]) - 1
        if 0 <= prefer < len(lines):
            line = lines[prefer]
            found = _find([line], needles, None)
            if found is not None:
                hit = (prefer, found[1], found[2])
            else:
                hit = (prefer, int(bbox[0]), max(int(bbox[2]), int(bbox[0]) + 1))
    if hit is None:
        hit = _find(lines, needles, prefer)
    if hit is None:
        return []
    row, start, end = hit
    out = []
    for i in range(max(0, row - CONTEXT_LINES), min(len(lines), row + CONTEXT_LINES + 1)):
        if i == row:
            piece = _clip(lines[i], start, end)
        else:
            piece = SourceLine(0, lines[i][:MAX_LINE], "", "")
        out.append(SourceLine(i + 1, piece.before, piece.mark, piece.after))
    return out


def crop_page_png(data: bytes, page: int, bbox: list[float] | None, *, scale: float = 2.0,
                  margin: float = 90.0) -> bytes:
    """The PDF page (1-based) rendered at ``scale`` x 72 dpi, cropped to ``bbox`` (PDF
    points, top-left origin) plus ``margin`` points, with the box outlined in red."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    pdf = pdfium.PdfDocument(data)
    try:
        index = max(1, min(page, len(pdf))) - 1
        image: Any = pdf[index].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    if bbox:
        x0, y0, x1, y1 = (v * scale for v in bbox)
        draw = ImageDraw.Draw(image)
        draw.rectangle([x0 - 2, y0 - 2, x1 + 2, y1 + 2], outline=(220, 0, 0), width=3)
        m = margin * scale
        box = (max(0, int(x0 - m)), max(0, int(y0 - m)),
               min(image.width, int(x1 + m)), min(image.height, int(y1 + m)))
        image = image.crop(box)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
