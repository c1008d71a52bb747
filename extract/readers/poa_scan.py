"""Scanned power-of-attorney pages (page images, image-only PDFs, HTML exhibits that only embed
page images) -> the text of the pages, with the OCR box of every word, for the POA stage.

Each page is rasterized (``extract.ocr.raster``), turned upright when Tesseract OSD is sure it
is turned, and read once by Tesseract (``OcrSettings.psm``, 3 by default: it reads these
prose pages as well as 6 and lays out blocks better); no rule removal or binarization, which
serve the form tables. The TSV words (``extract.ocr.tsv``) are then grouped into text lines by
their vertical position, lines sorted top to bottom and words left to right, a blank line where
the gap between two lines is wider than a line: a plain text rendering of the page in reading
order. Pages follow each other, separated by a blank line.

Every word keeps its character span in that text, its page and its box in PDF points
(``extract.nlp.poa.TextWord``), so the POA stage reports page and box as provenance. A page
image that records no resolution is taken to be a US Letter page, 8.5 inches wide.

OCR's usual misreadings of two marks the POA rules rely on are mended word by word: the
signature mark ``/s/`` read as ``/sI``, ``/s|`` or ``Is/``, and the pronoun ``I`` read as ``|``.

Registry entry: ``readers.poa_scan.v1`` (:func:`read_poa_scan`).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import statistics
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.errors import InputError
from extract.ir.document import Word
from extract.ir.result import MediaKind
from extract.nlp.poa import TextWord
from extract.ocr.engine import OcrSettings, detect_orientation, run_tesseract
from extract.ocr.raster import rasterize
from extract.ocr.tsv import parse_tsv
from extract.readers.base import ReadOutcome

__all__ = [
    "LETTER_WIDTH_IN",
    "SCRAWL_SCORE",
    "PoaPages",
    "embedded_images",
    "ocr_images",
    "poa_pages_from_tsv",
    "read_poa_images",
    "read_poa_scan",
    "text_lines",
    "words_to_text",
]

LETTER_WIDTH_IN = 8.5
"""Width assumed for a page image that records no resolution."""
SCRAWL_SCORE = 0.5
"""OCR score under which a word far off the text's size (signature scrawl, a stamp's tiny
envelope number) is dropped."""

_SIGNED_MARK = re.compile(r"^(?:/s[I|l1!]|[I|l1]s/|/s/?)$")
_EMBED = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))"
    r"|background(?:-image)?\s*:[^;\"'>]*?url\(\s*[\"']?([^\"')]+)[\"']?\s*\)",
    re.I | re.S,
)


@dataclass(frozen=True, slots=True)
class PoaPages:
    """The OCR'd pages of a scanned POA: their text and every word's span, page and box."""

    text: str
    words: list[TextWord]
    pages: int


def _mend(text: str) -> str:
    """One OCR word with the signature mark and the lone pronoun I mended."""
    if _SIGNED_MARK.match(text):
        return "/s/"
    if text in ("|", "|,"):
        return "I" + text[1:]
    return text


def _height(w: Word) -> float:
    return w.bbox[3] - w.bbox[1]


def text_lines(words: list[Word]) -> list[list[Word]]:
    """The words of one page as text lines, top to bottom, each line left to right.

    A word joins the line above when its vertical middle lies within that line's band (pages
    are upright and nearly straight here: OSD turned them, and POAs are single-column prose).
    Words far taller or shorter than the page's text (a signature, a stamp) do not join text
    lines: with a low OCR score they are scrawl and dropped (``SCRAWL_SCORE``), else each is a
    line of its own."""
    if not words:
        return []
    body = statistics.median(_height(w) for w in words)
    lines: list[list[Word]] = []
    alone: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0])):
        odd = not (0.5 * body <= _height(w) <= 2.5 * body)
        if odd:
            if w.confidence >= SCRAWL_SCORE:
                alone.append([w])
            continue
        mid = (w.bbox[1] + w.bbox[3]) / 2
        if lines:
            last = lines[-1]
            top = statistics.median(x.bbox[1] for x in last)
            bottom = statistics.median(x.bbox[3] for x in last)
            if top <= mid <= bottom:
                last.append(w)
                continue
        lines.append([w])
    merged = sorted(lines + alone,
                    key=lambda line: statistics.median((x.bbox[1] + x.bbox[3]) / 2 for x in line))
    return [sorted(line, key=lambda w: w.bbox[0]) for line in merged]


def words_to_text(pages: list[list[Word]]) -> tuple[str, list[TextWord]]:
    """Text lines of every page in reading order, and each word's span, page and box."""
    parts: list[str] = []
    spans: list[TextWord] = []
    pos = 0

    def put(s: str) -> None:
        nonlocal pos
        parts.append(s)
        pos += len(s)

    for words in pages:
        if not words:
            continue
        if parts:
            put("\n\n")
        lines = text_lines(words)
        heights = [w.bbox[3] - w.bbox[1] for w in words]
        line_h = statistics.median(heights) if heights else 0.0
        prev_bottom: float | None = None
        for line in lines:
            top = statistics.median(w.bbox[1] for w in line)
            if prev_bottom is not None:
                put("\n\n" if top - prev_bottom > 1.2 * line_h else "\n")
            for i, w in enumerate(line):
                if i:
                    put(" ")
                text = _mend(w.text)
                spans.append(TextWord(start=pos, end=pos + len(text), page=w.page_no, bbox=w.bbox))
                put(text)
            prev_bottom = statistics.median(w.bbox[3] for w in line)
    return "".join(parts), spans


