"""Scanned powers of attorney: OCR words -> text lines -> the POA, embedded images, the routes.

Most tests feed the Tesseract TSV recorded once per dev page (``tests/data/ocr/poa``); one runs
the real engine on one page end to end.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from extract.errors import InputError
from extract.ir.document import Word
from extract.ir.result import MediaKind, Status
from extract.ir.values import Source
from extract.nlp.poa import extract_poa
from extract.nlp.rules import clean_name
from extract.ocr.engine import OcrSettings
from extract.pipeline import extract_bytes, extract_path
from extract.readers import poa_scan
from extract.readers.poa import read_poa_exhibit

DATA = Path(__file__).resolve().parents[2] / "data"
PAGES: list[dict[str, Any]] = json.loads(
    (DATA / "poa_scan_dev_truth.json").read_text(encoding="utf-8"))["pages"]
FORM_TSV = (DATA / "ocr" / "form4_page1.tsv").read_text(encoding="utf-8")

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not on PATH (apt-get install tesseract-ocr tesseract-ocr-eng)")


def _tsv(page: dict[str, Any]) -> str:
    return (DATA / page["tsv"]).read_text(encoding="utf-8")


def _png(width: int = 850, height: int = 1100) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, format="PNG")
    return buf.getvalue()


def _word(text: str, x0: float, y0: float, x1: float, y1: float, conf: float = 0.95) -> Word:
    return Word(text, text, (x0, y0, x1, y1), 1, conf, Source.OCR)


def _engine_replays(monkeypatch: pytest.MonkeyPatch, tsvs: list[str]) -> list[Path]:
    """Stub the engine: each Tesseract run returns the next recorded TSV; OSD says upright."""
    seen: list[Path] = []
    queue = list(tsvs)

    def run(path: Path, cfg: OcrSettings) -> str:
        seen.append(Path(path))
        return queue.pop(0)

    monkeypatch.setattr(poa_scan, "run_tesseract", run)
    monkeypatch.setattr(poa_scan, "detect_orientation", lambda path, cfg: (0, 0.0))
    return seen


# --------------------------------------------------------------------- words -> text lines
def test_words_become_lines_in_reading_order_with_paragraph_gaps() -> None:
    words = [  # given out of order; two lines, a wide gap, a third line
        _word("appoint", 150, 100, 190, 110), _word("Know", 72, 100, 100, 110),
        _word("all", 105, 101, 120, 110), _word("Jane", 72, 114, 96, 124),
        _word("Doe", 100, 114, 120, 124), _word("Dated", 72, 160, 100, 170),
    ]
    text, spans = poa_scan.words_to_text([words])
    assert text == "Know all appoint\nJane Doe\n\nDated"
    for w in spans:  # every span points at its word's text
        assert text[w.start:w.end] in {"Know", "all", "appoint", "Jane", "Doe", "Dated"}
    doe = next(w for w in spans if text[w.start:w.end] == "Doe")
    assert doe.page == 1 and doe.bbox == (100, 114, 120, 124)


def test_signature_scrawl_is_dropped_and_marks_are_mended() -> None:
    words = [
        _word("|", 72, 80, 76, 90), _word("the", 80, 80, 95, 90),
        _word("Scrawl", 72, 95, 140, 140, conf=0.3),  # a tall low-score signature: dropped
        _word("3DC35A6B", 150, 146, 190, 149, conf=0.2),  # a stamp's tiny number: dropped
        _word("/sI", 72, 150, 85, 160), _word("Jane", 90, 150, 110, 160),
        _word("Doe", 115, 150, 135, 160),
    ]
    text, _ = poa_scan.words_to_text([words])
    assert text == "I the\n\n/s/ Jane Doe"


def test_pages_are_separated_by_a_blank_line() -> None:
    one = [_word("Page", 72, 72, 100, 82), _word("one", 105, 72, 120, 82)]
    two = [Word("two", "two", (72, 72, 90, 82), 2, 0.9, Source.OCR)]
    text, spans = poa_scan.words_to_text([one, two])
    assert text == "Page one\n\ntwo" and spans[-1].page == 2


# --------------------------------------------------------------------- recorded dev pages
@pytest.mark.parametrize("page", PAGES, ids=lambda p: Path(p["path"]).name)
def test_recorded_page_gives_the_hand_checked_values(page: dict[str, Any]) -> None:
    pages = poa_scan.poa_pages_from_tsv([_tsv(page)], [page["dpi"]])
    poa = extract_poa(pages.text, source=Source.OCR, words=pages.words)
    assert poa is not None
    assert [clean_name(g.value or "") for g in poa.grantors] == page["grantors"]
    assert [clean_name(a.value or "") for a in poa.attorneys_in_fact] == page["attorneys"]
    assert (poa.executed_on.value.isoformat() if poa.executed_on.value else None) == page["executed_on"]
    assert poa.company == page["company"]
    for value in (*poa.grantors, *poa.attorneys_in_fact):  # OCR boxes, on a Letter page
        prov = value.provenance
        assert prov is not None and prov.source is Source.OCR and prov.page == 1
        x0, y0, x1, y1 = prov.bbox
        assert 0 <= x0 < x1 <= 612 and 0 <= y0 < y1 <= 792


def test_a_body_page_names_no_grantor_from_the_undersigned_clause() -> None:
    page = next(p for p in PAGES if p["path"].endswith("001.jpg"))
    text = poa_scan.poa_pages_from_tsv([_tsv(page)], [page["dpi"]]).text
    assert "that I, the undersigned" in text  # "|," mended to "I,"
    poa = extract_poa(text, source=Source.OCR)
    assert poa is not None and poa.grantors == ()


def test_an_execution_page_alone_is_no_poa_outside_ocr() -> None:
    page = next(p for p in PAGES if p["path"].endswith("002.jpg"))
    text = poa_scan.poa_pages_from_tsv([_tsv(page)], [page["dpi"]]).text
    assert extract_poa(text) is None  # a text exhibit must read as a whole POA
    assert extract_poa(text, source=Source.OCR) is not None


# --------------------------------------------------------------------- embedded images
def test_data_uri_and_sibling_images_in_document_order(tmp_path: Path) -> None:
    first, second = _png(100, 100), _png(120, 100)
    (tmp_path / "page2.png").write_bytes(second)
    html = ("<html><body><div style=\"background-image:url(data:image/png;base64,"
            + base64.b64encode(first).decode() + ");\"></div><img src='page2.png'></body></html>")
    assert poa_scan.embedded_images(html, path=str(tmp_path / "ex24.htm")) == [first, second]


@pytest.mark.parametrize("src,code", [
    ("missing.jpg", "E042"), ("https://example.com/a.jpg", "E042"), ("../up.jpg", "E042"),
    ("data:image/jpg;base64,@@@", "E043"),
])
def test_unusable_image_reference_is_a_coded_error(tmp_path: Path, src: str, code: str) -> None:
    with pytest.raises(InputError) as info:
        poa_scan.embedded_images(f'<img src="{src}">', path=str(tmp_path / "ex24.htm"))
    assert info.value.code == code


def test_exhibit_with_a_missing_sibling_image_fails_with_a_clear_error(tmp_path: Path) -> None:
    html = tmp_path / "exhibit24.htm"
    html.write_text("<html><body><p>Exhibit 24</p><img src=\"scan001.jpg\"></body></html>")
    result = extract_path(html)
    assert result.status is Status.FAILED
    (error,) = result.errors
    assert error.code == "E042" and "scan001.jpg" in error.message


def test_multi_image_html_is_ocrd_page_by_page(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    body, execution = PAGES[2], PAGES[3]
    (tmp_path / "p1.png").write_bytes(_png())
    (tmp_path / "p2.png").write_bytes(_png())
    html = tmp_path / "ex24.htm"
    html.write_text("<html><body><p>Exhibit 24</p><img src=p1.png><img src=p2.png></body></html>")
    seen = _engine_replays(monkeypatch, [_tsv(body), _tsv(execution)])
    outcome = read_poa_exhibit(html.read_bytes(), path=str(html))
    assert len(seen) == 2 and outcome.pages == 2 and outcome.kind is MediaKind.POA_EXHIBIT
    assert {w.page for w in outcome.poa_words} == {1, 2}
    _engine_replays(monkeypatch, [_tsv(body), _tsv(execution)])
    result = extract_path(html)  # the same through the pipeline: one POA over both pages
    poa = result.power_of_attorney
    assert result.status is Status.SUCCESS and poa is not None
    assert poa.grantor == "Roelof Botha" and poa.executed_on.value is not None
    assert [a.value for a in poa.attorneys_in_fact] == ["Marie Klemchuk", "Jung Yeon Son"]
    assert poa.grantors[0].provenance is not None and poa.grantors[0].provenance.page == 2


def test_dev_html_exhibit_through_the_pipeline(shared_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    page = next(p for p in PAGES if p["path"].endswith("exhibit24-1.htm"))
    seen = _engine_replays(monkeypatch, [_tsv(page)])
    result = extract_path(shared_dir / "corpus" / page["path"])
    assert len(seen) == 1  # the one data: URI image
    poa = result.power_of_attorney
    assert result.status is Status.SUCCESS and poa is not None and result.filing is None
    assert [a.value for a in poa.attorneys_in_fact] == page["attorneys"]


# --------------------------------------------------------------------- the scan route
def test_scan_that_is_neither_form_nor_poa_keeps_the_layout_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.errors import LayoutError
    from extract.readers import scan

    def no_layout(data: bytes, *, path: str) -> object:
        raise LayoutError("no layout matches the page(s)", code="E102", path=path)

    monkeypatch.setattr(scan, "read_scan", no_layout)
    _engine_replays(monkeypatch, [FORM_TSV])
    result = extract_bytes(_png(), path="page.png")
    assert result.status is Status.FAILED
    (error,) = result.errors
    assert error.code == "E102" and "power of attorney" in error.message


def test_scan_without_form_layout_is_read_as_a_poa(monkeypatch: pytest.MonkeyPatch) -> None:
    from extract.errors import LayoutError
    from extract.readers import scan

    def no_layout(data: bytes, *, path: str) -> object:
        raise LayoutError("no layout matches the page(s)", code="E102", path=path)

    monkeypatch.setattr(scan, "read_scan", no_layout)
    _engine_replays(monkeypatch, [_tsv(PAGES[0])])
    result = extract_bytes(_png(1055, 1365), path="poa.png")
    assert result.status is Status.SUCCESS and result.source.kind is MediaKind.SCAN
    assert result.power_of_attorney is not None
    assert [a.value for a in result.power_of_attorney.attorneys_in_fact] == PAGES[0]["attorneys"]


@needs_tesseract
def test_real_engine_reads_one_scanned_page_end_to_end(shared_dir: Path) -> None:
    page = next(p for p in PAGES if p["path"].endswith("002.jpg"))
    result = extract_path(shared_dir / "corpus" / page["path"])
    poa = result.power_of_attorney
    assert result.status is Status.SUCCESS and result.filing is None, result.errors
    assert poa is not None and poa.grantor == "Roelof Botha"
    assert poa.executed_on.value is not None and poa.executed_on.value.isoformat() == "2024-08-19"
    prov = poa.grantors[0].provenance
    assert prov is not None and prov.source is Source.OCR and prov.page == 1
    x0, y0, x1, y1 = prov.bbox  # "/s/ Roelof Botha" sits right of centre, near the top
    assert 300 < x0 < x1 < 612 and 80 < y0 < y1 < 200


def test_html_of_page_images_only_is_sniffed_as_a_scanned_exhibit() -> None:
    from extract.readers.sniff import sniff

    big = base64.b64encode(bytes(range(256)) * 400).decode()  # a data: URI past the sniff prefix
    page = f"<html><body><div style=\"background-image:url(data:image/jpg;base64,{big});\"></div></body></html>"
    assert sniff(page.encode(), "x.htm") is MediaKind.POA_EXHIBIT
    assert sniff(b"<html><body><img src='p1.jpg'></body></html>", "x.htm") is MediaKind.POA_EXHIBIT
    with pytest.raises(InputError) as info:
        sniff(b"<html><body>  </body></html>", "x.htm")
    assert info.value.code == "E002"


def test_image_only_html_is_read_as_a_poa(monkeypatch: pytest.MonkeyPatch) -> None:
    uri = base64.b64encode(_png(1055, 1365)).decode()
    page = f'<html><body><img src="data:image/png;base64,{uri}"></body></html>'.encode()
    _engine_replays(monkeypatch, [_tsv(PAGES[1])])
    result = extract_bytes(page, path="exhibit24.htm")
    assert result.status is Status.SUCCESS and result.source.kind is MediaKind.POA_EXHIBIT
    assert result.power_of_attorney is not None and result.power_of_attorney.grantor == "Roelof Botha"
