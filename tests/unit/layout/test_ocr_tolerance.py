"""Layout reading that tolerates what OCR does to a page: specks that would start a line of
their own, footnote numbers without their full stop."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from extract.ir.document import Document, Word
from extract.ir.values import Source
from extract.layout.anchors import group_lines
from extract.layout.detect import detect
from extract.layout.to_grid import to_grid
from extract.ocr.tsv import tidy_punctuation
from extract.readers.pdf import pdf_document
from extract.readers.xml import read_ownership_xml
from extract.render.paper import render_paper


def _w(text: str, x0: float, top: float, x1: float, bottom: float) -> Word:
    return Word(text, text, (x0, top, x1, bottom), 1, 0.95, Source.OCR)


def test_a_speck_in_white_space_is_dropped_before_it_takes_a_label_apart() -> None:
    # Tesseract's boxes from a scanned signature label: a "." speck, read with confidence,
    # sits low in the white space at the left; grouped with the words, it starts a line of
    # its own that takes "Signature" and "Reporting" from the label
    words = [_w("**", 361.2, 558.0, 365.5, 560.2), _w("of", 396.5, 557.5, 401.5, 562.3),
             _w("Person", 432.7, 557.8, 452.2, 562.3), _w(".", 274.6, 562.6, 275.5, 563.5),
             _w("Signature", 367.7, 557.8, 394.3, 563.5),
             _w("Reporting", 403.7, 557.5, 430.1, 563.5)]
    assert [ln.text for ln in group_lines(words)] != ["** Signature of Reporting Person"]
    tidy = tidy_punctuation(words)
    assert "." not in [w.text for w in tidy]
    assert [ln.text for ln in group_lines(tidy)] == ["** Signature of Reporting Person"]
    # a full stop beside its word is kept (glued to it)
    near = [_w("Inc", 10, 0, 22, 6), _w(".", 22.5, 4.5, 23.5, 6)]
    assert [w.text for w in tidy_punctuation(near)] == ["Inc."]


@pytest.fixture(scope="module")
def footnoted(dev_xml_paths: list[Path]) -> tuple[Document, int]:
    path = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    return pdf_document(render_paper(truth)), len(truth.footnotes)


def test_footnote_numbers_without_their_stop_still_start_notes(footnoted) -> None:
    doc, count = footnoted
    assert count >= 2
    starts = re.compile(r"^\d{1,2}\.$")
    # as OCR reads them: "1" and "2," for "1." and "2.", and every word from OCR
    pages = []
    for page in doc.pages:
        words = []
        for w in page.words:
            text = w.text
            if starts.match(text) and w.x0 < 60:
                text = text[:-1] + ("," if text[:-1] == "2" else "")
            words.append(replace(w, text=text, orig=text, source=Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    ocr = Document(tuple(pages), Source.OCR, doc.path, "scan")
    grid, _notes = to_grid(ocr, detect(ocr))
    assert [note_id for note_id, _cell in grid.footnotes] == [f"F{i + 1}" for i in range(count)]
    # the same page as a text layer: a bare number is no note start there
    plain = Document(tuple(replace(p, words=tuple(replace(w, source=Source.PDF_TEXT)
                                                  for w in p.words)) for p in pages),
                     Source.PDF_TEXT, doc.path, doc.family)
    grid_plain, _notes = to_grid(plain, detect(plain))
    assert len(grid_plain.footnotes) < count


def _numbers_read(doc: Document, change) -> Document:
    """``doc``'s words as OCR read them, each note number word passed through ``change``
    (None drops the word)."""
    starts = re.compile(r"^\d{1,2}\.$")
    pages = []
    for page in doc.pages:
        words = []
        for w in page.words:
            text = change(w.text) if starts.match(w.text) and w.x0 < 40 else w.text
            if text is not None:
                words.append(replace(w, text=text, orig=text, source=Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    return Document(tuple(pages), Source.OCR, doc.path, "scan")


def test_notes_whose_numbers_ocr_lost_are_numbered_by_their_place(footnoted) -> None:
    doc, count = footnoted
    assert count == 5
    whole = _numbers_read(doc, lambda text: text)
    read, _notes = to_grid(whole, detect(whole))
    assert [i for i, _c in read.footnotes] == ["F1", "F2", "F3", "F4", "F5"]
    # OCR did not read "2." and "3.": their lines start where note text starts, not at the
    # margin where wrapped lines start, and there are exactly two between "1." and "4."
    lost = _numbers_read(doc, lambda text: None if text in ("2.", "3.") else text)
    grid, _notes = to_grid(lost, detect(lost))
    assert [(i, c.text) for i, c in grid.footnotes] == [(i, c.text) for i, c in read.footnotes]
    flagged = {i for i, c in grid.footnotes if any(x.code == "R305" for x in c.issues)}
    assert flagged == {"F2", "F3"}
    # without "4." too, only three lines could start notes 2 to 4: all three do
    more = _numbers_read(doc, lambda text: None if text in ("2.", "3.", "4.") else text)
    grid, _notes = to_grid(more, detect(more))
    assert [i for i, _c in grid.footnotes] == ["F1", "F2", "F3", "F4", "F5"]
    # the last number lost too: nothing tells where note 5 starts, so it stays in note 4
    last = _numbers_read(doc, lambda text: None if text in ("4.", "5.") else text)
    grid, _notes = to_grid(last, detect(last))
    assert [i for i, _c in grid.footnotes] == ["F1", "F2", "F3"]


def test_a_speck_in_front_of_a_note_number_does_not_hide_it(footnoted) -> None:
    doc, _count = footnoted
    specked = _numbers_read(doc, lambda text: "-" + text if text == "2." else text)
    grid, _notes = to_grid(specked, detect(specked))
    whole = _numbers_read(doc, lambda text: text)
    read, _notes = to_grid(whole, detect(whole))
    assert [(i, c.text) for i, c in grid.footnotes] == [(i, c.text) for i, c in read.footnotes]
    # on a text layer a leading hyphen is what the filer typed: no note starts there
    typed = Document(tuple(replace(p, words=tuple(replace(w, source=Source.PDF_TEXT)
                                                  for w in p.words)) for p in specked.pages),
                     Source.PDF_TEXT, doc.path, doc.family)
    grid, _notes = to_grid(typed, detect(typed))
    assert "F2" not in {i for i, _c in grid.footnotes}


def _heading_read(doc: Document, texts: dict[str, str | None]) -> Document:
    """``doc`` as OCR read it, the heading "Explanation of Responses:" read as ``texts``
    says (None: not read at all)."""
    pages = []
    for page in doc.pages:
        heading = next(ln for ln in group_lines(list(page.words)) if ln.text.startswith(
            "Explanation of Responses")) if any(w.text == "Explanation" for w in page.words) \
            else None
        words = []
        for w in page.words:
            text = w.text
            if heading is not None and any(w is h for h in heading.words):
                text = texts.get(w.text, w.text)
            if text is not None:
                words.append(replace(w, text=text, orig=text, source=Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    return Document(tuple(pages), Source.OCR, doc.path, "scan")


@pytest.mark.parametrize("texts", [
    {"Explanation": "planation", "of": None, "Responses:": "Resp"},
    {"Explanation": None, "of": None, "Responses:": None},
    {"Explanation": "I", "of": "ion", "Responses:": "of"},
])
def test_the_notes_are_found_under_a_heading_too_small_to_read(footnoted, texts) -> None:
    doc, count = footnoted
    whole = _numbers_read(doc, lambda text: text)
    read, _notes = to_grid(whole, detect(whole))
    damaged = _heading_read(doc, texts)
    assert not detect(damaged).hits.get("explanation")
    grid, _notes = to_grid(damaged, detect(damaged))
    assert len(grid.footnotes) == count
    assert [(i, c.text) for i, c in grid.footnotes] == [(i, c.text) for i, c in read.footnotes]


def test_without_a_heading_a_lone_note_one_is_not_enough(footnoted) -> None:
    # no heading and no "2." below the "1.": the line is not taken for the notes
    doc, _count = footnoted
    damaged = _heading_read(doc, {"Explanation": None, "of": None, "Responses:": None})
    pages = [replace(p, words=tuple(w for w in p.words if not (
        re.fullmatch(r"[2-9]\.", w.text) and w.x0 < 40))) for p in damaged.pages]
    alone = Document(tuple(pages), Source.OCR, doc.path, "scan")
    grid, _notes = to_grid(alone, detect(alone))
    assert grid.footnotes == []


def test_a_note_read_without_its_closing_stop_gets_it_back(footnoted) -> None:
    doc, _count = footnoted
    whole = _numbers_read(doc, lambda text: text)
    read, _notes = to_grid(whole, detect(whole))
    last = read.footnotes[-1][1].text
    assert last.endswith(".")
    pages = [replace(p, words=tuple(replace(w, text=w.text[:-1], orig=w.text[:-1])
                                    if w.text.endswith(".") and w.text[:-1] == last.split()[-1][:-1]
                                    else w for w in p.words)) for p in whole.pages]
    lost = Document(tuple(pages), Source.OCR, doc.path, "scan")
    grid, _notes = to_grid(lost, detect(lost))
    assert grid.footnotes[-1][1].text == last
    assert grid.footnotes[-1][1].issues[-1].code == "R302"
    # a text layer's note stands as typed
    typed = Document(tuple(replace(p, words=tuple(replace(w, source=Source.PDF_TEXT)
                                                  for w in p.words)) for p in lost.pages),
                     Source.PDF_TEXT, doc.path, doc.family)
    grid, _notes = to_grid(typed, detect(typed))
    assert grid.footnotes[-1][1].text.endswith(last.split()[-1][:-1])


def test_an_ocr_box_across_two_lines_does_not_merge_them() -> None:
    upper = [_w("6.", 30.2, 527.3, 36.7, 532.8), _w("The", 42.5, 527.3, 54.7, 532.8),
             _w("convertible", 59.8, 527.3, 105.4, 532.8),
             _w("Promissory", 110.4, 527.5, 152.0, 540.0)]  # its box takes in the line below
    lower = [_w("IPO", 30.7, 536.2, 42.0, 541.7), _w("into", 47.0, 536.2, 63.1, 541.7),
             _w("Common", 68.2, 536.2, 92.4, 541.7)]
    lines = group_lines(upper + lower)
    assert [ln.text for ln in lines] == ["6. The convertible Promissory", "IPO into Common"]


def test_the_date_label_beside_the_signature_label_as_ocr_reads_it() -> None:
    from extract.layout.to_grid import _is_date_label

    assert _is_date_label("Date") and _is_date_label("Dafe") and _is_date_label("Date:")
    assert _is_date_label("Oate") and _is_date_label("Cate")  # the faded D read round
    assert _is_date_label("Date'") and _is_date_label("Date,")  # a speck beside it
    assert not _is_date_label("Dated") and not _is_date_label("Name")
    assert not _is_date_label("Cafe") and not _is_date_label("Rates")


@pytest.mark.parametrize(("symbol", "closing", "expected"), [
    ("ARWRJ", None, "ARWR"),  # the closing bracket read as a J glued on, no "]"
    ("ARWR-", "]", "ARWR"),  # a rule's stub after the symbol
    ("ARWR", "J", "ARWR"),  # the closing bracket read as a J apart
    ("ARWR", "|", "ARWR"),  # the closing bracket read as a bar, last word in the box
    ("¥ARWR", "]", "YARWR"),  # a Y read as the yen sign: a ticker is capital letters
    ("AR$WR", "]", "ARSWR"),
])
def test_the_ticker_symbol_without_what_ocr_made_of_its_brackets(
        footnoted, symbol: str, closing: str | None, expected: str) -> None:
    doc, _count = footnoted
    pages = []
    for page in doc.pages:
        words = []
        for w in page.words:
            text = {"ARWR": symbol, "]": closing}.get(w.text, w.text) if w.text in (
                "ARWR", "]") else w.text
            if text is not None:
                words.append(replace(w, text=text, orig=text, source=Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    ocr = Document(tuple(pages), Source.OCR, doc.path, "scan")
    grid, _notes = to_grid(ocr, detect(ocr))
    assert grid.header["issuer_trading_symbol"].text == expected
    assert grid.header["issuer_name"].text == "ARROWHEAD PHARMACEUTICALS, INC."


def test_a_speck_under_the_date_does_not_split_a_wrapped_signature(footnoted) -> None:
    """A signer's name wrapped onto a second line, with a speck OCR read under the date
    ("'oe"): still one signature, not a second one named by the wrapped word."""
    doc, _count = footnoted
    pages = []
    for page in doc.pages:
        words = []
        for w in page.words:
            if w.text in ("/s/Adeoye", "12/23/2025"):
                w = replace(w, bbox=(w.x0, 505.5, w.x1, 513.0))
            elif w.text == "Olukotun":
                w = replace(w, bbox=(430.0, 514.0, 465.0, 521.5))
            words.append(replace(w, source=Source.OCR))
        if any(w.text == "Olukotun" for w in words):
            words.append(Word("'oe", "'oe", (655.0, 515.0, 664.0, 520.0), page.page_no, 0.3,
                              Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    ocr = Document(tuple(pages), Source.OCR, doc.path, "scan")
    grid, _notes = to_grid(ocr, detect(ocr))
    assert [(s.name.text if s.name else None, s.date.text if s.date else None)
            for s in grid.signatures] == [("/s/Adeoye Olukotun", "12/23/2025")]


def test_a_speck_in_front_of_a_heading_does_not_hide_it(footnoted) -> None:
    """A rule's stub read as "-" before "Explanation of Responses:" starts the line; the
    heading is still found, and with it every footnote."""
    doc, count = footnoted
    pages = []
    for page in doc.pages:
        words = [replace(w, source=Source.OCR) for w in page.words]
        heading = next((w for w in words if w.text == "Explanation"), None)
        if heading is not None:
            words.append(Word("-", "-", (heading.x0 - 6, heading.top + 2, heading.x0 - 5,
                                         heading.top + 3), page.page_no, 0.68, Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    ocr = Document(tuple(pages), Source.OCR, doc.path, "scan")
    grid, _notes = to_grid(ocr, detect(ocr))
    assert len(grid.footnotes) == count


def test_a_label_ocr_interleaved_with_the_line_below_is_still_found() -> None:
    from extract.layout.anchors import find_anchor

    variants = ["Relationship of Reporting Person(s) to Issuer",
                "Relationship of Reporting Person"]
    texts = ["5.", "{Check", "Relationship", "all", "applicable)", "of", "Reporting",
             "Person(s)", "to", "Issuer"]
    words = [_w(t, 500 + 30 * i, 97, 525 + 30 * i, 104) for i, t in enumerate(texts)]
    (hit,) = find_anchor("relationship", variants, group_lines(words), score_cutoff=88)
    assert hit.score == 90.0 and hit.words[0].text == "Relationship"
    # a text layer is faithful: no such leniency there
    plain = [replace(w, source=Source.PDF_TEXT) for w in words]
    assert find_anchor("relationship", variants, group_lines(plain), score_cutoff=88) == []
    # the variant's words too far apart are no label
    apart = ["Relationship", "Director", "Officer", "Other", "Owner", "of", "Reporting",
             "Person(s)", "to", "Issuer"]
    spread = [_w(t, 500 + 30 * i, 97, 525 + 30 * i, 104) for i, t in enumerate(apart)]
    assert find_anchor("relationship", variants, group_lines(spread), score_cutoff=88) == []


def test_a_damaged_explanation_heading_still_starts_the_footnotes(footnoted) -> None:
    """A poor scan reads the heading "Expl ion of R": a short line beginning "Expl" below
    Table II, with note 1 after it, is taken for it (OCR only)."""
    doc, count = footnoted
    damaged = {"Explanation": "Expl", "of": "of", "Responses:": "R"}
    pages = []
    for page in doc.pages:
        heading = next((w for w in page.words if w.text == "Explanation"), None)
        words = []
        for w in page.words:
            if heading is not None and abs(w.top - heading.top) < 1 and w.text in damaged:
                w = replace(w, text=damaged[w.text], orig=damaged[w.text])
            words.append(replace(w, source=Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    ocr = Document(tuple(pages), Source.OCR, doc.path, "scan")
    assert detect(ocr).first("explanation") is None
    grid, _notes = to_grid(ocr, detect(ocr))
    assert len(grid.footnotes) == count


def test_a_table_heading_with_its_numeral_damaged_still_starts_the_table(footnoted) -> None:
    """"Table {l.- Derivative Securities": too damaged for Table II's strict match, and
    without it Table II's header would run into Table I and lose both tables' rows."""
    doc, _count = footnoted
    pages = []
    for page in doc.pages:
        words, after_table = [], False
        for w in page.words:
            text = w.text
            if after_table and text == "II":
                text = "{l.-"
            after_table = text == "Table"
            if text != "-" or not words or words[-1].text != "{l.-":
                words.append(replace(w, text=text, orig=text, source=Source.OCR))
        pages.append(replace(page, words=tuple(words)))
    ocr = Document(tuple(pages), Source.OCR, doc.path, "scan")
    assert any(ln.text.startswith("Table {l.- Derivative") for p in ocr.pages
               for ln in group_lines(p.words))
    names = [r.name for r in detect(ocr).regions]
    assert "table1" in names and "table2" in names


def _as_ocr(doc: Document, pages: list | None = None) -> Document:
    pages = pages if pages is not None else [
        replace(p, words=tuple(replace(w, source=Source.OCR) for w in p.words))
        for p in doc.pages]
    return Document(tuple(pages), Source.OCR, doc.path, "scan")


def test_a_tick_with_a_speck_of_its_erased_box_still_checks_it() -> None:
    """A scan's X mark read with a stub of the check box it sat in ("-X", "X.") is a mark;
    in a text layer, "-X" is text."""
    from extract.layout.to_grid import _is_mark

    assert _is_mark(_w("-X", 0, 0, 8, 5)) and _is_mark(_w("X.", 0, 0, 8, 5))
    assert not _is_mark(Word("-X", "-X", (0, 0, 8, 5), 1, 1.0, Source.PDF_TEXT))
    assert not _is_mark(_w("-XY", 0, 0, 8, 5))
    assert _is_mark(_w("xX", 0, 0, 8, 5))  # one X read twice over
    assert not _is_mark(Word("xX", "xX", (0, 0, 8, 5), 1, 1.0, Source.PDF_TEXT))
    # read with both edges of its box
    assert all(_is_mark(_w(t, 0, 0, 8, 5)) for t in ("Ix]", "[X|", "(xl", "|X|"))
    assert not any(_is_mark(_w(t, 0, 0, 8, 5)) for t in ("Ix", "Mix", "[xy]", "lxl1"))
    assert not _is_mark(Word("Ix]", "Ix]", (0, 0, 8, 5), 1, 1.0, Source.PDF_TEXT))


def test_a_state_read_at_the_end_of_the_city_too_is_dropped_from_it() -> None:
    from extract.layout.to_grid import _tidy_city_row

    for tail in ("CA", "-CA", "CA,"):
        parts = {"city": [_w("SAN", 0, 0, 10, 5), _w("CARLOS", 12, 0, 30, 5),
                          _w(tail, 32, 0, 40, 5)],
                 "state": [_w("CA", 60, 0, 68, 5)], "zip": [_w("94070", 80, 0, 98, 5)]}
        _tidy_city_row(parts)
        assert [w.text for w in parts["city"]] == ["SAN", "CARLOS"]
        assert [w.text for w in parts["state"]] == ["CA"]
    # a city whose last word only looks like a state keeps it when the state box differs
    parts = {"city": [_w("SAN", 0, 0, 10, 5), _w("CA", 12, 0, 20, 5)],
             "state": [_w("NY", 60, 0, 68, 5)], "zip": []}
    _tidy_city_row(parts)
    assert [w.text for w in parts["city"]] == ["SAN", "CA"]


def test_owners_listed_below_the_tables_are_all_read_when_box_1_label_is_lost(
        dev_xml_paths: list[Path]) -> None:
    """A filing by several owners lists every owner below its tables; when OCR garbles
    box 1's label at the top, the first listing found is an owner, not box 1."""
    path = next(p for p in dev_xml_paths if "000120919121051298" in str(p))
    truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    ocr = _as_ocr(pdf_document(render_paper(truth)))
    det = detect(ocr)
    top = det.ordered("box1")[0]
    assert top.top < min(h.top for h in det.hits["table1"] if h.page_no == top.page_no)
    label = {id(w) for w in top.words}
    first = ocr.pages[0]
    damaged = tuple(replace(w, text="Nrne", orig="Nrne") if id(w) in label else w
                    for w in first.words)
    ocr = _as_ocr(ocr, [replace(first, words=damaged), *ocr.pages[1:]])
    det = detect(ocr)
    assert det.ordered("box1")[0].top > min(h.top for h in det.hits["table1"])
    grid, _notes = to_grid(ocr, det)
    assert [o.name.text if o.name else None for o in grid.owners] == [
        o.reporting_owner_id.rpt_owner_name.value if o.reporting_owner_id.rpt_owner_name else None
        for o in truth.reporting_owners]


