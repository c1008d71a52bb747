"""The real Tesseract engine (skipped where it is not installed) and the seam's errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from extract.errors import EngineError
from extract.ocr.engine import OcrSettings, run_tesseract

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not on PATH (apt-get install tesseract-ocr tesseract-ocr-eng)")


def test_missing_binary_is_a_coded_engine_error(tmp_path: Path) -> None:
    image = tmp_path / "blank.png"
    image.write_bytes(b"")
    with pytest.raises(EngineError) as err:
        run_tesseract(image, OcrSettings(tesseract_cmd=str(tmp_path / "no-such-tesseract")))
    assert err.value.code == "E301"


def test_page_reading_tries_no_inverted_lines(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    """Pages are binarized black on white, so the binary is told not to retry lines inverted,
    unless the settings ask for it."""
    from extract.ocr import engine

    seen: list[list[str]] = []
    monkeypatch.setattr(engine, "run_command", lambda args, cfg: seen.append(args) or "")
    image = tmp_path / "page.pgm"
    run_tesseract(image, OcrSettings(resident=False))
    run_tesseract(image, OcrSettings(resident=False, invert_lines=True))
    assert "tessedit_do_invert=0" in seen[0] and "tessedit_do_invert=1" in seen[1]


def test_settings_are_validated() -> None:
    from extract.errors import ConfigError

    with pytest.raises(ConfigError):
        OcrSettings.resolve({"psm": 42})
    assert OcrSettings.resolve({"dpi": 200}).dpi == 200


@pytest.mark.engine
@needs_tesseract
def test_scan_reads_a_rendered_paper_form(seed_scan: bytes) -> None:
    """A paper Form 4 rendered to an image-only page is read back through the layout engine."""
    from extract.readers.scan import read_scan

    outcome = read_scan(seed_scan, path="seed.png", settings={"orient": False})
    assert outcome.filing is not None
    assert outcome.pages == 1
    issuer = outcome.filing.issuer
    assert issuer.issuer_trading_symbol.value == "IMGN"
    codes = {w.code for w in outcome.warnings}
    assert "I101" in codes  # a layout was detected


@pytest.mark.engine
@needs_tesseract
def test_rotated_page_is_turned_upright(seed_scan: bytes, tmp_path: Path) -> None:
    import io

    from PIL import Image

    from extract.readers.scan import scan_pages

    image = Image.open(io.BytesIO(seed_scan))
    buf = io.BytesIO()
    image.rotate(180).save(buf, format="PNG", dpi=(200, 200))
    (page,) = scan_pages(buf.getvalue(), settings={"deskew": False})
    assert page.page is not None and page.rotation == 180
    assert any(w.text == "SECURITIES" for w in page.page.words)


@pytest.fixture()
def header_crop(seed_scan: bytes, tmp_path: Path) -> Path:
    """The top of the rendered seed page (boxes 1-3): big enough to read, quick to read."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(seed_scan)).convert("L")
    target = tmp_path / "header.png"
    image.crop((0, 0, image.width, image.height // 5)).save(target)
    return target


@pytest.mark.engine
@needs_tesseract
def test_resident_engine_reads_as_the_binary_does(header_crop: Path) -> None:
    """The library kept loaded in the process gives the binary's TSV byte for byte, with
    and without engine variables; a variable set for one read is put back for the next."""
    from extract.ocr.engine import _library_in, read_tsv

    digits = {"tessedit_char_whitelist": "0123456789", "tessedit_do_invert": "0"}
    resident, binary = OcrSettings(resident=True), OcrSettings(resident=False)
    assert _library_in(os.getpid()) is not None, "libtesseract should load where tesseract is"
    plain = read_tsv(header_crop, resident, psm=3, dpi=200)
    assert "SECURITIES" in plain
    assert plain == read_tsv(header_crop, binary, psm=3, dpi=200)
    only_digits = read_tsv(header_crop, resident, psm=6, dpi=200, variables=digits)
    assert only_digits == read_tsv(header_crop, binary, psm=6, dpi=200, variables=digits)
    assert "SECURITIES" not in only_digits
    assert read_tsv(header_crop, resident, psm=3, dpi=200) == plain  # whitelist undone


@pytest.mark.engine
@needs_tesseract
def test_resident_engine_keeps_the_time_limit(seed_scan: bytes, tmp_path: Path) -> None:
    page = tmp_path / "page.png"
    page.write_bytes(seed_scan)
    with pytest.raises(EngineError) as err:
        run_tesseract(page, OcrSettings(timeout=0.01))
    assert err.value.code == "E303"
    assert "page.png" in str(err.value)


@pytest.mark.engine
@needs_tesseract
def test_resident_engine_reports_an_unreadable_image(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    with pytest.raises(EngineError) as err:
        run_tesseract(broken, OcrSettings())
    assert err.value.code == "E302"
    assert "broken.png" in str(err.value)
