"""Debug overlay: a page with its words, regions, table columns and cells drawn (``inspect``).

Words are thin grey boxes, regions (header, Table I, Table II, explanations...) blue frames
with their names, table columns green bands labelled with their printed key, data rows red
lines. PDFs are rasterised with pypdfium2; fixed-width text is drawn on a blank page.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from extract.ir.document import Document
from extract.layout.detect import Detection, detect

__all__ = ["inspect_to_png", "draw_page"]

_SCALE = 2.0  # pixels per point for PDFs
_CELL = (7.0, 14.0)  # pixels per character column and line for fixed-width text


def _load(path: Path) -> tuple[Document, list[Image.Image], tuple[float, float]]:
    from extract.errors import InputError
    from extract.ocr.raster import image_kind

    data = path.read_bytes()
    kind = image_kind(data)
    if kind == "pdf":
        import pypdfium2 as pdfium

        from extract.readers.pdf import pdf_document

        try:
            doc = pdf_document(data, path=str(path))
        except InputError as exc:
            if exc.code != "E020":  # no text layer: a scan, read below
                raise
            return _load_scan(data, path)
        pdf = pdfium.PdfDocument(data)
        try:
            images = [pdf[i].render(scale=_SCALE).to_pil().convert("RGB") for i in range(len(pdf))]
        finally:
            pdf.close()
        return doc, images, (_SCALE, _SCALE)
    if kind is not None:
        return _load_scan(data, path)
    from extract.readers.legacy import legacy_document, legacy_text

    doc = legacy_document(legacy_text(data), path=str(path))
    images = []
    for page in doc.pages:
        image = Image.new("RGB", (int(page.width * _CELL[0]) + 20, int(page.height * _CELL[1]) + 20),
                          "white")
        draw = ImageDraw.Draw(image)
        for w in page.words:
            draw.text((w.x0 * _CELL[0], w.top * _CELL[1]), w.text, fill="black")
        images.append(image)
    return doc, images, _CELL


def _load_scan(data: bytes, path: Path) -> tuple[Document, list[Image.Image], tuple[float, float]]:
    """A scan: OCR'd (turned, straightened, rules lifted), drawn on the page images as cleaned
    for OCR, so boxes fall where the words were read."""
    import tempfile

    from extract.ocr.engine import OcrSettings
    from extract.ocr.preprocess import prepare
    from extract.ocr.raster import rasterize
    from extract.readers.scan import scan_document

    cfg = OcrSettings()
    doc = scan_document(data, path=str(path), settings=cfg)
    images = []
    with tempfile.TemporaryDirectory(prefix="sec16-inspect-") as tmp:
        for raster, page in zip(rasterize(data, Path(tmp), dpi=cfg.dpi, path=str(path)),
                                doc.pages, strict=False):
            import numpy as np

            gray = np.asarray(Image.open(raster.path).convert("L"))
            ready = prepare(gray, dpi=raster.dpi, deskew_page=cfg.deskew, max_skew=cfg.max_skew,
                            remove_rules=False)
            image = Image.fromarray(ready.image).convert("RGB")
            images.append(image.resize((int(page.width * _SCALE), int(page.height * _SCALE))))
    return doc, images, (_SCALE, _SCALE)


def draw_page(image: Image.Image, doc: Document, det: Detection, page_no: int,
              scale: tuple[float, float]) -> Image.Image:
    """``image`` of page ``page_no`` with words, regions, columns and rows drawn over it."""
    from extract.layout.to_grid import table_plans
    from extract.tables.rows import row_cuts

    sx, sy = scale
    draw = ImageDraw.Draw(image, "RGBA")
    page = doc.pages[page_no - 1]

    def box(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        return (b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy)

    for w in page.words:
        draw.rectangle(box(w.bbox), outline=(120, 120, 120, 160))
    for region in det.regions:
        if region.page_no == page_no:
            draw.rectangle(box(region.bbox), outline=(0, 0, 255, 255), width=2)
            draw.text((region.bbox[0] * sx + 4, region.bbox[1] * sy + 2), region.name,
                      fill=(0, 0, 255, 255))
    for p_no, label, plan in table_plans(doc, det):
        if p_no != page_no:
            continue
        top = plan.header.bottom
        name = "table1" if label == "I" else "table2"
        bottom = min((r.bbox[3] for r in det.regions if r.page_no == page_no and r.name == name
                      and r.bbox[1] < top), default=page.height)
        for band in plan.bands:
            draw.rectangle((band.x0 * sx, top * sy, band.x1 * sx, bottom * sy),
                           outline=(0, 160, 0, 200), fill=(0, 200, 0, 18))
            draw.text((band.x0 * sx + 2, top * sy + 2), band.key, fill=(0, 120, 0, 255))
        hl = [ln for ln in page.lines if not ln.vertical and ln.y > top]
        x0 = min(b.x0 for b in plan.bands) if plan.bands else 0
        x1 = max(b.x1 for b in plan.bands) if plan.bands else page.width
        for y in row_cuts(hl, x0, x1, page.unit):
            draw.line((x0 * sx, y * sy, x1 * sx, y * sy), fill=(220, 0, 0, 200), width=1)
    return image


def inspect_to_png(path: str | Path, out: str | Path, *, page: int | None = None) -> list[Path]:
    """Write one PNG per page (or only ``page``) of ``path`` with the overlay; the files written.

    With several pages, ``out`` gets ``-p<N>`` before its suffix."""
    path, out = Path(path), Path(out)
    doc, images, scale = _load(path)
    det = detect(doc)
    written = []
    for number, image in enumerate(images, start=1):
        if page is not None and number != page:
            continue
        target = out if len(images) == 1 or page is not None else out.with_name(
            f"{out.stem}-p{number}{out.suffix}")
        draw_page(image, doc, det, number, scale).save(target)
        written.append(target)
    return written
