"""Missing fields become review items; corrections create missing fields and remove extra ones.

The store tests run on SQLite always and on PostgreSQL when SEC16_TEST_PG_URL is set."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from extract.eval.score import score_filing
from extract.export.sec_xml import to_xml
from extract.ir import filing as model
from extract.ir.codes import DocumentType
from extract.ir.filing import Filing
from extract.ir.lexical import format_value
from extract.ir.result import Result
from extract.ir.schema import REQUIRED_ELEMENTS, field_specs, iter_leaves, iter_missing
from extract.review.commands import review
from extract.review.corrections import clear_leaf, correct_leaf, get_leaf, set_leaf
from extract.review.errors import ReviewError
from extract.review.exporting import export_results
from extract.review.routing import route
from extract.review.simulate import NoiseModel, perturb_filing
from extract.review.store import ReviewStore
from extract.review.web import create_app
from extract.synth.generate import synthetic_filing

from .conftest import make_result

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SPEC = SHARED / "spec"
XS = "{http://www.w3.org/2001/XMLSchema}"

T1 = "nonDerivativeTable/nonDerivativeTransaction[1]/"
SHARES = T1 + "transactionAmounts/transactionShares/value"
CODE = T1 + "transactionCoding/transactionCode"
PRICE = T1 + "transactionAmounts/transactionPricePerShare/value"
POST = T1 + "postTransactionAmounts/sharesOwnedFollowingTransaction/value"


def _with_table1(*, derivative: bool = False) -> Filing:
    for seed in range(60):
        f = synthetic_filing(seed)
        if f.non_derivative_table and f.non_derivative_table.transactions and (
                not derivative or (f.derivative_table and f.derivative_table.transactions)):
            return f
    raise AssertionError("no synthetic filing with the rows asked for")


def _missing(result: Result) -> dict[str, float]:
    return {i.path: i.priority for i in route(result) if "missing" in i.reasons}


# the required-elements table --------------------------------------------------------------

_XSD_TYPES = {
    model.Issuer: "ISSUER", model.ReportingOwner: "REPORTING_OWNER",
    model.ReportingOwnerId: "REPORTING_ID",
    model.NonDerivativeTransaction: "NONDERIVATIVE_TRANSACTION",
    model.DerivativeTransaction: "DERIVATIVE_TRANSACTION",
    model.NonDerivativeHolding: "NONDERIVATIVE_HOLDING",
    model.DerivativeHolding: "DERIVATIVE_HOLDING",
    model.TransactionCoding: "TRANSACTION_CODING_FOR_4",
    model.TransactionAmounts: "NONDERIV_TRANSACT_AMOUNTS DERIV_TRANSACT_AMOUNTS",
    model.PostTransactionAmounts: "POST_TRANSACTION_AMOUNTS",
    model.OwnershipNature: "OWNERSHIP_NATURE", model.UnderlyingSecurity: "UNDERLYING_SECURITY",
    model.OwnerSignature: "SIGNATURE",
}
#: Required by the table although the XSD leaves them optional (documented in schema.py).
_PRINTED_ADDITIONS = {"issuerName", "rptOwnerName", "transactionCoding",
                      "underlyingSecurityShares"}


def _xsd_required(node: ET.Element) -> set[tuple[str, ...]]:
    """Required element groups of a complexType / element: a choice gives one tuple."""
    out: set[tuple[str, ...]] = set()
    for child in node.iter():
        if child.tag == f"{XS}choice" and child.get("minOccurs", "1") != "0":
            names = tuple(e.get("name", "") for e in child.findall(f"{XS}element"))
            if names and all(e.get("minOccurs", "1") != "0"
                             for e in child.findall(f"{XS}element")):
                out.add(names)
    choice_members = {n for group in out for n in group}
    for element in node.iter(f"{XS}element"):
        name = element.get("name", "")
        if name in ("value", "footnoteId") or name in choice_members:
            continue
        if element.get("minOccurs", "1") != "0" and _in_sequence(node, element):
            out.add((name,))
    return out


def _in_sequence(root: ET.Element, element: ET.Element) -> bool:
    parents = {c: p for p in root.iter() for c in p}
    parent = parents.get(element)
    return parent is not None and parent.tag == f"{XS}sequence" and parents.get(parent) in (
        root, *root.findall(f"{XS}complexType"))


@pytest.mark.skipif(not SPEC.is_dir(), reason="needs ../shared/spec (the SEC XSDs)")
def test_required_table_is_the_xsd_plus_the_printed_columns() -> None:
    types: dict[str, ET.Element] = {}
    for name in ("ownershipDocumentCommon.xsd.xml", "ownership4Document.xsd.xml"):
        root = ET.parse(SPEC / name).getroot()
        types.update({t.get("name", ""): t for t in root.findall(f"{XS}complexType")})
        for element in root.findall(f"{XS}element"):
            if element.get("name") == "ownershipDocument":
                types["ownershipDocument"] = element
    _XSD_TYPES[Filing] = "ownershipDocument"
    for cls, xsd_name in _XSD_TYPES.items():
        # one model class may stand for two XSD types (Table I and Table II amounts)
        ours = set(REQUIRED_ELEMENTS[cls])
        known = {s.name for s in field_specs(cls)}
        theirs = {g for name in xsd_name.split() for g in _xsd_required(types[name])
                  if all(n in known for n in g)}  # elements the model has
        extra = {g for g in ours - theirs if not set(g) & _PRINTED_ADDITIONS}
        assert not extra, f"{cls.__name__}: required here, optional in the XSD: {extra}"
        uncovered = {g for g in theirs if not any(set(g) <= set(o) for o in ours)}
        assert not uncovered, f"{cls.__name__}: the XSD requires {uncovered}"


@pytest.mark.skipif(not (SHARED / "corpus" / "index.csv").is_file(),
                    reason="needs ../shared/corpus (dev split)")
def test_no_dev_filing_misses_a_printed_required_field() -> None:
    import csv

    from extract.eval.score import printed_only
    from extract.readers.xml import read_ownership_xml

    corpus = SHARED / "corpus"
    with open(corpus / "index.csv", newline="") as handle:
        paths = [corpus / r["path"] for r in csv.DictReader(handle)
                 if r["split"] == "dev" and r["kind"] == "ownership-xml"]
    assert len(paths) > 50
    form3 = 0
    for path in paths:
        truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
        assert [p for p in iter_missing(truth) if printed_only(p)] == [], path.name
        form3 += bool(truth.document_type and truth.document_type.value.value.startswith("3"))
    assert form3  # the Form 3 exception is exercised


# routing ---------------------------------------------------------------------------------

def test_complete_filings_queue_nothing_as_missing() -> None:
    for seed in range(40):
        assert _missing(make_result(synthetic_filing(seed), f"{seed}.txt")) == {}


def test_missing_row_leaves_are_queued_like_validation_errors() -> None:
    filing = _with_table1(derivative=True)
    underlying = "derivativeTable/derivativeTransaction[1]/underlyingSecurity/underlyingSecurityShares/value"
    expiration = "derivativeTable/derivativeTransaction[1]/expirationDate/value"
    for path in (SHARES, CODE, underlying, expiration):
        filing = set_leaf(filing, path, None)
    # a price cell holding only a footnote marker is complete (OPT_NUMBER_WITH_FOOTNOTE)
    old_price = get_leaf(filing, PRICE)
    assert old_price is not None
    filing = set_leaf(filing, PRICE, old_price.model_copy(
        update={"value": None, "footnote_ids": ("F1",)}))
    # shares with only a marker are not (NUMBER_WITH_FOOTNOTE needs the value)
    post = get_leaf(filing, POST)
    assert post is not None
    filing = set_leaf(filing, POST, post.model_copy(update={"value": None,
                                                              "footnote_ids": ("F1",)}))
    missing = _missing(make_result(filing, "m.txt"))
    assert set(missing) == {SHARES, CODE, underlying, expiration, POST}
    assert all(p >= 3.0 for p in missing.values())
    # transactionFormType and equitySwapInvolved are required too, but not printed
    assert not any("transactionFormType" in p or "equitySwap" in p for p in missing)
    off = route(make_result(filing, "m.txt"), {"route_missing": False})
    assert SHARES not in {i.path for i in off}
    assert all("missing" not in i.reasons for i in off)


def test_a_missing_row_group_and_header_fields_name_their_leaves() -> None:
    filing = _with_table1()
    table = filing.non_derivative_table
    assert table is not None
    row = table.transactions[0].model_copy(update={"transaction_amounts": None})
    filing = filing.model_copy(update={
        "non_derivative_table": table.model_copy(update={"transactions": [row]}),
        "owner_signatures": [], "period_of_report": None})
    missing = set(_missing(make_result(filing, "g.txt")))
    assert {SHARES, PRICE, T1 + "transactionAmounts/transactionAcquiredDisposedCode/value",
            "ownerSignature[1]/signatureName", "ownerSignature[1]/signatureDate",
            "periodOfReport"} <= missing
    assert "transactionTotalValue" not in " ".join(missing)  # the first alternative only


def test_form3_derivative_holdings_need_no_amount_owned() -> None:
    for seed in range(80):
        f = synthetic_filing(seed)
        if f.derivative_table and f.derivative_table.holdings:
            break
    holding = f.derivative_table.holdings[0].model_copy(  # type: ignore[union-attr]
        update={"post_transaction_amounts": None})
    table = f.derivative_table.model_copy(update={"holdings": [holding]})  # type: ignore[union-attr]
    post = "derivativeTable/derivativeHolding[1]/postTransactionAmounts/sharesOwnedFollowingTransaction/value"
    form3 = f.model_copy(update={"derivative_table": table, "document_type": correct_leaf(
        f, "documentType", "3")[1]})
    form4 = form3.model_copy(update={"document_type": correct_leaf(f, "documentType", "4")[1]})
    assert form3.document_type.value is DocumentType.FORM_3  # type: ignore[union-attr]
    assert post not in _missing(make_result(form3, "f3.txt"))
    assert post in _missing(make_result(form4, "f4.txt"))


def test_a_listed_footnote_without_text_is_missing() -> None:
    filing = next(f for f in (synthetic_filing(s) for s in range(40)) if f.footnotes)
    emptied = set_leaf(filing, "footnotes/footnote[1]", None)
    assert "footnotes/footnote[1]" in _missing(make_result(emptied, "fn.txt"))


# corrections -----------------------------------------------------------------------------

def test_correct_with_footnotes_and_clear() -> None:
    filing = set_leaf(_with_table1(), SHARES, None)
    created, leaf = correct_leaf(filing, SHARES, "1,500", footnote_ids=["F2", "f3"])
    assert leaf is not None and leaf.value == Decimal(1500) and leaf.footnote_ids == ("F2", "F3")
    assert "<footnoteId id=\"F2\"/>" in to_xml(created).decode()
    kept, leaf = correct_leaf(created, SHARES, "1600")
    assert leaf is not None and leaf.footnote_ids == ("F2", "F3")  # kept when not given
    marker_only, leaf = correct_leaf(kept, SHARES, "")
    assert leaf is not None and leaf.value is None and leaf.footnote_ids == ("F2", "F3")
    cleared = clear_leaf(kept, SHARES)
    assert get_leaf(cleared, SHARES) is None
    with pytest.raises(ReviewError) as err:
        correct_leaf(filing, SHARES, "1", footnote_ids=["footnote 1"])
    assert err.value.code == "E604"


def test_a_missing_field_is_created_and_reaches_every_export(store: ReviewStore) -> None:
    truth = _with_table1()
    want = get_leaf(truth, SHARES)
    assert want is not None and want.value is not None
    doc_id, _ = store.add_result(make_result(set_leaf(truth, SHARES, None), "miss.txt"))
    item = next(i for i in store.items(document_id=doc_id) if i.path == SHARES)
    assert "missing" in item.reason and item.value is None
    text = format_value(want.value)
    store.correct(item.id, "ann", text, footnote_ids=",".join(want.footnote_ids))
    stored = store.result(doc_id).filing
    assert stored is not None and get_leaf(stored, SHARES) is not None
    assert get_leaf(stored, SHARES).footnote_ids == want.footnote_ids  # type: ignore[union-attr]
    (entry,) = [c for c in store.corrections(doc_id) if c.path == SHARES]
    assert entry.action == "correct" and entry.old_value is None
    assert entry.new_value is not None and entry.new_value.startswith(text)
    assert any(f["path"] == SHARES for f in store.fields(doc_id))
    results = store.results([doc_id])
    xml = export_results(results, "xml")
    assert f"<transactionShares><value>{text}</value>" in xml.replace("\n", "").replace(" ", "")
    row = json.loads(export_results(results, "json").splitlines()[0])
    assert any(f["path"] == SHARES and f["value"] == text for f in row["fields"])
    assert text in export_results(results, "csv")
    assert score_filing(stored, truth).mismatches == []


def test_clearing_an_extra_value_removes_it_everywhere(store: ReviewStore) -> None:
    truth = _with_table1()
    nature = T1 + "ownershipNature/natureOfOwnership/value"
    assert get_leaf(truth, nature) is None
    extra, _ = correct_leaf(truth, nature, "By Spouse Trust", footnote_ids=["F1"])
    low = get_leaf(extra, nature).model_copy(update={"confidence": 0.2})  # type: ignore[union-attr]
    doc_id, _ = store.add_result(make_result(set_leaf(extra, nature, low), "extra.txt"))
    item = next(i for i in store.items(document_id=doc_id) if i.path == nature)
    store.correct(item.id, "bob", "", clear=True)
    stored = store.result(doc_id).filing
    assert stored is not None and get_leaf(stored, nature) is None
    assert "By Spouse Trust" not in export_results(store.results([doc_id]), "xml")
    assert all(f["path"] != nature for f in store.fields(doc_id))
    (entry,) = [c for c in store.corrections(doc_id) if c.path == nature]
    assert (entry.old_value, entry.new_value) == ("By Spouse Trust [F1]", None)
    assert score_filing(stored, truth).mismatches == []


def test_truth_review_with_dropped_fields_gives_exact_documents(store: ReviewStore) -> None:
    """Errors all under the threshold, 40% of them dropped cells: only the ``missing`` route
    finds those, and creating them from the truth leaves only dropped optional fields."""
    from extract.eval.score import printed_only

    noise = NoiseModel(error_rate=0.15, confident_error_share=0.0, error_confidence_cap=0.85,
                       keep_confidence=True, drop_share=0.4)
    truth_of: dict[int, Filing] = {}
    required_drops: dict[int, set[str]] = {}
    for seed in range(12):
        truth = synthetic_filing(seed)
        pred, _ = perturb_filing(truth, seed, noise)
        doc_id, _ = store.add_result(make_result(pred, f"drop-{seed}.txt"))
        truth_of[doc_id] = truth
        required_drops[doc_id] = {p for p in iter_missing(pred) if printed_only(p)}
    assert sum(map(len, required_drops.values())) > 5
    while (item := store.lease_next("truth")) is not None:
        want = get_leaf(truth_of[item.document_id], item.path)
        if want is None or not want.present:
            store.correct(item.id, "truth", "", clear=True)
        else:
            value = format_value(want.value) if want.value is not None else ""
            store.correct(item.id, "truth", value, footnote_ids=list(want.footnote_ids))
    exact = 0
    for doc_id, truth in truth_of.items():
        left = score_filing(store.result(doc_id).filing, truth, keep=printed_only).mismatches
        # what is left was dropped (predicted None) and is not a field the form requires
        assert all(pred is None and path not in required_drops[doc_id]
                   for path, pred, _ in left), left
        exact += not left
    assert exact >= len(truth_of) - 3


# command line and web page ------------------------------------------------------------------

def _one_missing_db(tmp_path: Path) -> tuple[str, int, int]:
    db = str(tmp_path / "missing.sqlite")
    truth = _with_table1()
    nature = T1 + "ownershipNature/natureOfOwnership/value"
    extra, _ = correct_leaf(set_leaf(truth, SHARES, None), nature, "Extra text")
    low = get_leaf(extra, nature).model_copy(update={"confidence": 0.1})  # type: ignore[union-attr]
    with ReviewStore(db) as store:
        doc_id, _ = store.add_result(make_result(set_leaf(extra, nature, low), "cli.txt"),
                                     source=b"text")
        items = {i.path: i.id for i in store.items(document_id=doc_id)}
    return db, items[SHARES], items[nature]


def test_cli_creates_a_missing_field_and_clears_an_extra_one(tmp_path: Path) -> None:
    db, missing_id, extra_id = _one_missing_db(tmp_path)
    runner = CliRunner()
    made = runner.invoke(review, ["correct", str(missing_id), "2500", "--footnotes", "F1",
                                  "--db", db])
    assert made.exit_code == 0, made.output
    cleared = runner.invoke(review, ["correct", str(extra_id), "--clear", "--db", db])
    assert cleared.exit_code == 0 and "removed" in cleared.output
    both = runner.invoke(review, ["correct", str(extra_id), "x", "--clear", "--db", db])
    assert both.exit_code == 2
    with ReviewStore(db) as store:
        filing = store.results()[0].filing
        assert filing is not None
        leaf = get_leaf(filing, SHARES)
        assert leaf is not None and leaf.value == Decimal(2500) and leaf.footnote_ids == ("F1",)
        assert get_leaf(filing, T1 + "ownershipNature/natureOfOwnership/value") is None
        assert [c.new_value for c in store.corrections()] == ["2500 [F1]", None]


def test_cli_empty_value_removes_the_field(tmp_path: Path) -> None:
    db, _, extra_id = _one_missing_db(tmp_path)
    out = CliRunner().invoke(review, ["correct", str(extra_id), "", "--db", db])
    assert out.exit_code == 0, out.output
    with ReviewStore(db) as store:
        filing = store.results()[0].filing
        assert get_leaf(filing, T1 + "ownershipNature/natureOfOwnership/value") is None  # type: ignore[arg-type]


def test_web_page_creates_and_removes_fields(tmp_path: Path) -> None:
    db, missing_id, extra_id = _one_missing_db(tmp_path)
    client = TestClient(create_app(db))
    page = client.get(f"/item/{missing_id}")
    assert 'id="footnotes-input"' in page.text and 'id="clear"' in page.text
    assert "not extracted" in page.text
    csrf = client.cookies["sec16_csrf"]
    made = client.post(f"/item/{missing_id}/correct",
                       data={"csrf": csrf, "value": "2500", "footnotes": "F1"},
                       follow_redirects=False)
    assert made.status_code == 303
    client.get(f"/item/{extra_id}")
    gone = client.post(f"/item/{extra_id}/correct", data={"csrf": csrf, "clear": "1"},
                       follow_redirects=False)
    assert gone.status_code == 303
    with ReviewStore(db) as store:
        filing = store.results()[0].filing
        assert filing is not None
        assert get_leaf(filing, SHARES).value == Decimal(2500)  # type: ignore[union-attr]
        assert get_leaf(filing, T1 + "ownershipNature/natureOfOwnership/value") is None
    for fmt in ("xml", "csv"):
        export = client.get("/doc/1/export." + fmt).text
        assert "2500" in export and "Extra text" not in export
    assert {p.path for p in iter_leaves(filing)} >= {SHARES}
