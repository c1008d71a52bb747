"""A scanned page for the engine tests: the seed filing printed on the paper form, as a PNG."""

from __future__ import annotations

import io
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seed_scan(shared_dir: Path) -> bytes:
    import pypdfium2 as pdfium

    from extract.readers.xml import read_ownership_xml
    from extract.render.paper import render_paper

    xml = shared_dir / "seed" / "form4-immunogen-2008.expected.xml"
    filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
    pdf = pdfium.PdfDocument(render_paper(filing))
    try:
        image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(200, 200))
    return buf.getvalue()
