"""Scanned filings (image-only PDF, PNG, JPEG, TIFF) -> ``Document`` via Tesseract -> ``Filing``.

Each page is rasterized (``extract.ocr.raster``), turned upright (Tesseract OSD), deskewed,
binarized and cleared of ruling lines (``extract.ocr.preprocess``), then read by one
Tesseract process (``extract.ocr.engine``) whose TSV becomes ``Word``s in PDF points
(``extract.ocr.tsv``); superscript footnote markers are read again (``extract.ocr.markers``)
and each ticked check box becomes an ``X`` word. The erased rules become the page's ``Line``s,
so the layout engine (detect -> to_grid -> build_filing) reads the page as it reads a
text-layer PDF.

Pages of a document of several pages run in a process pool of ``OcrSettings.workers``. A page
whose OCR fails is a warning (``W301``) and the rest goes on; when every page fails the
document fails with the first page's ``EngineError``. ``read_scan`` is the registry entry
(``readers.scan.v1``).
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from extract.errors import EngineError, ExtractError, InputError
from extract.ir.document import Document, Page, Word
from extract.ir.result import StageError
from extract.ir.values import Source
from extract.ocr.engine import (
    OcrSettings,
    detect_orientation,
    page_variables,
    read_tsv,
    run_tesseract,
)
from extract.ocr.markers import repair_markers
from extract.ocr.raster import RasterPage, rasterize
from extract.ocr.tsv import (
    drop_vertical,
    mend_care_of,
    mend_form_words,
    mend_table_numerals,
    parse_tsv,
    tidy_punctuation,
)
from extract.readers.base import ReadOutcome

__all__ = ["OcrSettings", "ScanPage", "ocr_page", "scan_pages", "scan_document", "read_scan",
           "outcome_from_pages"]


@dataclass(frozen=True, slots=True)
class ScanPage:
    """What OCR made of one page: the page, or the error that stopped it, and the fixes."""

    page_no: int
    page: Page | None
    rotation: int = 0
    skew: float = 0.0
    error: str = ""
    code: str = ""
    image: str = ""
    """The cleaned page image OCR read (upright, straight, rules erased), while it exists."""
    dpi: float = 300.0


#: The confidence of the ``X`` word a ticked check box becomes (the box is erased before OCR).
CHECK_MARK_CONFIDENCE = 0.9


def _mended(words: list[Word]) -> list[Word]:
    """The page reading's word-level mends, in order (``extract.ocr.tsv``)."""
    return mend_form_words(mend_care_of(mend_table_numerals(tidy_punctuation(drop_vertical(words)))))


def _orientation(raster: RasterPage, cfg: OcrSettings) -> int:
    """Clockwise degrees that make the page upright: OSD on a half-size copy for speed; a turn
    or an unsure answer is decided by OSD on the page itself."""
    import cv2

    gray = cv2.imread(str(raster.path), cv2.IMREAD_GRAYSCALE)
    if gray is None:
        raise EngineError(f"cannot read page image {raster.path.name}", code="E305")
    small_path = raster.path.with_name(raster.path.stem + "-osd.pgm")
    factor = 0.5 if raster.dpi >= 250 else 1.0
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(small_path), small)
    degrees, confidence = detect_orientation(
        small_path, cfg.model_copy(update={"dpi": int(raster.dpi * factor)}))
    if factor < 1 and (degrees or confidence < cfg.min_orient_confidence):
        # a turn, or unsure: the half-size copy misjudges some pages; ask at full size
        degrees, confidence = detect_orientation(
            raster.path, cfg.model_copy(update={"dpi": int(round(raster.dpi))}))
    return degrees if confidence >= cfg.min_orient_confidence else 0


def _reads_upright(words: list[Word]) -> bool:
    """Whether the page reading looks like an upright page: enough words Tesseract is sure of
    that have letters in them (a turned page reads as short, unsure noise)."""
    sure = [w for w in words if w.confidence >= 0.85 and sum(c.isalpha() for c in w.text) >= 3]
    return len(sure) >= 12 and len(sure) >= 0.25 * len(words)


