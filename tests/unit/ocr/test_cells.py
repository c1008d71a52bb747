"""Cell recovery: marker split, the decision between page reading and re-read, punctuation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract.ir.document import Word
from extract.ir.grid import Cell, OwnerBox
from extract.ir.values import Source
from extract.ocr import cells
from extract.ocr.tsv import tidy_punctuation

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _cell(text: str, marker: str = "", *, size: int = 28) -> np.ndarray:
    """A binarized cell: ``text`` on the baseline and ``marker`` small and raised after it."""
    image = Image.new("L", (400, 70), 255)
    draw = ImageDraw.Draw(image)
    try:
        big, small = ImageFont.truetype(FONT, size), ImageFont.truetype(FONT, size // 2)
    except OSError:
        pytest.skip("DejaVu fonts are not installed")
    draw.text((10, 22), text, font=big, fill=0)
    if marker:
        width = draw.textlength(text, font=big) if text else 0
        draw.text((14 + width, 14), marker, font=small, fill=0)
    return (np.asarray(image) > 128).astype(np.uint8) * 255


def test_marker_is_split_from_the_value() -> None:
    value, marker = cells.split_marker(_cell("46,780", "(1)"))
    assert value is not None and marker is not None
    assert marker.shape[1] < value.shape[1]  # the marker is the short piece at the right
    assert marker.shape[0] < value.shape[0]


def test_a_value_without_marker_stays_whole() -> None:
    crop = _cell("12/19/2025")
    value, marker = cells.split_marker(crop)
    assert marker is None and value is not None


def test_a_lone_marker_is_a_marker_not_a_value() -> None:
    value_cell = _cell("3,090")
    lone = _cell("", "(2)")
    row = cells.baseline(value_cell)
    assert row is not None
    value, marker = cells.split_marker(lone, row)
    assert value is None and marker is not None
    # without the row it is still a marker: "(d)" alone is never a Form 4 value
    alone_value, alone_marker = cells.split_marker(lone)
    assert alone_value is None and alone_marker is not None


def _task(kind: str, klass: str = "") -> cells._Task:
    klass = klass or cells._CLASS_OF_KIND[kind]
    return cells._Task(klass, kind, 1, (0, 0, 100, 20), 300 / 72, ("table", 0, 0, "k"))


def test_reread_replaces_an_unparseable_page_reading_with_an_issue() -> None:
    cell = Cell(text="'12/19/2025", confidence=0.8, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(_task("date"), cell, cells.CellRead("12/19/2025", (), 0.9), set())
    assert new is not None and new.text == "12/19/2025"
    assert [i.code for i in new.issues] == ["R301"]
    assert new.confidence < 0.9  # a corrected reading is never surer than the re-read


def test_a_missed_code_is_read_from_its_crop() -> None:
    new = cells._decide(_task("code"), None, cells.CellRead("S", (), 0.85), set())
    assert new is not None and new.text == "S" and new.page == 1 and new.bbox is not None


def test_agreeing_readings_raise_confidence() -> None:
    cell = Cell(text="3,090", confidence=0.8)
    new = cells._decide(_task("amount"), cell, cells.CellRead("3,090", (), 0.8), set())
    assert new is not None and new.text == "3,090" and new.confidence > 0.9


def test_an_unsure_reread_does_not_override_a_parsed_page_reading() -> None:
    cell = Cell(text="3,090", confidence=0.9)
    new = cells._decide(_task("amount"), cell, cells.CellRead("3,690", (), 0.4), set())
    assert new is None or new.text == "3,090"


def test_lone_marker_blanks_the_value() -> None:
    cell = Cell(text="2", confidence=0.7)
    read = cells.CellRead("", ("F2",), 0.0, marker_only=True)
    new = cells._decide(_task("price"), cell, read, {"F1", "F2"})
    assert new is not None and new.text == "" and new.footnotes == ("F2",)


def test_a_blank_cell_whose_markers_read_alike_twice_is_surer() -> None:
    """A date cell printed as "(7)" alone: the page reading and the marker re-read agree,
    so it is surer than either (it sat at 0.3-0.6 and filled the review queue)."""
    cell = Cell(text="", footnotes=("F7",), confidence=0.5)
    agree = cells.CellRead("", ("F7",), 0.0, marker_only=True, marker_confidence=0.8)
    new = cells._decide(_task("date"), cell, agree, {"F7"})
    assert new is not None and new.text == "" and new.footnotes == ("F7",)
    assert new.confidence == 0.9
    # markers read differently: the known marker of the re-read is kept, and doubted
    other = cells.CellRead("", ("F1",), 0.0, marker_only=True, marker_confidence=0.8)
    new = cells._decide(_task("date"), cell, other, {"F1", "F7"})
    assert new is not None and new.footnotes == ("F1",)
    assert new.confidence == round(0.5 * cells.MARKER_DISAGREE, 4)
    # the page reading read no marker: the re-read found one, no disagreement
    bare = Cell(text="", footnotes=(), confidence=0.5)
    new = cells._decide(_task("date"), bare, other, {"F1", "F7"})
    assert new is not None and new.footnotes == ("F1",) and new.confidence == 0.5
    # a cell with a value is not a blank cell: its markers alone raise nothing
    valued = Cell(text="12/19/2025", footnotes=("F7",), confidence=0.5)
    new = cells._decide(_task("date"), valued, cells.CellRead(
        "", ("F7",), 0.0, marker_confidence=0.8), {"F7"})
    assert new is None or new.confidence <= 0.5


def test_markers_not_in_the_explanations_give_way_to_the_page_reading() -> None:
    assert cells._choose_markers(("F20",), ("F10",), {"F10"}) == ("F10",)
    assert cells._choose_markers(("F3",), ("F0",), {"F3"}) == ("F3",)
    assert cells._choose_markers((), ("F0",), set()) == ()


def test_typed_fold_of_a_number() -> None:
    assert cells._fold_page_text("amount", "1O,5OO") == "10,500"
    assert cells._fold_page_text("text", "1O,5OO") is None


def test_a_reread_that_lost_digits_gives_way_to_the_folded_page_reading() -> None:
    """The page read "684,741." (a speck for a stop), the enlarged re-read only "68"."""
    cell = Cell(text="684,741.", confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(_task("amount"), cell, cells.CellRead("68", (), 0.95), set())
    assert new is not None and new.text == "684,741" and new.confidence == 0.63
    assert new.issues[-1].code == "R302"
    # a re-read that differs in its digits, not only in their number, still wins
    new = cells._decide(_task("amount"), cell, cells.CellRead("684,747", (), 0.95), set())
    assert new is not None and new.text == "684,747"


def _w(text: str, x0: float, x1: float, conf: float = 0.9) -> Word:
    return Word(text, text, (x0, 100.0, x1, 108.0), 1, conf, Source.OCR)


def test_punctuation_glues_left_or_drops_when_unsure() -> None:
    words = [_w("Inc", 10, 25), _w(".", 25.5, 27, 0.5), _w("speck", 60, 80), _w(",", 120, 121, 0.3)]
    out = tidy_punctuation(words)
    assert [w.text for w in out] == ["Inc.", "speck"]
    assert out[0].bbox[2] == 27


def test_small_inline_markers_alone_are_a_marker() -> None:
    """EDGAR's page prints a footnote-only cell as small "(5)(6)" on the line, not raised."""
    value_cell = _cell("11,733")
    row = cells.baseline(value_cell)
    assert row is not None
    image = Image.new("L", (400, 70), 255)
    ImageDraw.Draw(image).text((10, 34), "(5)(6)", font=ImageFont.truetype(FONT, 13), fill=0)
    small = (np.asarray(image) > 128).astype(np.uint8) * 255
    value, marker = cells.split_marker(small, row)
    assert value is None and marker is not None