def test_a_check_box_label_ocr_ran_into_its_tick_is_still_found() -> None:
    """ "X Director" read as "x rector": the fuzzy match takes the tick along, and the two
    stand apart like words of two boxes; on a scan the label's own run is kept."""
    from extract.layout.anchors import find_anchor

    words = [_w("x", 428, 137, 433, 142), _w("rector", 449, 138, 466, 143),
             _w("10%", 522, 138, 534, 142), _w("Owner", 536, 138, 555, 142)]
    hits = find_anchor("is_director", ["Director"], group_lines(words), score_cutoff=70)
    assert [w.text for w in hits[0].words] == ["rector"]
    layer = [replace(w, source=Source.PDF_TEXT) for w in words]
    assert find_anchor("is_director", ["Director"], group_lines(layer), score_cutoff=70) == []


def test_box_1_keeps_its_city_row_when_box_4_number_is_read_onto_its_label(footnoted) -> None:
    """OCR glued box 4's number onto its label ("4.If Amendment"): the label then starts
    where box 2's number does, at box 1's right edge; box 1 still runs down to its city row."""
    doc, _count = footnoted
    ocr = _as_ocr(doc)
    want = to_grid(ocr, detect(ocr))[0].owners[0]
    first = ocr.pages[0]
    det = detect(ocr)
    amendment, issuer = det.hits["amendment"][0], det.hits["box2"][0]
    # box 1 ends 1.5 units left of box 2's label; the glued label starts just inside that
    edge = issuer.x0 - 1.8 * first.unit
    head = amendment.words[0]
    words = [w for w in first.words if not (w.text == "4." and abs(w.yc - head.yc) < 2)]
    words = [replace(w, text="4." + w.text, orig="4." + w.text,
                     bbox=(edge, w.top, w.x1, w.bottom)) if w is head else w
             for w in words]
    ocr = _as_ocr(ocr, [replace(first, words=tuple(words)), *ocr.pages[1:]])
    det = detect(ocr)
    assert abs(det.hits["amendment"][0].x0 - edge) < 0.5
    got = to_grid(ocr, det)[0].owners[0]
    assert want.city is not None and want.zip_code is not None
    assert (got.city.text if got.city else None, got.zip_code.text if got.zip_code else None) \
        == (want.city.text, want.zip_code.text)


