"""EDGAR SGML submissions: header parsing, the ownership XML inside, attachments, coded errors."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.errors import InputError
from extract.ir.result import MediaKind
from extract.ir.schema import iter_leaves
from extract.ir.values import Source
from extract.readers.sgml import parse_sgml_header, read_sgml, read_sgml_submission
from extract.readers.xml import read_ownership_xml

EDGARTOOLS = "dev/dgunning__edgartools/"
TXT_1055 = EDGARTOOLS + "data/sgml/0001127602-25-001055.txt"
NC_4598 = EDGARTOOLS + "data/sgml/0001127602-25-004598.nc"
NC_0280 = EDGARTOOLS + "data/localstorage/filings/20250108/0001562180-25-000280.nc"
TXT_APPLE = EDGARTOOLS + "derived_from_cassettes/0000320193-22-000061.txt"
LEGACY_2000 = EDGARTOOLS + "data/sgml/0001094891-00-000193.txt"


def _bytes(shared_dir: Path, rel: str) -> bytes:
    return (shared_dir / "corpus" / rel).read_bytes()


def _rows(dev_index: list[dict[str, str]]) -> list[dict[str, str]]:
    rows = [r for r in dev_index if r["kind"] == "ownership-xml-in-sgml"]
    assert len(rows) == 4
    return rows


def test_dev_submissions_match_the_index(shared_dir: Path, dev_index: list[dict[str, str]]) -> None:
    """The corpus has no standalone XML for these four, so check the index's values by hand."""
    for row in _rows(dev_index):
        outcome, header = read_sgml_submission(_bytes(shared_dir, row["path"]), row["path"])
        f = outcome.filing
        assert outcome.kind is MediaKind.SGML and f is not None
        assert header.accession_number == row["accession"]
        assert f.document_type is not None and f.document_type.value == row["documentType"]
        assert f.schema_version is not None and f.schema_version.value == row["schemaVersion"]
        assert str(f.period_of_report.value if f.period_of_report else "") == row["periodOfReport"]
        assert f.issuer.issuer_cik is not None and f.issuer.issuer_cik.value == row["issuerCik"]
        owner_id = f.reporting_owners[0].reporting_owner_id
        assert owner_id.rpt_owner_cik is not None
        assert owner_id.rpt_owner_cik.value == row["owner1_cik"]
        assert len(f.reporting_owners) == int(row["n_owners"])
        t1, t2 = f.non_derivative_table, f.derivative_table
        assert len(t1.transactions if t1 else []) == int(row["nd_tx"])
        assert len(t1.holdings if t1 else []) == int(row["nd_hold"])
        assert len(t2.transactions if t2 else []) == int(row["d_tx"])
        assert len(t2.holdings if t2 else []) == int(row["d_hold"])
        assert len(f.footnotes) == int(row["footnotes"])
        used = {
            str(t.transaction_coding.transaction_code.value)
            for table in (t1, t2)
            if table
            for t in table.transactions
            if t.transaction_coding and t.transaction_coding.transaction_code
        }
        assert used == set(row["codes"].split(","))
        signature = f.owner_signatures[0].signature_name
        assert signature is not None and signature.value == row["signature1"]
        # header and XML agree on these, so no S00x warnings
        assert not [w for w in outcome.warnings if w.code.startswith("S")]
        assert header.issuer is not None and header.issuer.cik == row["issuerCik"]


def test_filing_equals_the_standalone_xml(
    shared_dir: Path, dev_index: list[dict[str, str]]
) -> None:
    """The filing read from the envelope equals the embedded document read as standalone XML."""
    for row in _rows(dev_index):
        data = _bytes(shared_dir, row["path"])
        embedded = re.search(rb"<XML>(.*?)</XML>", data, re.DOTALL)
        assert embedded is not None
        standalone = read_ownership_xml(embedded.group(1)).filing
        from_sgml = read_sgml(data, path=row["path"]).filing
        assert from_sgml is not None

        def values(f: object) -> list[tuple[str, object, tuple[str, ...]]]:
            return [(r.path, r.extracted.value, r.extracted.footnote_ids) for r in iter_leaves(f)]  # type: ignore[arg-type]

        assert values(from_sgml) == values(standalone)
        assert [n.id for n in from_sgml.footnotes] == [n.id for n in standalone.footnotes]
        sources = {
            r.extracted.provenance.source for r in iter_leaves(from_sgml) if r.extracted.provenance
        }
        assert sources == {Source.SGML}


