"""PDF text layer -> ``Document`` (pdfplumber), then the layout engine -> ``Filing``.

Words come with their box, font size and font name (``extract_words`` splits a word where the
size changes, so a superscript footnote marker printed against a number stays its own word).
Ruling lines are the page's drawn lines plus every thin rectangle (browsers draw table borders
as filled rectangles 0.5-1 pt thick); a larger rectangle contributes its four edges.

Two engines behind one function: ``pdfium`` (default; pypdfium2, about 5x faster) and
``pdfplumber``. With pdfium a character's box is pdfminer's: from the loose box's bottom (the
font's descent) up by the font size after the text and page transforms.

A PDF whose pages carry no text layer (a scan) raises ``InputError E020``: OCR is a separate
reader. ``read_pdf`` is the registry entry (``readers.pdf.v1``).
"""

from __future__ import annotations

import ctypes
import io
from typing import Any, Literal

from pydantic import Field

from extract.errors import InputError
from extract.ir.document import Document, Line, Page, Word
from extract.ir.result import StageError
from extract.ir.values import Source
from extract.readers.base import ReadOutcome
from extract.settings import Settings

__all__ = ["THIN", "PdfReadSettings", "read_pdf", "pdf_document", "outcome_from_document"]

#: A rectangle thinner than this (points) is a ruling line.
THIN = 3.0


class PdfReadSettings(Settings):
    engine: Literal["pdfium", "pdfplumber"] = "pdfium"
    x_tolerance: float = Field(default=1.0, ge=0)
    """Characters further apart than this (points) start a new word."""
_MAX_PAGES = 50
_SOFT_HYPHENS = {"\x02", "\ufffe", "\u00ad"}


def _lines(page: Any, page_no: int) -> list[Line]:
    out: list[Line] = []
    for item in page.lines:
        out.append(Line((item["x0"], item["top"], item["x1"], item["bottom"]), page_no))
    for curve in page.curves:
        x0, top, x1, bottom = curve["x0"], curve["top"], curve["x1"], curve["bottom"]
        if min(x1 - x0, bottom - top) < THIN <= max(x1 - x0, bottom - top):
            out.append(Line((x0, top, x1, bottom), page_no))
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        w, h = x1 - x0, bottom - top
        if w < THIN or h < THIN:
            if max(w, h) >= THIN:
                out.append(Line((x0, top, x1, bottom), page_no))
            continue
        if w > page.width * 0.9 and h > page.height * 0.9:
            continue  # page frame / background
        if not rect.get("stroke", True):
            continue
        out += [Line((x0, top, x1, top), page_no), Line((x0, bottom, x1, bottom), page_no),
                Line((x0, top, x0, bottom), page_no), Line((x1, top, x1, bottom), page_no)]
    return out


def _edges(bounds: tuple[float, float, float, float], page_w: float, page_h: float,
           page_no: int) -> list[Line]:
    x0, top, x1, bottom = bounds
    w, h = x1 - x0, bottom - top
    if w < THIN or h < THIN:
        return [Line(bounds, page_no)] if max(w, h) >= THIN else []
    if w > page_w * 0.9 and h > page_h * 0.9:
        return []
    return [Line((x0, top, x1, top), page_no), Line((x0, bottom, x1, bottom), page_no),
            Line((x0, top, x0, bottom), page_no), Line((x1, top, x1, bottom), page_no)]


def _pdfium_words(text: Any, height: float, number: int, cfg: PdfReadSettings, buf: Any,
                  flags: Any, matrix: Any) -> list[Word]:
    """Words of one pdfium text page: split at spaces, gaps, line and size changes."""
    import pypdfium2.raw as raw

    words: list[Word] = []
    chars: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]
    font = ""

    def flush() -> None:
        if chars:
            token = "".join(chars)
            words.append(Word(token, token, (box[0], box[1], box[2], box[3]), number, 1.0,
                              Source.PDF_TEXT, round(box[3] - box[1], 2), font))
            chars.clear()

    for i in range(text.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(text.raw, i))
        if ch in _SOFT_HYPHENS:  # pdfium marks a hyphen that ends a line
            ch = "-"
        left, bottom, right, top = text.get_charbox(i, loose=True)
        if ch.isspace() or ch == "\x00" or (right - left <= 0 and top - bottom <= 0):
            flush()
            continue
        raw.FPDFText_GetMatrix(text.raw, i, ctypes.byref(matrix))
        size = raw.FPDFText_GetFontSize(text.raw, i) * (abs(matrix.d) or 1.0)
        b = height - bottom
        t = b - size
        if chars and (left - box[2] > cfg.x_tolerance or left < box[0] - 0.5
                      or abs(t - box[1]) > 0.5 * (b - t)
                      or abs((b - t) - (box[3] - box[1])) > 0.1):
            flush()
        if not chars:
            raw.FPDFText_GetFontInfo(text.raw, i, buf, 128, ctypes.byref(flags))
            font = buf.value.decode("utf-8", "replace")
            box = [left, t, right, b]
        else:
            box[2] = max(box[2], right)
            box[1] = min(box[1], t)
            box[3] = max(box[3], b)
        chars.append(ch)
    flush()
    return words


