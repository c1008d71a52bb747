"""EDGAR ASCII legacy renderings: the real Form 4 of March 2000 and round trips of dev filings.

Expected values of the real filing were written by hand from its printed text
(../shared/corpus/dev/dgunning__edgartools/data/sgml/0001094891-00-000193.txt); no XML exists.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from extract.eval.score import Evaluation, printed_only, score_filing
from extract.ir.codes import AcquiredDisposed, DirectIndirect
from extract.readers.legacy import legacy_document, looks_like_legacy, read_legacy
from extract.readers.xml import read_ownership_xml
from extract.render.legacy import render_legacy

REAL = "dev/dgunning__edgartools/data/sgml/0001094891-00-000193.txt"


@pytest.fixture(scope="module")
def real(shared_dir: Path):
    return read_legacy((shared_dir / "corpus" / REAL).read_bytes(), path=REAL)


def test_real_2000_filing_layout_and_header(real) -> None:
    assert any("form4-1990" in w.message for w in real.warnings)
    f = real.filing
    assert f.document_type.value.value == "4"
    assert f.period_of_report.value == date(2000, 2, 29)  # "February 29,2000"
    assert f.issuer.issuer_name.value == "Productivity Technologies Corp."
    assert f.issuer.issuer_trading_symbol.value == "PRAC"
    owner = f.reporting_owners[0]
    assert owner.reporting_owner_id.rpt_owner_name.value == "Foster, Alan H."
    address = owner.reporting_owner_address
    assert address.rpt_owner_street1.value == "c/o Productivity Technologies Corp."
    assert address.rpt_owner_street2.value == "520 Madison Avenue"
    assert (address.rpt_owner_city.value, address.rpt_owner_state.value,
            address.rpt_owner_zip_code.value) == ("New York", "NY", "10022")
    rel = owner.reporting_owner_relationship
    assert rel.is_director.value is True
    assert rel.is_officer is None and rel.is_ten_percent_owner is None and rel.is_other is None
    assert f.not_subject_to_section16 is None  # "( )" unchecked
    sig = f.owner_signatures[0]
    assert sig.signature_name.value == "/s/ Alan H. Foster"
    assert sig.signature_date.value == date(2000, 3, 13)


def test_real_2000_filing_table_ii_row(real) -> None:
    f = real.filing
    assert not f.non_derivative_table.transactions and not f.non_derivative_table.holdings
    (row,) = f.derivative_table.transactions
    assert row.security_title.value == "Options to Purchase Common Stock"  # "Co|" + "mmon"
    assert row.conversion_or_exercise_price.value == Decimal("1.375")
    assert row.transaction_date.value == date(2000, 2, 7)  # "2/7/0" + "0"
    assert row.transaction_coding.transaction_code.value.value == "A"
    assert row.transaction_timeliness.value.value == "E"  # "V" printed
    assert row.transaction_amounts.transaction_shares.value == Decimal("12000")  # "12,000 -"
    assert row.transaction_amounts.transaction_acquired_disposed_code.value \
        is AcquiredDisposed.ACQUIRED  # "A,D" printed: the first letter wins
    assert row.exercise_date.value == date(2000, 2, 7)
    assert row.expiration_date.value == date(2005, 2, 7)
    assert row.underlying_security.underlying_security_title.value == "Common Stock"
    assert row.underlying_security.underlying_security_shares.value == Decimal("12000")
    assert row.transaction_amounts.transaction_price_per_share is None  # "-"
    assert row.post_transaction_amounts.shares_owned_following_transaction.value \
        == Decimal("12000")
    assert row.ownership_nature.direct_or_indirect_ownership.value is DirectIndirect.DIRECT
    assert row.ownership_nature.nature_of_ownership is None  # "-"


def test_virtual_page_rules() -> None:
    doc = legacy_document("a |b  |c\n_______\n")
    page = doc.pages[0]
    assert [w.text for w in page.words] == ["a", "b", "c"]
    assert sum(1 for ln in page.lines if ln.vertical) == 2
    assert any(not ln.vertical for ln in page.lines)
    assert page.unit == 1.0


def test_legacy_round_trip_on_dev_sample(dev_xml_paths: list[Path]) -> None:
    ev = Evaluation()
    for path in dev_xml_paths[::10]:
        truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
        text = render_legacy(truth)
        assert looks_like_legacy(text)
        out = read_legacy(text.encode(), path=str(path))
        ev.add(score_filing(out.filing, truth, keep=printed_only, name=str(path)))
    assert ev.micro.f1 >= 0.99, ev.to_dict()["mismatches"][:10]
