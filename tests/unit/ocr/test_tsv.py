"""Tesseract TSV -> Words, from a TSV recorded from a real run (tests/data/ocr)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.errors import EngineError
from extract.ir.values import Source
from extract.ocr.tsv import TSV_HEADER, clean_text, parse_tsv

DATA = Path(__file__).resolve().parents[2] / "data" / "ocr"
RECORDED = (DATA / "form4_page1.tsv").read_text(encoding="utf-8")


def test_recorded_words_in_points_with_float_confidence() -> None:
    words = parse_tsv(RECORDED, page_no=1, dpi=300)
    texts = [w.text for w in words]
    assert texts[:3] == ["FORM", "4", "UNITED"]
    form = words[0]
    # "5 1 2 1 1 1 129 130 164 43 96.807671 FORM": pixels * 72 / 300
    assert form.bbox == (30.96, 31.2, 70.32, 41.52)
    assert form.confidence == pytest.approx(0.96807671)
    assert form.source is Source.OCR and form.page_no == 1
    low = next(w for w in words if w.text == "obligations")
    assert low.confidence == pytest.approx(0.22315475)  # not rounded to 0.22


def test_only_level_five_rows_with_text() -> None:
    words = parse_tsv(RECORDED, dpi=300)
    assert all(w.text.strip() for w in words)
    # the recorded page has level-5 rows whose text is a blank (a ruling line read as " ")
    level5 = [r for r in RECORDED.splitlines()[1:] if r.startswith("5\t")]
    blank = [r for r in level5 if not r.split("\t")[11].strip()]
    assert blank and len(words) == len(level5) - len(blank)


def test_dpi_scales_boxes() -> None:
    row = "\t".join(["5", "1", "1", "1", "1", "1", "150", "300", "75", "30", "91.5", "Issuer"])
    tsv = "\t".join(TSV_HEADER) + "\n" + row + "\n"
    (word,) = parse_tsv(tsv, page_no=2, dpi=150)
    assert word.bbox == (72.0, 144.0, 108.0, 158.4)
    assert word.page_no == 2 and word.confidence == pytest.approx(0.915)


def test_clean_text_folds_dashes_and_quotes_keeps_orig() -> None:
    row = "\t".join(["5", "1", "1", "1", "1", "1", "0", "0", "10", "10", "80", "\u2014O\u2019Neil"])
    (word,) = parse_tsv("\t".join(TSV_HEADER) + "\n" + row, dpi=300)
    assert word.text == "-O'Neil" and word.orig == "\u2014O\u2019Neil"
    assert clean_text("\ufb01led\u00a0") == "filed"


def test_empty_and_wrong_header() -> None:
    assert parse_tsv("") == []
    with pytest.raises(EngineError) as err:
        parse_tsv("left\ttop\n1\t2\n")
    assert err.value.code == "E304"


def _words(*texts: str) -> list:
    from extract.ir.document import Word

    return [Word(t, t, (i * 40.0, 0.0, i * 40.0 + 30, 8.0), 1, 0.9, Source.OCR)
            for i, t in enumerate(texts)]


def test_attorney_misreads_are_mended_and_names_left_alone() -> None:
    from extract.ocr.tsv import mend_form_words

    got = [w.text for w in mend_form_words(_words(
        "/s/", "Tami", "Chen,", "Attomey-in-Fact", "Attomney", "attomey-", "=", "in-fact",
        "Attorney", "Atom"))]
    assert got == ["/s/", "Tami", "Chen,", "Attorney-in-Fact", "Attorney",
                   "attorney-in-fact", "Attorney", "Atom"]


def test_city_row_of_a_scanned_box_is_tidied() -> None:
    from extract.layout.to_grid import _tidy_city_row

    parts = {"city": _words("(Street)", "SAN", "FRANCISCO"), "state": _words("co", "80202"),
             "zip": []}
    _tidy_city_row(parts)
    assert [w.text for w in parts["city"]] == ["SAN", "FRANCISCO"]
    assert [w.text for w in parts["state"]] == ["CO"]
    assert [w.text for w in parts["zip"]] == ["80202"]
    lost_label = {"city": _words("MENLO", "PARK", "CA"), "state": [], "zip": _words("94025")}
    _tidy_city_row(lost_label)
    assert [w.text for w in lost_label["city"]] == ["MENLO", "PARK"]
    assert [w.text for w in lost_label["state"]] == ["CA"]
    kept = {"city": _words("STRATFORD"), "state": _words("CT"), "zip": _words("06614")}
    _tidy_city_row(kept)
    assert [w.text for w in kept["city"]] == ["STRATFORD"]


def test_a_column_of_lone_letters_read_down_the_page_is_dropped() -> None:
    from extract.ocr.tsv import drop_vertical

    # the tall word is Tesseract's reading of a column of "M" codes (a real landscape
    # Form 4 at 300 dpi): 17 px wide, 1,090 px tall, next to normal words 25-33 px tall
    head = f"{chr(9).join(TSV_HEADER)}\n"
    rows = [("Common", 135, 1015, 100, 33), ("Stock", 257, 1014, 86, 24),
            ("11/20/2020", 762, 1015, 171, 25), ("SSBSSSSFSBaSSFESSESSFSBEB", 1242, 1015, 17, 1090),
            ("TFS", 1238, 1011, 30, 80), ("1,987", 1445, 1015, 82, 26), ("D", 2548, 1015, 20, 26),
            ("(1)", 1530, 1005, 30, 30)]
    tsv = head + "".join(f"5\t1\t1\t1\t1\t1\t{x}\t{y}\t{w}\t{h}\t90\t{t}\n" for t, x, y, w, h in rows)
    kept = [w.text for w in drop_vertical(parse_tsv(tsv))]
    assert kept == ["Common", "Stock", "11/20/2020", "1,987", "D", "(1)"]
    assert drop_vertical([]) == []
