"""``Filing`` -> PDF with the look of the printed paper form (reportlab).

Ruled boxes and table grids, labels in Helvetica, typed values in a monospace font (DejaVu
Sans Mono when installed, so any Unicode in names prints; else Courier). US Letter landscape,
like the paper Form 4. Rows that do not fit continue on a new page under the table's title
and repeated column headers. Footnote markers print raised and smaller, ``(1)``.

Box wording and column headers come from the layout data (``layouts/detect/*.toml``), the
values from ``grid_from_filing``, so what is printed is what ``build_filing`` parses back.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from extract.fields.inverse import grid_from_filing
from extract.ir.filing import Filing
from extract.ir.grid import Cell, FormGrid, OwnerBox
from extract.ir.values import Source
from extract.layout.anchors import load_spec
from extract.render.wording import FORM_TITLES, PERIOD_LABELS

__all__ = ["render_paper", "render_grid_paper", "MONO_FONT_PATHS"]

MONO_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
)
PAGE_W, PAGE_H = landscape(letter)
M = 30.0  # margin
W = PAGE_W - 2 * M
LABEL, BOLD = "Helvetica", "Helvetica-Bold"
_TABLE_TITLE = {
    ("3", "I"): "Table I - Non-Derivative Securities Beneficially Owned",
    ("3", "II"): "Table II - Derivative Securities Beneficially Owned "
                 "(e.g., puts, calls, warrants, options, convertible securities)",
    ("4", "I"): "Table I - Non-Derivative Securities Acquired, Disposed of, or Beneficially Owned",
    ("4", "II"): "Table II - Derivative Securities Acquired, Disposed of, or Beneficially Owned "
                 "(e.g., puts, calls, warrants, options, convertible securities)",
}
#: Relative column widths per form and table, by printed key.
_WIDTHS = {
    ("4", "I"): {"1": 150, "2": 58, "2A": 58, "3.code": 30, "3.v": 18, "4.amount": 70,
                 "4.ad": 34, "4.price": 62, "5": 100, "6": 60, "7": 92},
    ("4", "II"): {"1": 90, "2": 50, "3": 50, "3A": 50, "4.code": 26, "4.v": 16, "5.a": 48,
                  "5.d": 48, "6.exercisable": 50, "6.expiration": 50, "7.title": 64,
                  "7.amount": 52, "8": 46, "9": 56, "10": 36, "11": 50},
    ("3", "I"): {"1": 250, "2": 160, "3": 120, "4": 202},
    ("3", "II"): {"1": 150, "2.exercisable": 70, "2.expiration": 70, "3.title": 140,
                  "3.amount": 90, "4": 70, "5": 60, "6": 82},
}
_VALUE = 7.0
_SMALL = 5.5


def _mono() -> str:
    if "SecMono" in pdfmetrics.getRegisteredFontNames():
        return "SecMono"
    for path in MONO_FONT_PATHS:
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("SecMono", path))
            return "SecMono"
    return "Courier"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        current = ""
        for word in para.split():
            trial = f"{current} {word}".strip()
            if pdfmetrics.stringWidth(trial, font, size) <= width or not current:
                current = trial
            else:
                lines.append(current)
                current = word
            while pdfmetrics.stringWidth(current, font, size) > width and len(current) > 1:
                cut = len(current)
                while cut > 1 and pdfmetrics.stringWidth(current[:cut], font, size) > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return [ln for ln in lines if ln] or [""]


class _Painter:
    def __init__(self, grid: FormGrid, revision: str = "edgar") -> None:
        self.grid = grid
        self.old = revision == "2002" and grid.form == "4"
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.mono = _mono()
        self.y = M  # distance from the top
        self.spec = load_spec(f"form{grid.form}-edgar")

    # coordinates: callers use top-left; reportlab wants bottom-left
    def text(self, x: float, top: float, s: str, font: str, size: float) -> None:
        self.c.setFont(font, size)
        self.c.drawString(x, PAGE_H - top - size * 0.8, s)

    def rect(self, x: float, top: float, w: float, h: float) -> None:
        self.c.setLineWidth(0.6)
        self.c.rect(x, PAGE_H - top - h, w, h, stroke=1, fill=0)

    def hline(self, x0: float, x1: float, top: float) -> None:
        self.c.setLineWidth(0.6)
        self.c.line(x0, PAGE_H - top, x1, PAGE_H - top)

    def _marks(self, cell: Cell) -> str:
        return "".join(f"({n[1:] if n[:1] == 'F' else n})" for n in cell.footnotes)

    def fit(self, cell: Cell, width: float, size: float = _VALUE) -> tuple[list[str], float]:
        """Lines (the markers' own line last, when they do not fit) and font size of a
        wrapped value in ``width``."""
        text = cell.text
        marks = self._marks(cell)
        if text:
            longest = max(text.split(), key=lambda t: pdfmetrics.stringWidth(t, self.mono, size))
            while size > 3 and pdfmetrics.stringWidth(longest, self.mono, size) > width:
                size -= 0.25
        lines = _wrap(text, self.mono, size, width) if text else [""]
        if marks:
            mark_w = pdfmetrics.stringWidth(marks, self.mono, min(_SMALL, 0.75 * size))
            if text and pdfmetrics.stringWidth(lines[-1], self.mono, size) + mark_w + 1 > width:
                lines.append("")
        return lines, size

    def value(self, x: float, top: float, cell: Cell | None, width: float,
              size: float = _VALUE, wrap: bool = True) -> float:
        """Print a value (wrapped to ``width``) with raised footnote markers; its height."""
        if cell is None:
            return 0.0
        marks = self._marks(cell)
        if wrap:
            lines, size = self.fit(cell, width, size)
        else:
            mark_w = pdfmetrics.stringWidth(marks, self.mono, _SMALL) if marks else 0.0
            lines = [cell.text]
            while size > 3 and pdfmetrics.stringWidth(cell.text, self.mono, size) + mark_w > width:
                size -= 0.25
        step = size + 1.5
        for i, line in enumerate(lines):
            if line:
                self.text(x, top + i * step, line, self.mono, size)
        if marks:
            last = lines[-1]
            lx = x + pdfmetrics.stringWidth(last, self.mono, size) + (1.0 if last else 0)
            self.text(lx, top + (len(lines) - 1) * step - 2.2, marks, self.mono,
                      min(_SMALL, 0.75 * size))
        return len(lines) * step

    def label(self, x: float, top: float, s: str, width: float, size: float = 6.0,
              font: str = LABEL) -> float:
        lines = _wrap(s, font, size, width)
        for i, line in enumerate(lines):
            self.text(x, top + i * (size + 1.2), line, font, size)
        return len(lines) * (size + 1.2)

    def checkbox(self, x: float, top: float, checked: bool) -> None:
        self.rect(x, top, 7, 7)
        if checked:
            self.text(x + 1.3, top + 0.6, "X", self.mono, 7)

    def new_page(self) -> None:
        self.c.showPage()
        self.y = M

    def ensure(self, h: float) -> bool:
        if self.y + h > PAGE_H - M:
            self.new_page()
            return True
        return False

    # -- sections --------------------------------------------------------------------------
    def top(self) -> None:
        g = self.grid
        doc = g.header.get("document_type")
        self.text(M, self.y, f"FORM {doc.text if doc and doc.text else g.form}", BOLD, 14)
        y = self.y + 22
        boxes: list[tuple[str, str]] = []
        if g.form in ("4", "5"):
            boxes.append(("not_subject_to_section16", "Check this box if no longer subject to "
                          "Section 16. Form 4 or Form 5 obligations may continue. See "
                          "Instruction 1(b)."))
        if "aff10b5_one" in g.header:
            boxes.append(("aff10b5_one", "Check this box to indicate that a transaction was "
                          "made pursuant to a contract, instruction or written plan for the "
                          "purchase or sale of equity securities of the issuer that is intended "
                          "to satisfy the affirmative defense conditions of Rule 10b5-1(c). See "
                          "Instruction 10."))
        if g.form == "5":
            boxes += [("form3_holdings_reported", "Form 3 Holdings Reported."),
                      ("form4_transactions_reported", "Form 4 Transactions Reported.")]
        if g.form == "3" and g.header.get("no_securities_owned", Cell()).text == "1":
            boxes.append(("no_securities_owned",
                          "Check this box if no securities are beneficially owned."))
        for key, text in boxes:
            cell = g.header.get(key)
            self.checkbox(M, y, cell is not None and cell.text == "1")
            y += self.label(M + 12, y, text, 190, 5.5) + 4
        cx = M + W / 2
        self.c.setFont(BOLD, 10)
        self.c.drawCentredString(cx, PAGE_H - self.y - 10, "UNITED STATES SECURITIES AND "
                                 "EXCHANGE COMMISSION")
        self.c.setFont(LABEL, 6.5)
        self.c.drawCentredString(cx, PAGE_H - self.y - 20, "Washington, D.C. 20549")
        self.c.setFont(BOLD, 10)
        self.c.drawCentredString(cx, PAGE_H - self.y - 36, FORM_TITLES[g.form])
        self.c.setFont(LABEL, 6.5)
        self.c.drawCentredString(cx, PAGE_H - self.y - 48, "Filed pursuant to Section 16(a) of "
                                 "the Securities Exchange Act of 1934")
        self.c.drawCentredString(cx, PAGE_H - self.y - 56, "or Section 30(h) of the "
                                 "Investment Company Act of 1940")
        self.rect(M + W - 130, self.y, 130, 40)
        self.label(M + W - 125, self.y + 4, "OMB APPROVAL", 120, 7, BOLD)
        self.label(M + W - 125, self.y + 16, "Estimated average burden hours per response", 120,
                   5.5)
        self.y = max(y, self.y + 60) + 6

    def name_address(self, x: float, top: float, w: float, owner: OwnerBox) -> float:
        y = top + 3
        y += self.label(x + 3, y, "1. Name and Address of Reporting Person*", w - 6) + 2
        y += max(self.value(x + 4, y, owner.name, w - 8, 8), 9.5) + 1
        self.hline(x + 3, x + w - 3, y)
        for i, sub in enumerate(("(Last)", "(First)", "(Middle)")):
            self.text(x + 4 + i * (w - 8) / 3, y + 1.5, sub, LABEL, 5.5)
        y += 10
        y += max(self.value(x + 4, y, owner.street1, w - 8, 8), 9.5)
        y += max(self.value(x + 4, y, owner.street2, w - 8, 8), 9.5) + 1
        self.hline(x + 3, x + w - 3, y)
        self.text(x + 4, y + 1.5, "(Street)", LABEL, 5.5)
        y += 10
        third = (w - 8) / 3
        h = max(self.value(x + 4, y, owner.city, third - 4, 8),
                self.value(x + 4 + third, y, owner.state, third - 4, 8),
                self.value(x + 4 + 2 * third, y, owner.zip_code, third - 4, 8), 9.5)
        y += h + 1
        self.hline(x + 3, x + w - 3, y)
        for i, sub in enumerate(("(City)", "(State)", "(Zip)")):
            self.text(x + 4 + i * third, y + 1.5, sub, LABEL, 5.5)
        return y + 10 - top

    def relationship(self, x: float, top: float, w: float, owner: OwnerBox, number: str) -> float:
        y = top + 3
        lead = f"{number}. " if number else ""
        y += self.label(x + 3, y, f"{lead}Relationship of Reporting Person(s) to Issuer", w - 6)
        y += self.label(x + 3, y, "(Check all applicable)", w - 6) + 3
        half = (w - 6) / 2
        for left, right in ((("is_director", "Director"), ("is_ten_percent_owner", "10% Owner")),
                            (("is_officer", "Officer (give title below)"),
                             ("is_other", "Other (specify below)"))):
            for i, (attr, text) in enumerate((left, right)):
                cell = getattr(owner, attr)
                self.checkbox(x + 4 + i * half, y, cell is not None and cell.text == "1")
                self.label(x + 15 + i * half, y + 1, text, half - 14, 6.0)
            y += 11
        h = max(self.value(x + 15, y, owner.officer_title, half - 14),
                self.value(x + 15 + half, y, owner.other_text, half - 14), 8)
        return y + h + 3 - top

    def boxes(self) -> None:
        g = self.grid
        first = g.owners[0] if g.owners else OwnerBox()
        top = self.y
        w1, w2 = 250.0, 250.0
        w3 = W - w1 - w2
        h1 = self.name_address(M, top, w1, first)
        n_issuer, n_period, n_amend, n_rel, n_joint = (
            ("3", "2", "5", "4", "6") if g.form == "3" else ("2", "3", "4", "5", "6"))
        period_label = PERIOD_LABELS[g.form]
        amend_label = "If Amendment, Date of Original Filed (Month/Day/Year)"
        if self.old:  # August 2002 paper form: box 3 an IRS number, box 4 the period
            n_period, n_amend, n_rel, n_joint = "4", "5", "6", "7"
            period_label = "Statement for Month/Day/Year"
            amend_label = "If Amendment, Date of Original (Month/Day/Year)"
        y = top + 3
        y += self.label(M + w1 + 3, y, f"{n_issuer}. Issuer Name and Ticker or Trading Symbol",
                        w2 - 6) + 2
        name = g.header.get("issuer_name")
        symbol = g.header.get("issuer_trading_symbol")
        y += max(self.value(M + w1 + 4, y, name, w2 - 8, 8), 9.5)
        if symbol is not None:
            self.text(M + w1 + 4, y, "[", self.mono, 8)
            self.value(M + w1 + 14, y, symbol, w2 - 30, 8)
            sw = pdfmetrics.stringWidth(symbol.text, self.mono, 8)
            self.text(M + w1 + 18 + sw + 6 * len(symbol.footnotes), y, "]", self.mono, 8)
        else:
            self.text(M + w1 + 4, y, "[  ]", self.mono, 8)
        y += 12
        self.hline(M + w1, M + w1 + w2, y)
        y += 3
        if self.old:
            y += self.label(M + w1 + 3, y, "3. I.R.S. Identification Number of Reporting "
                            "Person, if an entity (voluntary)", w2 - 6) + 12
            self.hline(M + w1, M + w1 + w2, y)
            y += 3
        y += self.label(M + w1 + 3, y, f"{n_period}. {period_label}", w2 - 6) + 2
        y += max(self.value(M + w1 + 4, y, g.header.get("period_of_report"), w2 - 8, 8), 9.5)
        y += 3
        self.hline(M + w1, M + w1 + w2, y)
        y += 3
        y += self.label(M + w1 + 3, y, f"{n_amend}. {amend_label}", w2 - 6) + 2
        y += max(self.value(M + w1 + 4, y, g.header.get("date_of_original_submission"),
                            w2 - 8, 8), 9.5) + 3
        h2 = y - top
        h3 = self.relationship(M + w1 + w2, top, w3, first, n_rel)
        y = top + h3
        self.hline(M + w1 + w2, M + W, y)
        y += 3
        y += self.label(M + w1 + w2 + 3, y, f"{n_joint}. Individual or Joint/Group Filing "
                        "(Check Applicable Line)", w3 - 6) + 3
        for i, text in enumerate(("Form filed by One Reporting Person",
                                  "Form filed by More than One Reporting Person")):
            self.checkbox(M + w1 + w2 + 4, y, (len(g.owners) > 1) == bool(i))
            self.label(M + w1 + w2 + 15, y + 1, text, w3 - 20)
            y += 10
        height = max(h1, h2, y - top) + 4
        self.rect(M, top, w1, height)
        self.rect(M + w1, top, w2, height)
        self.rect(M + w1 + w2, top, w3, height)
        self.y = top + height + 8

    def table(self, label: str) -> None:
        g = self.grid
        form = "3" if g.form == "3" else "4"
        keys = [c.key for c in self.spec.table(label).columns]
        widths = _WIDTHS[(form, label)]
        if g.form == "5":
            widths = dict(widths)
            v = "3.v" if label == "I" else "4.v"
            code = "3.code" if label == "I" else "4.code"
            widths[code] += widths.pop(v)
        scale = W / sum(widths[k] for k in keys)
        xs: dict[str, tuple[float, float]] = {}
        x = M
        for k in keys:
            xs[k] = (x, widths[k] * scale)
            x += widths[k] * scale
        words = self.spec.headers["table1" if label == "I" else "table2"]
        rows = next((t.rows for t in g.tables if t.table == label), [])
        title = _TABLE_TITLE[(form, label)]
        header_h = self.header_height(keys, xs, words)

        def draw_header(cont: bool) -> None:
            self.c.setFont(BOLD, 7.5)
            self.c.drawCentredString(M + W / 2, PAGE_H - self.y - 8,
                                     title + (" (continued)" if cont else ""))
            self.rect(M, self.y, W, 12)
            self.y += 12
            self.draw_header(keys, xs, words, header_h)
            self.y += header_h

        self.ensure(12 + header_h + 20)
        draw_header(False)
        for row in rows:
            heights: list[float] = []
            for k in keys:
                cell = row.cells.get(k)
                if cell is None:
                    heights.append(0)
                    continue
                wrap = self.spec.table(label).column(k).type == "text"  # type: ignore[union-attr]
                lines, size = self.fit(cell, xs[k][1] - 4) if wrap else ([""], _VALUE)
                heights.append(len(lines) * (size + 1.5))
            h = max(heights + [8.5]) + 5
            if self.ensure(h):
                draw_header(True)
            for k in keys:
                x0, w = xs[k]
                self.rect(x0, self.y, w, h)
                cell = row.cells.get(k)
                ctype = self.spec.table(label).column(k).type  # type: ignore[union-attr]
                self.value(x0 + 2, self.y + 2.5, cell, w - 4, wrap=ctype == "text")
            self.y += h
        if not rows:
            for k in keys:
                self.rect(xs[k][0], self.y, xs[k][1], 10)
            self.y += 10
        self.y += 8

    def header_height(self, keys: list[str], xs: dict[str, tuple[float, float]],
                      words: dict[str, list[str]]) -> float:
        tallest = 0.0
        parents = dict.fromkeys(k.split(".")[0] for k in keys)
        for p in parents:
            members = [k for k in keys if k.split(".")[0] == p]
            width = sum(xs[k][1] for k in members)
            n = len(_wrap(f"{p}. {words[p][0]}", LABEL, _SMALL, width - 4))
            tallest = max(tallest, n * (_SMALL + 1.2))
        return tallest + 4 + (10 if any("." in k for k in keys) else 0)

    def draw_header(self, keys: list[str], xs: dict[str, tuple[float, float]],
                    words: dict[str, list[str]], height: float) -> None:
        sub_h = 10 if any("." in k for k in keys) else 0
        for p in dict.fromkeys(k.split(".")[0] for k in keys):
            members = [k for k in keys if k.split(".")[0] == p]
            x0 = xs[members[0]][0]
            width = sum(xs[k][1] for k in members)
            has_subs = len(members) > 1 or "." in members[0]
            if len(members) > 1:
                self.rect(x0, self.y, width, height - sub_h)
                self.label(x0 + 2, self.y + 2, f"{p}. {words[p][0]}", width - 4, _SMALL, BOLD)
                for k in members:
                    kx, kw = xs[k]
                    self.rect(kx, self.y + height - sub_h, kw, sub_h)
                    sub = words.get(k, [""])[0]
                    self.c.setFont(BOLD, _SMALL)
                    self.c.drawCentredString(kx + kw / 2, PAGE_H - self.y - height + 3, sub)
            else:
                self.rect(x0, self.y, width, height)
                self.label(x0 + 2, self.y + 2, f"{p}. {words[p][0]}", width - 4, _SMALL, BOLD)
            del has_subs

    def more_owners(self) -> None:
        g = self.grid
        if len(g.owners) <= 1:
            return
        for owner in g.owners:
            self.ensure(150)
            top = self.y
            h = self.name_address(M, top, 300, owner)
            h += self.relationship(M, top + h, 300, owner, "")
            self.rect(M, top, 300, h)
            self.y = top + h + 6

    def explanations(self) -> None:
        g = self.grid
        self.ensure(20)
        self.label(M, self.y, "Explanation of Responses:", W, 7, BOLD)
        self.y += 10
        for fid, cell in g.footnotes:
            n = fid[1:] if fid[:1] == "F" and fid[1:].isdigit() else fid
            lines = _wrap(f"{n}. {cell.text}", self.mono, _VALUE, W)
            for line in lines:
                self.ensure(9)
                self.text(M, self.y, line, self.mono, _VALUE)
                self.y += _VALUE + 1.8
        if g.remarks is not None:
            self.ensure(20)
            self.y += 3
            self.label(M, self.y, "Remarks:", W, 7, BOLD)
            self.y += 10
            for line in _wrap(g.remarks.text, self.mono, _VALUE, W):
                self.ensure(9)
                self.text(M, self.y, line, self.mono, _VALUE)
                self.y += _VALUE + 1.8
        self.y += 6

    def signatures(self) -> None:
        g = self.grid
        sigs = g.signatures or []
        self.ensure(14 * len(sigs) + 40)
        x_name, x_date = M + 400, M + 620
        for line in sigs:
            h = max(self.value(x_name, self.y, line.name, 210, 7.5),
                    self.value(x_date, self.y, line.date, 110, 7.5, wrap=False), 9)
            self.y += h + 2
        self.hline(x_name, M + W, self.y)
        self.y += 2
        self.text(x_name, self.y, "** Signature of Reporting Person", LABEL, 6)
        self.text(x_date, self.y, "Date", LABEL, 6)
        self.y += 10
        for text in ("Reminder: Report on a separate line for each class of securities "
                     "beneficially owned directly or indirectly.",
                     "* If the form is filed by more than one reporting person, see Instruction "
                     "4 (b)(v).",
                     "** Intentional misstatements or omissions of facts constitute Federal "
                     "Criminal Violations See 18 U.S.C. 1001 and 15 U.S.C. 78ff(a)."):
            self.ensure(8)
            self.y += self.label(M, self.y, text, W, 5.5)

    def render(self) -> bytes:
        self.top()
        self.boxes()
        self.table("I")
        self.table("II")
        self.more_owners()
        self.explanations()
        self.signatures()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def render_grid_paper(grid: FormGrid, *, revision: str = "edgar") -> bytes:
    """The paper-form look of ``grid`` as PDF bytes."""
    return _Painter(grid, revision).render()


def render_paper(filing: Filing, *, revision: str = "edgar") -> bytes:
    """``filing`` printed on the paper form (PDF bytes, one or more pages).

    ``revision="2002"`` prints a Form 4 with the August 2002 paper boxes (box 4 "Statement
    for Month/Day/Year"); the default is the current form as EDGAR words it."""
    return render_grid_paper(grid_from_filing(filing, Source.PDF_TEXT), revision=revision)
