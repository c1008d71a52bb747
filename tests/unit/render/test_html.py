"""The EDGAR-style HTML renderer: structure, printed values, and reading its pages back."""

from __future__ import annotations

import string

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.eval.score import printed_only, score_filing
from extract.ir.codes import DocumentType
from extract.ir.filing import Filing
from extract.ir.grid import Cell, FormGrid, GridRow, TableGrid
from extract.ir.lexical import normalise_space
from extract.ir.values import Extracted, Source
from extract.readers.html import parse_html_grid, read_html_rendering
from extract.readers.xml import read_ownership_xml
from extract.render import render_bytes
from extract.render.html import render_grid_html, render_html

OWNER = """
<reportingOwner>
  <reportingOwnerId><rptOwnerCik>000{cik}</rptOwnerCik><rptOwnerName>{name}</rptOwnerName>
  </reportingOwnerId>
  <reportingOwnerAddress><rptOwnerStreet1>1 MAIN ST &amp; CO</rptOwnerStreet1>
    <rptOwnerStreet2></rptOwnerStreet2><rptOwnerCity>BOSTON</rptOwnerCity>
    <rptOwnerState>MA</rptOwnerState><rptOwnerZipCode>02110</rptOwnerZipCode>
  </reportingOwnerAddress>
  <reportingOwnerRelationship>{relationship}</reportingOwnerRelationship>
</reportingOwner>"""

FORM4A = """<?xml version="1.0"?>
<ownershipDocument>
  <schemaVersion>X0508</schemaVersion>
  <documentType>4/A</documentType>
  <periodOfReport>2024-03-05</periodOfReport>
  <dateOfOriginalSubmission>2024-03-07</dateOfOriginalSubmission>
  <notSubjectToSection16>1</notSubjectToSection16>
  <issuer><issuerCik>0000000001</issuerCik><issuerName>Acme &lt;Widgets&gt; Inc.</issuerName>
    <issuerTradingSymbol>ACME</issuerTradingSymbol></issuer>
  {owner1}
  {owner2}
  <aff10b5One>1</aff10b5One>
  <nonDerivativeTable>
    <nonDerivativeTransaction>
      <securityTitle><value>Common Stock</value></securityTitle>
      <transactionDate><value>2024-03-05</value></transactionDate>
      <transactionCoding><transactionFormType>5</transactionFormType>
        <transactionCode>S</transactionCode><equitySwapInvolved>0</equitySwapInvolved>
        <footnoteId id="F2"/></transactionCoding>
      <transactionTimeliness><value>E</value></transactionTimeliness>
      <transactionAmounts>
        <transactionShares><value>1234567.123456789</value><footnoteId id="F1"/>
        </transactionShares>
        <transactionPricePerShare><value>10.5000</value></transactionPricePerShare>
        <transactionAcquiredDisposedCode><value>D</value></transactionAcquiredDisposedCode>
      </transactionAmounts>
      <postTransactionAmounts><sharesOwnedFollowingTransaction><value>0</value>
      </sharesOwnedFollowingTransaction></postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>I</value></directOrIndirectOwnership>
        <natureOfOwnership><value>By Trust</value><footnoteId id="F1"/><footnoteId id="F2"/>
        </natureOfOwnership></ownershipNature>
    </nonDerivativeTransaction>
    <nonDerivativeHolding>
      <securityTitle><value>Common Stock</value></securityTitle>
      <postTransactionAmounts><sharesOwnedFollowingTransaction><value>250</value>
      </sharesOwnedFollowingTransaction></postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>D</value></directOrIndirectOwnership>
      </ownershipNature>
    </nonDerivativeHolding>
  </nonDerivativeTable>
  <derivativeTable>
    <derivativeTransaction>
      <securityTitle><value>Stock Option (right to buy)</value></securityTitle>
      <conversionOrExercisePrice><value>1.375</value></conversionOrExercisePrice>
      <transactionDate><value>2024-03-05</value></transactionDate>
      <transactionCoding><transactionFormType>4</transactionFormType>
        <transactionCode>M</transactionCode><equitySwapInvolved>0</equitySwapInvolved>
      </transactionCoding>
      <transactionAmounts><transactionShares><value>5000</value></transactionShares>
        <transactionPricePerShare><value>0</value></transactionPricePerShare>
        <transactionAcquiredDisposedCode><value>D</value></transactionAcquiredDisposedCode>
      </transactionAmounts>
      <exerciseDate><footnoteId id="F3"/></exerciseDate>
      <expirationDate><value>2030-01-01</value></expirationDate>
      <underlyingSecurity><underlyingSecurityTitle><value>Common Stock</value>
        </underlyingSecurityTitle><underlyingSecurityShares><value>5000</value>
        </underlyingSecurityShares></underlyingSecurity>
      <postTransactionAmounts><sharesOwnedFollowingTransaction><value>15000.00</value>
      </sharesOwnedFollowingTransaction></postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>D</value></directOrIndirectOwnership>
      </ownershipNature>
    </derivativeTransaction>
    <derivativeHolding>
      <securityTitle><value>Warrant</value></securityTitle>
      <conversionOrExercisePrice><value>2</value></conversionOrExercisePrice>
      <exerciseDate><value>2020-01-01</value></exerciseDate>
      <expirationDate><value>2029-01-01</value></expirationDate>
      <underlyingSecurity><underlyingSecurityTitle><value>Common Stock</value>
        </underlyingSecurityTitle><underlyingSecurityValue><value>9999.99</value>
        </underlyingSecurityValue></underlyingSecurity>
      <postTransactionAmounts><sharesOwnedFollowingTransaction><value>100</value>
      </sharesOwnedFollowingTransaction></postTransactionAmounts>
      <ownershipNature><directOrIndirectOwnership><value>D</value></directOrIndirectOwnership>
      </ownershipNature>
    </derivativeHolding>
  </derivativeTable>
  <footnotes>
    <footnote id="F1">Weighted average price; ranges from $10.00 to $11.00.</footnote>
    <footnote id="F2">Held by the Smith Family Trust (the "Trust").</footnote>
    <footnote id="F3">The option vests in 4 equal annual installments.</footnote>
  </footnotes>
  <remarks>Amended to correct the number of shares.</remarks>
  <ownerSignature><signatureName>/s/ Jane Doe, attorney-in-fact</signatureName>
    <signatureDate>2024-03-08</signatureDate></ownerSignature>
  <ownerSignature><signatureName>/s/ John Roe</signatureName>
    <signatureDate>2024-03-09</signatureDate></ownerSignature>
</ownershipDocument>
"""

