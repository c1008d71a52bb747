"""set_leaf / correct_leaf on every kind of path the walker yields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from extract.export.sec_xml import to_xml
from extract.ir.codes import TransactionCode
from extract.ir.filing import Filing
from extract.ir.schema import iter_leaves
from extract.ir.values import typed_extracted
from extract.readers.xml import read_ownership_xml
from extract.review.corrections import (
    accept_leaf,
    correct_leaf,
    get_leaf,
    leaf_value_type,
    parse_path,
    set_leaf,
)
from extract.review.errors import PathError, ReviewError
from extract.synth.generate import synthetic_filing


def _filings() -> list[Filing]:
    return [synthetic_filing(seed) for seed in range(12)]


def test_set_leaf_reaches_every_leaf_path_of_every_kind() -> None:
    kinds: set[str] = set()
    for filing in _filings():
        for leaf in iter_leaves(filing):
            value_type = leaf_value_type(leaf.path)
            marker = typed_extracted(value_type)(value=leaf.extracted.value, raw="MARK",
                                                 footnote_ids=leaf.extracted.footnote_ids,
                                                 confidence=0.5)
            changed = set_leaf(filing, leaf.path, marker)
            assert get_leaf(changed, leaf.path) == marker
            # nothing else moved
            before = {r.path: r.extracted for r in iter_leaves(filing) if r.path != leaf.path}
            after = {r.path: r.extracted for r in iter_leaves(changed) if r.path != leaf.path}
            assert before == after
            kinds.add(leaf.path.split("/")[0].split("[")[0]
                      + ("/value" if leaf.path.endswith("/value") else ""))
    # header leaves, owner groups, both tables (wrapped values), footnotes, signatures
    assert {"documentType", "reportingOwner", "nonDerivativeTable/value",
            "derivativeTable/value", "footnotes", "ownerSignature", "issuer"} <= kinds


def test_correct_leaf_types_the_text_and_keeps_footnote_refs() -> None:
    filing = synthetic_filing(1)
    path = next(r.path for r in iter_leaves(filing) if r.extracted.footnote_ids
                and r.spec is not None and r.spec.value_type is Decimal)
    old = get_leaf(filing, path)
    assert old is not None
    changed, new = correct_leaf(filing, path, "1,234.50")
    assert new is not None and new.value == Decimal("1234.50")
    assert new.footnote_ids == old.footnote_ids and new.confidence == 1.0
    xml = to_xml(changed).decode()
    assert "<value>1234.50</value>" in xml


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("periodOfReport", "2021-03-04", date(2021, 3, 4)),
        ("reportingOwner[1]/reportingOwnerId/rptOwnerName", " DOE  JANE ", "DOE JANE"),
        ("reportingOwner[1]/reportingOwnerRelationship/isDirector", "1", True),
        ("nonDerivativeTable/nonDerivativeTransaction[1]/transactionCoding/transactionCode",
         "s", TransactionCode.S),
        ("footnotes/footnote[1]", "Corrected footnote.", "Corrected footnote."),
        ("ownerSignature[1]/signatureName", "/s/ Jane Doe", "/s/ Jane Doe"),
    ],
)
def test_correct_leaf_by_type(path: str, text: str, expected: object) -> None:
    filing = next(f for f in _filings() if f.non_derivative_table
                  and f.non_derivative_table.transactions and f.footnotes)
    changed, _ = correct_leaf(filing, path, text)
    leaf = get_leaf(changed, path)
    assert leaf is not None and leaf.value == expected


def test_bad_value_is_a_coded_error_and_changes_nothing() -> None:
    filing = synthetic_filing(2)
    with pytest.raises(ReviewError) as err:
        correct_leaf(filing, "periodOfReport", "03/04/2021")
    assert err.value.code == "E604"


def test_empty_correction_removes_the_element() -> None:
    filing = synthetic_filing(2)
    changed, new = correct_leaf(filing, "issuer/issuerTradingSymbol", "")
    assert new is None and changed.issuer.issuer_trading_symbol is None
    assert b"issuerTradingSymbol" not in to_xml(changed)


def test_set_leaf_creates_missing_groups_and_appends_one_item() -> None:
    filing = Filing()
    path = "nonDerivativeTable/nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value"
    changed, _ = correct_leaf(filing, path, "100")
    assert changed.non_derivative_table is not None
    assert changed.non_derivative_table.transactions[0].transaction_amounts is not None
    changed, _ = correct_leaf(changed, "reportingOwner[1]/reportingOwnerId/rptOwnerName", "X Y")
    changed, _ = correct_leaf(changed, "footnotes/footnote[1]", "note")
    assert changed.footnotes[0].id == "F1"
    again = read_ownership_xml(to_xml(changed)).filing
    assert get_leaf(again, path).value == Decimal(100)  # type: ignore[union-attr]
    with pytest.raises(PathError):
        correct_leaf(changed, "reportingOwner[3]/reportingOwnerId/rptOwnerName", "gap")


@pytest.mark.parametrize("path", [
    "issuer/nope", "issuer", "nonDerivativeTable/nonDerivativeTransaction[0]/transactionDate/value",
    "nonDerivativeTable/nonDerivativeTransaction[1]/transactionDate",  # wrapped: needs /value
    "periodOfReport/value", "footnotes/footnote", "a b",
])
def test_bad_paths_are_refused(path: str) -> None:
    with pytest.raises(PathError):
        leaf_value_type(path)


def test_parse_path_and_accept() -> None:
    steps = parse_path("reportingOwner[2]/reportingOwnerId/rptOwnerName")
    assert [(s.name, s.index) for s in steps] == [("reportingOwner", 2), ("reportingOwnerId", 0),
                                                  ("rptOwnerName", 0)]
    filing = synthetic_filing(3)
    path = "issuer/issuerName"
    low = get_leaf(filing, path).model_copy(update={"confidence": 0.2})  # type: ignore[union-attr]
    accepted = accept_leaf(set_leaf(filing, path, low), path)
    assert get_leaf(accepted, path).confidence == 1.0  # type: ignore[union-attr]
    assert get_leaf(accepted, path).value == low.value  # type: ignore[union-attr]
