"""PDF reader: words, lines and the coded error for a PDF without a text layer."""

from __future__ import annotations

import io
import shutil

import pytest
from reportlab.pdfgen.canvas import Canvas

from extract.errors import InputError, LayoutError
from extract.readers.pdf import pdf_document, read_pdf


def _pdf(draw) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 200), invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_words_have_top_left_boxes_and_sizes() -> None:
    data = _pdf(lambda c: (c.setFont("Helvetica", 10), c.drawString(20, 170, "Hello world"),
                           c.line(10, 100, 290, 100)))
    doc = pdf_document(data)
    page = doc.pages[0]
    assert [w.text for w in page.words] == ["Hello", "world"]
    hello = page.words[0]
    assert 20 <= hello.x0 < 21 and 18 < hello.top < 25  # 200 - 170 - ascent: top-left origin
    assert hello.size == pytest.approx(10)
    assert any(not ln.vertical and abs(ln.y - 100) < 1 for ln in page.lines)


def test_pdf_without_text_layer_is_a_coded_error() -> None:
    data = _pdf(lambda c: c.rect(10, 10, 100, 100, fill=1))
    with pytest.raises(InputError) as err:
        pdf_document(data)
    assert err.value.code == "E020"


def test_not_a_pdf() -> None:
    with pytest.raises(InputError) as err:
        pdf_document(b"%PDF-1.4 garbage")
    assert err.value.code in ("E020", "E021")


def test_page_matching_no_layout_names_layouts_tried() -> None:
    data = _pdf(lambda c: (c.setFont("Helvetica", 10), c.drawString(20, 170, "Quarterly report")))
    with pytest.raises(LayoutError) as err:
        read_pdf(data)
    assert err.value.code == "E102"
    assert "form4-edgar" in err.value.message and "form3-edgar" in err.value.message


@pytest.mark.engine
@pytest.mark.skipif(shutil.which("chromium") is None and not __import__("os").path.exists(
    "/usr/bin/chromium"), reason="needs /usr/bin/chromium (apt-get install -y chromium)")
def test_chromium_rendering_reads_back(dev_xml_paths) -> None:
    from extract.eval.score import printed_only, score_filing
    from extract.readers.xml import read_ownership_xml
    from extract.render.pdf import render_pdf

    path = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    out = read_pdf(render_pdf(truth), path=str(path))
    score = score_filing(out.filing, truth, keep=printed_only)
    assert score.exact, score.mismatches
