"""Locating the POA: appended to a form rendering, HTML/text exhibits, SGML EX-24, scans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extract.ir.values import Source
from extract.nlp.find import (
    find_poa,
    html_to_text,
    is_scan,
    locate_poa,
    looks_like_poa,
    sgml_documents,
)
from extract.nlp.poa import TextWord, extract_poa

POA = """LIMITED POWER OF ATTORNEY

Know all by these presents, that the undersigned hereby constitutes and appoints each of
Jane Doe and Richard Roe, signing singly, the undersigned's true and lawful attorney-in-fact to
execute Forms 3, 4 and 5 with respect to securities of Example Widgets, Inc. (the "Company").

IN WITNESS WHEREOF, the undersigned has caused this Power of Attorney to be executed this
11th day of June 2008.

/s/ John Smith
Print Name: John Smith
"""


def test_appended_after_a_form() -> None:
    form = "FORM 4\n/s/ Jane Doe, attorney-in-fact 06/18/2008\n** Signature of Reporting Person Date\n\n"
    text = form + POA
    span = locate_poa(text)
    assert span is not None and text[span[0]:].startswith("LIMITED POWER OF ATTORNEY")
    poa = extract_poa(text, settings={"method": "rules"})
    assert poa is not None and poa.span[0] == len(form)
    assert [a.value for a in poa.attorneys_in_fact] == ["Jane Doe", "Richard Roe"]
    assert poa.grantor == "John Smith" and poa.executed_on.value is not None
    assert poa.executed_on.value.isoformat() == "2008-06-11"


def test_no_poa() -> None:
    assert extract_poa("FORM 4\nTable I\n/s/ Jane Doe 06/18/2008\n") is None
    assert not looks_like_poa("Exhibit 24 - Power of Attorney, previously filed")


def test_html_exhibit() -> None:
    html = "<html><body>" + "".join(f"<p>{line}</p>" for line in POA.split("\n\n")) + "</body></html>"
    assert "Know all by these presents" in html_to_text(html)
    found = find_poa(html)
    assert found is not None and found.where == "exhibit"
    poa = extract_poa(html, settings={"method": "rules"})
    assert poa is not None and poa.grantor == "John Smith"
    assert poa.grantors[0].provenance is not None and poa.grantors[0].provenance.source == Source.HTML


def test_sgml_ex24() -> None:
    sgml = ("<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>4\n<TEXT>\n<XML>\n<ownershipDocument/>\n</XML>\n</TEXT>\n"
            "</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-24\n<SEQUENCE>2\n<FILENAME>poa.htm\n<TEXT>\n<html><body><p>"
            + POA.replace("\n\n", "</p><p>") + "</p></body></html>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n")
    docs = sgml_documents(sgml)
    assert [t for t, _ in docs] == ["4", "EX-24"]
    poa = extract_poa(sgml, settings={"method": "rules"})
    assert poa is not None and poa.company == "Example Widgets, Inc."
    assert poa.grantors[0].provenance is not None and poa.grantors[0].provenance.source == Source.SGML


def test_scanned_pages_are_recognised(shared_dir: Path, dev_index: list[dict[str, str]]) -> None:
    scans = [r["path"] for r in dev_index if r["kind"] == "poa-scan-image-html"]
    assert len(scans) == 2
    for rel in scans:
        raw = (shared_dir / "corpus" / rel).read_bytes()
        assert is_scan(raw)
        assert extract_poa(raw.decode("utf-8", errors="replace")) is None


def test_real_exhibits_are_not_scans(shared_dir: Path, poa_truth: list[dict[str, Any]]) -> None:
    raw = (shared_dir / "corpus" / poa_truth[0]["path"]).read_bytes()
    assert not is_scan(raw)


def test_ocr_words_give_page_boxes() -> None:
    """OCR'd text with word boxes: provenance carries the page and the words' union box."""
    words, pos, y = [], 0, 100.0
    for line in POA.split("\n"):
        x = 72.0
        for w in line.split(" "):
            if w:
                start = POA.index(w, pos)
                words.append(TextWord(start=start, end=start + len(w), page=2, bbox=(x, y, x + 6 * len(w), y + 10)))
                pos = start + len(w)
            x += 6 * (len(w) + 1)
        y += 12
    poa = extract_poa(POA, source=Source.OCR, settings={"method": "rules"}, words=words)
    assert poa is not None
    prov = poa.grantors[0].provenance
    assert prov is not None and prov.source == Source.OCR and prov.page == 2
    assert prov.bbox is not None and prov.bbox[2] > prov.bbox[0] > 0 and prov.bbox[1] > 100