def test_ex24_kept_as_attachment(shared_dir: Path) -> None:
    outcome = read_sgml(_bytes(shared_dir, TXT_1055), path=TXT_1055)
    assert list(outcome.attachments) == ["EX-24"]
    assert "Power of Attorney" in outcome.attachments["EX-24"]
    assert "<ownershipDocument>" not in outcome.attachments["EX-24"]


def test_header_sec_header_style(shared_dir: Path) -> None:
    header = parse_sgml_header(_bytes(shared_dir, TXT_APPLE).decode())
    assert header.accession_number == "0000320193-22-000061"
    assert header.submission_type == "4"
    assert header.document_count == 1
    assert header.period == date(2022, 5, 4)
    assert header.filed_date == date(2022, 5, 6)
    assert header.acceptance_datetime == datetime(2022, 5, 6, 18, 30, 57)
    assert [(p.name, p.cik) for p in header.reporting_owners] == [
        ("Adams Katherine L.", "0001462356")
    ]
    assert header.issuer is not None
    assert (header.issuer.name, header.issuer.cik) == ("Apple Inc.", "0000320193")
    assert header.issuer.former_names == ("APPLE INC", "APPLE COMPUTER INC")


def test_header_nc_style(shared_dir: Path) -> None:
    header = parse_sgml_header(_bytes(shared_dir, NC_4598).decode())
    assert header.accession_number == "0001127602-25-004598"
    assert header.submission_type == "4"
    assert header.period == date(2025, 2, 12)
    assert header.filed_date == date(2025, 2, 13)
    owner = header.reporting_owners[0]
    assert (owner.role, owner.name, owner.cik) == (
        "reporting-owner",
        "Jean-Claude Carine Lamercie",
        "0001870985",
    )
    assert header.issuer is not None
    assert (header.issuer.name, header.issuer.cik) == ("ARROW ELECTRONICS, INC.", "0000007536")


def test_header_pre_2003_style_with_relationship(shared_dir: Path) -> None:
    header = parse_sgml_header(_bytes(shared_dir, EDGARTOOLS + "data/1990sheader.txt").decode())
    assert header.accession_number == "0001012325-98-000004"
    assert header.period == date(1998, 10, 31)
    owner = header.reporting_owners[0]
    assert (owner.name, owner.cik, owner.relationship) == (
        "CANTALUPO JAMES R",
        "0001012325",
        "DIRECTOR",
    )
    assert header.issuer is not None and header.issuer.role == "subject-company"
    assert header.issuer.cik == "0001035972"


def test_header_only_files(shared_dir: Path) -> None:
    ever = parse_sgml_header(
        _bytes(shared_dir, EDGARTOOLS + "data/secheader.4.evercommerce.txt").decode()
    )
    assert ever.reporting_owners[0].cik == "0001927858"
    assert ever.issuer is not None and ever.issuer.name == "EverCommerce Inc."
    tags = parse_sgml_header(
        _bytes(shared_dir, EDGARTOOLS + "data/headers/form4.index-headers.html").decode()
    )
    assert tags.accession_number == "0001062993-24-012217"
    assert tags.reporting_owners[0].name == "Hassett Joseph"
    assert tags.issuer is not None and tags.issuer.cik == "0000914156"
    with pytest.raises(InputError) as info:
        read_sgml(_bytes(shared_dir, EDGARTOOLS + "data/1990sheader.txt"), path="h.txt")
    assert info.value.code == "E021"