DIRECTOR = "<isDirector>1</isDirector><isOfficer>0</isOfficer>"
OFFICER = "<isOfficer>1</isOfficer><officerTitle>Chief Executive Officer</officerTitle>"


def _filing(owner2_relationship: str = OFFICER) -> Filing:
    xml = FORM4A.format(
        owner1=OWNER.format(cik=1, name="DOE JANE", relationship=DIRECTOR),
        owner2=OWNER.format(cik=2, name="ROE JOHN", relationship=owner2_relationship),
    )
    return read_ownership_xml(xml.encode()).filing


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(_filing())


def test_page_structure_mirrors_edgar(page: str) -> None:
    root = lxml.html.document_fromstring(page)
    assert root.findtext(".//title") == "SEC FORM 4/A"
    assert root.xpath("//td[@class='FormName']")[0].text_content() == "FORM 4/A"
    text = " ".join(root.text_content().split())
    for label in (
        "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned",
        "1. Name and Address of Reporting Person",
        "2A. Deemed Execution Date, if any",
        "Amount or Number of Shares",
        "Explanation of Responses:",
        "Remarks:",
        "Rule 10b5-1(c)",
        "** Signature of Reporting Person",
        "Form filed by More than One Reporting Person",
    ):
        assert label in text
    assert "Acme &lt;Widgets&gt; Inc." in page and "1 MAIN ST &amp; CO" in page
    assert root.xpath("//th[starts-with(normalize-space(.), 'Table I -')]/@colspan") == ["11"]
    assert root.xpath("//th[starts-with(normalize-space(.), 'Table II -')]/@colspan") == ["16"]


def test_values_print_as_edgar_prints_them(page: str) -> None:
    text = " ".join(lxml.html.document_fromstring(page).text_content().split())
    assert "1,234,567.123456789(1)" in text  # every digit of the Decimal, commas, marker
    # EDGAR drops trailing fraction zeros: 10.5000 -> $10.5, 15000.00 -> 15,000
    assert '<span class="FormText">$</span><span class="FormData">10.5</span>' in page
    assert '<span class="FormData">15,000</span>' in page and "15,000.0" not in page
    assert "$1.375" in text and "$9,999.99" in text
    assert "03/05/2024" in text and "03/07/2024" in text
    assert "S(2)" in text  # marker on the code
    assert "By Trust(1)(2)" in text
    assert "2. Held by the Smith Family Trust" in text


