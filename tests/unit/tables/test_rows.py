"""Footnote markers are detached by size or pattern; wrapped cells are merged."""

from __future__ import annotations

from extract.ir.document import Word
from extract.tables.base import Band
from extract.tables.rows import cell_from_words, split_rows


def w(text: str, x: float, top: float, size: float = 9.0, height: float = 9.0) -> Word:
    return Word(text, text, (x, top, x + 5 * len(text), top + height), 1, size=size)


def test_superscript_marker_detached() -> None:
    cell = cell_from_words([w("40,510", 10, 100), w("(3)", 42, 99, size=6, height=6)], None,
                           fixed_width=False)
    assert cell.text == "40,510" and cell.footnotes == ("F3",)


def test_same_size_parenthesised_number_is_text() -> None:
    cell = cell_from_words([w("Class", 0, 0), w("B", 30, 0), w("(2)", 40, 0)], None,
                           fixed_width=False)
    assert cell.text == "Class B (2)" and cell.footnotes == ()


def test_marker_only_cell() -> None:
    cell = cell_from_words([w("(2)", 0, 0, size=6)], None, fixed_width=False)
    assert cell.text == "" and cell.footnotes == ("F2",)


def test_glued_marker_in_fixed_width_text() -> None:
    word = Word("4819.15(1)", "4819.15(1)", (0, 0, 10, 1), 1)
    cell = cell_from_words([word], None, fixed_width=True)
    assert cell.text == "4819.15" and cell.footnotes == ("F1",)


def test_stream_rows_merge_wrapped_title() -> None:
    bands = [Band("1", 0, 100), Band("2", 100, 200)]
    words = [w("Common", 0, 0), w("01/02/2024", 110, 0), w("Stock", 0, 11),
             w("Common", 0, 30), w("02/02/2024", 110, 30)]
    rows = split_rows(words, bands, [], text_keys={"1"}, x0=0, x1=200, unit=9)
    assert len(rows) == 2
    assert [x.text for x in rows[0].words["1"]] == ["Common", "Stock"]
