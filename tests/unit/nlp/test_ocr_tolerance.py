"""The POA rules on OCR'd text: a superscript ordinal read as a quote, a DocuSign stamp, an
execution page read on its own."""

from __future__ import annotations

from datetime import date

import pytest

from extract.ir.values import Source
from extract.nlp.find import locate_poa, looks_like_poa_page
from extract.nlp.poa import extract_poa
from extract.nlp.rules import find_persons, parse_date

EXECUTION_PAGE = (
    "IN WITNESS WHEREOF, the undersigned has caused this Power of Attorney to be executed\n"
    "as of this 7\" day of March 2023.\n\n/s/ Jane Q. Example\n")


@pytest.mark.parametrize("written", ['7" day of March 2023', "7* day of March 2023",
                                     "7’ day of March 2023", "7th day of March 2023"])
def test_ocr_ordinal_marks_parse(written: str) -> None:
    assert parse_date(written) == date(2023, 3, 7)


def test_a_quote_after_a_number_is_no_ordinal_elsewhere() -> None:
    assert parse_date('a 12" ruler on 5 May') is None


def test_docusign_stamp_is_not_a_signature_line() -> None:
    text = ("IN WITNESS WHEREOF, executed as of May 1, 2022.\nDocuSigned by:\nScrawl Mark\n"
            "By:\nJane Example\n")
    names = {text[p.start:p.end] for p in find_persons(text) if p.score > 0.8}
    assert names == {"Jane Example"}


def test_execution_page_alone_counts_only_for_scans() -> None:
    assert looks_like_poa_page(EXECUTION_PAGE)
    assert locate_poa(EXECUTION_PAGE) is None
    assert locate_poa(EXECUTION_PAGE, page=True) == (0, len(EXECUTION_PAGE))
    assert not looks_like_poa_page("IN WITNESS WHEREOF, the parties have executed this Agreement.")


def test_execution_page_gives_grantor_and_date_when_ocrd() -> None:
    assert extract_poa(EXECUTION_PAGE) is None
    poa = extract_poa(EXECUTION_PAGE, source=Source.OCR, settings={"method": "rules"})
    assert poa is not None and poa.grantor == "Jane Q. Example"
    assert poa.executed_on.value == date(2023, 3, 7) and poa.attorneys_in_fact == ()
