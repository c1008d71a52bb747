"""``Filing`` -> an EDGAR-style HTML page, laid out as EDGAR's ownership stylesheet lays it out.

The page is built from ``grid_from_filing`` (the grid a perfect reader recovers), so the
printed values are exactly the ones ``build_filing`` parses back: dates mm/dd/yyyy, amounts
with thousands separators and every significant digit, prices and values with ``$``.

What EDGAR's renderings show, and this renderer mirrors (studied on five real EDGAR pages):

- Forms 4 and 5 carry the "no longer subject to Section 16" checkbox at the top; Form 4 adds
  the Rule 10b5-1 checkbox only when the document has ``aff10b5One`` (schema X0508 on); Form 5
  adds "Form 3 Holdings Reported" and "Form 4 Transactions Reported". A checked box prints
  ``X``; an unchecked or absent one is blank (the page cannot tell the two apart).
- Form 4 Table I column 3 and Table II column 4 split into ``Code`` and ``V``; the ``V``
  column shows ``V`` for a transaction voluntarily reported early: ``transactionTimeliness``
  E, or a form-type-5 transaction on a Form 4 (the Technical Specification, 4.3.8.2: "EDGAR
  will add a V ... for an early 5 transaction"). Form 5 has no ``V`` sub-column and prints
  no timeliness. ``equitySwapInvolved`` is not printed (the specification's "K" belongs to
  the transaction code EDGAR generates, not to the rendered cell; no real page with a swap
  was available to check), nor is ``transactionFormType``.
- Holdings rows sit after the transaction rows of the same table with the transaction
  columns left empty.
- Several reporting owners: box 1 and the relationship box show the first owner; a second
  box after Table II lists every owner's name and address again (EDGAR prints no
  relationship there). ``owner_relationships=True`` adds each listed owner's relationship
  under its address, an extension that keeps every owner's relationship on the page.
- Numbers print with thousands separators and every significant digit, trailing fraction
  zeros dropped (``134018.0`` as ``134,018``, ``0.33`` as ``$0.33``), as EDGAR prints them.
- Footnote markers print as ``<sup>(1)</sup>`` after the value or code they annotate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from extract.fields.inverse import grid_from_filing
from extract.ir.filing import DerivativeTable, Filing, NonDerivativeTable, TransactionCoding
from extract.ir.grid import Cell, FormGrid, GridRow, OwnerBox, SignatureLine
from extract.ir.values import Extracted, Source
from extract.layout.templates import layout_for_form

__all__ = ["render_html", "render_grid_html"]

_STYLE = """
.FormData {color: blue; font-size: small; font-family: Times, serif;}
.SmallFormData {color: blue; font-size: x-small; font-family: Times, serif;}
.FootnoteData {color: green; font-size: x-small; font-family: Times, serif;}
.FormText {font-size: small; font-family: arial, helvetica, sans-serif; text-align: left;}
.FormTextC {font-size: small; font-family: arial, helvetica, sans-serif; text-align: center;}
.SmallFormText {font-size: xx-small; font-family: arial, helvetica, sans-serif;}
.SmallFormTextR {font-size: xx-small; font-family: arial, helvetica, sans-serif;
  text-align: right;}