def test_v_column_shows_early_transactions_and_holdings_leave_columns_empty() -> None:
    grid = parse_html_grid(render_html(_filing()))
    first, holding = grid.tables[0].rows
    assert first.cells["3.v"].text == "V" and first.cells["3.code"].footnotes == ("F2",)
    assert set(k for k, c in holding.cells.items() if c.text) == {"1", "5", "6"}
    option, warrant = grid.tables[1].rows
    assert option.cells["5.d"].text == "5,000" and option.cells["5.a"].text == ""
    assert warrant.cells["7.amount"].text == "$9,999.99"


def test_header_boxes_owners_and_signatures_read_back() -> None:
    grid = parse_html_grid(render_html(_filing()))
    assert grid.header["document_type"].text == "4/A"
    assert grid.header["date_of_original_submission"].text == "03/07/2024"
    assert grid.header["not_subject_to_section16"].text == "1"
    assert grid.header["aff10b5_one"].text == "1"
    names = [o.name.text for o in grid.owners if o.name]
    assert names == ["DOE JANE", "ROE JOHN"]
    assert [(s.name.text, s.date.text) for s in grid.signatures if s.name and s.date] == [
        ("/s/ Jane Doe, attorney-in-fact", "03/08/2024"), ("/s/ John Roe", "03/09/2024")]
    assert grid.remarks is not None and grid.remarks.text.startswith("Amended")


def test_owner_relationships_mirror_edgar_or_extend() -> None:
    filing = _filing()
    mirrored = render_html(filing)
    assert mirrored.count("Relationship of Reporting Person") == 1
    extended = render_html(filing, owner_relationships=True)
    assert extended.count("Relationship of Reporting Person") == 3
    back = read_html_rendering(extended.encode(), path="x.html").filing
    assert back is not None
    second = back.reporting_owners[1].reporting_owner_relationship
    assert second.officer_title is not None
    assert second.officer_title.value == "Chief Executive Officer"
    assert score_filing(back, filing, keep=printed_only).exact


def test_round_trip_is_exact() -> None:
    filing = _filing(DIRECTOR)
    back = read_html_rendering(render_bytes(filing, "html"), path="x.html").filing
    score = score_filing(back, filing, keep=printed_only)
    assert score.exact, score.mismatches
    assert score.total.tp >= 55


def _as(form: DocumentType) -> Filing:
    filing = _filing()
    return filing.model_copy(update={"document_type": Extracted(value=form)})


def test_forms_3_and_5_layouts() -> None:
    form3 = _as(DocumentType.FORM_3)
    page3 = render_html(form3)
    assert "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES" in page3
    assert "2. Date of Event Requiring Statement" in page3 and "Rule 10b5-1" in page3
    assert "no longer subject" not in page3
    form5 = _as(DocumentType.FORM_5)
    grid5 = parse_html_grid(render_html(form5))
    assert grid5.form == "5" and "3.v" not in grid5.tables[0].rows[0].cells
    assert grid5.tables[0].rows[0].cells["3.code"].text == "S"
    assert "Form 3 Holdings Reported" in render_html(form5)


_SAFE = string.ascii_letters + string.digits + " ,.$&<>'\"-/%#"


@settings(max_examples=40, deadline=None)
@given(
    # a cell that is only "$" is how EDGAR prints an empty price column; the reader reads it
    # as empty on purpose, so it is not a text to round-trip
    text=st.text(alphabet=_SAFE, min_size=1, max_size=40).map(normalise_space)
    .filter(lambda t: t not in ("", "$")),
    notes=st.lists(st.integers(min_value=1, max_value=99), max_size=3, unique=True),
    key=st.sampled_from(["1", "2", "2A", "3.code", "6", "7"]),  # text as printed
)
def test_any_cell_text_and_markers_round_trip(text: str, notes: list[int], key: str) -> None:
    footnotes = tuple(f"F{n}" for n in notes)
    grid = FormGrid(
        form="4",
        source=Source.HTML,
        header={"document_type": Cell(text="4")},
        tables=[TableGrid(table="I", rows=[GridRow(cells={key: Cell(text=text,
                                                                    footnotes=footnotes)})])],
    )
    back = parse_html_grid(render_grid_html(grid))
    cell = back.tables[0].rows[0].cells[key]
    assert (cell.text, cell.footnotes) == (text, footnotes)
