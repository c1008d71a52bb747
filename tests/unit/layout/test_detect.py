"""Anchor matching tolerates OCR damage; detection picks the right form and records scores."""

from __future__ import annotations

from extract.ir.document import Document, Page, Word
from extract.layout.anchors import find_anchor, group_lines, layout_specs
from extract.layout.detect import detect


def _words(lines: list[str]) -> list[Word]:
    out = []
    for y, line in enumerate(lines):
        x = 0.0
        for token in line.split():
            out.append(Word(token, token, (x, y * 12.0, x + 5 * len(token), y * 12.0 + 9), 1,
                            size=9))
            x += 5 * len(token) + 5
    return out


def test_fuzzy_anchor_survives_ocr_damage() -> None:
    lines = group_lines(_words(["1. Narne and Addrcss of Reporting Pers0n", "Smith John"]))
    hits = find_anchor("box1", ["Name and Address of Reporting Person"], lines)
    assert hits and hits[0].score >= 85
    assert hits[0].words[0].text == "Narne"


def test_every_layout_file_loads_with_anchors() -> None:
    names = {s.name for s in layout_specs()}
    assert {"form3-edgar", "form4-edgar", "form5-edgar", "form4-1990"} <= names


def test_detect_form4_vs_form5() -> None:
    form4 = ["FORM 4", "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
             "1. Name and Address of Reporting Person", "2. Issuer Name and Ticker or Trading Symbol",
             "3. Date of Earliest Transaction (Month/Day/Year)",
             "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
             "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned"]
    doc = Document((Page(1, 612, 792, tuple(_words(form4))),))
    det = detect(doc)
    assert det.layout.name == "form4-edgar"
    assert det.scores["form4-edgar"] > det.scores["form5-edgar"]
    form5 = [*form4[:1], "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", *form4[2:4],
             "3. Statement for Issuer's Fiscal Year Ended (Month/Day/Year)", *form4[5:]]
    det5 = detect(Document((Page(1, 612, 792, tuple(_words(form5))),)))
    assert det5.layout.name == "form5-edgar"