def test_a_wrapped_text_cell_keeps_its_upper_lines() -> None:
    """ "Common" above "Stock" is wider than the last line: still the value, not a marker."""
    image = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 24)
    draw.text((10, 10), "Common", font=font, fill=0)
    draw.text((10, 50), "Stock", font=font, fill=0)
    crop = (np.asarray(image) > 128).astype(np.uint8) * 255
    value, marker = cells.split_marker(crop, cells.baseline(crop))
    assert marker is None and value is not None and value.shape[1] > 100


def test_parenthesised_footnote_alone_is_a_marker_not_a_value() -> None:
    row = cells.baseline(_cell("891,520"))
    value, marker = cells.split_marker(_cell("(2)"), row)
    assert value is None and marker is not None
    value, marker = cells.split_marker(_cell("(5)(6)"), row)
    assert value is None and marker is not None
    value, _marker = cells.split_marker(_cell("2,427"), row)
    assert value is not None


def test_an_empty_crop_has_no_ink_and_does_not_reach_opencv() -> None:
    empty = np.full((0, 40), 255, np.uint8)
    assert cells.baseline(empty) is None
    assert cells.split_marker(empty) == (None, None)
    assert cells.baseline(np.full((1, 40), 0, np.uint8)) is None


def test_table_numerals_read_as_digits_are_put_back() -> None:
    from extract.ocr.tsv import mend_table_numerals

    def w(text: str, x0: float, x1: float) -> Word:
        return Word(text, text, (x0, 100.0, x1, 108.0), 1, 0.9, Source.OCR)

    words = [w("Table", 253, 273), w("1", 274, 277), w("(1)", 275, 279), w("-", 280, 283),
             w("Non-Derivative", 284, 337)]
    assert [x.text for x in mend_table_numerals(words)] == ["Table", "I", "-", "Non-Derivative"]
    assert [x.text for x in mend_table_numerals([w("Table", 0, 20), w("11", 22, 28)])] == \
        ["Table", "II"]
    assert [x.text for x in mend_table_numerals([w("Table", 0, 20), w("3", 22, 28)])] == \
        ["Table", "3"]


def test_care_of_read_with_a_zero_is_mended_by_the_case_after_it() -> None:
    from extract.ocr.tsv import mend_care_of

    def w(text: str, x0: float) -> Word:
        return Word(text, text, (x0, 100.0, x0 + 10, 108.0), 1, 0.9, Source.OCR)

    assert [x.text for x in mend_care_of([w("c/0", 0), w("SEQUOIA", 15)])] == ["C/O", "SEQUOIA"]
    assert [x.text for x in mend_care_of([w("c/0", 0), w("Sequoia", 15)])] == ["c/o", "Sequoia"]
    assert [x.text for x in mend_care_of([w("10/0", 0)])] == ["10/0"]


