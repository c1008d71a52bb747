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


def _tsv(rows: list[tuple[str, int, int, int, int, float]]) -> str:
    from extract.ocr.tsv import TSV_HEADER

    head = "\t".join(TSV_HEADER) + "\n"
    return head + "".join(f"5\t1\t1\t1\t1\t1\t{x}\t{y}\t{w}\t{h}\t{c}\t{t}\n"
                          for t, x, y, w, h, c in rows)


def test_two_lines_read_as_one_are_read_again_from_their_region(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import numpy as np

    from extract.ocr.tsv import parse_tsv

    # a Form 3's page: box 2's label "2. Date of Event" / "Requiring Statement" came back as
    # two 70 px words at confidence 0 between 25 px words (as recorded from Tesseract)
    page = [(f"Word{i}", 100 + 150 * (i % 10), 300 + 40 * (i // 10), 120, 25, 96.0)
            for i in range(30)]
    page += [("Recuiting", 839, 683, 134, 72, 0.0), ("Shacinent", 981, 684, 141, 65, 0.0),
             ("09/22/2020", 839, 795, 183, 28, 96.5)]
    words = parse_tsv(_tsv(page), dpi=300)
    crops: list[tuple[int, int]] = []

    def reread(path: Path, cfg: OcrSettings, *, psm: int, dpi: int,
               variables: dict[str, str]) -> str:
        from PIL import Image as Pil

        crops.append(Pil.open(path).size)
        assert psm == 6 and dpi == 300
        assert variables == {"tessedit_do_invert": "0"}  # black on white: no inverted tries
        # the crop starts 25 px left of and 12 px above the bad words' box
        return _tsv([("2.", 5, 12, 20, 22, 96.0), ("Date", 30, 12, 60, 22, 97.0),
                     ("Requiring", 5, 45, 130, 28, 96.0), ("Statement", 140, 45, 140, 22, 96.0)])

    monkeypatch.setattr(scan, "read_tsv", reread)
    image = np.full((3300, 2550), 255, np.uint8)
    out = scan.reread_merged_lines(words, image, dpi=300, cfg=OcrSettings(),
                                   work=tmp_path / "page-001-clean.pgm")
    texts = [w.text for w in out]
    assert "Recuiting" not in texts and "Shacinent" not in texts
    assert {"2.", "Date", "Requiring", "Statement", "09/22/2020", "Word0"} <= set(texts)
    assert len(crops) == 1 and not list(tmp_path.iterdir())  # the crop file is removed
    date = next(w for w in out if w.text == "Date")
    assert 200 < date.x0 < 215 and 160 < date.top < 170  # back in page points

    # a re-read no surer than the page's reading leaves the page as it was
    monkeypatch.setattr(scan, "read_tsv", lambda *a, **k: _tsv([("Rec", 5, 12, 60, 60, 5.0)]))
    assert scan.reread_merged_lines(words, image, dpi=300, cfg=OcrSettings(),
                                    work=tmp_path / "p.pgm") == words


def test_a_line_the_page_reading_passed_over_is_read_again(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import numpy as np

    from extract.ocr.tsv import parse_tsv

    image = np.full((1200, 2000), 255, np.uint8)

    def ink(x: int, y: int, letters: int, tall: int = 24) -> None:  # letters 18 px wide
        for k in range(letters):
            image[y:y + tall, x + 22 * k:x + 22 * k + 18] = 0

    # 30 words of the form's small print the page reading found, each with its box
    page = []
    for i in range(30):
        x, y = 100 + 180 * (i % 10), 100 + 60 * (i // 10)
        ink(x, y, 5)
        page.append((f"Word{i}", x, y, 108, 24, 96.0))
    words = parse_tsv(_tsv(page), dpi=300)
    ink(100, 500, 4, 30)
    ink(200, 500, 6, 30)  # a line of two words nobody read, in a value's larger type
    ink(1500, 800, 2, 30)  # two specks of ink: too few glyphs to be a line
    ink(100, 700, 8)  # a line of small print nobody read: a column heading, left alone
    strips: list[tuple[int, int]] = []

    def reread(path: Path, cfg: OcrSettings, *, psm: int, dpi: int,
               variables: dict[str, str]) -> str:
        from PIL import Image as Pil

        with Pil.open(path) as strip:
            strips.append(strip.size)
            pixels = np.asarray(strip)
        assert psm == 6 and dpi == 300
        dark = np.argwhere(pixels < 128)
        (top, left), (_bottom, right) = dark.min(axis=0), dark.max(axis=0)
        band = pixels.shape[0] // 2  # two lines stacked: the value's, then the heading's
        return _tsv([("1601", int(left), int(top), 84, 30, 95.0),
                     ("WILLOW", int(left) + 100, int(top), 128, 30, 96.0),
                     ("~", int(right) - 4, int(top), 4, 30, 30.0),  # unsure: dropped
                     ("Transaction", int(left), band + 12, 170, 24, 96.0)])

    monkeypatch.setattr(scan, "read_tsv", reread)
    out = scan.reread_lost_lines(words, image, dpi=300, cfg=OcrSettings(),
                                 work=tmp_path / "page-001-clean.pgm")
    assert out[:30] == words  # the page reading stands as it was
    found = {w.text: w for w in out[30:]}
    assert set(found) == {"1601", "WILLOW"}
    assert len(strips) == 1 and not list(tmp_path.iterdir())  # one read; the strip removed
    assert found["1601"].bbox == pytest.approx((24.0, 120.0, 44.16, 127.2), abs=0.3)
    assert found["WILLOW"].x0 == pytest.approx(48.0, abs=0.3)  # back in page points

    # every line covered by a word: no read at all
    ink_free = image.copy()
    ink_free[480:540, :] = 255
    ink_free[680:740, :] = 255
    strips.clear()
    assert scan.reread_lost_lines(words, ink_free, dpi=300, cfg=OcrSettings(),
                                  work=tmp_path / "p.pgm") == words
    assert strips == []