def test_legacy_text_form_is_a_coded_error(shared_dir: Path) -> None:
    with pytest.raises(InputError) as info:
        read_sgml(_bytes(shared_dir, LEGACY_2000), path=LEGACY_2000)
    assert info.value.code == "E020"
    assert "legacy text Form" in info.value.message and "layout engine" in info.value.message


def test_missing_ciks_warn_with_header_values_and_leave_the_filing(shared_dir: Path) -> None:
    data = _bytes(shared_dir, TXT_1055)
    data = data.replace(b"<issuerCik>0000001750</issuerCik>", b"")
    data = data.replace(b"<rptOwnerCik>0001806647</rptOwnerCik>", b"")
    outcome = read_sgml(data, path="x.txt")
    assert outcome.filing is not None
    assert outcome.filing.issuer.issuer_cik is None
    assert outcome.filing.reporting_owners[0].reporting_owner_id.rpt_owner_cik is None
    found = {(w.code, w.path): w.message for w in outcome.warnings}
    assert "0000001750" in found[("S001", "issuer/issuerCik")]
    assert "0001806647" in found[("S002", "reportingOwner[1]/reportingOwnerId/rptOwnerCik")]


def test_several_exhibits_of_one_type_are_numbered(shared_dir: Path) -> None:
    data = _bytes(shared_dir, TXT_1055)
    start = data.index(b"<DOCUMENT>\n<TYPE>EX-24")
    end = data.index(b"</DOCUMENT>", start) + len(b"</DOCUMENT>\n")
    doubled = data[:end] + data[start:end].replace(b"Power of Attorney", b"Second POA") + data[end:]
    outcome = read_sgml(doubled, path="x.txt")
    assert list(outcome.attachments) == ["EX-24", "EX-24#2"]
    assert "Second POA" in outcome.attachments["EX-24#2"]


def test_broken_embedded_xml(shared_dir: Path) -> None:
    data = _bytes(shared_dir, NC_0280)
    cut = data.index(b"</ownershipDocument>")
    with pytest.raises(InputError) as info:
        read_sgml(data[:cut] + b"</XML></TEXT></DOCUMENT></SUBMISSION>", path="x.nc")
    assert info.value.code == "E010"
    bomb = data.replace(
        b'<?xml version="1.0"?>',
        b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>',
    )
    with pytest.raises(InputError) as info:
        read_sgml(bomb, path="x.nc")
    assert info.value.code == "E012"


def test_header_with_two_owners_and_a_filer() -> None:
    text = (
        "<SUBMISSION>\n<ACCESSION-NUMBER>0000000000-24-000001<TYPE>4<PERIOD>20240102"
        "<FILING-DATE>20240103"
        "<REPORTING-OWNER><OWNER-DATA><CONFORMED-NAME>Fund LP<CIK>0000000011</OWNER-DATA>"
        "</REPORTING-OWNER><REPORTING-OWNER><OWNER-DATA><CONFORMED-NAME>Fund GP LLC"
        "<CIK>0000000012</OWNER-DATA></REPORTING-OWNER>"
        "<FILER><COMPANY-DATA><CONFORMED-NAME>Agent<CIK>0000000013</COMPANY-DATA></FILER>"
        "<ISSUER><COMPANY-DATA><CONFORMED-NAME>Issuer Inc<CIK>0000000001</COMPANY-DATA>"
        "</ISSUER><DOCUMENT><TYPE>4<TEXT>x</TEXT></DOCUMENT></SUBMISSION>"
    )
    header = parse_sgml_header(text)
    assert header.submission_type == "4" and header.filed_date == date(2024, 1, 3)
    assert [(p.name, p.cik) for p in header.reporting_owners] == [
        ("Fund LP", "0000000011"),
        ("Fund GP LLC", "0000000012"),
    ]
    assert [(p.role, p.cik) for p in header.filers] == [("filer", "0000000013")]
    assert header.issuer is not None and header.issuer.cik == "0000000001"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_header_parser_never_raises(text: str) -> None:
    assert parse_sgml_header(text).reporting_owners is not None