def ocr_page(raster: RasterPage, cfg: OcrSettings) -> ScanPage:
    """Prepare and OCR one page image; a failure becomes ``ScanPage.error`` and its code
    (``E30x`` from the engine, ``E306`` for an image OpenCV cannot process).

    Orientation costs nothing on an upright page: the page is read as it is, and only when
    that reading does not look upright is Tesseract's OSD asked for the turn and the page
    read again turned."""
    import cv2
    import numpy as np

    from extract.ocr.preprocess import Prepared, prepare

    def read(gray: np.ndarray, rotation: int, dpi: float) -> tuple[Prepared, list[Word], Path]:
        ready = prepare(np.asarray(gray, dtype=np.uint8), dpi=dpi,
                        page_no=raster.page_no, rotation=rotation, deskew_page=cfg.deskew,
                        max_skew=cfg.max_skew, remove_rules=cfg.remove_rules,
                        min_rule=cfg.min_rule, tones=cfg.ink_tones)
        clean = raster.path.with_name(f"{raster.path.stem}-clean{rotation or ''}.pgm")
        cv2.imwrite(str(clean), ready.image)
        read_from = clean
        if ready.tones is not None:
            read_from = clean.with_name(f"{clean.stem}-tones.pgm")
            cv2.imwrite(str(read_from), ready.tones)
        try:
            tsv = run_tesseract(read_from, cfg.model_copy(update={"dpi": int(round(dpi))}))
        finally:
            if read_from != clean:
                read_from.unlink(missing_ok=True)
        return ready, parse_tsv(tsv, page_no=raster.page_no, dpi=dpi), clean

    try:
        cv2.setNumThreads(1)
        gray = cv2.imread(str(raster.path), cv2.IMREAD_GRAYSCALE)
        if gray is None:
            raise EngineError(f"cannot read page image {raster.path.name}", code="E305")
        dpi = raster.dpi
        if dpi < cfg.min_ocr_dpi:
            # small print at low resolution: Tesseract reads it far better enlarged
            factor = cfg.min_ocr_dpi / dpi
            gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
            dpi = float(cfg.min_ocr_dpi)
        ready, words, clean = read(gray, 0, dpi)
        if cfg.orient and not _reads_upright(words):
            rotation = _orientation(raster, cfg)
            if rotation:
                ready, words, clean = read(gray, rotation, dpi)
        words = reread_merged_lines(words, ready.image, dpi=dpi, cfg=cfg, work=clean)
        if cfg.markers:
            words = repair_markers(words, ready.image, dpi=dpi, cfg=cfg)
        # after the marker repair: a line read alone has no line around it to tell a raised
        # marker by ("$17.00": its "00" beside the "$" that reaches below the line)
        words = reread_lost_lines(words, ready.image, dpi=dpi, cfg=cfg, work=clean,
                                  marks=tuple(ready.checked))
        words = _mended(words)
        words += [Word("X", "X", box, raster.page_no, CHECK_MARK_CONFIDENCE, Source.OCR)
                  for box in ready.checked]
        h, w = ready.image.shape
        scale = 72.0 / dpi
        page = Page(raster.page_no, round(w * scale, 2), round(h * scale, 2), tuple(words),
                    tuple(ready.lines))
        return ScanPage(raster.page_no, page, ready.rotation, ready.skew, image=str(clean),
                        dpi=dpi)
    except ExtractError as exc:
        return ScanPage(raster.page_no, None, error=exc.message, code=exc.code)
    except (cv2.error, OSError, ValueError) as exc:  # one bad page image must not end the batch
        return ScanPage(raster.page_no, None, error=f"{type(exc).__name__}: {exc}"[:200],
                        code="E306")


#: the most regions of merged lines one page has read again (one Tesseract run each)
MAX_MERGED = 6