def test_an_address_line_a_row_below_is_no_wrapped_continuation() -> None:
    """OCR words carry no font size: judged by their height, a street line 15 pt below one
    that nearly fills its box is a row of its own ("C/O MITHRIL CAPITAL MANAGEMENT LLC" /
    "600 CONGRESS AVENUE"); 11 pt below, it may continue the value."""
    from extract.layout.to_grid import _separate_rows

    upper = group_lines([_w("C/O", 41, 597.4, 55, 604.1), _w("MITHRIL", 58, 597.4, 90, 603.8),
                         _w("LLC", 220, 597.1, 235, 604.1)])[0]
    row = group_lines([_w("600", 41, 612.5, 55, 619.2), _w("AVENUE", 60, 612.2, 90, 619.2)])[0]
    near = group_lines([_w("600", 41, 608.5, 55, 615.2), _w("AVENUE", 60, 608.2, 90, 615.2)])[0]
    assert _separate_rows(upper, row, by_height=True)
    assert not _separate_rows(upper, near, by_height=True)
    assert not _separate_rows(upper, row)  # signatures keep grouping OCR lines as before


@pytest.mark.parametrize("misread", ["sLast)", "{Lasy"])
def test_box_1_reads_its_address_when_the_last_label_is_lost(footnoted, misread) -> None:
    """A faded "(Last)" read as noise: "(First)" and "(Middle)" on its row still mark where
    the name ends and the street begins, and the address reads as with the label."""
    doc, _count = footnoted
    ocr = _as_ocr(doc)
    want = to_grid(ocr, detect(ocr))[0].owners[0]
    first = ocr.pages[0]
    words = [replace(w, text=misread, orig=misread) if w.text == "(Last)" else w
             for w in first.words]
    assert words != list(first.words)
    ocr = _as_ocr(ocr, [replace(first, words=tuple(words)), *ocr.pages[1:]])
    got = to_grid(ocr, detect(ocr))[0].owners[0]
    assert want.name is not None and want.street1 is not None and want.city is not None
    for part in ("name", "street1", "city", "state", "zip_code"):
        cell = getattr(got, part)
        assert cell is not None and cell.text == getattr(want, part).text, part


