"""``Filing`` -> EDGAR ASCII text in the pre-XML style: boxes as labelled lines, pipe tables.

Modelled on real EDGAR text filings of 1996-2002 (fixed width, ``|`` column rules, ``_``
and ``-`` row rules, ``(X)`` checkboxes), with the current form's wording and columns so the
values of any filing fit. Cells wrap at spaces, and a token longer than its column is cut
at the column edge (the reader joins such pieces without a space). Footnote markers print
as ``[F1]`` after the value. The result is plain text, one virtual page.
"""

from __future__ import annotations

from extract.fields.inverse import grid_from_filing
from extract.ir.filing import Filing
from extract.ir.grid import Cell, FormGrid, OwnerBox
from extract.ir.values import Source
from extract.layout.anchors import load_spec
from extract.render.wording import FORM_TITLES, PERIOD_LABELS

__all__ = ["render_legacy", "render_grid_legacy"]

_TABLE_TITLE = {
    ("3", "I"): "Table I -- Non-Derivative Securities Beneficially Owned",
    ("3", "II"): "Table II -- Derivative Securities Beneficially Owned",
    ("4", "I"): "Table I -- Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    ("4", "II"): "Table II -- Derivative Securities Acquired, Disposed of, or Beneficially Owned",
}
_WIDTHS = {
    ("4", "I"): {"1": 26, "2": 11, "2A": 11, "3.code": 6, "3.v": 2, "4.amount": 15, "4.ad": 6,
                 "4.price": 14, "5": 16, "6": 6, "7": 26},
    ("4", "II"): {"1": 22, "2": 12, "3": 11, "3A": 11, "4.code": 6, "4.v": 2, "5.a": 14,
                  "5.d": 14, "6.exercisable": 11, "6.expiration": 11, "7.title": 18,
                  "7.amount": 14, "8": 12, "9": 16, "10": 6, "11": 22},
    ("3", "I"): {"1": 40, "2": 24, "3": 10, "4": 40},
    ("3", "II"): {"1": 30, "2.exercisable": 11, "2.expiration": 11, "3.title": 24,
                  "3.amount": 16, "4": 14, "5": 6, "6": 30},
}
_PAGE = 132


