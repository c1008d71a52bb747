"""Every dev ownership XML reads, writes and reads back to the identical filing."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from extract.eval.score import canonical_fields
from extract.export.sec_xml import to_xml
from extract.ir.codes import DocumentType
from extract.readers.xml import read_ownership_xml

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "spec"


def test_dev_corpus_has_its_243_documents(dev_xml_paths: list[Path]) -> None:
    assert len(dev_xml_paths) == 243


def test_round_trip_is_identical(dev_xml_paths: list[Path]) -> None:
    changed = []
    for path in dev_xml_paths:
        first = read_ownership_xml(path.read_bytes(), path=str(path))
        second = read_ownership_xml(to_xml(first.filing))
        assert not first.warnings, (path, first.warnings[:2])
        if canonical_fields(first.filing, fold_false=False) != canonical_fields(
            second.filing, fold_false=False
        ):
            changed.append(path.name)
    assert changed == []


def test_written_x0306_form4s_validate_against_the_xsd(dev_xml_paths: list[Path]) -> None:
    schema = etree.XMLSchema(etree.parse(str(SPEC / "ownership4Document.xsd.xml")))
    checked, invalid = 0, []
    for path in dev_xml_paths:
        filing = read_ownership_xml(path.read_bytes()).filing
        assert filing.document_type is not None
        if filing.document_type.value is not DocumentType.FORM_4 or filing.aff10b5_one:
            continue  # uses elements newer than X0306, or another form's schema
        checked += 1
        if not schema.validate(etree.fromstring(to_xml(filing))):
            invalid.append((path.name, str(schema.error_log.last_error)))
    assert checked >= 150
    assert invalid == []


def test_tolerates_true_false_whitespace_and_missing_elements() -> None:
    data = b"""<?xml version="1.0"?>
    <ownershipDocument xmlns="http://example.com/ns">
      <documentType> 4 </documentType>
      <periodOfReport>2020-01-02-05:00</periodOfReport>
      <issuer><issuerCik>0000012345</issuerCik></issuer>
      <reportingOwner>
        <reportingOwnerId><rptOwnerName>  DOE   JANE </rptOwnerName></reportingOwnerId>
        <reportingOwnerRelationship><isDirector>true</isDirector>
          <isOfficer>false</isOfficer></reportingOwnerRelationship>
      </reportingOwner>
      <nonDerivativeTable><nonDerivativeTransaction>
        <securityTitle><value>Common</value></securityTitle>
        <transactionAmounts><transactionShares><value>12,5x</value></transactionShares>
        </transactionAmounts>
      </nonDerivativeTransaction></nonDerivativeTable>
    </ownershipDocument>"""
    result = read_ownership_xml(data)
    filing = result.filing
    owner = filing.reporting_owners[0]
    assert owner.reporting_owner_id.rpt_owner_name is not None
    assert owner.reporting_owner_id.rpt_owner_name.value == "DOE JANE"
    assert owner.reporting_owner_relationship.is_director is not None
    assert owner.reporting_owner_relationship.is_director.value is True
    assert filing.period_of_report is not None
    assert str(filing.period_of_report.value) == "2020-01-02"
    shares = filing.non_derivative_table.transactions[0].transaction_amounts.transaction_shares  # type: ignore[union-attr]
    assert shares is not None and shares.value is None and shares.raw == "12,5x"
    assert [i.code for i in shares.issues] == ["P101"]
    assert [w.code for w in result.warnings] == ["P101"]
    assert result.warnings[0].path == (
        "nonDerivativeTable/nonDerivativeTransaction[1]/transactionAmounts/transactionShares"
    )


def test_unknown_elements_are_reported_not_fatal() -> None:
    data = b"<ownershipDocument><documentType>4</documentType><futureThing>1</futureThing>" \
           b"</ownershipDocument>"
    result = read_ownership_xml(data)
    assert [w.code for w in result.warnings] == ["X001"]


@pytest.mark.parametrize(
    "data, code",
    [
        (b"<ownershipDocument><documentType>4</documentType>", "E010"),
        (b"<html><body>hello</body></html>", "E011"),
    ],
)
def test_bad_xml_raises_a_coded_input_error(data: bytes, code: str) -> None:
    from extract.errors import InputError

    with pytest.raises(InputError) as info:
        read_ownership_xml(data, path="x.xml")
    assert info.value.code == code
    assert str(info.value).startswith("x.xml: " + code)


def test_sgml_documents_round_trip_too(dev_index: list[dict[str, str]], shared_dir: Path
                                       ) -> None:
    from extract.readers.sgml import read_sgml

    paths = [shared_dir / "corpus" / r["path"] for r in dev_index
             if r["kind"] == "ownership-xml-in-sgml"]
    assert len(paths) == 4
    for path in paths:
        filing = read_sgml(path.read_bytes(), path=str(path)).filing
        assert filing is not None
        again = read_ownership_xml(to_xml(filing)).filing
        assert canonical_fields(filing, fold_false=False) == canonical_fields(
            again, fold_false=False), path.name