def _typical_height(words: list[Word]) -> float | None:
    """The median height of the page's sure words of three letters or more (None under 20:
    too few to tell the page's type by)."""
    letters = sorted(w.height for w in words
                     if w.confidence >= 0.6 and sum(c.isalpha() for c in w.text) >= 3)
    return letters[len(letters) // 2] if len(letters) >= 20 else None


def reread_merged_lines(words: list[Word], image: Any, *, dpi: float, cfg: OcrSettings,
                        work: Path) -> list[Word]:
    """``words`` with the places Tesseract read two close text lines as one read again.

    Such a reading is a "word" over 1.8 times the page's typical letter height, wider than
    tall, at under 0.3 confidence ("Recuiting Shacinent" for a Form 3's "2. Date of Event" /
    "Requiring Statement", its box label lost). The region around it (grown to whole words)
    is read again alone as one block (``--psm 6``); its words replace the page's there when
    they are surer on average by 0.2 or more."""
    import cv2

    typical = _typical_height(words)
    if typical is None:
        return words
    bad = [w for w in words if w.confidence < 0.3 and w.height > 1.8 * typical
           and len(w.text) >= 3 and w.x1 - w.x0 > w.height]
    if not bad:
        return words
    regions: list[list[float]] = []
    for word in sorted(bad, key=lambda w: (w.top, w.x0)):
        box = [word.x0 - typical, word.top - 0.5 * typical, word.x1 + typical,
               word.bottom + 0.5 * typical]
        for region in regions:
            if region[0] <= box[2] and box[0] <= region[2] and region[1] <= box[3] \
                    and box[1] <= region[3]:
                region[:] = [min(region[0], box[0]), min(region[1], box[1]),
                             max(region[2], box[2]), max(region[3], box[3])]
                break
        else:
            regions.append(box)
    out = list(words)
    scale = dpi / 72.0
    height, width = image.shape[:2]
    for index, region in enumerate(regions[:MAX_MERGED]):
        for word in out:  # whole words only: a crop through a word reads half of it
            if region[1] < word.yc < region[3] and word.x0 < region[2] and word.x1 > region[0]:
                region[0], region[2] = min(region[0], word.x0 - 2), max(region[2], word.x1 + 2)
        x0, y0 = max(0, int(region[0] * scale)), max(0, int(region[1] * scale))
        x1, y1 = min(width, int(region[2] * scale) + 1), min(height, int(region[3] * scale) + 1)
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        target = work.with_name(f"{work.stem}-merged{index}.pgm")
        cv2.imwrite(str(target), image[y0:y1, x0:x1])
        try:
            tsv = read_tsv(target, cfg, psm=6, dpi=int(round(dpi)), variables=page_variables(cfg))
        except EngineError:
            continue
        finally:
            target.unlink(missing_ok=True)
        dx, dy = x0 / scale, y0 / scale
        fresh = [replace(w, bbox=(round(w.x0 + dx, 2), round(w.top + dy, 2),
                                  round(w.x1 + dx, 2), round(w.bottom + dy, 2)))
                 for w in parse_tsv(tsv, page_no=words[0].page_no, dpi=dpi)]
        inside = [w for w in out if region[1] < w.yc < region[3] and region[0] < w.xc < region[2]]
        around = [w for w in out if w not in inside]
        # a line the crop's edge cut through is read in part: the page's reading stands
        fresh = [w for w in fresh if region[1] < w.yc < region[3] and not any(
            o.x0 < w.x1 and w.x0 < o.x1 and o.top < w.bottom and w.top < o.bottom
            for o in around)]
        if not fresh or not inside:
            continue
        mean = sum(w.confidence for w in fresh) / len(fresh)
        if mean >= sum(w.confidence for w in inside) / len(inside) + 0.2:
            # in the reading order: where the first word replaced stood
            at = min(out.index(w) for w in inside)
            out = around[:at] + fresh + around[at:]
    return out


#: the most lines one page reads again that the page reading lost (one Tesseract run in all)
MAX_LOST = 8


def reread_lost_lines(words: list[Word], image: Any, *, dpi: float, cfg: OcrSettings,
                      work: Path, marks: tuple[tuple[float, float, float, float], ...] = ()
                      ) -> list[Word]:
    """``words`` with the text lines Tesseract's page layout passed over read again.

    Tesseract now and then drops a whole line of a box ("1601 WILLOW ROAD" under
    "C/O FACEBOOK, INC."; the date beside it in box 3): its ink is on the cleaned page and no
    word covers it. Ink outside every word's box (and the ticked boxes ``marks``) is joined
    into lines; a line of at least four letter-sized glyphs, as tall as the page's text and
    three times as wide, is read again (all of them stacked in one image, ``--psm 6``). Its
    words read with confidence >= 0.5 join the page's when the line is in a value's type
    (median word height over 1.1 times the page's typical one: a lost line of the form's small
    print, a column heading, would move a table's columns) and the word overlaps no word the
    page read (the crop's margin takes in the edge of such a word)."""
    import cv2
    import numpy as np

    typical = _typical_height(words)
    if typical is None:
        return words
    scale = dpi / 72.0
    tall = typical * scale  # a word box's height, in pixels
    gray = np.asarray(image, dtype=np.uint8)
    _t, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    pad = 0.3 * tall
    height, width = ink.shape
    for x0, top, x1, bottom in [w.bbox for w in words] + list(marks):
        ink[max(0, int(top * scale - pad)):min(height, int(bottom * scale + pad) + 1),
            max(0, int(x0 * scale - pad)):min(width, int(x1 * scale + pad) + 1)] = 0
    count, _labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyph = np.zeros_like(ink)
    glyphs = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if 0.3 * tall <= h <= 1.4 * tall and w <= 1.5 * tall and area >= 0.02 * tall * tall:
            glyph[y:y + h, x:x + w] = np.maximum(glyph[y:y + h, x:x + w], ink[y:y + h, x:x + w])
            glyphs.append((x + w / 2, y + h / 2))
    if len(glyphs) < 4:
        return words
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(1.5 * tall)), 1))
    joined = cv2.dilate(glyph, kernel)
    count, labels, stats, _c = cv2.connectedComponentsWithStats(joined, connectivity=8)
    inside = np.zeros(count, dtype=int)
    for cx, cy in glyphs:
        inside[labels[int(cy), int(cx)]] += 1
    boxes = []
    for i in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if inside[i] >= 4 and 0.5 * tall <= h <= 1.6 * tall and w >= 3 * tall:
            boxes.append((x, y, w, h))
    if not boxes:
        return words
    margin = int(0.4 * tall)
    crops = []
    for x, y, w, h in sorted(boxes, key=lambda b: (b[1], b[0]))[:MAX_LOST]:
        x0, y0 = max(0, x - margin), max(0, y - margin)
        x1, y1 = min(width, x + w + margin), min(height, y + h + margin)
        crops.append(((x0, y0), gray[y0:y1, x0:x1]))
    band = max(c.shape[0] for _o, c in crops) + 2 * margin
    strip = np.full((band * len(crops), max(c.shape[1] for _o, c in crops) + 2 * margin), 255,
                    np.uint8)
    for i, (_o, crop) in enumerate(crops):
        strip[i * band + margin:i * band + margin + crop.shape[0],
              margin:margin + crop.shape[1]] = crop
    target = work.with_name(f"{work.stem}-lost.pgm")
    cv2.imwrite(str(target), strip)
    try:
        tsv = read_tsv(target, cfg, psm=6, dpi=int(round(dpi)), variables=page_variables(cfg))
    except EngineError:
        return words
    finally:
        target.unlink(missing_ok=True)
    read: dict[int, list[Word]] = {}
    for word in parse_tsv(tsv, page_no=words[0].page_no, dpi=72.0):  # boxes in strip pixels
        index = int(word.yc // band)
        if 0 <= index < len(crops) and word.confidence >= 0.5 \
                and any(c.isalnum() for c in word.text):
            read.setdefault(index, []).append(word)
    found = []
    for index, line in sorted(read.items()):
        plain = sorted(w.height for w in line if not set(w.text) & set("()[]{}|"))
        if not plain or plain[len(plain) // 2] < 1.1 * tall:
            continue  # the form's small print, not a value
        (ox, oy), _crop = crops[index]
        dx, dy = ox - margin, oy - index * band - margin
        for word in line:
            fresh = replace(word, bbox=(round((word.x0 + dx) / scale, 2),
                                        round((word.top + dy) / scale, 2),
                                        round((word.x1 + dx) / scale, 2),
                                        round((word.bottom + dy) / scale, 2)))
            if not any(o.x0 < fresh.x1 and fresh.x0 < o.x1 and o.top < fresh.bottom
                       and fresh.top < o.bottom for o in words):
                found.append(fresh)
    return [*words, *found] if found else words


def _scan_in(work: Path, data: bytes, path: str, cfg: OcrSettings) -> list[ScanPage]:
    rasters = rasterize(data, work, dpi=cfg.dpi, path=path)
    if len(rasters) <= 1 or cfg.workers == 1:
        return [ocr_page(r, cfg) for r in rasters]
    # forkserver: a fork of a process whose OpenCV thread pool is running can deadlock
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=min(cfg.workers, len(rasters)),
                             mp_context=context) as pool:
        return list(pool.map(ocr_page, rasters, [cfg] * len(rasters)))


def scan_pages(data: bytes, *, path: str = "<scan>",
               settings: OcrSettings | dict[str, Any] | None = None) -> list[ScanPage]:
    """Every page of the scan, OCR'd (in a process pool when there are several)."""
    cfg = OcrSettings.resolve(settings)
    with tempfile.TemporaryDirectory(prefix="sec16-ocr-") as tmp:
        return _scan_in(Path(tmp), data, path, cfg)


def _document(scanned: list[ScanPage], path: str) -> tuple[Document, list[StageError]]:
    warnings: list[StageError] = []
    pages: list[Page] = []
    for item in scanned:
        if item.page is None:
            warnings.append(StageError(stage="readers.scan", code="W301", severity="warning",
                                       message=f"page {item.page_no}: OCR failed "
                                               f"({item.code} {item.error}); page skipped"))
            continue
        pages.append(item.page)
        fixes = []
        if item.rotation:
            fixes.append(f"turned {item.rotation} deg clockwise")
        if item.skew:
            fixes.append(f"deskewed {item.skew:+.2f} deg")
        if fixes:
            warnings.append(StageError(stage="readers.scan", code="I301", severity="info",
                                       message=f"page {item.page_no}: " + ", ".join(fixes)))
    if not pages:
        first = scanned[0] if scanned else None
        raise EngineError(f"OCR failed on every page: {first.error if first else 'no pages'}",
                          code=first.code if first and first.code else "E302", path=path)
    return Document(tuple(pages), Source.OCR, path, family="scan"), warnings


def scan_document(data: bytes, *, path: str = "<scan>",
                  settings: OcrSettings | dict[str, Any] | None = None) -> Document:
    """The OCR'd words and ruling lines of every page that could be read."""
    doc, _warnings = _document(scan_pages(data, path=path, settings=settings), path)
    return doc


def read_scan(data: bytes, *, path: str = "<scan>",
              settings: OcrSettings | dict[str, Any] | None = None) -> ReadOutcome:
    """Registry entry ``readers.scan.v1``: a scanned Form 3/4/5 -> ``ReadOutcome``.

    A scan on which OCR finds no text at all is refused as blank (E026)."""
    cfg = OcrSettings.resolve(settings)
    with tempfile.TemporaryDirectory(prefix="sec16-ocr-") as tmp:
        return outcome_from_pages(_scan_in(Path(tmp), data, path, cfg), path=path, settings=cfg)


def outcome_from_pages(scanned: list[ScanPage], *, path: str = "<scan>",
                       settings: OcrSettings | dict[str, Any] | None = None) -> ReadOutcome:
    """The ``ReadOutcome`` of pages already OCR'd one by one (``ocr_page``), for callers that
    schedule pages themselves (a batch engine with pages as tasks). Typed cells are read again
    from the cleaned page images (``extract.ocr.cells``) while those files still exist."""
    from extract.fields.build import build_filing
    from extract.ir.result import MediaKind
    from extract.layout.detect import detect
    from extract.layout.to_grid import to_grid

    cfg = OcrSettings.resolve(settings)
    doc, warnings = _document(scanned, path)
    if not any(page.words for page in doc.pages):
        raise InputError(
            f"the {len(doc.pages)} scanned page(s) are blank: OCR found no text; check the "
            "scan (an empty or unreadably faint page)",
            code="E026",
            path=path,
        )
    detection = detect(doc)
    doc, detection = _reread_header(doc, detection, scanned, cfg)
    grid, notes = to_grid(doc, detection)
    if cfg.reread_cells:
        grid, fixes = _recover(grid, doc, detection, scanned, cfg)
        notes += fixes
    filing, errors = build_filing(grid)
    filing = _referenced_footnotes(filing)
    filing = _confidence(filing, cfg, page_quality(doc))
    warnings.append(StageError(stage="layout.detect", code="I101", severity="info",
                               message=f"layout {detection.layout.name} "
                                       f"(score {detection.score:.3f})"))
    return ReadOutcome(kind=MediaKind.SCAN, filing=filing, warnings=warnings + notes + errors,
                       pages=len(doc.pages))


def _referenced_footnotes(filing: Any) -> Any:
    """A footnote the filing's fields refer to that the explanations did not yield (OCR lost
    its number or its lines) gets its place, in id order, with no text: the review queue then
    asks for its text (``iter_missing``), and the footnotes after it keep their positions.
    Only ids up to two past the highest read, or up to the number of distinct ids referred
    to, are trusted (a misread marker can say F12)."""
    from extract.ir.filing import Footnote
    from extract.ir.schema import iter_leaves

    def number(fid: str) -> int:
        return int(fid[1:]) if fid[:1] == "F" and fid[1:].isdigit() else 0

    have = {f.id for f in filing.footnotes}
    referred = {fid for leaf in iter_leaves(filing) for fid in leaf.extracted.footnote_ids}
    top = max(max((number(fid) for fid in have), default=0) + 2, len(referred))
    wanted = {fid for fid in referred if fid not in have and 1 <= number(fid) <= top}
    if not wanted:
        return filing
    notes = sorted([*filing.footnotes, *(Footnote(id=fid) for fid in wanted)],
                   key=lambda f: number(f.id))
    return filing.model_copy(update={"footnotes": notes})


def page_quality(doc: Document) -> float:
    """The scan's quality factor: the mean Tesseract confidence of its words over 0.9 (a
    clean 300 dpi page reads 0.89-0.91, a noisy 200 dpi one 0.68-0.81), squared, at most 1.
    Errors crowd on poor scans, where each word's own confidence still looks high."""
    confs = [w.confidence for page in doc.pages for w in page.words]
    if not confs:
        return 1.0
    return round(min(1.0, (sum(confs) / len(confs)) / 0.9) ** 2, 4)


#: Header boxes every Form 3/4/5 layout prints on its first page.
_HEADER_BOXES = ("box1", "box2", "relationship")


def _reread_header(doc: Document, detection: Any, scanned: list[ScanPage], cfg: OcrSettings
                   ) -> tuple[Document, Any]:
    """When a header box's label was not found, read the header band again with its vertical
    rules drawn back in. With every rule erased, Tesseract may read one text line across the
    boxes of a row (box 1's label, box 2's value and box 5's label as one garbled line); the
    rules keep the boxes apart. Only the band above Table I is replaced, and only when the
    second reading finds more of the header's labels."""
    import cv2

    from extract.layout.detect import detect

    missing = [k for k in _HEADER_BOXES if not detection.hits.get(k)]
    first = next((s for s in scanned if s.page is not None), None)
    if not missing or first is None or first.page is None or not first.image \
            or not Path(first.image).exists():
        return doc, detection
    page = first.page
    tables = [h.top for h in detection.hits.get("table1", []) if h.page_no == page.page_no]
    band = min(tables) if tables else page.height / 3
    image = cv2.imread(first.image, cv2.IMREAD_GRAYSCALE)
    if image is None:
        return doc, detection
    scale = first.dpi / 72.0
    drawn = 0
    for line in page.lines:
        if line.vertical and line.bbox[1] < band:
            x = int(round(line.x * scale))
            cv2.line(image, (x, int(line.bbox[1] * scale)),
                     (x, int(min(line.bbox[3], band) * scale)), 0, max(2, int(scale * 0.6)))
            drawn += 1
    if not drawn:
        return doc, detection
    target = Path(first.image).with_name(Path(first.image).stem + "-ruled.pgm")
    cv2.imwrite(str(target), image)
    try:
        tsv = run_tesseract(target, cfg.model_copy(update={"dpi": int(round(first.dpi))}))
    except EngineError:
        return doc, detection
    finally:
        target.unlink(missing_ok=True)
    fresh = [w for w in _mended(parse_tsv(tsv, page_no=page.page_no, dpi=first.dpi))
             if w.bottom < band]

    def overlapped(w: Word) -> bool:
        return any(f.x0 < w.x1 and w.x0 < f.x1 and f.top < w.bottom and w.top < f.bottom
                   for f in fresh)

    # below the band (and words straddling its edge) as they were; in it, the new reading
    # plus the ticked boxes' X marks, which no reading sees (the boxes were erased)
    kept = [w for w in page.words if w.bottom >= band
            or (w.text == "X" and w.confidence == CHECK_MARK_CONFIDENCE and not overlapped(w))]
    new_page = replace(page, words=tuple(sorted(kept + fresh, key=lambda w: (w.top, w.x0))))
    pages = tuple(new_page if p.page_no == page.page_no else p for p in doc.pages)
    new_doc = replace(doc, pages=pages)
    again = detect(new_doc)
    more = sum(1 for k in _HEADER_BOXES if again.hits.get(k)) > len(_HEADER_BOXES) - len(missing)
    # nothing found below the band lost (above it, the title may read differently: the
    # layout must stay the same)
    lost = any(hits and not again.hits.get(key) for key, hits in detection.hits.items()
               if any(h.page_no != page.page_no or h.top >= band for h in hits))
    if more and not lost and again.layout.name == detection.layout.name:
        return new_doc, again
    return doc, detection


def _confidence(filing: Any, cfg: OcrSettings, quality: float = 1.0) -> Any:
    """Raw scores with the validation, word-list and scan-quality factors, then the shipped
    calibration (``extract.ocr.confidence``)."""
    from extract.ocr.confidence import (
        apply_checks,
        apply_citations,
        apply_lexicon,
        apply_quality,
        calibrate_filing,
        load_calibration,
    )
    from extract.validate.rules import validate

    filing = apply_citations(apply_lexicon(apply_checks(filing, validate(filing))))
    calibration = load_calibration() if cfg.calibrate else None
    if calibration is None:
        return apply_quality(filing, quality)
    return calibrate_filing(filing, calibration, quality)  # quality and maps in one pass


def _recover(grid: Any, doc: Document, detection: Any, scanned: list[ScanPage],
             cfg: OcrSettings) -> tuple[Any, list[StageError]]:
    import cv2
    import numpy as np

    from extract.ocr.cells import recover_cells

    images: dict[int, tuple[Any, float]] = {}
    for item in scanned:
        if item.page is not None and item.image and Path(item.image).exists():
            image = cv2.imread(item.image, cv2.IMREAD_GRAYSCALE)
            if image is not None:
                images[item.page_no] = (np.asarray(image, dtype=np.uint8), item.dpi)
    if not images:
        return grid, []
    try:
        grid, fixes = recover_cells(grid, doc, detection, images, cfg)
    except EngineError as exc:  # the page reading stands
        return grid, [StageError(stage="readers.scan", code="W302", severity="warning",
                                 message=f"cell re-read failed ({exc.code}); page reading kept")]
    return grid, [StageError(stage="ocr.cells", code="R301", severity="info",
                             message=f"{where}: {change}") for where, change in fixes]
