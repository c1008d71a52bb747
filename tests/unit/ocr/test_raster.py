"""Rasterizing PDFs and reading images into page PNGs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from extract.errors import InputError
from extract.ocr.raster import image_kind, rasterize


def _tiff(pages: int, dpi: int) -> bytes:
    frames = [Image.new("L", (200, 100), 255) for _ in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi))
    return buf.getvalue()


def test_multi_page_tiff_keeps_its_dpi(tmp_path: Path) -> None:
    pages = rasterize(_tiff(3, 200), tmp_path, dpi=300)
    assert [p.page_no for p in pages] == [1, 2, 3]
    assert all(p.dpi == 200 and p.path.is_file() for p in pages)
    assert Image.open(pages[0].path).mode == "L"


def test_pdf_rendered_at_configured_dpi(tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(612, 792)
    buf = io.BytesIO()
    pdf.save(buf)
    (page,) = rasterize(buf.getvalue(), tmp_path, dpi=150)
    assert page.dpi == 150
    width, height = Image.open(page.path).size
    assert abs(width - 1275) <= 1 and abs(height - 1650) <= 1  # 8.5 x 11 in at 150 dpi


def test_unknown_bytes_refused(tmp_path: Path) -> None:
    assert image_kind(b"<ownershipDocument>") is None
    assert image_kind(b"\x89PNG\r\n\x1a\n....") == "png"
    with pytest.raises(InputError) as err:
        rasterize(b"hello", tmp_path)
    assert err.value.code == "E025"


def test_a_200_page_tiff_is_refused_with_its_page_count(tmp_path: Path) -> None:
    frames = [Image.new("L", (40, 30), 255) for _ in range(200)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(InputError) as caught:
        rasterize(buf.getvalue(), tmp_path, path="big.tif")
    assert caught.value.code == "E022" and "200 pages" in caught.value.message
    assert not list(tmp_path.iterdir())  # nothing was decoded or written
