"""Render a ``Filing`` as a text rendering of the printed form, in the seed's style by default.

Text renderings are how archives hold many filings: the EDGAR HTML form flattened to text, with
header boxes on tab-separated lines, ``<b>`` values, checkbox inputs, tab-separated table rows
under a two-level column header, ``<sup>(n)</sup>`` footnote markers and escaped ``\\$``
(see ``../shared/seed/form4-immunogen-2008.txt``). ``TextStyle`` varies the template the way
real renderings vary, so the text reader is tested on more than one.

Values come from the model through ``extract.fields.inverse.grid_from_filing`` (the layouts'
column maps and ``format_value`` based printed forms), so what is printed in a column is what
``extract.fields.build`` reads back from it. Joint filings: the header shows the first owner;
after Table II box 1 is repeated for every reporting owner, as EDGAR's rendering does, each
with its own relationship box beside it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import model_validator

from extract.fields.inverse import grid_from_filing
from extract.ir.filing import Filing
from extract.ir.grid import Cell, FormGrid, OwnerBox
from extract.layout.templates import TableSpec, layout_for_form
from extract.render.wording import FORM_TITLES
from extract.settings import Settings

__all__ = [
    "TextStyle",
    "STYLE_VARIANTS",
    "render_text",
    "TITLES",
    "TABLE_TITLES",
    "COLUMN_LABELS",
    "SUB_LABELS",
    "BOILERPLATE",
]

#: Form titles as printed (shared with the other renderers).
TITLES = FORM_TITLES

_T1 = "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned"
_T2 = ("Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned "
       "(e.g., puts, calls, warrants, options, convertible securities)")
TABLE_TITLES = {
    ("3", "I"): "Table I - Non-Derivative Securities Beneficially Owned",
    ("3", "II"): ("Table II - Derivative Securities Beneficially Owned "
                  "(e.g., puts, calls, warrants, options, convertible securities)"),
    ("4", "I"): _T1,
    ("4", "II"): _T2,
    ("5", "I"): _T1,
    ("5", "II"): _T2,
}

_F4_T1 = {
    "1": "1. Title of Security (Instr. 3)",
    "2": "2. Transaction Date (Month/Day/Year)",
    "2A": "2A. Deemed Execution Date, if any (Month/Day/Year)",
    "3": "3. Transaction Code (Instr. 8)",
    "4": "4. Securities Acquired (A) or Disposed Of (D) (Instr. 3, 4 and 5)",
    "5": ("5. Amount of Securities Beneficially Owned Following Reported Transaction(s) "
          "(Instr. 3 and 4)"),
    "6": "6. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)",
    "7": "7. Nature of Indirect Beneficial Ownership (Instr. 4)",
}
_F4_T2 = {
    "1": "1. Title of Derivative Security (Instr. 3)",
    "2": "2. Conversion or Exercise Price of Derivative Security",
    "3": "3. Transaction Date (Month/Day/Year)",
    "3A": "3A. Deemed Execution Date, if any (Month/Day/Year)",
    "4": "4. Transaction Code (Instr. 8)",
    "5": ("5. Number of Derivative Securities Acquired (A) or Disposed of (D) "
          "(Instr. 3, 4 and 5)"),
    "6": "6. Date Exercisable and Expiration Date (Month/Day/Year)",
    "7": "7. Title and Amount of Securities Underlying Derivative Security (Instr. 3 and 4)",
    "8": "8. Price of Derivative Security (Instr. 5)",
    "9": ("9. Number of derivative Securities Beneficially Owned Following Reported "
          "Transaction(s) (Instr. 4)"),
    "10": "10. Ownership Form: Direct (D) or Indirect (I) (Instr. 4)",
    "11": "11. Nature of Indirect Beneficial Ownership (Instr. 4)",
}
#: Top-level column labels by (form, table, printed column number).
COLUMN_LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("4", "I"): _F4_T1,
    ("4", "II"): _F4_T2,
    ("5", "I"): {**_F4_T1, "5": ("5. Amount of Securities Beneficially Owned at end of "
                                 "Issuer's Fiscal Year (Instr. 3 and 4)")},
    ("5", "II"): {**_F4_T2, "9": ("9. Number of derivative Securities Beneficially Owned at "
                                  "End of Issuer's Fiscal Year (Instr. 4)")},
    ("3", "I"): {
        "1": "1. Title of Security (Instr. 4)",
        "2": "2. Amount of Securities Beneficially Owned (Instr. 4)",
        "3": "3. Ownership Form: Direct (D) or Indirect (I) (Instr. 5)",
        "4": "4. Nature of Indirect Beneficial Ownership (Instr. 5)",
    },
    ("3", "II"): {
        "1": "1. Title of Derivative Security (Instr. 4)",
        "2": "2. Date Exercisable and Expiration Date (Month/Day/Year)",
        "3": "3. Title and Amount of Securities Underlying Derivative Security (Instr. 4)",
        "4": "4. Conversion or Exercise Price of Derivative Security",
        "5": "5. Ownership Form: Direct (D) or Indirect (I) (Instr. 5)",
        "6": "6. Nature of Indirect Beneficial Ownership (Instr. 5)",
    },
}
#: Sub-column labels (second header row) by the sub-key after the dot.
SUB_LABELS = {
    "code": "Code",
    "v": "V",
    "amount": "Amount",
    "ad": "(A) or (D)",
    "price": "Price",
    "a": "(A)",
    "d": "(D)",
    "exercisable": "Date Exercisable",
    "expiration": "Expiration Date",
    "title": "Title",
}
_UNDERLYING_AMOUNT = "Amount or Number of Shares"

BOILERPLATE = (
    "Reminder: Report on a separate line for each class of securities beneficially owned "
    "directly or indirectly.",
    "* If the form is filed by more than one reporting person, see Instruction 4 (b)(v).",
    "** Intentional misstatements or omissions of facts constitute Federal Criminal Violations "
    "See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a).",
    "Note: File three copies of this Form, one of which must be manually signed. If space is "
    "insufficient, see Instruction 6 for procedure.",
    "Persons who respond to the collection of information contained in this form are not "
    "required to respond unless the form displays a currently valid OMB Number.",
)

_SECTION16 = ("Check this box if no longer subject to Section 16. Form 4 or Form 5 obligations "
              "may continue. See Instruction 1(b).")
_AFF10B5 = ("Check this box to indicate that a transaction was made pursuant to a contract, "
            "instruction or written plan for the purchase or sale of equity securities of the "
            "issuer that is intended to satisfy the affirmative defense conditions of Rule "
            "10b5-1(c). See Instruction 10.")
_OMB = {"3": "3235-0104", "4": "3235-0287", "5": "3235-0362"}


class TextStyle(Settings):
    """How a text rendering prints things; the defaults are the seed's style.

    ``bold``: values as ``<b>x</b>`` (html), ``**x**`` (markdown) or plain (none).
    ``escape``: markdown escapes ``\\$`` and ``\\*`` in values and notes.
    ``footnote``: markers as ``<sup>(1)</sup>`` (sup), ``(1)`` (paren) or ``[F1]`` (bracket).
    ``empty_cells``: empty table cells kept as empty fields (keep) or left out (drop).
    ``separator``: table cells separated by a tab or by a run of ``gap`` spaces; with spaces,
    ``columns`` either aligns every column at a fixed character position (fixed, the way
    ``pdftotext -layout`` prints) or just runs the non-empty cells together (free);
    ``numbers`` right-aligns amounts and prices in fixed columns.
    ``wrap``: table cells longer than this many characters continue on the next line (tab
    separator with kept empty cells only, where a row's field count tells a wrapped row).
    ``extra_spaces``: stray spaces around labels, values and separators.
    ``checkbox``: ``<input checked="" type="checkbox"/>`` (input), ``[X]`` / ``[ ]``
    (brackets) or ``☒`` / ``☐`` (ballot).
    ``dates``: ``06/17/2008`` (mm/dd/yyyy) or ``6/17/2008`` (m/d/yyyy).
    ``form_label``: a ``FORM 4`` / ``FORM 4/A`` line above the title.
    """

    error_code: ClassVar[str] = "E406"

    bold: Literal["html", "markdown", "none"] = "html"
    escape: bool = True
    footnote: Literal["sup", "paren", "bracket"] = "sup"
    empty_cells: Literal["keep", "drop"] = "keep"
    separator: Literal["tab", "spaces"] = "tab"
    gap: int = 3
    columns: Literal["free", "fixed"] = "fixed"
    numbers: Literal["left", "right"] = "left"
    wrap: int | None = None
    extra_spaces: bool = False
    checkbox: Literal["input", "brackets", "ballot"] = "input"
    dates: Literal["mm/dd/yyyy", "m/d/yyyy"] = "mm/dd/yyyy"
    form_label: bool = False

    @model_validator(mode="after")
    def _check(self) -> TextStyle:
        if self.gap < 2:
            raise ValueError("gap must be at least 2 spaces")
        if self.wrap is not None and (
            self.wrap < 8 or self.separator != "tab" or self.empty_cells != "keep"
        ):
            raise ValueError("wrap needs separator='tab', empty_cells='keep' and wrap >= 8")
        return self


#: Named template variants the reader is tested on (besides the default, the seed's style).
STYLE_VARIANTS: dict[str, TextStyle] = {
    "seed": TextStyle(),
    "markdown": TextStyle(bold="markdown", escape=False, footnote="paren", checkbox="brackets",
                          dates="m/d/yyyy", form_label=True),
    "plain": TextStyle(bold="none", escape=False, footnote="bracket", checkbox="ballot",
                       extra_spaces=True, wrap=24),
    "spaces": TextStyle(separator="spaces", empty_cells="drop", footnote="paren",
                        bold="markdown", dates="m/d/yyyy", numbers="right"),
    "dropped": TextStyle(empty_cells="drop", checkbox="brackets", footnote="bracket"),
}

_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_NUMERIC = ("amount", "amount_acquired", "amount_disposed", "price")


class _Renderer:
    def __init__(self, filing: Filing, style: TextStyle) -> None:
        self.style = style
        self.grid: FormGrid = grid_from_filing(filing)
        self.form = self.grid.form
        self.doc_type = (filing.document_type.value.value
                         if filing.document_type and filing.document_type.value else self.form)
        self.layout = layout_for_form(self.form)
        self._tick = 0

    # -- small printers ----------------------------------------------------------------
    def sp(self) -> str:
        """A stray space every other call when ``extra_spaces`` is on."""
        if not self.style.extra_spaces:
            return ""
        self._tick += 1
        return " " * (self._tick % 3)

    def esc(self, text: str) -> str:
        if not self.style.escape:
            return text
        return text.replace("\\", "\\\\").replace("$", "\\$").replace("*", "\\*")

    def bold(self, text: str) -> str:
        if not text:
            return ""
        text = self.esc(text)
        if self.style.bold == "html":
            return f"<b>{text}</b>"
        if self.style.bold == "markdown":
            return f"**{text}**"
        return text

    def heading(self, text: str) -> str:
        return text if self.style.bold == "none" else f"**{text}**"

    def box(self, checked: bool) -> str:
        kind = self.style.checkbox
        if kind == "input":
            return '<input checked="" type="checkbox"/> ' if checked else ""
        if kind == "brackets":
            return "[X] " if checked else "[ ] "
        return "☒ " if checked else "☐ "

    def date(self, text: str) -> str:
        match = _DATE.match(text)
        if match and self.style.dates == "m/d/yyyy":
            return f"{int(match[1])}/{int(match[2])}/{match[3]}"
        return text

    def marker(self, footnote_id: str) -> str:
        number = footnote_id[1:] if footnote_id[:1] in ("F", "f") else footnote_id
        if self.style.footnote == "sup":
            return f"<sup>({number})</sup>"
        if self.style.footnote == "paren":
            return f"({number})"
        return f"[{footnote_id}]"

    def markers(self, cell: Cell | None) -> str:
        if cell is None or not cell.footnotes:
            return ""
        return " ".join(self.marker(f) for f in cell.footnotes)

    def with_markers(self, text: str, cell: Cell | None) -> str:
        """Text and its footnote markers; ``(1)`` markers attach to the value, as a
        flattened ``<sup>`` does, so a title ending in " (2)" stays text."""
        marks = self.markers(cell)
        if not marks:
            return text
        if self.style.footnote == "paren":
            return text + marks.replace(" ", "")
        return f"{text} {marks}".strip()

    @staticmethod
    def text(cell: Cell | None) -> str:
        return " ".join(cell.text.split()) if cell is not None else ""

    def checked(self, cell: Cell | None) -> bool:
        return cell is not None and cell.text.strip() == "1"

    def value(self, cell: Cell | None, *, is_date: bool = False) -> str:
        """A header value: bold text plus markers."""
        text = self.text(cell)
        if is_date:
            text = self.date(text)
        return self.with_markers(self.bold(text), cell)

    # -- header ------------------------------------------------------------------------
    def join_values(self, values: list[str]) -> str:
        """Several values in one slot: separate bolds, or two spaces apart when plain."""
        values = [v for v in values if v]
        sep = " " if self.style.bold != "none" else "  "
        return sep.join(values)

    def box1(self, owner: OwnerBox) -> str:
        sp = self.sp
        name = self.value(owner.name)
        first, second = self.value(owner.street1), self.value(owner.street2)
        if second and not first and self.style.bold != "none":
            first = "<b></b>" if self.style.bold == "html" else "****"
        streets = f"{first} {second}".strip() if self.style.bold != "none" else (
            self.join_values([first, second]))
        place = " ".join(t for t in (self.text(owner.city), self.text(owner.state),
                                     self.text(owner.zip_code)) if t)
        return (f"1. Name and Address of Reporting Person*{sp()} {name}{sp()}  (Last) (First) "
                f"(Middle) {streets}{sp()}  (Street) {self.bold(place)}{sp()}  (City) (State) "
                f"(Zip)")

    def relationship(self, owner: OwnerBox) -> str:
        number = "4" if self.form == "3" else "5"
        extra = self.join_values([self.value(owner.officer_title),
                                  self.value(owner.other_text)])
        text = (f"{number}. Relationship of Reporting Person(s) to Issuer (Check all applicable)"
                f" {self.box(self.checked(owner.is_director))}Director{self.sp()} "
                f"{self.box(self.checked(owner.is_ten_percent_owner))}10% Owner  "
                f"{self.box(self.checked(owner.is_officer))}Officer (give title below) "
                f"{self.box(self.checked(owner.is_other))}Other (specify below)")
        return f"{text} {extra}" if extra else text

    def issuer(self) -> str:
        header = self.grid.header
        name = self.text(header.get("issuer_name"))
        symbol = self.text(header.get("issuer_trading_symbol"))
        number = "3" if self.form == "3" else "2"
        return (f"{number}. Issuer Name and Ticker or Trading Symbol{self.sp()} "
                f"{self.bold(f'{name} [ {symbol} ]'.strip())}")

    def dated_box(self, label: str, key: str) -> str:
        value = self.value(self.grid.header.get(key), is_date=True)
        return f"{label}{self.sp()} {value}".rstrip()

    def joint_box(self) -> str:
        joint = len(self.grid.owners) > 1
        return (f"6. Individual or Joint/Group Filing (Check Applicable Line) "
                f"{self.box(not joint)}Form filed by One Reporting Person "
                f"{self.box(joint)}Form filed by More than One Reporting Person")

    def header_lines(self) -> list[str]:
        form, header = self.form, self.grid.header
        owner = self.grid.owners[0] if self.grid.owners else OwnerBox()
        amend = "If Amendment, Date of Original Filed (Month/Day/Year)"
        lines: list[str] = []
        if self.style.form_label:
            lines += [f"FORM {self.doc_type}", ""]
        lines += ["", self.heading(TITLES[form]), ""]
        if form in ("4", "5"):
            lines += [f"{self.box(self.checked(header.get('not_subject_to_section16')))}"
                      f"{self.esc(_SECTION16)}", ""]
        if form == "5":
            lines += [f"{self.box(self.checked(header.get('form3_holdings_reported')))}"
                      "Form 3 Holdings Reported.",
                      f"{self.box(self.checked(header.get('form4_transactions_reported')))}"
                      "Form 4 Transactions Reported.", ""]
        if "aff10b5_one" in header:
            lines += [f"{self.box(self.checked(header.get('aff10b5_one')))}{self.esc(_AFF10B5)}",
                      ""]
        lines += ["Filed pursuant to Section 16(a) of the Securities Exchange Act of 1934 or "
                  "Section 30(h) of the Investment Company Act of 1940", "",
                  "OMB APPROVAL\t", f"OMB Number:\t{_OMB[form]}",
                  "Estimated average burden hours per response:\t0.5", ""]
        tab = "\t" if self.style.separator == "tab" else " " * self.style.gap
        if form == "3":
            lines += [
                tab.join([self.box1(owner),
                          self.dated_box("2. Date of Event Requiring Statement (Month/Day/Year)",
                                         "period_of_report"),
                          self.issuer()]),
                tab.join(["", self.relationship(owner), ""]),
                tab.join([self.dated_box(f"5. {amend}", "date_of_original_submission"),
                          self.joint_box(), ""]),
            ]
            if self.checked(header.get("no_securities_owned")):
                lines += ["", f"{self.box(True)}No securities beneficially owned."]
        else:
            third = ("3. Date of Earliest Transaction (Month/Day/Year)" if form == "4"
                     else "3. Statement for Issuer's Fiscal Year Ended (Month/Day/Year)")
            lines += [
                tab.join([self.box1(owner), self.issuer(), self.relationship(owner)]),
                tab.join(["", self.dated_box(third, "period_of_report"), ""]),
                tab.join([self.dated_box(f"4. {amend}", "date_of_original_submission"),
                          self.joint_box() if form == "5" else "", ""]),
            ]
        return lines

    # -- tables ------------------------------------------------------------------------
    def table_lines(self, label: str) -> list[str]:
        spec: TableSpec = self.layout.table1 if label == "I" else self.layout.table2
        keys = [c.key for c in spec.columns]
        types = {c.key: c.type for c in spec.columns}
        titles = COLUMN_LABELS[(self.form, label)]
        top: list[str] = []
        sub: list[str] = []
        seen: set[str] = set()
        for key in keys:
            number, _, part = key.partition(".")
            top.append("" if number in seen else titles[number])
            seen.add(number)
            if part == "amount" and number in ("7", "3") and label == "II":
                sub.append(_UNDERLYING_AMOUNT)
            else:
                sub.append(SUB_LABELS.get(part, ""))
        lines = ["", self.heading(TABLE_TITLES[(self.form, label)]), ""]
        table = next((t for t in self.grid.tables if t.table == label), None)
        if self.style.separator == "spaces" and self.style.columns == "fixed":
            right = [self.style.numbers == "right" and types[k] in _NUMERIC for k in keys]
            return lines + self.fixed_lines(keys, top, sub, [
                self.row_fields(row.cells, keys, types) for row in (table.rows if table else [])],
                right)
        lines.append(self.row_text(top, keep=True))
        if any(sub):
            lines.append(self.row_text(sub, keep=True))
        for row in table.rows if table else []:
            fields = []
            for key in keys:
                cell = row.cells.get(key)
                text = self.text(cell)
                if types[key] == "date":
                    text = self.date(text)
                text = self.esc(text)
                fields.append(self.with_markers(text, cell))
            lines.extend(self.data_lines(fields, [types[k] for k in keys]))
        return lines

    def row_fields(self, cells: dict[str, Cell], keys: list[str],
                   types: Mapping[str, str]) -> list[str]:
        fields = []
        for key in keys:
            cell = cells.get(key)
            text = self.text(cell)
            if types[key] == "date":
                text = self.date(text)
            text = self.esc(text)
            fields.append(self.with_markers(text, cell))
        return fields

    def fixed_lines(self, keys: list[str], top: list[str], sub: list[str],
                    rows: list[list[str]], right: list[bool]) -> list[str]:
        """Fixed-width columns, as ``pdftotext -layout`` prints a table: every value starts
        at its column's character position; empty cells are blank space."""
        gap = self.style.gap
        widths = [max([len(sub[j])] + [len(r[j]) for r in rows]) for j in range(len(keys))]
        spans: list[list[int]] = []
        for j, key in enumerate(keys):
            if j and key.split(".")[0] == keys[j - 1].split(".")[0]:
                spans[-1].append(j)
            else:
                spans.append([j])
        for span in spans:
            room = sum(widths[j] for j in span) + gap * (len(span) - 1)
            widths[span[-1]] += max(0, len(top[span[0]]) - room)

        def line(fields: list[str], align: list[bool] | None = None) -> str:
            flags = align or [False] * len(fields)
            return (" " * gap).join(f.rjust(w) if r else f.ljust(w)
                                    for f, w, r in zip(fields, widths, flags, strict=True)
                                    ).rstrip()

        out = [(" " * gap).join(
            top[span[0]].ljust(sum(widths[j] for j in span) + gap * (len(span) - 1))
            for span in spans).rstrip()]
        if any(sub):
            out.append(line(sub))
        return out + [line(r, right) for r in rows]

    def row_text(self, fields: list[str], *, keep: bool = False) -> str:
        if self.style.separator == "spaces":
            return (" " * self.style.gap).join(f for f in fields if f)
        if not keep and self.style.empty_cells == "drop":
            fields = [f for f in fields if f]
        if self.style.extra_spaces:
            fields = [f"{self.sp()}{f}{self.sp()}" if f else f for f in fields]
        return "\t".join(fields)

    def data_lines(self, fields: list[str], kinds: list[str]) -> list[str]:
        """One row; with ``wrap``, long text cells continue on lines below in their column."""
        width = self.style.wrap
        if width is None:
            return [self.row_text(fields)]
        pieces = [
            textwrap.wrap(f, width, break_long_words=False, break_on_hyphens=False) or [""]
            if kind == "text" and len(f) > width else [f]
            for f, kind in zip(fields, kinds, strict=True)
        ]
        depth = max(len(p) for p in pieces)
        return [self.row_text([p[k] if k < len(p) else "" for p in pieces])
                for k in range(depth)]

    # -- joint filers, notes, signatures -------------------------------------------------
    def owner_lines(self) -> list[str]:
        if len(self.grid.owners) < 2:
            return []
        tab = "\t" if self.style.separator == "tab" else " " * self.style.gap
        lines: list[str] = [""]
        for owner in self.grid.owners:
            lines += [tab.join([self.box1(owner), self.relationship(owner)]), ""]
        return lines

    def note_lines(self) -> list[str]:
        lines = ["", self.heading("Explanation of Responses:"), ""]
        for footnote_id, cell in self.grid.footnotes:
            number = footnote_id[1:] if footnote_id[:1] in ("F", "f") else footnote_id
            lines += [f"{number}. {self.esc(self.text(cell))}", ""]
        if self.grid.remarks is not None and self.text(self.grid.remarks):
            lines += [self.heading("Remarks:"), "", self.esc(self.text(self.grid.remarks)), ""]
        for signature in self.grid.signatures:
            name = self.esc(self.text(signature.name))
            day = self.date(self.text(signature.date))
            lines += [f"{name} {day}".strip(), ""]
        star = "\\*" if self.style.escape else "*"
        lines += [f"{star}{star} Signature of Reporting Person Date", ""]
        for note in BOILERPLATE:
            if self.style.escape:
                note = note.replace("*", "\\*")
            lines += [note, ""]
        return lines

    def render(self) -> str:
        lines = self.header_lines()
        lines += self.table_lines("I")
        lines += self.table_lines("II")
        lines += self.owner_lines()
        lines += self.note_lines()
        return "\n".join(lines)


def render_text(filing: Filing, *, style: TextStyle | dict[str, Any] | None = None) -> str:
    """``filing`` as a text rendering of the printed form (the seed's style by default)."""
    return _Renderer(filing, TextStyle.resolve(style)).render()
