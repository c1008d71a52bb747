"""The real Tesseract engine (skipped where it is not installed) and the seam's errors."""

from __future__ import annotations

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