def _unreadable(data: bytes, exc: Exception, path: str) -> InputError:
    """The coded error for a PDF that does not open: encrypted (E024) or damaged (E021)."""
    if b"/Encrypt" in data:
        return InputError("PDF is encrypted (password-protected); decrypt it (for example "
                          "`qpdf --decrypt in.pdf out.pdf`) and pass the copy", code="E024",
                          path=path)
    return InputError(f"not a readable PDF ({type(exc).__name__}): damaged or truncated; "
                      "pass an intact file", code="E021", path=path)


def _pdfium_document(data: bytes, path: str, cfg: PdfReadSettings) -> Document:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises PdfiumError on junk
        raise _unreadable(data, exc, path) from None
    pages: list[Page] = []
    try:
        if len(pdf) > _MAX_PAGES:
            raise InputError(f"PDF has {len(pdf)} pages; a Form 3/4/5 has a few",
                             code="E022", path=path)
        buf = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        matrix = raw.FS_MATRIX()
        for index in range(len(pdf)):
            number = index + 1
            page = pdf[index]
            width, height = page.get_size()
            text = page.get_textpage()
            words = _pdfium_words(text, height, number, cfg, buf, flags, matrix)
            lines: list[Line] = []
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH]):
                left, bottom, right, top = obj.get_bounds()
                lines += _edges((left, height - top, right, height - bottom), width, height,
                                number)
            pages.append(Page(number, float(width), float(height), tuple(words), tuple(lines)))
    finally:
        pdf.close()
    return Document(tuple(pages), Source.PDF_TEXT, path, family="pdf")


def pdf_document(data: bytes, *, path: str = "<pdf>",
                 settings: PdfReadSettings | dict[str, Any] | None = None) -> Document:
    """The words and ruling lines of every page. ``InputError`` when there is no text layer."""
    cfg = PdfReadSettings.resolve(settings)
    if cfg.engine == "pdfium":
        doc = _pdfium_document(data, path, cfg)
        if not any(p.words for p in doc.pages):
            raise InputError(
                f"PDF has no text layer on any of its {len(doc.pages)} page(s): it is a scan; "
                "run it through the OCR reader", code="E020", path=path)
        return doc
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[Page] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises assorted errors on junk
        raise _unreadable(data, exc, path) from None
    with pdf:
        if len(pdf.pages) > _MAX_PAGES:
            raise InputError(f"PDF has {len(pdf.pages)} pages; a Form 3/4/5 has a few",
                             code="E022", path=path)
        for number, page in enumerate(pdf.pages, start=1):
            words = []
            for w in page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False,
                                        use_text_flow=False, x_tolerance=cfg.x_tolerance):
                text = w["text"]
                words.append(Word(text=text, orig=text,
                                  bbox=(w["x0"], w["top"], w["x1"], w["bottom"]),
                                  page_no=number, confidence=1.0, source=Source.PDF_TEXT,
                                  size=float(w["size"]), font=str(w["fontname"])))
            pages.append(Page(number, float(page.width), float(page.height), tuple(words),
                              tuple(_lines(page, number))))
    if not any(p.words for p in pages):
        raise InputError(
            f"PDF has no text layer on any of its {len(pages)} page(s): it is a scan; "
            "run it through the OCR reader", code="E020", path=path)
    return Document(tuple(pages), Source.PDF_TEXT, path, family="pdf")


def outcome_from_document(doc: Document, kind: Any) -> ReadOutcome:
    """Detect the layout, build the grid and the filing, and wrap them as a ``ReadOutcome``."""
    from extract.fields.build import build_filing
    from extract.layout.detect import detect
    from extract.layout.to_grid import to_grid

    detection = detect(doc)
    grid, notes = to_grid(doc, detection)
    filing, errors = build_filing(grid)
    warnings = [StageError(stage="layout.detect", code="I101", severity="info",
                           message=f"layout {detection.layout.name} (score {detection.score:.3f})")]
    warnings += notes + errors
    return ReadOutcome(kind=kind, filing=filing, warnings=warnings, pages=len(doc.pages))


def read_pdf(data: bytes, *, path: str = "<pdf>",
             settings: PdfReadSettings | dict[str, Any] | None = None) -> ReadOutcome:
    """Registry entry ``readers.pdf.v1``: a text-layer PDF of a Form 3/4/5 -> ``ReadOutcome``."""
    from extract.ir.result import MediaKind

    kind = getattr(MediaKind, "PDF", None) or MediaKind.HTML_RENDERING
    return outcome_from_document(pdf_document(data, path=path, settings=settings), kind)