def test_a_box_ends_where_the_next_label_begins_not_where_its_match_does() -> None:
    """OCR read box 2's label so that its best match begins at "Name": the label still
    begins at its number "2.", and box 1 (whose value runs under it) ends before that."""
    from extract.layout.anchors import AnchorHit, TextLine
    from extract.layout.to_grid import _label_start

    words = (_w("Person", 143, 162, 160, 169), _w("2.", 228, 162, 233, 166),
             _w("Issuer", 236, 162, 253, 167), _w("Name", 256, 162, 273, 167),
             _w("and", 276, 161, 286, 167))
    line = TextLine(words, "Person 2. Issuer Name and", ((0, 6), (7, 9), (10, 16), (17, 21),
                                                          (22, 25)))
    hit = AnchorHit("box2", "Issuer Name and", 95.0, words[3:], line)
    assert _label_start(hit, 6.0) == 228  # "2." and "Issuer" join; "Person" is a gap away
    whole = AnchorHit("box2", "Issuer Name and", 100.0, words[1:], line)
    assert _label_start(whole, 6.0) == 228


def test_a_period_date_the_page_reading_lost_leaves_a_blank_cell_where_it_is_printed(
        footnoted) -> None:
    """Box 3's date not read at all: the grid gets a blank period cell over the place the
    date is printed (for the cell re-read to read it from its crop); a text layer does not."""
    doc, _count = footnoted
    ocr = _as_ocr(doc)
    want = to_grid(ocr, detect(ocr))[0].header["period_of_report"]
    assert want.text and want.bbox is not None
    first = ocr.pages[0]
    date = [w for w in first.words if w.x0 >= want.bbox[0] - 0.5 and w.x1 <= want.bbox[2] + 0.5
            and abs(w.yc - (want.bbox[1] + want.bbox[3]) / 2) < 2]
    assert date
    blind = _as_ocr(ocr, [replace(first, words=tuple(w for w in first.words if w not in date)),
                          *ocr.pages[1:]])
    got = to_grid(blind, detect(blind))[0].header["period_of_report"]
    assert got.text == "" and got.bbox is not None and got.page == want.page
    x0, top, x1, bottom = got.bbox
    assert x0 <= want.bbox[0] and want.bbox[2] <= x1 and top <= want.bbox[1] \
        and want.bbox[3] <= bottom
    text = Document(tuple(replace(p, words=tuple(replace(w, source=Source.PDF_TEXT)
                                                 for w in p.words)) for p in blind.pages),
                    Source.PDF_TEXT, doc.path, doc.family)
    assert "period_of_report" not in to_grid(text, detect(text))[0].header


