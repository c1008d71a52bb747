"""Misread words in running text put back by Tesseract's confusions."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.ocr.spelling import respell_text, respell_word


@pytest.mark.parametrize(("read", "printed"), [
    ("tieu", "lieu"), ("inctusion", "inclusion"), ("secunties", "securities"),
    ("pecumiary", "pecuniary"), ("meeung", "meeting"), ("shaies", "shares"), ("1s", "is"),
    ("Globat", "Global"), ("annua!", "annual"), ("Directois", "Directors")])
def test_a_misread_word_is_put_back(read: str, printed: str) -> None:
    assert respell_word(read) == printed


@pytest.mark.parametrize("word", ["shalt", "neat", "rata", "Botha", "SCGF", "Rivendell", "heu"])
def test_real_words_names_and_unsure_readings_stay(word: str) -> None:
    assert respell_word(word) == word


def test_text_keeps_its_punctuation_and_reports_the_changes() -> None:
    text, changes = respell_text('in tieu of fees ("RSUs"), which 1s the inctusion.')
    assert text == 'in lieu of fees ("RSUs"), which is the inclusion.'
    assert changes == [("tieu", "lieu"), ("1s", "is"), ("inctusion", "inclusion")]


def test_no_printed_footnote_of_the_dev_corpus_is_changed(dev_xml_paths: list[Path]) -> None:
    """Faithful text is left as it is: every footnote and remark of the dev filings."""
    from lxml import etree

    seen = 0
    for path in dev_xml_paths:
        root = etree.parse(str(path)).getroot()
        for node in root.findall("footnotes/footnote") + root.findall("remarks"):
            text = " ".join((node.text or "").split())
            seen += 1
            assert respell_text(text) == (text, []), path
    assert seen > 300


def test_a_speck_read_as_a_hyphen_before_a_word_is_dropped() -> None:
    assert respell_text("Each share is -represented by a unit") == (
        "Each share is represented by a unit", [("-represented", "represented")])
    assert respell_text("-rata start stays")[0] == "-rata start stays"  # nothing before it
    assert respell_text("a 1-for-1 basis - each")[0] == "a 1-for-1 basis - each"
    assert respell_text("Exhibit 24 -. Power of Attorney") == (
        "Exhibit 24 - Power of Attorney", [("-.", "-")])
    assert respell_text("Exhibit. 24 - Power of Attorney")[0] == "Exhibit 24 - Power of Attorney"
    assert respell_text("as in this Form. The")[0] == "as in this Form. The"


def test_a_stop_glued_between_two_words_is_a_space() -> None:
    assert respell_text("the shares.are held by the.Issuer's fund")[0] == \
        "the shares are held by the Issuer's fund"
    kept = "see www.sec.gov, the U.S. rules and e.g. Inc.com"
    assert respell_text(kept)[0] == kept


@pytest.mark.parametrize(("read", "printed"), [
    ("inyestment", "investment"), ("Fuhd", "Fund"), ("ihterest", "interest"),
    ("Veriture", "Venture"), ("Vefiture", "Venture"),
    ("continyed", "continued"), ("clasing", "closing"), ("Sectian", "Section"), ("qn", "on")])
def test_confusions_tried_only_on_unknown_readings(read: str, printed: str) -> None:
    assert respell_word(read) == printed


@pytest.mark.parametrize("word", ["hew", "bath", "sale", "hat"])
def test_known_words_are_not_turned_by_the_unknown_only_confusions(word: str) -> None:
    assert respell_word(word) == word


def test_specks_read_as_stops_inside_a_sentence_are_dropped() -> None:
    text, changes = respell_text("will convert. into shares of the stock. option, which is .one")
    assert text == "will convert into shares of the stock option, which is one"
    assert changes == [("convert.", "convert"), ("stock.", "stock"), (".", "")]
    kept = "costs, etc. and fees; held by Acme Inc. and the Fund. The end."
    assert respell_text(kept)[0] == kept


def test_a_section_16_rule_number_misread_is_put_back() -> None:
    assert respell_text("pursuant to Rule l6a-13 and Rule 1l6a-3 and Rule 16b-3")[0] == \
        "pursuant to Rule 16a-13 and Rule 16a-3 and Rule 16b-3"


def test_specks_read_as_marks_between_words_and_in_prices_are_put_right() -> None:
    text, changes = respell_text("the Securities and:Exchange Commission, Class B Stock ,and "
                                 "prices from $20.51.to $21.34, $372 -92 and $1,373. 92")
    assert text == ("the Securities and Exchange Commission, Class B Stock and prices from "
                    "$20.51 to $21.34, $372.92 and $1,373.92")
    assert ("$372 -92", "$372.92") in changes and (" ,", " ") in changes
    for kept in ("at 10:30 a.m. on the date", "Holdings, L.P. (the Fund), and", "$5.00 to 6.25",
                 "cost $100. The shares", "ratio 1:0.75 basis"):
        assert respell_text(kept)[0] == kept