def _value(cell: Cell | None) -> str:
    if cell is None:
        return ""
    marks = " ".join(f"[{n}]" for n in cell.footnotes)
    return f"{cell.text} {marks}".strip() if marks else cell.text


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at spaces leaving a blank last column; cut tokens longer than the column."""
    out: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        trial = f"{line} {word}".strip()
        if len(trial) <= width - 1 or (not line and len(trial) <= width):
            line = trial
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out or [""]


def _mark(cell: Cell | None) -> str:
    return "(X)" if cell is not None and cell.text == "1" else "( )"


class _Writer:
    def __init__(self, grid: FormGrid) -> None:
        self.grid = grid
        self.lines: list[str] = []
        self.spec = load_spec(f"form{grid.form}-edgar")

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def wrapped(self, text: str, indent: int = 3, width: int = 100) -> None:
        for line in _wrap(text, width):
            self.add(" " * indent + line)

    def name_address(self, owner: OwnerBox) -> None:
        self.add("1. Name and Address of Reporting Person*")
        self.wrapped(_value(owner.name))
        self.add("   (Last)      (First)      (Middle)")
        if owner.street1 is not None:
            self.wrapped(_value(owner.street1))
        elif owner.street2 is not None:
            self.add("")  # street 1 left empty
        if owner.street2 is not None:
            self.wrapped(_value(owner.street2))
        self.add("   (Street)")
        city, state, zip_code = _value(owner.city), _value(owner.state), _value(owner.zip_code)
        width = max(40, len(city) + 2)
        self.add("   " + city.ljust(width) + state.ljust(12) + zip_code)
        self.add("   " + "(City)".ljust(width) + "(State)".ljust(12) + "(Zip)")

    def relationship(self, owner: OwnerBox, number: str) -> None:
        lead = f"{number}. " if number else ""
        self.add(f"{lead}Relationship of Reporting Person(s) to Issuer (Check all applicable)")
        self.add(f"   {_mark(owner.is_director)} Director".ljust(45)
                 + f"{_mark(owner.is_ten_percent_owner)} 10% Owner")
        self.add(f"   {_mark(owner.is_officer)} Officer (give title below)".ljust(45)
                 + f"{_mark(owner.is_other)} Other (specify below)")
        title = _wrap(_value(owner.officer_title), 38) if owner.officer_title else []
        other = _wrap(_value(owner.other_text), 60) if owner.other_text else []
        for i in range(max(len(title), len(other))):
            left = title[i] if i < len(title) else ""
            right = other[i] if i < len(other) else ""
            self.add(("       " + left).ljust(49) + right)

    def header(self) -> None:
        g = self.grid
        doc = g.header.get("document_type")
        self.add("UNITED STATES SECURITIES AND EXCHANGE COMMISSION", "WASHINGTON, D.C. 20549",
                 f"FORM {doc.text if doc and doc.text else g.form}", FORM_TITLES[g.form])
        if g.form in ("4", "5"):
            self.add(f"{_mark(g.header.get('not_subject_to_section16'))} Check this box if no "
                     "longer subject to Section 16.",
                     "    Form 4 or Form 5 obligations may continue. See Instruction 1(b).")
        if "aff10b5_one" in g.header:
            self.add(f"{_mark(g.header['aff10b5_one'])} Check this box to indicate that a "
                     "transaction was made pursuant to a contract, instruction",
                     "    or written plan intended to satisfy Rule 10b5-1(c). See Instruction "
                     "10.")
        if g.form == "5":
            self.add(f"{_mark(g.header.get('form3_holdings_reported'))} Form 3 Holdings "
                     "Reported", f"{_mark(g.header.get('form4_transactions_reported'))} Form 4 "
                     "Transactions Reported")
        if g.form == "3" and g.header.get("no_securities_owned", Cell()).text == "1":
            self.add("(X) Check this box if no securities are beneficially owned.")
        first = g.owners[0] if g.owners else OwnerBox()
        n_issuer, n_period, n_amend, n_rel, n_joint = (
            ("3", "2", "5", "4", "6") if g.form == "3" else ("2", "3", "4", "5", "6"))
        self.name_address(first)
        name, symbol = g.header.get("issuer_name"), g.header.get("issuer_trading_symbol")
        self.add(f"{n_issuer}. Issuer Name and Ticker or Trading Symbol")
        self.wrapped(f"{_value(name)} [ {_value(symbol)} ]")
        self.add(f"{n_period}. {PERIOD_LABELS[g.form]}", "   " + _value(g.header.get("period_of_report")))
        self.add(f"{n_amend}. If Amendment, Date of Original Filed (Month/Day/Year)",
                 "   " + _value(g.header.get("date_of_original_submission")))
        self.relationship(first, n_rel)
        one = "(X)" if len(g.owners) <= 1 else "( )"
        many = "( )" if len(g.owners) <= 1 else "(X)"
        self.add(f"{n_joint}. Individual or Joint/Group Filing (Check Applicable Line)",
                 f"   {one} Form filed by One Reporting Person",
                 f"   {many} Form filed by More than One Reporting Person", "")

    def table(self, label: str) -> None:
        g = self.grid
        form = "3" if g.form == "3" else "4"
        keys = [c.key for c in self.spec.table(label).columns]
        widths = dict(_WIDTHS[(form, label)])
        if g.form == "5":
            v, code = ("3.v", "3.code") if label == "I" else ("4.v", "4.code")
            widths[code] += widths.pop(v) + 1
        words = self.spec.headers["table1" if label == "I" else "table2"]
        total = sum(widths[k] for k in keys) + len(keys)
        self.add("<TABLE>", "_" * total, _TABLE_TITLE[(form, label)].ljust(total - 1) + "|",
                 "_" * (total - 1) + "|")
        parents = list(dict.fromkeys(k.split(".")[0] for k in keys))
        spans = {p: sum(widths[k] for k in keys if k.split(".")[0] == p)
                 + len([k for k in keys if k.split(".")[0] == p]) - 1 for p in parents}
        texts = {p: _wrap(f"{p}.{words[p][0]}", spans[p]) for p in parents}
        for i in range(max(len(t) for t in texts.values())):
            self.add("".join((texts[p][i] if i < len(texts[p]) else "").ljust(spans[p]) + "|"
                             for p in parents))
        if any("." in k for k in keys):
            subs = {k: _wrap(words.get(k, [""])[0] if "." in k else "", widths[k])
                    for k in keys}
            for i in range(max(len(t) for t in subs.values())):
                cells = []
                for p in parents:
                    members = [k for k in keys if k.split(".")[0] == p]
                    if len(members) == 1:
                        cells.append(" " * spans[p] + "|")
                    else:
                        cells.append("".join((subs[k][i] if i < len(subs[k]) else "")
                                             .ljust(widths[k]) + "|" for k in members))
                self.add("".join(cells))
        self.add("_" * (total - 1) + "|", "<S>")
        rows = next((t.rows for t in g.tables if t.table == label), [])
        for n, row in enumerate(rows):
            cols = {k: _wrap(_value(row.cells.get(k)), widths[k]) for k in keys}
            for i in range(max(len(c) for c in cols.values())):
                self.add("".join((cols[k][i] if i < len(cols[k]) else "").ljust(widths[k]) + "|"
                                 for k in keys))
            self.add(("-" if n + 1 < len(rows) else "_") * (total - 1) + "|")
        if not rows:
            self.add("".join(" " * widths[k] + "|" for k in keys), "_" * (total - 1) + "|")
        self.add("</TABLE>", "")

    def rest(self) -> None:
        g = self.grid
        if len(g.owners) > 1:
            self.add("Reporting Owners", "")
            for owner in g.owners:
                self.name_address(owner)
                self.relationship(owner, "")
                self.add("")
        self.add("Explanation of Responses:")
        for fid, cell in g.footnotes:
            n = fid[1:] if fid[:1] == "F" and fid[1:].isdigit() else fid
            lines = _wrap(f"({n}) {cell.text}", 110)
            self.add(lines[0], *("    " + ln for ln in lines[1:]))
        if g.remarks is not None:
            self.add("", "Remarks:")
            self.wrapped(g.remarks.text, 0, 110)
        self.add("")
        for sig in g.signatures or []:
            names = _wrap(_value(sig.name), 44)
            date = _value(sig.date)
            for i, name in enumerate(names):
                self.add(" " * 60 + name.ljust(48) + (date if i == 0 else ""))
        self.add(" " * 60 + "-" * 60,
                 " " * 60 + "** Signature of Reporting Person".ljust(48) + "Date", "",
                 "Reminder: Report on a separate line for each class of securities beneficially "
                 "owned directly or indirectly.")

    def render(self) -> str:
        self.header()
        self.table("I")
        self.table("II")
        self.rest()
        return "\n".join(line.rstrip() for line in self.lines) + "\n"


def render_grid_legacy(grid: FormGrid) -> str:
    return _Writer(grid).render()


def render_legacy(filing: Filing) -> str:
    """``filing`` as an EDGAR ASCII text document in the pre-XML style."""
    return render_grid_legacy(grid_from_filing(filing, Source.TEXT))