def test_a_table_heading_too_damaged_to_match_is_found_by_its_words(footnoted) -> None:
    """"4 Table Non-Derivative Acquired, Disposed of, Beneficially": numeral, dash and
    "Securities" lost and a speck in front; the line still starts Table I, and its rows
    read as from the whole heading. A line that does not start with "Table" is no heading."""
    doc, _count = footnoted
    ocr = _as_ocr(doc)
    want = to_grid(ocr, detect(ocr))[0].tables
    first = ocr.pages[0]
    heading = next(ln for ln in group_lines(first.words) if ln.text.startswith("Table I -"))
    drop = {id(w) for w in heading.words if w.text in ("I", "-", "Securities", "or")}
    head = heading.words[0]
    speck = replace(head, text="4", orig="4", bbox=(head.x0 - 8, head.top, head.x0 - 4,
                                                    head.bottom))
    words = [w for w in first.words if id(w) not in drop] + [speck]
    damaged = _as_ocr(ocr, [replace(first, words=tuple(words)), *ocr.pages[1:]])
    line = next(ln for ln in group_lines(damaged.pages[0].words) if "Non-Derivative" in ln.text
                and ln.words[0].text == "4")
    assert line.text.startswith("4 Table Non-Derivative Acquired, Disposed of, Beneficially")
    det = detect(damaged)
    hit = det.first("table1")
    assert hit is not None and hit.line.text == line.text and hit.words[0].text == "Table"
    got = to_grid(damaged, det)[0].tables
    assert [(t.table, len(t.rows)) for t in got] == [(t.table, len(t.rows)) for t in want]
    assert got[0].rows == want[0].rows
    moved = [w for w in words if w is not speck] + [replace(speck, text="Dear")]
    other = _as_ocr(ocr, [replace(first, words=tuple(moved)), *ocr.pages[1:]])
    assert detect(other).first("table1") is None


