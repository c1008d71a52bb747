"""The scan reader with the engine stubbed by recorded TSV (no Tesseract needed)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from extract.errors import EngineError
from extract.ir.values import Source
from extract.ocr.engine import OcrSettings
from extract.readers import scan

DATA = Path(__file__).resolve().parents[2] / "data" / "ocr"
RECORDED = (DATA / "form4_page1.tsv").read_text(encoding="utf-8")
CFG = {"orient": False, "deskew": False, "workers": 1, "calibrate": False}  # raw scores


def _tiff(pages: int) -> bytes:
    frames = [Image.new("L", (3300, 2550), 255) for _ in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:],
                   dpi=(300, 300), compression="tiff_lzw")
    return buf.getvalue()


def test_document_from_recorded_tsv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "run_tesseract", lambda path, cfg: RECORDED)
    doc = scan.scan_document(_tiff(1), path="x.tif", settings=CFG)
    (page,) = doc.pages
    assert doc.source is Source.OCR and doc.family == "scan"
    assert (page.width, page.height) == (792.0, 612.0)  # 3300 x 2550 px at 300 dpi
    assert page.words[0].text == "FORM" and page.words[0].source is Source.OCR


def test_failed_page_is_a_warning_and_the_rest_goes_on(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    def engine(path: Path, cfg: OcrSettings) -> str:
        if "page-002" in str(path):
            raise EngineError("Tesseract exited 1 on page-002: boom", code="E302")
        return RECORDED

    monkeypatch.setattr(scan, "run_tesseract", engine)
    pages = scan.scan_pages(_tiff(2), settings=CFG)
    assert pages[0].page is not None and pages[1].page is None and pages[1].code == "E302"
    outcome = scan.read_scan(_tiff(2), path="x.tif", settings=CFG)
    assert outcome.pages == 1
    failed = [w for w in outcome.warnings if w.code == "W301"]
    assert len(failed) == 1 and "page 2" in failed[0].message


def test_every_page_failing_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def engine(path: Path, cfg: OcrSettings) -> str:
        raise EngineError("Tesseract not found", code="E301")

    monkeypatch.setattr(scan, "run_tesseract", engine)
    with pytest.raises(EngineError) as err:
        scan.scan_document(_tiff(1), settings=CFG)
    assert err.value.code == "E301"


def test_recorded_page_through_the_layout_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real Tesseract TSV of a paper Form 4 reads as a filing with OCR provenance."""
    monkeypatch.setattr(scan, "run_tesseract", lambda path, cfg: RECORDED)
    outcome = scan.read_scan(_tiff(1), path="x.tif", settings=CFG)
    assert outcome.filing is not None
    symbol = outcome.filing.issuer.issuer_trading_symbol
    assert symbol is not None and symbol.value == "ARWR"
    assert symbol.provenance is not None and symbol.provenance.source is Source.OCR
    assert 0.5 < symbol.confidence < 1.0
    name = outcome.filing.reporting_owners[0].reporting_owner_id.rpt_owner_name
    assert name is not None and name.value == "OLUKOTUN ADEOYE Y"


def test_image_opencv_cannot_process_is_a_page_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import cv2

    from extract.ocr import preprocess

    def broken(*args: object, **kwargs: object) -> None:
        raise cv2.error("bad image")

    monkeypatch.setattr(preprocess, "prepare", broken)
    (page,) = scan.scan_pages(_tiff(1), settings=CFG)
    assert page.page is None and page.code == "E306" and "bad image" in page.error
