"""PDF or image bytes -> one grayscale image per page in a directory, with each page's dpi.

Pages are written as binary PGM: uncompressed, so writing and reading them (Tesseract,
OpenCV) costs next to nothing beside PNG's compression of 8 million pixels a page.

PDF pages are rendered with pypdfium2 at the configured dpi; PNG, JPEG, GIF and (multi-page)
TIFF are read with Pillow and keep their own resolution when they record one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from extract.errors import InputError

__all__ = ["RasterPage", "MAX_PAGES", "image_kind", "rasterize"]

MAX_PAGES = 50
_MAGIC = ((b"%PDF", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"),
          (b"II*\x00", "tiff"), (b"MM\x00*", "tiff"), (b"GIF87a", "gif"), (b"GIF89a", "gif"))


@dataclass(frozen=True, slots=True)
class RasterPage:
    """One page image on disk: its 1-based number, file and resolution (pixels per inch)."""

    page_no: int
    path: Path
    dpi: float


def image_kind(data: bytes) -> str | None:
    """``pdf``, ``png``, ``jpeg``, ``tiff`` or ``gif`` from the leading bytes; else None."""
    head = data.lstrip()[:8] if data[:1].isspace() else data[:8]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _too_many(count: int, path: str) -> InputError:
    return InputError(f"scan has {count} pages; a Form 3/4/5 has a few", code="E022", path=path)


def _pdf_pages(data: bytes, out_dir: Path, dpi: int, path: str) -> list[RasterPage]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises PdfiumError on junk
        raise InputError(f"not a readable PDF ({type(exc).__name__}): damaged, truncated or "
                         "encrypted; pass an intact file", code="E021", path=path) from None
    pages: list[RasterPage] = []
    try:
        if len(pdf) > MAX_PAGES:
            raise _too_many(len(pdf), path)
        for index in range(len(pdf)):
            target = out_dir / f"page-{index + 1:03d}.pgm"
            bitmap = pdf[index].render(scale=dpi / 72.0, grayscale=True)
            bitmap.to_pil().convert("L").save(target, dpi=(dpi, dpi))
            pages.append(RasterPage(index + 1, target, float(dpi)))
    finally:
        pdf.close()
    return pages


def _image_pages(data: bytes, out_dir: Path, dpi: int, path: str) -> list[RasterPage]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(f"not a readable image ({exc}); pass an intact PNG, JPEG or TIFF",
                         code="E025", path=path) from None
    pages: list[RasterPage] = []
    with image:
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_PAGES:  # refuse before decoding any of them
            raise _too_many(frames, path)
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= MAX_PAGES:
                raise _too_many(index + 1, path)
            found = frame.info.get("dpi")
            page_dpi = float(found[0]) if found and 50 <= float(found[0]) <= 1200 else dpi
            target = out_dir / f"page-{index + 1:03d}.pgm"
            frame.convert("L").save(target, dpi=(page_dpi, page_dpi))
            pages.append(RasterPage(index + 1, target, page_dpi))
    return pages


def rasterize(data: bytes, out_dir: Path, *, dpi: int = 300, path: str = "<scan>"
              ) -> list[RasterPage]:
    """Write each page of ``data`` (PDF, PNG, JPEG, TIFF, GIF) as a grayscale PGM in ``out_dir``."""
    kind = image_kind(data)
    if kind is None:
        raise InputError("not a PDF, PNG, JPEG, TIFF or GIF; the OCR reader reads scans only",
                         code="E025", path=path)
    if kind == "pdf":
        return _pdf_pages(data, out_dir, dpi, path)
    return _image_pages(data, out_dir, dpi, path)