@pytest.mark.parametrize(("text", "dx0", "dx1", "rows"), [
    ("w)", 8, None, 0),  # the end of "(give title below)", read a little lower
    ("/", -30, -28, 2),  # a speck under the labels
])
def test_what_ocr_leaves_under_the_relationship_labels_is_no_officer_title(
        footnoted, text, dx0, dx1, rows) -> None:
    """OCR split "(give title below)" and read its end as "w)", or read a speck below the
    labels as "/": neither is an officer's title or other text."""
    doc, _count = footnoted
    ocr = _as_ocr(doc)
    want = to_grid(ocr, detect(ocr))[0].owners[0]
    first = ocr.pages[0]
    below = next(w for w in first.words if w.text == "below)")
    high = below.bottom - below.top
    top = below.bottom + 0.5 + rows * high
    word = replace(below, text=text, orig=text, bbox=(
        below.x0 + dx0, top, below.x1 if dx1 is None else below.x0 + dx1, top + high))
    damaged = _as_ocr(ocr, [replace(first, words=(*first.words, word)), *ocr.pages[1:]])
    got = to_grid(damaged, detect(damaged))[0].owners[0]
    assert got.officer_title == want.officer_title and got.other_text == want.other_text


@pytest.mark.parametrize("how", ["label lost", "date box reaches left"])
def test_a_date_ending_the_signature_line_is_its_date(footnoted, how) -> None:
    """The Date label not read ("Xqtz" is no label), or the date's box stretched left past
    the label's start by a speck read with it: the date ending the line is still the date."""
    doc, _count = footnoted
    ocr = _as_ocr(doc)
    want = [(s.name.text, s.date.text) for s in to_grid(ocr, detect(ocr))[0].signatures
            if s.name and s.date]
    assert want
    pages = []
    for page in ocr.pages:
        words = []
        for w in page.words:
            if w.text == "Date" and how == "label lost":
                w = replace(w, text="Xqtz", orig="Xqtz")
            elif _DATE_RE.fullmatch(w.text) and how == "date box reaches left" \
                    and any(w.text == d for _n, d in want):
                w = replace(w, bbox=(w.x0 - 15, w.top, w.x1, w.bottom))
            words.append(w)
        pages.append(replace(page, words=tuple(words)))
    damaged = _as_ocr(ocr, pages)
    got = [(s.name.text, s.date.text) for s in to_grid(damaged, detect(damaged))[0].signatures
           if s.name and s.date]
    assert got == want