def _wrapped(lines: list[str], marker: str, *, own_line: bool = False, size: int = 24
             ) -> np.ndarray:
    """A binarized free-text cell: ``lines`` set tight (descenders reach the next line's
    top), ``marker`` small and raised after the last line, or on a line of its own."""
    image = Image.new("L", (520, 40 + 30 * (len(lines) + 1)), 255)
    draw = ImageDraw.Draw(image)
    try:
        big, small = ImageFont.truetype(FONT, size), ImageFont.truetype(FONT, size * 2 // 3)
    except OSError:
        pytest.skip("DejaVu fonts are not installed")
    y = 8
    for text in lines:
        draw.text((8, y), text, font=big, fill=0)
        y += int(size * 1.15)
    if own_line:
        draw.text((8, y), marker, font=small, fill=0)
    else:
        width = draw.textlength(lines[-1], font=big)
        draw.text((12 + width, y - int(size * 1.15) - 3), marker, font=small, fill=0)
    return (np.asarray(image) > 128).astype(np.uint8) * 255


def test_text_marker_at_the_end_of_a_wrapped_cell_is_split() -> None:
    crop = _wrapped(["Sequoia Capital U.S. Growth", "Fund IV, LP"], "(3)")
    value, marker = cells.split_text_marker(crop)
    assert value is not None and marker is not None
    assert marker.shape[0] < 0.5 * value.shape[0]  # only the small raised ink
    assert len(cells.marker_groups(marker)) == 1


def test_text_marker_on_a_line_of_its_own_is_split() -> None:
    crop = _wrapped(["Sequoia Capital XII", "Principals Fund, LLC"], "(2)(3)", own_line=True)
    value, marker = cells.split_text_marker(crop)
    assert value is not None and marker is not None
    groups = cells.marker_groups(marker)
    assert len(groups) == 2  # one crop per bracketed number, brackets left out
    assert all(g.shape[1] < marker.shape[1] / 2 for g in groups)


def test_text_without_marker_is_kept_whole() -> None:
    crop = _wrapped(["By Sequoia Grove II,", "LLC"], "")
    value, marker = cells.split_text_marker(crop)
    assert value is not None and marker is None


def test_marker_groups_keep_a_one_between_brackets() -> None:
    groups = cells.marker_groups(_cell("", "(1)")[10:40, 10:60])
    assert len(groups) == 1 and groups[0].shape[1] < 20  # the "1" alone, not the brackets


def test_touching_brackets_still_split_marker_groups() -> None:
    """ "(2)(3)" set tight: ")(" is one component, taller than the digits and reaching below
    them, so it still separates the groups."""
    image = Image.new("L", (120, 40), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 20)
    x = 4
    for ch in "(2)(3)":
        draw.text((x, 6), ch, font=font, fill=0)
        x += int(draw.textlength(ch, font=font)) - (3 if ch == ")" else 0)
    crop = (np.asarray(image) > 128).astype(np.uint8) * 255
    assert len(cells.marker_groups(crop)) == 2


def test_line_base_ignores_a_superscript_set_in_the_line() -> None:
    # "LP" letters on the baseline (bottom 40), "(5)" raised (bottom 30): the letters win
    line = [(0, 16, 14, 24), (16, 16, 14, 24), (32, 8, 5, 22), (39, 10, 10, 16), (51, 8, 5, 22)]
    base, top = cells._line_base(line, 24.0)
    assert base == 40 and top == 16


def test_two_letter_columns_fold_a_misread_letter_back() -> None:
    assert cells._normalise("code", "J", "di") == "I"
    assert cells._normalise("code", "O", "ad") == "D"
    assert cells._normalise("code", "J", "code") == "J"  # a transaction code J is real


def test_speck_only_cell_is_dropped_as_noise() -> None:
    task = _task("date")
    grid_cell = Cell(text=".", confidence=0.4, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(task, grid_cell, cells.CellRead("", (), 0.0), set())
    assert new is not None and new.text == "" and new.issues[-1].code == "R303"


def test_unenlarged_reading_breaks_a_tie_for_the_page() -> None:
    cell = Cell(text="5,228", confidence=0.9)
    read = cells.CellRead("9,228", (), 0.95, unenlarged="5,228")
    new = cells._decide(_task("amount"), cell, read, set())
    assert new is not None and new.text == "5,228"
    outvoted = cells.CellRead("9,228", (), 0.95, unenlarged="9,228")
    new = cells._decide(_task("amount"), cell, outvoted, set())
    assert new is not None and new.text == "9,228"


def test_marker_after_a_dotted_zero_is_split() -> None:
    """The monospace zero's inner dot sits above the baseline left of the marker: it is ink of
    the last line, not an earlier line that would hide the marker."""
    mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    image = Image.new("L", (300, 60), 255)
    draw = ImageDraw.Draw(image)
    try:
        big, small = ImageFont.truetype(mono, 28), ImageFont.truetype(mono, 16)
    except OSError:
        pytest.skip("DejaVu fonts are not installed")
    draw.text((10, 14), "10,809", font=big, fill=0)
    draw.text((14 + draw.textlength("10,809", font=big), 4), "(1)", font=small, fill=0)
    crop = (np.asarray(image) > 128).astype(np.uint8) * 255
    value, marker = cells.split_marker(crop)
    assert value is not None and marker is not None
    assert marker.shape[1] < value.shape[1] / 2


def test_a_lone_letter_the_page_reading_dropped_is_taken_from_the_reread() -> None:
    cell = Cell(text="Class Common Stock", confidence=0.94, page=1, bbox=(0, 0, 10, 5))
    read = cells.CellRead("Class A Common Stock", (), 0.95)
    new = cells._decide(_task("text", "text"), cell, read, set())
    assert new is not None and new.text == "Class A Common Stock"
    assert new.confidence < 0.9 and [i.code for i in new.issues] == ["R301"]
    # a reread that adds a word that is no lone capital or numeral is no dropped letter
    other = cells.CellRead("Class the Common Stock", (), 0.95)
    kept = cells._decide(_task("text", "text"), cell, other, set())
    assert kept is None or kept.text == "Class Common Stock"


def test_stray_punctuation_after_a_text_value_is_dropped_and_recorded() -> None:
    cell = Cell(text="Sequoia Capital U.S. Growth Fund VI, L.P.?", confidence=0.9, page=1,
                bbox=(0, 0, 10, 5))
    read = cells.CellRead("Sequoia Capital U.S. Growth Fund VI, L.P.?", (), 0.9)
    new = cells._decide(_task("text", "text"), cell, read, set())
    assert new is not None and new.text == "Sequoia Capital U.S. Growth Fund VI, L.P."
    assert "R302" in [i.code for i in new.issues]
    plain = Cell(text="Common Stock (1)", confidence=0.9)
    kept = cells._decide(_task("text", "text"), plain, cells.CellRead("", (), 0.0), set())
    assert kept is None or kept.text == "Common Stock (1)"


def test_a_wrapped_crop_joins_a_hyphenated_line_end_without_a_space() -> None:
    from extract.ir.document import Word

    words = [Word("Fund", "Fund", (0, 0, 20, 8), 1), Word("2010-", "2010-", (22, 0, 45, 8), 1),
             Word("Seed", "Seed", (0, 12, 20, 20), 1), Word("Fund", "Fund", (22, 12, 42, 20), 1)]
    assert cells._lines_joined(words) == "Fund 2010-Seed Fund"


def test_the_reading_in_real_words_wins_a_close_call() -> None:
    cell = Cell(text="Sequola Capital Fund Parallel, LLC", confidence=0.95, page=1,
                bbox=(0, 0, 10, 5))
    read = cells.CellRead("Sequoia Capital Fund Parallel, LLC", (), 0.93)
    new = cells._decide(_task("text", "text"), cell, read, set())
    assert new is not None and new.text == "Sequoia Capital Fund Parallel, LLC"
    # the other way round the page reading stands
    back = Cell(text="Sequoia Capital Fund Parallel, LLC", confidence=0.95)
    kept = cells._decide(_task("text", "text"), back,
                         cells.CellRead("Sequola Capital Fund Parallel, LLC", (), 0.93), set())
    assert kept is None or kept.text == "Sequoia Capital Fund Parallel, LLC"


def test_specks_read_as_punctuation_leave_an_address() -> None:
    assert cells._tidy_address("SAN. FRANCISCO") == "SAN FRANCISCO"
    assert cells._tidy_address("349. OYSTER POINT BLVD.") == "349 OYSTER POINT BLVD."
    assert cells._tidy_address("2215 YUKON STREET.") == "2215 YUKON STREET"
    assert cells._tidy_address("C/ 0 SEQUOIA CAPITAL") == "C/O SEQUOIA CAPITAL"
    for care_of in ("C/0 YELP", "Cc/0 YELP", "c/O YELP", "C70 YELP"):
        assert cells._tidy_address(care_of) == "C/O YELP"
    assert cells._tidy_address("c/o Yelp") == "c/o Yelp"
    assert cells._tidy_address("MENLO' PARK") == "MENLO PARK"
    assert cells._tidy_address("111 .CONGRESS AVENUE, SUITE 500") == \
        "111 CONGRESS AVENUE, SUITE 500"
    assert cells._tidy_address("1555 BLAKE STREET, SUITE 250 -") == \
        "1555 BLAKE STREET, SUITE 250"
    assert cells._tidy_address("SUITE 250-A") == "SUITE 250-A"
    assert cells._tidy_address("-C/O MITHRIL CAPITAL") == "C/O MITHRIL CAPITAL"
    assert cells._tidy_address("-2800 SAND HILL ROAD") == "2800 SAND HILL ROAD"
    assert cells._tidy_address("(Street) WEST HOLLYWOOD") == "WEST HOLLYWOOD"
    assert cells._tidy_address("201 INDUSTRIAL ROAD SUITE 410 Street)") == \
        "201 INDUSTRIAL ROAD SUITE 410"
    assert cells._tidy_address("C/0 SEQUOIA CAPITAL") == "C/O SEQUOIA CAPITAL"
    assert cells._tidy_address("C/O ACME CO. 1 N. MAIN ST., STE. 100") == \
        "C/O ACME CO. 1 N. MAIN ST., STE. 100"
    # an I read as T in a word of capitals no list knows; unknown names stay as read
    assert cells._tidy_address("C/O SEQUOTA CAPITAL, 2800 SAND HILL ROAD") == \
        "C/O SEQUOIA CAPITAL, 2800 SAND HILL ROAD"
    for kept in ("13011 MCCALLEN PASS", "C/O STANTON INC.", "1 TOTAL PLAZA"):
        assert cells._tidy_address(kept) == kept
    owner = cells._Task("text", "text", 1, (0, 0, 100, 20), 300 / 72, ("owner", 0, 0, "city"))
    cell = Cell(text="SAN. FRANCISCO", confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(owner, cell, cells.CellRead("SAN. FRANCISCO", (), 0.9), set())
    assert new is not None and new.text == "SAN FRANCISCO"


def test_a_form_word_read_one_letter_off_is_respelled() -> None:
    assert cells._respell("Comman Stotk") == "Common Stock"
    assert cells._respell("COMMON STOTK") == "COMMON STOCK"
    assert cells._respell("Sequoia Capitat U.S. Venture") == "Sequoia Capital U.S. Venture"
    # real words and names stay, and so does a word one letter off two form words
    assert cells._respell("Common Stock") == "Common Stock"
    assert cells._respell("By Rivendell One LLC") == "By Rivendell One LLC"
    cell = Cell(text="Comman Stock", confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(_task("text", "text"), cell, cells.CellRead("Comman Stock", (), 0.9),
                        set())
    assert new is not None and new.text == "Common Stock" and new.confidence < 0.9
    assert [i.code for i in new.issues] == ["R302"]


def test_a_marker_read_inline_at_full_size_becomes_a_footnote_reference() -> None:
    cell = Cell(text="By Rivendell One LLC (2)", confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(_task("text", "text"), cell, cells.CellRead("", (), 0.0), {"F2"})
    assert new is not None and new.text == "By Rivendell One LLC"
    assert new.footnotes == ("F2",) and new.issues[-1].code == "R301"
    assert new.confidence == round(0.9 * cells.DISAGREE, 4)  # a filer may type "(2)"
    both = Cell(text="Held by trust (2)(3)", footnotes=("F1",), confidence=0.9)
    new = cells._decide(_task("text", "text"), both, cells.CellRead("", (), 0.0),
                        {"F1", "F2", "F3"})
    assert new is not None and (new.text, new.footnotes) == ("Held by trust", ("F1", "F2", "F3"))
    # a number no footnote has is text
    kept = cells._decide(_task("text", "text"), cell, cells.CellRead("", (), 0.0), {"F1"})
    assert kept is None or kept.text == "By Rivendell One LLC (2)"


@pytest.mark.parametrize(("text", "footnotes", "want"), [
    ("Sequoia Capital U.S. Growth Fund VI, L.P. (2}(3}", (), "Sequoia Capital U.S. Growth "
     "Fund VI, L.P."),
    ("By Sequoia Capital U.S. Venture 2010 Fund, {6)(7) L.P.", ("F6", "F7"),
     "By Sequoia Capital U.S. Venture 2010 Fund, L.P."),
    ("Sequoia Capital Global Growth Principals Fund, L.P. 7", ("F2", "F3"),
     "Sequoia Capital Global Growth Principals Fund, L.P."),
])
def test_marker_remains_in_a_table_text_are_cut_when_the_cell_cites_them(
        text: str, footnotes: tuple[str, ...], want: str) -> None:
    cell = Cell(text=text, footnotes=footnotes, confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(_task("text", "text"), cell, cells.CellRead("", (), 0.0),
                        {"F1", "F2", "F3", "F6", "F7"})
    assert new is not None and new.text == want and new.confidence < 0.9
    assert set(new.footnotes) >= set(footnotes) and new.issues[-1].code == "R301"


def test_numbers_a_cell_does_not_cite_stay_in_its_text() -> None:
    task = _task("text", "text")
    for text in ("By Fund, (4) L.P.", "Fund 2010 7"):  # F4 not cited; no footnote at all
        cell = Cell(text=text, confidence=0.9)
        new = cells._decide(task, cell, cells.CellRead("", (), 0.0), {"F2"})
        assert new is None or new.text == text


def test_a_dash_between_words_is_not_a_speck_in_a_text_cell() -> None:
    crop = _cell("Fund III - Endurance")
    value, _marker = cells.split_text_marker(crop)
    assert value is not None
    dashes = [c for c in cells._components(value) if c[2] >= 2 * c[3] and c[3] <= 6]
    assert dashes  # the hyphen's ink reaches the re-read
    dotted = _cell("Fund III . Endurance")
    kept, _ = cells.split_text_marker(dotted)
    assert kept is not None and len(cells._components(kept)) < len(cells._components(dotted))


def test_lp_as_ocr_damages_it_is_mended_in_tables() -> None:
    task = _task("text", "text")
    for damaged in ("Fund IV, L.p.", "Fund IV, L P.", "Fund IV, L,.P.", "Fund IV, L.P,"):
        new = cells._decide(task, Cell(text=damaged, confidence=0.9),
                            cells.CellRead("", (), 0.0), set())
        assert new is not None and new.text == "Fund IV, L.P."
        assert new.issues[-1].code == "R302"
    for fine in ("Fund VII, LP", "Fund IV, L.P."):
        kept = cells._decide(task, Cell(text=fine, confidence=0.9), cells.CellRead("", (), 0.0),
                             set())
        assert kept is None or kept.text == fine


def test_a_dash_alone_in_an_address_line_is_noise() -> None:
    owner = cells._Task("text", "text", 1, (0, 0, 100, 20), 300 / 72, ("owner", 0, 0, "street2"))
    new = cells._decide(owner, Cell(text="-", confidence=0.5), cells.CellRead("-", (), 0.4), set())
    assert new is not None and new.text == "" and new.issues[-1].code == "R303"


def _owner(state: str | None, zip_code: str) -> OwnerBox:
    return OwnerBox(state=Cell(text=state, confidence=0.9) if state is not None else None,
                    zip_code=Cell(text=zip_code, confidence=0.9, page=1, bbox=(1, 2, 3, 4)))


def test_the_state_is_checked_against_the_zip_code() -> None:
    fixed, changes = cells.check_place(_owner("AL", "V5Y OAl"))  # a Canadian address
    assert (fixed.state.text, fixed.zip_code.text) == ("A1", "V5Y 0A1")
    assert {k for k, _c in changes} == {"state", "zip_code"}
    assert fixed.state.issues[-1].code == "R302" and fixed.state.confidence < 0.9
    fixed, _c = cells.check_place(_owner("XX", "75201"))
    assert fixed.state.text == "TX"
    fixed, _c = cells.check_place(_owner(None, "94103"))
    assert fixed.state is not None and fixed.state.text == "CA" and fixed.state.page == 1
    # two real states: either may be the misread one, so both are doubted, neither changed
    fixed, changes = cells.check_place(_owner("CO", "94103"))
    assert (fixed.state.text, fixed.zip_code.text, changes) == ("CO", "94103", [])
    assert fixed.state.confidence == 0.45 and fixed.state.issues[-1].code == "R304"
    # the state box read on into the zip code, or with a speck
    fixed, changes = cells.check_place(_owner("CA. 94070", ""))
    assert (fixed.state.text, fixed.zip_code.text) == ("CA", "94070")
    assert fixed.zip_code.issues[-1].code == "R302"
    fixed, _c = cells.check_place(_owner("TX.", "78701"))
    assert (fixed.state.text, fixed.zip_code.text) == ("TX", "78701")
    fixed, _c = cells.check_place(_owner("TX 78753", "78753"))
    assert fixed.state.text == "TX"
    # agreeing, or a foreign country's code beside a five-digit postcode: left alone
    for state, zip_code in (("CA", "94103"), ("2M", "80331")):
        same, changes = cells.check_place(_owner(state, zip_code))
        assert same == _owner(state, zip_code) and changes == []


def test_footnotes_and_remarks_have_misread_words_put_back() -> None:
    from extract.ir.grid import FormGrid
    from extract.ir.values import Source as Src

    grid = FormGrid(form="4", source=Src.OCR,
                    footnotes=[("F1", Cell(text="Issued in tieu of fees.", confidence=0.8)),
                               ("F2", Cell(text="Fully vested.", confidence=0.8))],
                    remarks=Cell(text="Exhibit 24 1s attached", confidence=0.8))
    fixed, notes = cells._checked(grid, [])
    assert [c.text for _i, c in fixed.footnotes] == ["Issued in lieu of fees.", "Fully vested."]
    assert fixed.footnotes[0][1].issues[-1].code == "R302"
    assert fixed.footnotes[1][1] == grid.footnotes[1][1]
    assert fixed.remarks is not None and fixed.remarks.text == "Exhibit 24 is attached"
    assert [where for where, _c in notes] == ["footnote F1", "remarks"]


def test_names_lose_ocr_marks_between_their_words() -> None:
    assert cells._tidy_name("ARROWHEAD PHARMACEUTICALS, | INC.") == \
        "ARROWHEAD PHARMACEUTICALS, INC."
    assert cells._tidy_name("Natera,_Inc,") == "Natera, Inc."
    assert cells._tidy_name("Johnson & Johnson") == "Johnson & Johnson"
    assert cells._tidy_name("square, Inc.") == "Square, Inc."
    assert cells._tidy_name("Eventbrite,. Inc.") == "Eventbrite, Inc."
    assert cells._tidy_name("Mithril: II GP LP") == "Mithril II GP LP"
    assert cells._tidy_name("BOTHA ROELOF.") == "BOTHA ROELOF"
    assert cells._tidy_name("SMITH JOHN JR.") == "SMITH JOHN JR."  # an abbreviation keeps it
    assert cells._tidy_name("(Last) DOE JANE") == "DOE JANE"
    assert cells._tidy_name("eBay Inc.") == "eBay Inc."
    assert cells._tidy_name("THIEL PETER,") == "THIEL PETER"
    issuer = cells._Task("text", "text", 1, (0, 0, 100, 20), 300 / 72,
                         ("header", 0, 0, "issuer_name"))
    new = cells._decide(issuer, Cell(text="Natera,_Inc,", confidence=0.9),
                        cells.CellRead("", (), 0.0), set())
    assert new is not None and new.text == "Natera, Inc." and new.issues[-1].code == "R302"


def test_a_quote_stuck_to_a_word_in_a_table_is_dropped() -> None:
    task = _task("text", "text")
    new = cells._decide(task, Cell(text="Class A Common' Stock", confidence=0.9),
                        cells.CellRead("", (), 0.0), set())
    assert new is not None and new.text == "Class A Common Stock"
    kept = cells._decide(task, Cell(text="Held by the Holders' Trust", confidence=0.9),
                         cells.CellRead("", (), 0.0), set())
    assert kept is None or kept.text == "Held by the Holders' Trust"


def test_a_final_zero_in_a_name_is_the_initial_o() -> None:
    assert cells._tidy_name("Sacks David 0") == "Sacks David O"
    assert cells._tidy_name("Fund 2010") == "Fund 2010"
    # a speck before the name, the comma before a company suffix read as a stop
    assert cells._tidy_name("-Eventbrite, Inc.") == "Eventbrite, Inc."
    assert cells._tidy_name("Rubicon Technologies. Inc.") == "Rubicon Technologies, Inc."
    for kept in ("Sequoia Capital Co. Inc.", "Block, Inc", "Palantir Technologies Inc.",
                 "Dr. Smith Inc.", "SMITH JOHN A.", "ABC. Inc.", "Acme Corp. Holdings"):
        assert cells._tidy_name(kept) == kept
    # a stop after a whole word inside a name is a speck
    assert cells._tidy_name("Bird. Global, Inc.") == "Bird Global, Inc."


def test_table_text_loses_a_colon_after_by_a_stop_at_the_end_and_ls_in_numerals() -> None:
    assert cells._tidy_table_text("By: Fund") == "By Fund"
    assert cells._tidy_table_text("Class A Common Stock.") == "Class A Common Stock"
    assert cells._tidy_table_text("Common Stock,") == "Common Stock"
    assert cells._tidy_table_text("Growth Fund Ill Endurance Partners") == \
        "Growth Fund III Endurance Partners"
    assert cells._tidy_table_text("Fund lI, L.P.") == "Fund II, L.P."
    assert cells._tidy_table_text("Class 8 Common Stock") == "Class B Common Stock"
    assert cells._tidy_table_text("Sequoia Capital Growth Fund Iv, L.P.") == \
        "Sequoia Capital Growth Fund IV, L.P."
    assert cells._tidy_table_text("Ivy Fund Vi") == "Ivy Fund VI"
    assert cells._tidy_table_text("By Sequoia Capital US. Venture Fund, L.P.") == \
        "By Sequoia Capital U.S. Venture Fund, L.P."
    assert cells._tidy_table_text("By Sequoia Capital USS. Growth Fund") == \
        "By Sequoia Capital U.S. Growth Fund"
    # abbreviations keep their stop; "Ill" inside a word or at the start is not a numeral
    for kept in ("Sequoia Fund, L.P.", "Partners Ltd.", "Illinois Fund", "By Trust Inc."):
        assert cells._tidy_table_text(kept) == kept


def test_table_text_loses_specks_read_as_marks_between_its_words() -> None:
    for scanned, want in (("Stock Option (right to: buy)", "Stock Option (right to buy)"),
                          ("Sequoia Technology Partners: XII, L.P.",
                           "Sequoia Technology Partners XII, L.P."),
                          ("Class A | Common Stock", "Class A Common Stock"),
                          ("Class A Common Stock |", "Class A Common Stock"),
                          (".Common Stock", "Common Stock"), ("Series A; Preferred", "Series A Preferred"),
                          ("Class A . Common Stock", "Class A Common Stock"),
                          ("Class B _Common Stock", "Class B Common Stock"),
                          ("By -Sequoia Capital Fund, L.P.", "By Sequoia Capital Fund, L.P."),
                          ("By Sequoia Capital U.S. ° Venture", "By Sequoia Capital U.S. Venture")):
        assert cells._tidy_table_text(scanned) == want
    for kept in ("Series A-1 Preferred Stock", "Option (1.5 ratio)", "Class A|B Units",
                 "Fund IV, L.P.", "Warrants (right to buy)", "Fund III - Endurance Partners",
                 "Venture 2010-Seed Fund"):
        assert cells._tidy_table_text(kept) == kept


def test_a_signature_gets_its_slash_s_and_comma_back() -> None:
    assert cells._tidy_signature("isl Jung Yeon Son, Attorney-in-Fact") == \
        "/s/ Jung Yeon Son, Attorney-in-Fact"
    assert cells._tidy_signature("Is/ Ann Lee") == "/s/ Ann Lee"
    assert cells._tidy_signature("/s/ Tami Chen, attorney+in-fact") == \
        "/s/ Tami Chen, attorney-in-fact"
    assert cells._tidy_signature("/s/ Tami Chen. attorney-in-fact") == \
        "/s/ Tami Chen, attorney-in-fact"
    for scanned in ("/Ss/ Jung Yeon Son", "/s7 Jung Yeon Son", "/s/. Jung Yeon Son",
                    "/s/- Jung Yeon Son", "/s/ Jung Yeon Son *"):
        assert cells._tidy_signature(scanned) == "/s/ Jung Yeon Son"
    for kept in ("S. Smith", "Isaac Smith", "Jr. attorney", "/s/ Ann Lee", "Ss Ann Lee"):
        assert cells._tidy_signature(kept) == kept
    for scanned, want in (
            ("/s/: Jung Yeon Son, Attorney-In-Fact _", "/s/ Jung Yeon Son, Attorney-In-Fact"),
            ("/s/ Tami Chen, attorney-in~-fact", "/s/ Tami Chen, attorney-in-fact"),
            ("/s/ Paul Johnston, Attorney- in-Fact", "/s/ Paul Johnston, Attorney-in-Fact"),
            ("/s/ Donna Hammer, Attorney-in- fact", "/s/ Donna Hammer, Attorney-in-fact"),
            ("/s/ Tami Chen, attorney-in-fact-", "/s/ Tami Chen, attorney-in-fact"),
            ("/s/ Tami Chen. Attorney-in-Fact", "/s/ Tami Chen, Attorney-in-Fact"),
            ("/s/ Paul Johnston, Attorney in-Fact", "/s/ Paul Johnston, Attorney-in-Fact"),
            ("/s/ Michael Johnson, attorney- Y= in-fact for Peter Thiel",
             "/s/ Michael Johnson, attorney-in-fact for Peter Thiel"),
            ("/s/ Susan Szotek, Attorney-in- Yel Fact", "/s/ Susan Szotek, Attorney-in-Fact"),
            ("/s/ Jung Yeon Son. Attorney-in-fact", "/s/ Jung Yeon Son, Attorney-in-fact"),
            ("/s/ Justin Laubach, under power of attorney,",
             "/s/ Justin Laubach, under power of attorney"),
            ("/s/ Roelof Botha, by Kathy. Hibbs, attorney-in-fact",
             "/s/ Roelof Botha, by Kathy Hibbs, attorney-in-fact"),
            ("Acme Inc. By: Ann Lee", "Acme Inc. By: Ann Lee"),
            ("/s/ Jung Yeon Son,_by_power of attorney", "/s/ Jung Yeon Son, by power of attorney"),
            ("/s/ Samantha*Harnett, attorney-in-fact", "/s/ Samantha Harnett, attorney-in-fact"),
            ("/s/ Sharda Caro as Attorney-in-Eact", "/s/ Sharda Caro as Attorney-in-Fact"),
            ("/s/ Ann Lee, ATTORNEY-IN-FACT", "/s/ Ann Lee, ATTORNEY-IN-FACT")):
        assert cells._tidy_signature(scanned) == want


def _dev_texts(paths: list[Path], *tags: str) -> list[tuple[Path, str]]:
    """The printed text of every element named ``tags`` in the dev XML (a wrapped
    element's ``value``), space folded, empty ones left out."""
    from lxml import etree

    out = []
    for path in paths:
        for node in etree.parse(str(path)).getroot().iter(*tags):
            text = " ".join((node.findtext("value") or node.text or "").split())
            if text:
                out.append((path, text))
    return out


@pytest.mark.parametrize(("tidy", "tags", "least"), [
    (cells._tidy_table_text, ("securityTitle", "underlyingSecurityTitle", "natureOfOwnership"),
     2000),
    (cells._tidy_signature, ("signatureName",), 200),
    (cells._tidy_name, ("issuerName", "rptOwnerName"), 400),
    (cells._tidy_address, ("rptOwnerStreet1", "rptOwnerStreet2", "rptOwnerCity"), 400)])
def test_no_printed_text_of_the_dev_corpus_is_changed_by_a_tidy(
        dev_xml_paths: list[Path], tidy: Callable[[str], str], tags: tuple[str, ...],
        least: int) -> None:
    texts = _dev_texts(dev_xml_paths, *tags)
    assert len(texts) > least
    for path, text in texts:
        assert tidy(text) == text, path


def test_a_year_after_2099_is_a_misread_zero() -> None:
    task = cells._Task("date", "date", 1, (0, 0, 100, 20), 300 / 72, ("table", 0, 0, "date"))
    cell = Cell(text="12/11/2620", confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(task, cell, cells.CellRead("", (), 0.0), set())
    assert new is not None and new.text == "12/11/2020"
    assert new.confidence < 0.9 and new.issues[-1].code == "R302"
    fine = Cell(text="04/13/2033", confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    assert cells._decide(task, fine, cells.CellRead("", (), 0.0), set()) is None


def test_a_blank_cell_citing_a_note_keeps_the_marker_the_page_missed() -> None:
    read = cells.CellRead("", ("F3",), 0.0, marker_only=True)
    new = cells._decide(_task("date"), None, read, {"F1", "F3"})
    assert new is not None and new.text == "" and new.footnotes == ("F3",)
    assert new.issues[-1].code == "R301" and new.bbox is not None
    # a marker the explanations do not list is not invented into a blank cell
    assert cells._decide(_task("date"), None, read, {"F1"}) is None


def _signed_grid(*dates: str, signed: str = "11/24/2020") -> Any:
    from extract.ir.grid import FormGrid, GridRow, SignatureLine, TableGrid
    from extract.ir.values import Source as Src
    from extract.layout.anchors import load_spec

    spec = load_spec("form4-edgar")
    rows = [GridRow(cells={spec.grid_key("I", "2"): Cell(text=d, confidence=0.9),
                           spec.grid_key("I", "1"): Cell(text="Common Stock", confidence=0.9)},
                    page=1) for d in dates]
    table2 = [GridRow(cells={spec.grid_key("II", "6.expiration"): Cell(text="11/20/2026",
                                                                     confidence=0.9)}, page=1)]
    grid = FormGrid(form="4", source=Src.OCR, header={
        "period_of_report": Cell(text="11/20/2028", confidence=0.9)},
        tables=[TableGrid(table="I", rows=rows), TableGrid(table="II", rows=table2)],
        signatures=[SignatureLine(date=Cell(text=signed, confidence=0.9))])
    return grid, spec


def test_a_transaction_dated_after_its_signature_gets_its_misread_year_back() -> None:
    grid, spec = _signed_grid("11/20/2026", "11/19/2020", "11/20/2028", "11/25/2020",
                              "11/20/2036")
    fixed, notes = cells._signed_before(grid, [], spec)
    key = spec.grid_key("I", "2")
    got = [row.cells[key].text for row in fixed.tables[0].rows]
    # 2026 and 2028 are one confusable digit from 2020; "11/25/2020" (a day late) and
    # "11/20/2036" have no such year within two years before the signature: left for review
    assert got == ["11/20/2020", "11/19/2020", "11/20/2020", "11/25/2020", "11/20/2036"]
    changed = fixed.tables[0].rows[0].cells[key]
    assert changed.issues[-1].code == "R302" and changed.confidence < 0.9
    assert fixed.header["period_of_report"].text == "11/20/2020"
    # an expiration date lies years ahead by design and is left alone
    expiry = spec.grid_key("II", "6.expiration")
    assert fixed.tables[1].rows[0].cells[expiry].text == "11/20/2026"
    assert len(notes) == 3
    unsigned = grid.model_copy(update={"signatures": []})
    assert cells._signed_before(unsigned, [], spec)[0] == unsigned


def test_a_reread_that_caught_the_next_row_does_not_replace_the_page_reading() -> None:
    cell = Cell(text="See Footnote", confidence=0.6, page=1, bbox=(0, 0, 10, 5))
    read = cells.CellRead("See Footnote'??? See Footnote", (), 0.95)
    new = cells._decide(_task("text", "text"), cell, read, set())
    assert new is None or new.text == "See Footnote"
    wrapped = cells.CellRead("See Footnote and Note", (), 0.95)  # one more word: a wrap
    got = cells._decide(_task("text", "text"), cell, wrapped, set())
    assert got is not None and got.text == "See Footnote and Note"


def test_numbers_whose_commas_do_not_group_by_three_are_not_well_formed() -> None:
    assert cells._parses("amount", "1,954,631") and cells._parses("price", "$1,250.50")
    assert cells._parses("amount", "1954631")
    assert not cells._parses("amount", "641,4001,954,631")  # two rows run together
    assert not cells._parses("amount", "12,34")


def test_a_row_crop_stops_at_its_neighbours_when_a_rule_is_lost() -> None:
    from extract.ir.grid import GridRow

    rows = [GridRow(page=1, bbox=(30, 236, 320, 246)), GridRow(page=1, bbox=(30, 250, 320, 260)),
            GridRow(page=1, bbox=(30, 264, 320, 274)), GridRow(page=2, bbox=(30, 100, 320, 110))]
    assert cells._between(rows, 1) == (246, 264)
    assert cells._between(rows, 2)[1] == float("inf")  # the next row is on another page
    # only the rules above the row before and below the row after survive within reach:
    # without its neighbours the crop would take in both of their values
    from extract.ir.document import Line

    rules = [Line((20, 234, 330, 234), 1), Line((20, 276, 330, 276), 1)]
    assert cells._row_span(rows[1], rules, 7.0) == (234, 276)
    assert cells._row_span(rows[1], rules, 7.0, cells._between(rows, 1)) == (246, 264)


def test_a_full_stop_after_a_letter_is_kept_a_speck_above_the_line_is_not() -> None:
    # components (x, y, w, h) of "Inc." as a 300 dpi scan printed them: the stop 12 px
    # after the "c", on its baseline; and a speck as far away, at mid-height
    letter, stop, speck = (231, 13, 14, 20), (257, 27, 4, 5), (257, 18, 4, 5)
    height = 22.5
    assert cells._without_specks([letter, stop], height) == [letter, stop]
    assert cells._without_specks([letter, speck], height) == [letter]
    far = (275, 27, 4, 5)  # 1.3 letter heights on: not this word's stop
    assert cells._without_specks([letter, far], height) == [letter]


def test_a_date_whose_month_or_day_starts_with_a_misread_zero_is_folded() -> None:
    fold = cells._fold_page_text
    assert fold("date", "64/11/2629") == "04/11/2029"
    assert fold("date", "97/09/2030") == "07/09/2030"
    assert fold("date", "12/91/2020") == "12/01/2020"
    assert fold("date", "12/31/2020") is None  # well formed: nothing to fold
    task = _task("date")
    cell = Cell(text="64/11/2629", confidence=0.6, page=1, bbox=(0, 0, 10, 5))
    new = cells._decide(task, cell, cells.CellRead("64/11/2629", (), 0.7), set())
    assert new is not None and new.text == "04/11/2029" and new.issues[-1].code == "R302"
    missed = cells._decide(task, None, cells.CellRead("97/11/2029", (), 0.9), set())
    assert missed is not None and missed.text == "07/11/2029" and missed.confidence < 0.9 * 0.7


def test_a_long_filings_cells_are_read_in_strips_tesseract_accepts(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from extract.ocr.engine import OcrSettings

    heights: list[int] = []

    def one(big: list[np.ndarray], klass: str, cfg: OcrSettings, work: Path,
            dpi: float) -> list[tuple[str, float]]:
        band = max(b.shape[0] for b in big) + 2 * cells._GAP
        heights.append(band * len(big))
        return [(str(int(b[0, 0])), 0.9) for b in big]  # each crop says which it was

    monkeypatch.setattr(cells, "_read_one_strip", one)
    # 400 crops of one wrapped row each (95 px at 300 dpi): 80,000 px tall enlarged
    crops = [np.full((95, 60), i % 250, np.uint8) for i in range(400)]
    got = cells.read_strip(crops, "digits", OcrSettings(), tmp_path, dpi=300)
    assert [text for text, _conf in got] == [str(i % 250) for i in range(400)]
    assert len(heights) > 1 and max(heights) <= cells._STRIP_HEIGHT
    assert cells.read_strip([], "digits", OcrSettings(), tmp_path, dpi=300) == []


def _glyphs(text: str, blur: float) -> np.ndarray:
    """``text`` in the paper form's monospace figures (a dotted zero), blurred and
    binarized the way a 200 dpi scan's cells reach the re-read."""
    import cv2

    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 22)
    except OSError:
        pytest.skip("DejaVu fonts are not installed")
    image = Image.new("L", (40 + 16 * len(text), 40), 255)
    ImageDraw.Draw(image).text((8, 5), text, font=font, fill=0)
    gray = cv2.GaussianBlur(np.asarray(image, dtype=np.float32), (0, 0), blur)
    gray = cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    _t, ink = cv2.threshold(np.clip(gray, 0, 255).astype(np.uint8), 0, 255,
                            cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return ink


def _holes(image: np.ndarray) -> list[int]:
    import cv2

    contours, hierarchy = cv2.findContours((image < 128).astype(np.uint8), cv2.RETR_CCOMP,
                                           cv2.CHAIN_APPROX_SIMPLE)
    links = hierarchy[0]
    tops = sorted((cv2.boundingRect(contours[i])[0], i) for i, link in enumerate(links)
                  if link[3] == -1)
    return [sum(1 for link in links if link[3] == i) for _x, i in tops]


def test_dotted_zeros_are_made_plain_and_eights_are_left_alone() -> None:
    image = _glyphs("0 8 0", 1.0)
    assert _holes(image) == [2, 2, 2]  # the dot became a bar: a zero looks like an 8
    plain = cells.plain_zeros(image)
    assert _holes(plain) == [1, 2, 1]
    assert (plain < 128).sum() < (image < 128).sum()
    sharp = _glyphs("60", 0.3)  # at 300 dpi the dot stands apart inside the zero's hole
    assert _holes(sharp) == [1, 1, 0]  # the 6, the zero, the dot
    assert _holes(cells.plain_zeros(sharp)) == [1, 1]  # the dot is erased


def test_a_text_other_rows_agree_on_mends_a_slip_in_a_long_word_or_punctuation() -> None:
    assert cells._slip_of("By Sequoia Capital U.S. Veriture 2010 Partners Fund (Q L.P.",
                          "By Sequoia Capital U.S. Venture 2010 Partners Fund (Q), L.P.")
    assert cells._slip_of("See Footnete", "See Footnote")
    # what tells holdings apart is never changed: series letters, numerals, years, plurals
    for read, other in (("Series C Preferred Stock", "Series D Preferred Stock"),
                        ("Growth Fund VII, L.P.", "Growth Fund VIII, L.P."),
                        ("Venture 2016 Fund", "Venture 2010 Fund"),
                        ("See Footnotes", "See Footnote"), ("See footnote", "See Footnote"),
                        ("By Sequoia Fund", "By Sequoia Capital Fund")):
        assert not cells._slip_of(read, other)


def test_the_dev_corpus_texts_other_rows_would_change_are_filers_typos(
        dev_xml_paths: list[Path]) -> None:
    """Run on the printed texts of each dev filing, the agreement changes only what its
    filer mistyped once ("Common Stoc"), never one holding into another."""
    from collections import Counter

    from lxml import etree

    changed = []
    for path in dev_xml_paths:
        root = etree.parse(str(path)).getroot()
        for tag in ("securityTitle", "natureOfOwnership", "underlyingSecurityTitle"):
            counts = Counter(t for t in (" ".join((n.findtext("value") or n.text or "").split())
                                         for n in root.iter(tag)) if t)
            for text, n in counts.items():
                better = [u for u, m in counts.items() if m >= 2 and m > n
                          and cells._slip_of(text, u)]
                if better:
                    changed.append((text, better[0]))
    assert len(dev_xml_paths) > 200
    assert sorted(changed) == [
        ("By Sequoia Capital U.S. Growth Fund IV, L.P", "By Sequoia Capital U.S. Growth Fund IV, L.P."),
        ("Class A Common Stoc", "Class A Common Stock")]


def test_a_nature_read_with_a_slip_takes_the_reading_other_rows_agree_on() -> None:
    from extract.ir.grid import FormGrid, GridRow, TableGrid  # noqa: F811
    from extract.ir.values import Source as Src
    from extract.layout.anchors import load_spec

    spec = load_spec("form4-edgar")
    nature = spec.grid_key("I", "7")
    texts = ["By Sequoia Fund (Q), L.P.", "By Sequoia Fund (Q L.P.", "By Sequoia Fund (Q), L.P.",
             "By Sequoia Vefiture Fund", "By Growth Fund VIII", "By Growth Fund VII",
             "By Growth Fund VII", "Fund (Q L.P.", "Fund (Q L.P.", "Fund (Q), L.P."]
    rows = [GridRow(cells={nature: Cell(text=t, confidence=0.9)}, page=1) for t in texts]
    grid = FormGrid(form="4", source=Src.OCR, tables=[TableGrid(table="I", rows=rows)])
    fixed, notes = cells._agreed_texts(grid, [], spec)
    got = [row.cells[nature].text for row in fixed.tables[0].rows]
    # the lone "Vefiture" has no two rows agreeing; "VIII" is another fund, not a slip
    assert got == ["By Sequoia Fund (Q), L.P.", "By Sequoia Fund (Q), L.P.",
                   "By Sequoia Fund (Q), L.P.", "By Sequoia Vefiture Fund",
                   "By Growth Fund VIII", "By Growth Fund VII", "By Growth Fund VII",
                   # a slip two rows share is no reading to take: its bracket is open
                   "Fund (Q L.P.", "Fund (Q L.P.", "Fund (Q), L.P."]
    mended = fixed.tables[0].rows[1].cells[nature]
    assert mended.confidence == 0.81 and mended.issues[-1].code == "R302"
    assert notes == [("Table I row 2 " + nature,
                      "'By Sequoia Fund (Q L.P.' -> 'By Sequoia Fund (Q), L.P.'")]


def test_a_zip_code_loses_the_speck_beside_it() -> None:
    task = cells._Task("text", "text", 1, (0, 0, 10, 10), 1.0, ("owner", 0, 0, "zip_code"))
    assert cells._typed_text(task, "94089.") == "94089"
    assert cells._typed_text(task, "94025-1234") == "94025-1234"


def test_a_titles_last_stop_read_as_a_quote_after_lp_is_a_stop() -> None:
    nature = cells._Task("text", "text", 1, (0, 0, 100, 20), 300 / 72, ("table", 0, 0, "nature"))
    assert cells._typed_text(nature, "Sequoia Fund XV, L.P'") == "Sequoia Fund XV, L.P."
    assert cells._typed_text(nature, "Sequoia Fund XV, L.P.") == "Sequoia Fund XV, L.P."


def test_a_marker_groups_digits_are_counted_by_its_glyphs() -> None:
    group = np.full((30, 60), 255, np.uint8)
    cv2.putText(group, "11", (4, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    assert cells.digit_count(group) == 2
    one = np.full((30, 30), 255, np.uint8)
    cv2.putText(one, "5", (4, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    assert cells.digit_count(one) == 1
    one[12:14, :] = 255  # noise breaks the 5 across: still one digit
    assert cells.digit_count(one) == 1
    one[2, 28] = 0  # a speck is no digit
    assert cells.digit_count(one) == 1


def test_a_marker_read_with_a_digit_too_few_is_doubted() -> None:
    """"(11)" read "1": the group holds two digit glyphs, the read one digit."""
    cell = Cell(text="12,000", footnotes=("F1",), confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    read = cells.CellRead("12,000", ("F1",), 0.9, marker_miscount=True)
    task = _task("amount")
    from extract.ir.grid import FormGrid, GridRow, TableGrid
    from extract.ir.values import Source as Src

    grid = FormGrid(form="4", source=Src.OCR,
                    tables=[TableGrid(table="I", rows=[GridRow(cells={"k": cell})])])
    doubted, _notes = cells._apply(grid, [task], {0: read}, {"F1", "F11"})
    sure = cells.CellRead("12,000", ("F1",), 0.9)
    kept, _notes = cells._apply(grid, [task], {0: sure}, {"F1", "F11"})
    agreed = kept.tables[0].rows[0].cells["k"].confidence
    assert agreed > 0.9  # two readings agree
    assert doubted.tables[0].rows[0].cells["k"].confidence == round(
        agreed * cells.MARKER_DISAGREE, 4)


def test_a_city_loses_the_state_read_at_its_end_as_well() -> None:
    state = Cell(text="CO", confidence=0.8, page=1, bbox=(0, 0, 10, 5))
    for read, code, want in (("DENVER co", "CO", "DENVER"), ("SAN CARLOS -CA", "ca", "SAN CARLOS")):
        city = Cell(text=read, confidence=0.9, page=1, bbox=(0, 0, 10, 5))
        kept = cells._city_without_state(city, state.model_copy(update={"text": code}))
        assert kept is not None and kept.text == want
    # a city whose last word is not the state, or a city of one word, stays as read
    for read in ("FORT COLLINS", "CO"):
        city = Cell(text=read, confidence=0.9, page=1, bbox=(0, 0, 10, 5))
        assert cells._city_without_state(city, state) is city
    city = Cell(text="DENVER CO", confidence=0.9, page=1, bbox=(0, 0, 10, 5))
    assert cells._city_without_state(city, None) is city