def poa_pages_from_tsv(tsvs: list[str], dpis: list[float]) -> PoaPages:
    """The pages' text and words from Tesseract TSV already read (one TSV and dpi a page)."""
    pages = [parse_tsv(tsv, page_no=i + 1, dpi=dpi) for i, (tsv, dpi) in enumerate(zip(tsvs, dpis, strict=True))]
    text, words = words_to_text(pages)
    return PoaPages(text, words, len(pages))


def _page_dpi(data: bytes, width_px: int, fallback: float) -> float:
    """The image's own resolution, else the one that makes it a Letter-width page."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            found = image.info.get("dpi")
    except (UnidentifiedImageError, OSError):
        found = None
    if found and 50 <= float(found[0]) <= 1200:
        return float(found[0])
    estimate = width_px / LETTER_WIDTH_IN
    return estimate if 50 <= estimate <= 1200 else fallback


def _upright(path: Path, dpi: float, cfg: OcrSettings) -> None:
    """Turn the page image at ``path`` upright in place when OSD is sure it is turned."""
    from PIL import Image

    degrees, confidence = detect_orientation(path, cfg.model_copy(update={"dpi": int(round(dpi))}))
    if degrees and confidence >= cfg.min_orient_confidence:
        with Image.open(path) as image:
            turned = image.rotate(-degrees, expand=True)  # PIL turns counter-clockwise
        turned.save(path, dpi=(dpi, dpi))


def ocr_images(images: list[bytes], *, path: str = "<scan>",
               settings: OcrSettings | dict[str, Any] | None = None) -> tuple[list[str], list[float]]:
    """Tesseract TSV and resolution of every page of ``images`` (each a page image or a PDF
    of image pages), in order."""
    from PIL import Image

    cfg = OcrSettings.resolve(settings)
    tsvs: list[str] = []
    dpis: list[float] = []
    with tempfile.TemporaryDirectory(prefix="sec16-poa-ocr-") as tmp:
        for index, data in enumerate(images):
            out = Path(tmp) / f"image-{index + 1:03d}"
            out.mkdir()
            for raster in rasterize(data, out, dpi=cfg.dpi, path=path):
                dpi = raster.dpi
                if not data.startswith(b"%PDF"):
                    with Image.open(raster.path) as image:
                        dpi = _page_dpi(data, image.width, raster.dpi)
                if cfg.orient:
                    _upright(raster.path, dpi, cfg)
                tsvs.append(run_tesseract(raster.path, cfg.model_copy(update={"dpi": int(round(dpi))})))
                dpis.append(dpi)
    return tsvs, dpis


def read_poa_images(images: list[bytes], *, path: str = "<scan>",
                    settings: OcrSettings | dict[str, Any] | None = None) -> ReadOutcome:
    """OCR the page images (in order) of a scanned power of attorney into ``attachments["POA"]``
    with the words' boxes in ``poa_words``. ``E026`` when OCR finds no text at all."""
    tsvs, dpis = ocr_images(images, path=path, settings=settings)
    pages = poa_pages_from_tsv(tsvs, dpis)
    if not pages.text.strip():
        raise InputError(f"the {pages.pages} scanned page(s) are blank: OCR found no text; check "
                         "the scan (an empty or unreadably faint page)", code="E026", path=path)
    return ReadOutcome(kind=MediaKind.POA_EXHIBIT, filing=None, attachments={"POA": pages.text},
                       pages=pages.pages, poa_words=pages.words)


def read_poa_scan(data: bytes, *, path: str = "<scan>",
                  settings: OcrSettings | dict[str, Any] | None = None) -> ReadOutcome:
    """Registry entry ``readers.poa_scan.v1``: a page image or image-only PDF that is a power of
    attorney. ``E041`` when its text does not read as one (the caller then reports why the
    form reader failed)."""
    from extract.nlp.find import looks_like_poa_page

    outcome = read_poa_images([data], path=path, settings=settings)
    if not looks_like_poa_page(outcome.attachments["POA"]):
        raise InputError("the scan's OCR text does not read as a power of attorney",
                         code="E041", path=path)
    return outcome


def embedded_images(html: str, *, path: str) -> list[bytes]:
    """The bytes of every image an HTML page embeds, in document order: ``data:`` URIs decoded,
    relative file references read from beside the HTML file.

    ``E042`` for a referenced image that is not there (or is remote, or an absolute path),
    ``E043`` for a ``data:`` URI that does not decode."""
    out: list[bytes] = []
    for m in _EMBED.finditer(html):
        src = next(g for g in m.groups() if g is not None).strip()
        if not src:
            continue
        if src[:5].lower() == "data:":
            out.append(_data_uri(src, path))
            continue
        out.append(_sibling(src, path))
    return out


def _data_uri(src: str, path: str) -> bytes:
    head, _, payload = src.partition(",")
    try:
        if head.lower().endswith(";base64"):
            return base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        return urllib.parse.unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise InputError("an image embedded as a data: URI does not decode (bad base64); the "
                         "exhibit is damaged: fetch it again", code="E043", path=path) from None


def _sibling(src: str, path: str) -> bytes:
    name = urllib.parse.unquote(src.split("#")[0].split("?")[0])
    if re.match(r"[a-z][a-z0-9+.-]*://", name, re.I):
        raise InputError(f"the exhibit's image {src!r} is remote; sec16 does not download: save "
                         "it beside the exhibit and refer to it by file name", code="E042", path=path)
    rel = Path(name)
    if rel.is_absolute() or ".." in rel.parts or path.startswith("<"):
        raise InputError(f"the exhibit's image {src!r} cannot be read: give the exhibit as a file "
                         "with its images beside it", code="E042", path=path)
    target = Path(path).parent / rel
    if not target.is_file():
        raise InputError(f"the exhibit's image {name!r} is not beside it ({target} is missing); "
                         "put the filing's image files next to the exhibit", code="E042", path=path)
    return target.read_bytes()