_DATE_RE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def test_a_note_gets_back_the_parenthesis_a_marker_reading_took() -> None:
    from extract.layout.to_grid import _closed_markers

    assert _closed_markers("(continued from footnote (2) and the managing member") == \
        "(continued from footnote 2) and the managing member"
    assert _closed_markers("(see notes (1) and (2)") == "(see notes (1) and 2)"
    for kept in ("Held by the fund (2) and its partner (3).", "The fund (3) holds",
                 "(continued from footnote 2) and", "Price range (1) to (4"):
        assert _closed_markers(kept) == kept


@pytest.mark.parametrize(("scanned", "printed"), [
    ("shares of restricted stock-upon vesting", "shares of restricted stock upon vesting"),
    ("Class A Common Stock-upon settlement", "Class A Common Stock upon settlement"),
    ("this report-shall not be deemed", "this report shall not be deemed"),
    ("sold-at each separate sale price", "sold at each separate sale price"),
    ("to the-extent of", "to the extent of"),
    ("weighted average price'for shares", "weighted average price for shares"),
    ("on behalf of the 'reporting person", "on behalf of the reporting person"),
    ("beneficial ownership,of the shares", "beneficial ownership of the shares"),
    ("Sequoia Capital XII- Management, L.P.", "Sequoia Capital XII Management, L.P."),
    ("restricted stock units,-which vest", "restricted stock units, which vest"),
    ("which i$ the price", "which is the price"),
    ("all or: for none", "all or for none"),
    ("the Fund is | represented", "the Fund is represented"),
    ("SCGF IV Management, L:P., which", "SCGF IV Management, L.P., which"),
])
def test_specks_in_a_notes_running_text_are_taken_out(scanned: str, printed: str) -> None:
    from extract.layout.to_grid import _unspecked

    assert _unspecked(scanned) == printed