.MedSmallFormText {font-size: x-small; font-family: arial, helvetica, sans-serif;}
.FormTitle {font-size: medium; font-family: arial, helvetica, sans-serif; font-weight: bold;}
.FormName {font-size: large; font-family: arial, helvetica, sans-serif; font-weight: bold;}
body {background: white;}
"""

_TITLES = {
    "3": ("INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES", "3235-0104", "0.5"),
    "4": ("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", "3235-0287", "0.5"),
    "5": ("ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP", "3235-0362", "1.0"),
}
_PERIOD_LABEL = {
    "3": "2. Date of Event Requiring Statement (Month/Day/Year)",
    "4": "3. Date of Earliest Transaction (Month/Day/Year)",
    "5": "3. Statement for Issuer's Fiscal Year Ended (Month/Day/Year)",
}
_INSTR = "(Instr. {})"

# (key, header text, colspan-group) per form and table: a header is (number text, label,
# sub-columns as (key, label)); a header without sub-columns spans both header rows.
_Header = tuple[str, str, tuple[tuple[str, str], ...]]
_T1_45: tuple[_Header, ...] = (
    ("1", "1. Title of Security " + _INSTR.format(3), ()),
    ("2", "2. Transaction Date (Month/Day/Year)", ()),
    ("2A", "2A. Deemed Execution Date, if any (Month/Day/Year)", ()),
    ("3", "3. Transaction Code " + _INSTR.format(8), (("3.code", "Code"), ("3.v", "V"))),
    ("4", "4. Securities Acquired (A) or Disposed Of (D) " + _INSTR.format("3, 4 and 5"),
     (("4.amount", "Amount"), ("4.ad", "(A) or (D)"), ("4.price", "Price"))),
    ("5", "5. Amount of Securities Beneficially Owned Following Reported Transaction(s) "
     + _INSTR.format("3 and 4"), ()),
    ("6", "6. Ownership Form: Direct (D) or Indirect (I) " + _INSTR.format(4), ()),
    ("7", "7. Nature of Indirect Beneficial Ownership " + _INSTR.format(4), ()),
)
_T2_45: tuple[_Header, ...] = (
    ("1", "1. Title of Derivative Security " + _INSTR.format(3), ()),
    ("2", "2. Conversion or Exercise Price of Derivative Security", ()),
    ("3", "3. Transaction Date (Month/Day/Year)", ()),
    ("3A", "3A. Deemed Execution Date, if any (Month/Day/Year)", ()),
    ("4", "4. Transaction Code " + _INSTR.format(8), (("4.code", "Code"), ("4.v", "V"))),
    ("5", "5. Number of Derivative Securities Acquired (A) or Disposed of (D) "
     + _INSTR.format("3, 4 and 5"), (("5.a", "(A)"), ("5.d", "(D)"))),
    ("6", "6. Date Exercisable and Expiration Date (Month/Day/Year)",
     (("6.exercisable", "Date Exercisable"), ("6.expiration", "Expiration Date"))),
    ("7", "7. Title and Amount of Securities Underlying Derivative Security "
     + _INSTR.format("3 and 4"), (("7.title", "Title"), ("7.amount", "Amount or Number of Shares"))),
    ("8", "8. Price of Derivative Security " + _INSTR.format(5), ()),
    ("9", "9. Number of derivative Securities Beneficially Owned Following Reported "
     "Transaction(s) " + _INSTR.format(4), ()),
    ("10", "10. Ownership Form: Direct (D) or Indirect (I) " + _INSTR.format(4), ()),
    ("11", "11. Nature of Indirect Beneficial Ownership " + _INSTR.format(4), ()),
)
_T1_3: tuple[_Header, ...] = (
    ("1", "1. Title of Security " + _INSTR.format(4), ()),
    ("2", "2. Amount of Securities Beneficially Owned " + _INSTR.format(4), ()),
    ("3", "3. Ownership Form: Direct (D) or Indirect (I) " + _INSTR.format(5), ()),
    ("4", "4. Nature of Indirect Beneficial Ownership " + _INSTR.format(5), ()),
)
_T2_3: tuple[_Header, ...] = (
    ("1", "1. Title of Derivative Security " + _INSTR.format(4), ()),
    ("2", "2. Date Exercisable and Expiration Date (Month/Day/Year)",
     (("2.exercisable", "Date Exercisable"), ("2.expiration", "Expiration Date"))),
    ("3", "3. Title and Amount of Securities Underlying Derivative Security " + _INSTR.format(4),
     (("3.title", "Title"), ("3.amount", "Amount or Number of Shares"))),
    ("4", "4. Conversion or Exercise Price of Derivative Security", ()),
    ("5", "5. Ownership Form: Direct (D) or Indirect (I) " + _INSTR.format(5), ()),
    ("6", "6. Nature of Indirect Beneficial Ownership " + _INSTR.format(5), ()),
)


def _form5(headers: tuple[_Header, ...], code: str) -> tuple[_Header, ...]:
    """Form 5 columns: the code column has no ``V`` sub-column and spans both header rows."""
    out: list[_Header] = []
    for number, label, subs in headers:
        if number == code:
            out.append((f"{number}.code", label, ()))
        else:
            label = label.replace("Following Reported Transaction(s)",
                                  "at end of Issuer's Fiscal Year") if number == "5" else label
            out.append((number, label, subs))
    return tuple(out)


_TABLE_TITLES = {
    ("3", "I"): ("Table I - Non-Derivative Securities Beneficially Owned", ""),
    ("3", "II"): ("Table II - Derivative Securities Beneficially Owned",
                  "(e.g., puts, calls, warrants, options, convertible securities)"),
    ("4", "I"): ("Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially "
                 "Owned", ""),
    ("4", "II"): ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned",
                  "(e.g., puts, calls, warrants, options, convertible securities)"),
}


def _columns(form: str, table: str) -> tuple[_Header, ...]:
    if form == "3":
        return _T1_3 if table == "I" else _T2_3
    if form == "5":
        return _form5(_T1_45, "3") if table == "I" else _form5(_T2_45, "4")
    return _T1_45 if table == "I" else _T2_45


def _e(text: str) -> str:
    return escape(text, quote=True)


def _markers(cell: Cell | None) -> str:
    if cell is None:
        return ""
    out = []
    for note in cell.footnotes:
        label = note[1:] if note[:1] in "Ff" and note[1:].isdigit() else note
        out.append(f'<span class="FootnoteData"><sup>({_e(label)})</sup></span>')
    return "".join(out)


def _data(cell: Cell | None, css: str = "FormData") -> str:
    """A value as EDGAR prints it: ``$`` in its own span, then the value, then markers."""
    if cell is None:
        return ""
    text = cell.text
    dollar = ""
    if text.startswith("$"):
        dollar = '<span class="FormText">$</span>'
        text = text[1:]
    body = f'<span class="{css}">{_e(text)}</span>' if text or not cell.footnotes else ""
    return dollar + body + _markers(cell)


def _checkbox(cell: Cell | None) -> str:
    mark = "X" if cell is not None and cell.text == "1" else "&nbsp;"
    return (
        '<td><table width="100%" border="1" cellpadding="0" cellspacing="0">'
        f"<tr><td>{mark}</td></tr></table></td>"
    )


def _mark(cell: Cell | None) -> str:
    return '<span class="FormData">X</span>' if cell is not None and cell.text == "1" else ""


def _top(grid: FormGrid, doc: str) -> list[str]:
    title, omb, hours = _TITLES[grid.form]
    boxes: list[tuple[Cell | None, str]] = []
    if grid.form in ("4", "5"):
        boxes.append((grid.header.get("not_subject_to_section16"),
                      "Check this box if no longer subject to Section 16. Form 4 or Form 5 "
                      "obligations may continue. <i>See</i> Instruction 1(b)."))
    if "aff10b5_one" in grid.header:
        boxes.append((grid.header["aff10b5_one"],
                      "Check this box to indicate that a transaction was made pursuant to a "
                      "contract, instruction or written plan for the purchase or sale of equity "
                      "securities of the issuer that is intended to satisfy the affirmative "
                      "defense conditions of Rule 10b5-1(c). See Instruction 10."))
    if grid.form == "5":
        boxes.append((grid.header.get("form3_holdings_reported"), "Form 3 Holdings Reported."))
        boxes.append((grid.header.get("form4_transactions_reported"),
                      "Form 4 Transactions Reported."))
    if grid.form == "3" and grid.header.get("no_securities_owned", Cell()).text == "1":
        boxes.append((grid.header["no_securities_owned"],
                      "Check this box if no securities are beneficially owned."))
    span = len(boxes) + 1
    out = [
        '<table width="100%" border="0" cellspacing="0" cellpadding="4"><tr>',
        f'<td width="20%" colspan="2" valign="top" align="center" class="FormName">FORM {_e(doc)}'
        "</td>",
        f'<td rowspan="{span}" width="60%" valign="middle" align="center">'
        '<span class="FormTitle">UNITED STATES SECURITIES AND EXCHANGE COMMISSION</span><br>'
        '<span class="MedSmallFormText">Washington, D.C. 20549</span><br><br>'
        f'<span class="FormTitle">{title}</span><br><br>'
        '<span class="MedSmallFormText">Filed pursuant to Section 16(a) of the Securities '
        "Exchange Act of 1934</span><br><span class=\"MedSmallFormText\">or Section 30(h) of "
        "the Investment Company Act of 1940</span></td>",
        f'<td rowspan="{span}" width="20%" valign="top" align="center">'
        '<table width="100%" border="1" summary="OMB Approval Status Box">'
        '<tr><td class="FormTextC">OMB APPROVAL</td></tr><tr><td>'
        '<table width="100%" border="0" summary="OMB Interior Box">'
        '<tr><td class="SmallFormText" colspan="3">OMB Number:</td>'
        f'<td class="SmallFormTextR">{omb}</td></tr>'
        '<tr><td class="SmallFormText" colspan="4">Estimated average burden</td></tr>'
        '<tr><td class="SmallFormText" colspan="3">hours per response:</td>'
        f'<td class="SmallFormTextR">{hours}</td></tr></table></td></tr></table></td></tr>',
    ]
    for cell, label in boxes:
        out.append(f'<tr valign="middle">{_checkbox(cell)}'
                   f'<td class="SmallFormText">{label}</td></tr>')
    out.append("</table>")
    return out


def _link(cik: str | None) -> str:
    query = f"&amp;CIK={_e(cik)}" if cik else ""
    return f'<a href="/cgi-bin/browse-edgar?action=getcompany{query}">'


def _name_address(owner: OwnerBox, cik: str | None = None) -> str:
    def line(cell: Cell | None) -> str:
        return f'<span class="FormData">{_e(cell.text) if cell else ""}</span>'

    return (
        '<span class="MedSmallFormText">1. Name and Address of Reporting Person<sup>*</sup>'
        '</span><table border="0" width="100%"><tr><td>'
        f'{_link(cik)}{_e(owner.name.text) if owner.name else ""}'
        '</a></td></tr></table><hr width="98%">'
        '<table border="0" width="100%"><tr><td width="33%" class="MedSmallFormText">(Last)</td>'
        '<td width="33%" class="MedSmallFormText">(First)</td>'
        '<td width="33%" class="MedSmallFormText">(Middle)</td></tr></table>'
        f'<table border="0" width="100%"><tr><td>{line(owner.street1)}</td></tr>'
        f"<tr><td>{line(owner.street2)}</td></tr></table>"
        '<hr width="98%"><span class="MedSmallFormText">(Street)</span>'
        f'<table border="0" width="100%"><tr><td width="33%">{line(owner.city)}</td>'
        f'<td width="33%">{line(owner.state)}</td><td width="33%">{line(owner.zip_code)}</td>'
        '</tr></table><hr width="98%">'
        '<table border="0" width="100%"><tr><td width="33%" class="MedSmallFormText">(City)</td>'
        '<td width="33%" class="MedSmallFormText">(State)</td>'
        '<td width="33%" class="MedSmallFormText">(Zip)</td></tr></table>'
    )


def _relationship(owner: OwnerBox | None, number: str) -> str:
    o = owner or OwnerBox()
    lead = f"{number}. " if number else ""
    return (
        f'<span class="MedSmallFormText">{lead}Relationship of Reporting Person(s) to Issuer'
        '</span><br><span class="MedSmallFormText">(Check all applicable)</span>'
        '<table border="0" width="100%">'
        f'<tr><td width="15%" align="center">{_mark(o.is_director)}</td>'
        '<td width="35%" class="MedSmallFormText">Director</td>'
        f'<td width="15%" align="center">{_mark(o.is_ten_percent_owner)}</td>'
        '<td width="35%" class="MedSmallFormText">10% Owner</td></tr>'
        f'<tr><td align="center">{_mark(o.is_officer)}</td>'
        '<td class="MedSmallFormText">Officer (give title below)</td>'
        f'<td align="center">{_mark(o.is_other)}</td>'
        '<td class="MedSmallFormText">Other (specify below)</td></tr>'
        '<tr><td width="15%" align="center"></td><td width="35%" align="left" style="color: blue">'
        f'{_e(o.officer_title.text) if o.officer_title else ""}</td>'
        '<td width="15%" align="center"></td><td width="35%" align="left" style="color: blue">'
        f'{_e(o.other_text.text) if o.other_text else ""}</td></tr></table>'
    )


def _issuer(grid: FormGrid, number: str, cik: str | None) -> str:
    name = grid.header.get("issuer_name")
    symbol = grid.header.get("issuer_trading_symbol")
    return (
        f'<span class="MedSmallFormText">{number}. Issuer Name <b>and</b> Ticker or Trading '
        f'Symbol</span><br>{_link(cik)}'
        f'{_e(name.text) if name else ""}</a> [ <span class="FormData">'
        f'{_e(symbol.text) if symbol else ""}</span> ]'
    )


def _dated(label: str, cell: Cell | None) -> str:
    return f'<span class="MedSmallFormText">{label}</span><br>{_data(cell)}'


def _joint(grid: FormGrid, number: str) -> str:
    one, many = ("X", "") if len(grid.owners) <= 1 else ("", "X")
    return (
        f'<span class="MedSmallFormText">{number}. Individual or Joint/Group Filing (Check '
        'Applicable Line)</span><table border="0" width="100%">'
        f'<tr><td width="15%" align="center"><span class="FormData">{one}</span></td>'
        '<td width="85%" class="MedSmallFormText">Form filed by One Reporting Person</td></tr>'
        f'<tr><td width="15%" align="center"><span class="FormData">{many}</span></td>'
        '<td width="85%" class="MedSmallFormText">Form filed by More than One Reporting Person'
        "</td></tr></table>"
    )


def _boxes(grid: FormGrid, issuer_cik: str | None, owner_ciks: list[str | None]) -> list[str]:
    first = grid.owners[0] if grid.owners else OwnerBox()
    period = _dated(_PERIOD_LABEL[grid.form], grid.header.get("period_of_report"))
    amended = grid.header.get("date_of_original_submission")
    out = ['<table width="100%" border="1" cellspacing="0" cellpadding="4">']
    if grid.form == "3":
        out += [
            f'<tr><td rowspan="3" width="30%" valign="top">{_name_address(first, owner_ciks[0])}</td>',
            f'<td rowspan="3" width="15%" valign="top">{period}</td>',
            f'<td valign="top" colspan="2">{_issuer(grid, "3", issuer_cik)}</td></tr>',
            f'<tr><td rowspan="2" width="30%" valign="top">{_relationship(first, "4")}</td>',
            '<td valign="top">' + _dated("5. If Amendment, Date of Original Filed "
                                         "(Month/Day/Year)", amended) + "</td></tr>",
            f'<tr><td valign="top">{_joint(grid, "6")}</td></tr>',
        ]
    else:
        out += [
            f'<tr><td rowspan="3" width="35%" valign="top">{_name_address(first, owner_ciks[0])}'
            "</td>",
            f'<td width="35%" valign="top">{_issuer(grid, "2", issuer_cik)}</td>',
            f'<td rowspan="2" valign="top">{_relationship(first, "5")}</td></tr>',
            f'<tr><td valign="top">{period}</td></tr>',
            '<tr><td valign="top">' + _dated("4. If Amendment, Date of Original Filed "
                                             "(Month/Day/Year)", amended) + "</td>",
            f'<td valign="top">{_joint(grid, "6")}</td></tr>',
        ]
    out.append("</table>")
    return out


def _table(grid: FormGrid, table: str) -> list[str]:
    headers = _columns(grid.form, table)
    keys = [k for number, _label, subs in headers for k in ([s[0] for s in subs] or [number])]
    title, subtitle = _TABLE_TITLES[("3" if grid.form == "3" else "4", table)]
    heading = f"<b>{title}</b>" + (f"<br><b>{subtitle}</b>" if subtitle else "")
    two_rows = any(subs for _n, _l, subs in headers)
    out = [
        '<table width="100%" border="1" cellspacing="0" cellpadding="4"><thead>',
        f'<tr><th width="100%" valign="top" colspan="{len(keys)}" align="center" '
        f'class="FormTextC">{heading}</th></tr><tr>',
    ]
    for _number, label, subs in headers:
        span = f'colspan="{len(subs)}"' if subs else ('rowspan="2"' if two_rows else "")
        out.append(f'<th valign="top" {span} align="left" class="SmallFormText">{_e(label)}</th>')
    out.append("</tr>")
    if two_rows:
        out.append("<tr>")
        for _number, _label, subs in headers:
            for _key, sub in subs:
                out.append(f'<th valign="bottom" align="center" class="SmallFormText">{_e(sub)}'
                           "</th>")
        out.append("</tr>")
    out.append("</thead>")
    rows = next((t.rows for t in grid.tables if t.table == table), [])
    if rows:
        out.append("<tbody>")
        spec = layout_for_form(grid.form)
        numeric = {c.key for c in (spec.table1 if table == "I" else spec.table2).columns
                   if c.type not in ("text", "date", "code", "voluntary", "ad", "di")}
        out += [_row(row, keys, numeric) for row in rows]
        out.append("</tbody>")
    out.append("</table>")
    return out


_TRAILING_ZEROS = re.compile(r"^(\$?-?[\d,]+)(?:\.(\d*?)0+)$")


def _edgar_number(cell: Cell | None) -> Cell | None:
    """EDGAR prints numbers without trailing fraction zeros (``134018.0`` as ``134,018``)."""
    if cell is None:
        return None
    match = _TRAILING_ZEROS.match(cell.text)
    if not match:
        return cell
    text = match[1] + (f".{match[2]}" if match[2] else "")
    return cell.model_copy(update={"text": text})


def _row(row: GridRow, keys: list[str], numeric: set[str]) -> str:
    cells = []
    for i, key in enumerate(keys):
        align = "left" if i == 0 or i == len(keys) - 1 else "center"
        cell = row.cells.get(key)
        shown = _edgar_number(cell) if key in numeric else cell
        cells.append(f'<td align="{align}">{_data(shown)}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _more_owners(grid: FormGrid, relationships: bool, ciks: list[str | None]) -> list[str]:
    if len(grid.owners) <= 1:
        return []
    out = ['<table width="40%" border="1" cellspacing="0" cellpadding="4">']
    for owner, cik in zip(grid.owners, ciks, strict=False):
        extra = f'<br>{_relationship(owner, "")}' if relationships else ""
        out.append(f'<tr><td valign="top">{_name_address(owner, cik)}{extra}</td></tr>')
    out.append("</table>")
    return out


def _explanations(grid: FormGrid) -> list[str]:
    out = ['<table border="0" width="100%">',
           '<tr><td class="MedSmallFormText"><b>Explanation of Responses:</b></td></tr>']
    for note_id, cell in grid.footnotes:
        label = note_id[1:] if note_id[:1] in "Ff" and note_id[1:].isdigit() else note_id
        out.append(f'<tr><td class="FootnoteData">{_e(label)}. {_e(cell.text)}</td></tr>')
    if grid.remarks is not None:
        out.append('<tr><td class="FormText"><b>Remarks:</b></td></tr>')
        out.append(f'<tr><td class="FootnoteData">{_e(grid.remarks.text)}</td></tr>')
    out.append("</table>")
    return out


def _signatures(signatures: list[SignatureLine], form: str) -> list[str]:
    out = ['<table width="100%" border="0">']
    for line in signatures or [SignatureLine()]:
        name = _e(line.name.text) if line.name else ""
        day = _e(line.date.text) if line.date else ""
        out.append(f'<tr><td width="60%"></td><td width="20%"><u><span class="FormData">{name}'
                   f'</span></u></td><td width="20%"><u><span class="FormData">{day}</span></u>'
                   "</td></tr>")
    instruction = "5" if form == "3" else "4"
    out += [
        '<tr><td></td><td class="MedSmallFormText">** Signature of Reporting Person</td>'
        '<td class="MedSmallFormText">Date</td></tr>',
        '<tr><td colspan="3" class="MedSmallFormText">Reminder: Report on a separate line for '
        "each class of securities beneficially owned directly or indirectly.</td></tr>",
        '<tr><td colspan="3" class="MedSmallFormText">* If the form is filed by more than one '
        f"reporting person, <i>see</i> Instruction {instruction}(b)(v).</td></tr>",
        '<tr><td colspan="3" class="MedSmallFormText">** Intentional misstatements or omissions '
        "of facts constitute Federal Criminal Violations <i>See</i> 18 U.S.C. 1001 and 15 "
        "U.S.C. 78ff(a).</td></tr>",
        '<tr><td colspan="3" class="MedSmallFormText">Note: File three copies of this Form, one '
        "of which must be manually signed. If space is insufficient, <i>see</i> Instruction 6 "
        "for procedure.</td></tr>",
        '<tr><td colspan="3" class="MedSmallFormText"><b>Persons who respond to the collection '
        "of information contained in this form are not required to respond unless the form "
        "displays a currently valid OMB Number.</b></td></tr>",
        "</table>",
    ]
    return out


def render_grid_html(
    grid: FormGrid,
    *,
    owner_relationships: bool = False,
    issuer_cik: str | None = None,
    owner_ciks: Sequence[str | None] = (),
) -> str:
    """An EDGAR-style page showing ``grid`` (see the module docstring for the layout).

    CIKs, which the page shows only inside its EDGAR company links, are optional."""
    ciks = list(owner_ciks) + [None] * (len(grid.owners) + 1 - len(owner_ciks))
    doc_cell = grid.header.get("document_type")
    doc = doc_cell.text if doc_cell is not None and doc_cell.text else grid.form
    parts = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
        '"http://www.w3.org/TR/html4/loose.dtd">',
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">',
        f'<title>SEC FORM {_e(doc)}</title><style type="text/css">{_STYLE}</style></head>',
        f"<body>SEC Form {_e(doc)}",
    ]
    parts += _top(grid, doc)
    parts += _boxes(grid, issuer_cik, ciks)
    parts += _table(grid, "I")
    parts += _table(grid, "II")
    parts += _more_owners(grid, owner_relationships, ciks)
    parts += _explanations(grid)
    parts += _signatures(grid.signatures, grid.form)
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _early_form5_rows(filing: Filing, grid: FormGrid) -> FormGrid:
    """Mark ``V`` on a Form 4's transactions of form type 5 (reported early, as EDGAR does)."""
    if grid.form != "4":
        return grid
    tables = []
    pairs: list[tuple[str, NonDerivativeTable | DerivativeTable | None]] = [
        ("I", filing.non_derivative_table), ("II", filing.derivative_table)]
    for label, table in pairs:
        shown = next((t for t in grid.tables if t.table == label), None)
        if shown is None or table is None:
            continue
        key = "3.v" if label == "I" else "4.v"
        rows = list(shown.rows)
        for i, item in enumerate(table.transactions):
            coding: TransactionCoding | None = getattr(item, "transaction_coding", None)
            form_type = coding.transaction_form_type if coding else None
            if form_type is not None and form_type.value == "5" and i < len(rows):
                cells = dict(rows[i].cells)
                mark = cells.get(key) or Cell()
                cells[key] = mark.model_copy(update={"text": "V"})
                rows[i] = rows[i].model_copy(update={"cells": cells})
        tables.append(shown.model_copy(update={"rows": rows}))
    kept = [t for t in grid.tables if t.table not in {t.table for t in tables}]
    return grid.model_copy(update={"tables": sorted(kept + tables, key=lambda t: t.table)})


def render_html(filing: Filing, *, owner_relationships: bool = False) -> str:
    """``filing`` as an EDGAR-style HTML page (Forms 3, 4, 5 and their amendments)."""

    def cik(leaf: Extracted[str] | None) -> str | None:
        return leaf.value if leaf is not None else None

    grid = _early_form5_rows(filing, grid_from_filing(filing, Source.HTML))
    return render_grid_html(
        grid,
        owner_relationships=owner_relationships,
        issuer_cik=cik(filing.issuer.issuer_cik),
        owner_ciks=[cik(o.reporting_owner_id.rpt_owner_cik) for o in filing.reporting_owners],
    )
