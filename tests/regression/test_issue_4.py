"""Issue 4 regressions: what OCR loses on the form's header, read back from the layout.

Each test takes the seed filing's paper rendering (text layer), turns its words into OCR words
without confidences and fonts, removes or damages what Tesseract was seen to drop on dev scans,
and checks the header still reads right.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from extract.ir.document import Document, Word
from extract.ir.values import Source
from extract.layout.detect import detect
from extract.layout.to_grid import to_grid
from extract.readers.scan import _reads_upright


@pytest.fixture(scope="module")
def seed_doc(shared_dir: Path) -> Document:
    from extract.readers.pdf import pdf_document
    from extract.readers.xml import read_ownership_xml
    from extract.render.paper import render_paper

    xml = shared_dir / "seed" / "form4-immunogen-2008.expected.xml"
    filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
    doc = pdf_document(render_paper(filing), path="seed.pdf")
    return _as_ocr(doc, lambda w: w)


def _as_ocr(doc: Document, change) -> Document:  # type: ignore[no-untyped-def]
    pages = []
    for page in doc.pages:
        words = []
        for w in page.words:
            w = change(dataclasses.replace(w, source=Source.OCR, size=0.0, font="",
                                           confidence=0.95))
            if w is not None:
                words.append(w)
        pages.append(dataclasses.replace(page, words=tuple(words)))
    return Document(tuple(pages), Source.OCR, doc.path, "scan")


def _owner(doc: Document):  # type: ignore[no-untyped-def]
    grid, _notes = to_grid(doc, detect(doc))
    return grid.owners[0]


def test_dropped_street_city_and_zip_labels(seed_doc: Document) -> None:
    whole = _owner(seed_doc)
    lost = _as_ocr(seed_doc, lambda w: None if w.text in ("(Street)", "(City)", "(Zip)")
                   else w)
    owner = _owner(lost)
    for field in ("street1", "city", "state", "zip_code"):
        want, got = getattr(whole, field), getattr(owner, field)
        assert (got.text if got else None) == (want.text if want else None), field


def test_damaged_sub_labels_still_match(seed_doc: Document) -> None:
    damage = {"(City)": "(Cry)", "(Zip)": "(2ip)", "(First)": "(Fist)"}
    owner = _owner(_as_ocr(seed_doc, lambda w: dataclasses.replace(
        w, text=damage.get(w.text, w.text))))
    whole = _owner(seed_doc)
    assert owner.street1 == whole.street1 and owner.zip_code and owner.zip_code.text == \
        whole.zip_code.text  # type: ignore[union-attr]


def test_turned_page_does_not_read_upright() -> None:
    sure = [Word("Securities", "Securities", (0, 0, 10, 5), 1, 0.95, Source.OCR)] * 20
    noise = [Word("~'r", "~'r", (0, 0, 10, 5), 1, 0.3, Source.OCR)] * 40
    assert _reads_upright(sure + noise[:20])
    assert not _reads_upright(noise)
    assert not _reads_upright(sure[:5] + noise)