@pytest.mark.parametrize("printed", [
    "a pro rata distribution-in-kind to its partners", "on a one-for-one basis",
    "the holder's trust", "shares; however, for", "the Reporting Person's pecuniary interest",
    "non-employee director", "lock-up agreement", "Rule 16a-1(a)(2)", "$210.44 per share",
    "As follows: (i) the", "Class A-1 Units", "Sequoia Capital U.S. Growth Fund IV, L.P.",
])
def test_what_notes_print_is_no_speck(printed: str) -> None:
    from extract.layout.to_grid import _unspecked

    assert _unspecked(printed) == printed


def test_only_an_ocr_note_is_tidied_and_the_change_is_recorded() -> None:
    from extract.ir.grid import Cell
    from extract.layout.to_grid import _prose

    def words(source: Source) -> list[Word]:
        return [Word("sold-at", "sold-at", (0, 0, 20, 8), 1, 0.9, source)]

    read = _prose(Cell(text="x"), "Shares sold-at each price.", words(Source.OCR))
    assert read.text == "Shares sold at each price." and read.issues[-1].code == "R302"
    typed = _prose(Cell(text="x"), "Shares sold-at each price.", words(Source.PDF_TEXT))
    assert typed.text == "Shares sold-at each price." and not typed.issues


def test_no_note_or_remark_of_the_dev_corpus_is_changed_by_the_speck_rules(
        dev_xml_paths: list[Path]) -> None:
    from lxml import etree

    from extract.layout.to_grid import _unspecked

    texts = [" ".join((node.text or "").split()) for path in dev_xml_paths
             for node in etree.parse(str(path)).getroot().iter("footnote", "remarks")]
    assert len([t for t in texts if t]) > 1000
    changed = [t for t in texts if _unspecked(t) != t]
    assert changed == []


@pytest.mark.parametrize(("scanned", "printed"), [
    ("held by the Issuer The Reporting Person", "held by the Issuer. The Reporting Person"),
    ("Investments 2017-9 LLC The Reporting Person", "Investments 2017-9 LLC. The Reporting Person"),
    ("per share These warrants", "per share. These warrants"),
])
def test_a_stop_small_print_lost_between_sentences_is_put_back(scanned: str,
                                                                printed: str) -> None:
    from extract.layout.to_grid import _unspecked

    assert _unspecked(scanned) == printed
    assert _unspecked("the shares of The Vanguard Group") == "the shares of The Vanguard Group"
