"""The debug overlay writes a PNG per page for PDFs and for fixed-width text."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from extract.inspect import inspect_to_png
from extract.readers.xml import read_ownership_xml
from extract.render.legacy import render_legacy
from extract.render.paper import render_paper


def test_overlay_png(tmp_path: Path, dev_xml_paths: list[Path]) -> None:
    path = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    filing = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    pdf = tmp_path / "f.pdf"
    pdf.write_bytes(render_paper(filing))
    (out,) = inspect_to_png(pdf, tmp_path / "f.png")
    image = Image.open(out)
    assert image.size[0] > 1000
    # green column bands were drawn somewhere on the page
    pixels = image.convert("RGB").resize((400, 300)).tobytes()
    assert any(pixels[i + 1] > pixels[i] + 20 and pixels[i + 1] > pixels[i + 2] + 20
               for i in range(0, len(pixels), 3))
    text = tmp_path / "f.txt"
    text.write_text(render_legacy(filing))
    (out2,) = inspect_to_png(text, tmp_path / "t.png")
    assert Image.open(out2).size[1] > 100
