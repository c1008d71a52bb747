"""Read a text rendering of a Form 3/4/5 (the seed's family and its variants) into a ``FormGrid``.

Regions are found by anchor phrases (form title, box labels, "Table I", "Table II",
"Explanation of Responses", "Remarks", "Signature of Reporting Person"), tolerant of numbering,
spacing, bold (``<b>``, ``**``, none) and markdown escapes. Table columns are keyed by the
printed column numbers of the header row (labels may wrap over lines), checked against the
form's layout (``layouts/form{3,4,5}-edgar.toml``). Rows are read, in order of preference:
by tab position when rows keep their empty cells (a row broken inside a cell is joined, a
line that only continues text cells is a wrapped cell); by character column when the header
rows place every column (fixed-width text, numbers left- or right-aligned); otherwise by what
each value looks like (date, code letter, amount, price, A/D, D/I, text), aligned to the
columns in order (confidence ``ALIGNED_CONFIDENCE``; a lone Table II amount whose (A)/(D)
side only the transaction code suggests gets ``GUESSED_CONFIDENCE`` and an ``E110``
warning). Joint filers are read from box 1 and the relationship box repeated for each
reporting owner after the tables, as EDGAR prints them. Footnote markers
(``<sup>(1)</sup>``, ``(1)``, ``[F1]``) are detached into ``Cell.footnotes``. Text after the
form's closing notes (a power of attorney) is kept as ``attachments["POA"]``.

Provenance is a virtual page: ``Cell.page == 1`` and ``Cell.bbox == (col_start, line_no,
col_end, line_no)`` with 1-based line numbers and 0-based character columns.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from extract.errors import InputError, LayoutError
from extract.ir.grid import Cell, FormGrid, GridRow, OwnerBox, SignatureLine, TableGrid
from extract.ir.result import MediaKind, StageError
from extract.ir.values import Source
from extract.layout.templates import TableSpec, layout_for_form
from extract.readers.base import ReadOutcome

__all__ = [
    "ALIGNED_CONFIDENCE",
    "GUESSED_CONFIDENCE",
    "LAYOUT_NAME",
    "align_fields",
    "parse_text_grid",
    "parse_text_layout",
    "read_text_rendering",
    "split_fields",
]

LAYOUT_NAME = "text-rendering.v1"
STAGE = "readers.text"
#: Confidence of a cell placed by what its value looks like (empty cells left out).
ALIGNED_CONFIDENCE = 0.9
#: Confidence of a Table II amount put under 5 (A) or (D) by its transaction code alone.
GUESSED_CONFIDENCE = 0.5

_WS = r"\s+"


def _phrase(words: str) -> str:
    """A regex for a label phrase with any white space between words."""
    return _WS.join(re.escape(w) for w in words.split())


_TITLES = (  # most specific first
    ("3", re.compile(_phrase("INITIAL STATEMENT OF BENEFICIAL OWNERSHIP"), re.I)),
    ("5", re.compile(_phrase("ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP"), re.I)),
    ("4", re.compile(_phrase("STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP"), re.I)),
)
_FORM_LABEL = re.compile(r"^\W*(?:SEC\s+)?FORM\s+([345])\s*(/\s*A)?\W*$", re.I | re.M)
_TABLE1 = re.compile(r"\bTable\s+I\b(?!I)\s*[-–—:.]?", re.I)
_TABLE2 = re.compile(r"\bTable\s+II\b\s*[-–—:.]?", re.I)
_EXPLANATION = re.compile(r"Explanation\s+of\s+Responses\s*:?", re.I)
_REMARKS = re.compile(r"^[^\w\n]*Remarks[ \t]*:?[^\w\n]*$", re.I | re.M)
_SIGNATURE_LABEL = re.compile(
    r"^.*?Signature\s+of\s+Reporting\s+Person.*$", re.I | re.M)
_BOX_NUMBER = re.compile(r"\d\s*\.\s*$")
_BOXES = {
    "name": re.compile(_phrase("Name and Address of Reporting Person") + r"\s*(?:\\?\*)?",
                       re.I),
    "issuer": re.compile(_phrase("Issuer Name and Ticker or Trading Symbol"), re.I),
    "period": re.compile(
        "(?:" + "|".join(_phrase(p) for p in (
            "Date of Earliest Transaction", "Date of Event Requiring Statement",
            "Statement for Issuer's Fiscal Year Ended", "Statement for Issuer’s Fiscal Year Ended",
        )) + r")(?:\s*\(\s*Month\s*/\s*Day\s*/\s*Year\s*\))?", re.I),
    "amend": re.compile(
        r"If\s+Amendment,?\s+Date\s+(?:of\s+)?Original\s+Fil(?:ed|ing)"
        r"(?:\s*\(\s*Month\s*/\s*Day\s*/\s*Year\s*\))?", re.I),
    "relationship": re.compile(
        r"Relationship\s+of\s+Reporting\s+Person(?:\s*\(s\))?\s+to\s+Issuer"
        r"(?:\s*\(\s*Check\s+all\s+applicable\s*\))?", re.I),
    "filed_by": re.compile(r"Form\s+filed\s+by\s+One\s+Reporting\s+Person", re.I),
    "joint": re.compile(
        r"Individual\s+or\s+Joint\s*/\s*Group\s+Filing"
        r"(?:\s*\(\s*Check\s+Applicable\s+Line\s*\))?", re.I),
}
_HEADER_CHECKS = {
    "not_subject_to_section16": re.compile(_phrase("Check this box if no longer subject"), re.I),
    "aff10b5_one": re.compile(
        _phrase("Check this box to indicate that a transaction was made pursuant"), re.I),
    "form3_holdings_reported": re.compile(_phrase("Form 3 Holdings Reported"), re.I),
    "form4_transactions_reported": re.compile(_phrase("Form 4 Transactions Reported"), re.I),
    "no_securities_owned": re.compile(r"No\s+securities\s+(?:are\s+)?beneficially\s+owned",
                                      re.I),
}
_RELATIONS = (
    ("is_director", re.compile(r"\bDirector\b", re.I)),
    ("is_ten_percent_owner", re.compile(r"10\s*%\s*Owner", re.I)),
    ("is_officer", re.compile(r"Officer\s*(?:\(\s*give\s+title\s+below\s*\))?", re.I)),
    ("is_other", re.compile(r"\bOther\s*(?:\(\s*specify\s+below\s*\))?", re.I)),
)
_RELATION_FIELDS = ("is_director", "is_officer", "is_ten_percent_owner", "is_other",
                    "officer_title", "other_text")
_BOX_MARK = re.compile(
    r"(<input\b[^>]*>|\[\s*[xX✓✔]?\s*\]|[☒☑☐✔✓■□]|(?:<b>|\*\*)?\s*(?<![\w/])X\s*(?:</b>|\*\*)?)"
    r"[\s\\]*$")
_BOLD = re.compile(r"<b>(.*?)</b>|(?<!\\)\*\*(.*?)(?<!\\)\*\*", re.S | re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|<>~&\"'])")
_TAG = re.compile(r"</?(?:b|strong|i|em|span|font|u)\b[^>]*>|<br\s*/?>", re.I)
_ENTITY = re.compile(r"&(?:amp|lt|gt|nbsp|quot|#\d+);")
_SUP = re.compile(r"<sup>\s*\(?\s*([A-Za-z]?\d+[A-Za-z]?)\s*\)?\s*</sup>", re.I)
_BRACKET = re.compile(r"\[\s*(F\d+[A-Za-z]?)\s*\]")
_PAREN_TAIL = re.compile(r"\((\d+[A-Za-z]?)\)$")
_DATE_TAIL = re.compile(r"(?:^|\s)(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\s*$")
_FOOTNOTE_LINE = re.compile(r"^\s*\(?(\d+[A-Za-z]?)\s*[.)]\s+(\S.*)$")
_CLOSING = (  # the notes that close the printed form (a power of attorney may follow)
    re.compile(r"Persons\s+who\s+respond\s+to\s+the\s+collection.{0,300}?OMB\s+"
               r"(?:control\s+)?Number\.?", re.I | re.S),
    re.compile(r"Note:\s*File\s+three\s+copies.{0,300}?procedure\.?", re.I | re.S),
    re.compile(r"Intentional\s+misstatements.{0,300}?78ff\s*\(a\)\.?", re.I | re.S),
    re.compile(r"If\s+the\s+form\s+is\s+filed\s+by\s+more\s+than\s+one\s+reporting\s+person"
               r".{0,300}?\(\s*b\s*\)\s*\(\s*v\s*\)\.?", re.I | re.S),
    re.compile(r"Reminder:.{0,300}?indirectly\.", re.I | re.S),
)
_NAME_SLOTS = (
    re.compile(r"\(\s*Last\s*\)\s*\(\s*First\s*\)\s*\(\s*Middle\s*\)", re.I),
    re.compile(r"\(\s*Street\s*\)", re.I),
    re.compile(r"\(\s*City\s*\)\s*\(\s*State\s*\)\s*\(\s*Zip\s*\)", re.I),
)
_POSTAL = re.compile(
    r"^(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z]\s?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})$", re.I)
_STATE = re.compile(r"^[A-Z][A-Z0-9]$")
_TOP = re.compile(r"(?<![\w.(/])(\d{1,2}A?)\s*\.\s+(?=[A-Z(])")


# -- text helpers --------------------------------------------------------------------------
def _unescape(text: str) -> str:
    text = _ESCAPE.sub(r"\1", text)
    return _ENTITY.sub(lambda m: html.unescape(m[0]).replace("\xa0", " "), text)


def _plain(text: str) -> str:
    """Markup-free, unescaped, space-normalised text."""
    text = _TAG.sub(" ", text)
    text = re.sub(r"(?<!\\)\*\*", "", text)
    return " ".join(_unescape(text).split())


def _note_text(text: str) -> str:
    return " ".join(_unescape(_TAG.sub(" ", text)).split())


def _values(segment: str, *, keep_empty: bool = False) -> list[tuple[str, int, int]]:
    """Values in a box slot with their offsets: bold runs, else runs split by 2+ spaces.

    ``keep_empty`` keeps empty bold runs (an empty first street line)."""
    out: list[tuple[str, int, int]] = []
    if _BOLD.search(segment):
        for match in _BOLD.finditer(segment):
            group = 1 if match[1] is not None else 2
            value = _plain(match[group])
            if value or keep_empty:
                out.append((value, match.start(group), match.end(group)))
        return out
    for match in re.finditer(r"\S+(?: \S+)*", segment):
        value = _plain(match[0])
        if value:
            out.append((value, match.start(), match.end()))
    return out


def _checked(prefix: str) -> str:
    """"1" when the text right before a label ends in a ticked box, else "0"."""
    match = _BOX_MARK.search(prefix[-80:])
    if not match:
        return "0"
    mark = match[1]
    if mark.lower().startswith("<input"):
        return "1" if re.search(r"\bchecked\b", mark, re.I) else "0"
    if mark.startswith("["):
        return "1" if re.search(r"[xX✓✔]", mark) else "0"
    return "0" if mark in ("☐", "□") else "1"


def _split_place(text: str) -> tuple[str, str, str]:
    """``ST. HELENA CA 94574`` -> city, state, zip (zip and state only when they look so)."""
    tokens = text.split()
    zip_code = ""
    for take in (2, 1):
        if len(tokens) >= take and _POSTAL.match(" ".join(tokens[-take:])):
            zip_code = " ".join(tokens[-take:])
            tokens = tokens[:-take]
            break
    else:
        if tokens and any(ch.isdigit() for ch in tokens[-1]) and len(tokens) > 1:
            zip_code = tokens.pop()
    state = ""
    if tokens and _STATE.match(tokens[-1]):
        state = tokens.pop()
    return " ".join(tokens), state, zip_code


@dataclass
class _Text:
    """The whole input with line bookkeeping for provenance."""

    text: str

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def where(self, start: int, end: int) -> tuple[float, float, float, float]:
        line = bisect_right(self.starts, start) - 1
        col = start - self.starts[line]
        width = max(end - start, 0)
        return (float(col), float(line + 1), float(col + width), float(line + 1))

    def cell(self, text: str, start: int, end: int, *, footnotes: tuple[str, ...] = (),
             raw: str | None = None, confidence: float = 1.0) -> Cell:
        return Cell(text=text, footnotes=footnotes, raw=raw if raw is not None else text,
                    page=1, bbox=self.where(start, end), confidence=confidence)


def _detach(raw: str, known: set[str], *, paren: bool = True) -> tuple[str, tuple[str, ...]]:
    """Cell text without footnote markers, and the markers as ``F1``... in order."""
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        ident = match[1]
        found.append(ident.upper() if ident[:1] in "fF" else f"F{ident}")
        return " "

    text = _SUP.sub(take, raw)
    text = _BRACKET.sub(take, text)
    text = _plain(text)
    if paren:
        tail: list[str] = []
        while True:
            match = _PAREN_TAIL.search(text)
            if not match or (known and f"F{match[1]}" not in known):
                break
            if match.start() and text[match.start() - 1].isspace() and not tail:
                break  # "Stock (2)": a paren marker attaches to its value
            tail.insert(0, f"F{match[1]}")
            text = text[: match.start()].rstrip()
        found.extend(tail)
    return text, tuple(dict.fromkeys(found))


# -- the reader ----------------------------------------------------------------------------
class _Reader:
    def __init__(self, text: str) -> None:
        self.doc = _Text(text)
        self.text = text
        self.known: set[str] = set()
        self.paren = True
        self.warnings: list[StageError] = []
        self.detached: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.footnotes: list[tuple[str, Cell]] = []
        self.remarks: Cell | None = None
        self.signatures: list[SignatureLine] = []

    def fail(self, code: str, message: str) -> LayoutError:
        return LayoutError(message, code=code)

    def form(self) -> tuple[str, str | None, int]:
        label = _FORM_LABEL.search(self.text[:4000])
        for form, pattern in _TITLES:
            match = pattern.search(self.text)
            if match:
                doc_type = None
                if label:
                    doc_type = label[1] + ("/A" if label[2] else "")
                return form, doc_type, match.end()
        if label:
            return label[1], label[1] + ("/A" if label[2] else ""), label.end()
        raise self.fail("E101", "no Form 3/4/5 title found; tried 'STATEMENT OF CHANGES IN "
                        "BENEFICIAL OWNERSHIP', 'INITIAL STATEMENT OF BENEFICIAL OWNERSHIP', "
                        "'ANNUAL STATEMENT OF CHANGES', 'FORM 4'")

    # -- regions
    def parse(self) -> FormGrid:
        form, doc_type, title_end = self.form()
        t1 = _TABLE1.search(self.text, title_end)
        if t1 is None:
            raise self.fail("E102", "no Table I header found; tried anchors 'Table I -', "
                            "'Table I:'")
        t2 = _TABLE2.search(self.text, t1.end())
        t2_line = self.text.rfind("\n", 0, t2.start()) + 1 if t2 else 0
        expl = _EXPLANATION.search(self.text, (t2 or t1).end())
        sig_label = _SIGNATURE_LABEL.search(self.text, (expl or t2 or t1).end())
        notes_end = sig_label.start() if sig_label else len(self.text)
        tail_start = expl.start() if expl else notes_end
        remarks = _REMARKS.search(self.text, (t2 or t1).end(), notes_end)
        if not expl and remarks:
            tail_start = remarks.start()
        # Joint filers: box 1 repeated after the tables.
        joint = _BOXES["name"].search(self.text, (t2 or t1).end(), tail_start)
        tables_end = self.box_start(joint.start(), 0) if joint else tail_start
        self.footnotes = self.notes(expl.end() if expl else tail_start, remarks, notes_end)
        self.known = {fid for fid, _ in self.footnotes}
        # "(1)" is a marker only in documents that print no <sup> or [F1] markers.
        self.paren = not (_SUP.search(self.text) or _BRACKET.search(self.text))
        header = self.header(title_end, t1.start(), doc_type)
        owners = [self.owner(title_end, t1.start())]
        if joint:
            listed = self.joint_owners(joint.start(), tail_start)
            if listed and listed[0] is not None and owners[0] is not None and \
                    listed[0].is_director is None:  # joint list without relationship boxes
                rel = {k: getattr(owners[0], k) for k in _RELATION_FIELDS}
                listed[0] = listed[0].model_copy(update=rel)
            owners = listed or owners
        spec = layout_for_form(form)
        tables = [self.table("I", t1.end(), t2_line if t2 else tables_end, spec.table1)]
        if t2:
            tables.append(self.table("II", t2.end(), tables_end, spec.table2))
        return FormGrid(
            form=form,  # type: ignore[arg-type]
            source=Source.TEXT,
            layout=LAYOUT_NAME,
            header=header,
            owners=[o for o in owners if o is not None],
            tables=tables,
            footnotes=self.footnotes,
            remarks=self.remarks,
            signatures=self.signatures,
        )

    # -- header boxes
    def boxes(self, start: int, end: int) -> dict[str, tuple[int, int]]:
        """``{box: (content_start, content_end)}`` for the first of each box in the span."""
        found: list[tuple[int, int, str]] = []
        for key, pattern in _BOXES.items():
            match = pattern.search(self.text, start, end)
            if match:
                found.append((self.box_start(match.start(), start), match.end(), key))
        found.sort()
        spans: dict[str, tuple[int, int]] = {}
        for i, (_, content_start, key) in enumerate(found):
            stop = found[i + 1][0] if i + 1 < len(found) else end
            spans[key] = (content_start, stop)
        return spans

    def box_start(self, label: int, floor: int) -> int:
        """Where a box begins: its label, or the ``5.`` number printed before it."""
        number = _BOX_NUMBER.search(self.text, max(floor, label - 6), label)
        return number.start() if number else label

    def date_cell(self, start: int, end: int) -> Cell | None:
        """The first date-like value in a box (boxes 3 and 4 hold one date)."""
        values = [v for v in _values(self.text[start:end]) if re.search(r"\d", v[0])]
        if not values:
            return None
        text, s, e = values[0]
        text, notes = _detach(text, self.known, paren=False)
        return self.doc.cell(text, start + s, start + e, footnotes=notes)

    def header(self, start: int, end: int, doc_type: str | None) -> dict[str, Cell]:
        header: dict[str, Cell] = {}
        if doc_type:
            header["document_type"] = Cell(text=doc_type, page=1)
        spans = self.boxes(start, end)
        if "issuer" in spans:
            s, e = spans["issuer"]
            values = _values(self.text[s:e])
            if values:
                vs, ve = values[0][1], values[-1][2]
                text = _plain(self.text[s + vs:e])  # "<b>NAME</b> [ <b>SYM</b> ]" too
                match = re.match(r"^(.*?)\s*\[\s*(.*?)\s*\]\s*$", text)
                name, symbol = (match[1], match[2]) if match else (text, "")
                header["issuer_name"] = self.doc.cell(name, s + vs, s + ve)
                if symbol:
                    header["issuer_trading_symbol"] = self.doc.cell(symbol, s + vs, s + ve)
        for key, box in (("period_of_report", "period"),
                         ("date_of_original_submission", "amend")):
            if box in spans:
                cell = self.date_cell(*spans[box])
                if cell is not None:
                    header[key] = cell
        for key, pattern in _HEADER_CHECKS.items():
            match = pattern.search(self.text, start, end)
            if match:
                line_start = self.text.rfind("\n", 0, match.start()) + 1
                state = _checked(self.text[line_start:match.start()])
                header[key] = self.doc.cell(state, match.start(), match.end())
        return header

    def owner(self, start: int, end: int) -> OwnerBox | None:
        spans = self.boxes(start, end)
        if "name" not in spans:
            return None
        return self.owner_box(spans["name"], spans.get("relationship"))

    def joint_owners(self, start: int, end: int) -> list[OwnerBox | None]:
        anchors = [self.box_start(m.start(), start)
                   for m in _BOXES["name"].finditer(self.text, start, end)]
        owners = []
        for i, anchor in enumerate(anchors):
            stop = anchors[i + 1] if i + 1 < len(anchors) else end
            owners.append(self.owner(anchor, stop))
        return owners

    def owner_box(self, name_span: tuple[int, int],
                  rel_span: tuple[int, int] | None) -> OwnerBox:
        s, e = name_span
        content = self.text[s:e]
        segments: list[tuple[int, int]] = []
        position = 0
        for slot in _NAME_SLOTS:
            match = slot.search(content, position)
            if match is None:
                segments.append((position, position))
                continue
            segments.append((position, match.start()))
            position = match.end()
        fields: dict[str, Cell | None] = {}

        def cells(segment: tuple[int, int], keep_empty: bool = False) -> list[Cell]:
            a, b = segment
            return [self.doc.cell(v, s + a + vs, s + a + ve)
                    for v, vs, ve in _values(content[a:b], keep_empty=keep_empty)]

        names = cells(segments[0])
        fields["name"] = Cell(text=" ".join(c.text for c in names), page=1,
                              bbox=names[0].bbox) if names else None
        streets = cells(segments[1], keep_empty=True)
        fields["street1"] = streets[0] if streets and streets[0].text else None
        rest = [c for c in streets[1:] if c.text]
        fields["street2"] = (Cell(text=" ".join(c.text for c in rest), page=1,
                                  bbox=rest[0].bbox) if rest else None)
        places = cells(segments[2])
        if len(places) == 3:
            fields["city"], fields["state"], fields["zip_code"] = places
        elif places:
            first = places[0]
            city, state, zip_code = _split_place(" ".join(c.text for c in places))
            for key, value in (("city", city), ("state", state), ("zip_code", zip_code)):
                if value:
                    fields[key] = first.model_copy(update={"text": value, "raw": value})
        if rel_span is not None:
            fields.update(self.relationship(*rel_span))
        return OwnerBox(**fields)

    def relationship(self, start: int, end: int) -> dict[str, Cell | None]:
        out: dict[str, Cell | None] = {}
        position = start
        for key, pattern in _RELATIONS:
            match = pattern.search(self.text, position, end)
            if not match:
                continue
            out[key] = self.doc.cell(_checked(self.text[position:match.start()]),
                                     match.start(), match.end())
            position = match.end()
        values = _values(self.text[position:end])
        cells = [self.doc.cell(v, position + vs, position + ve) for v, vs, ve in values]
        officer = out.get("is_officer")
        other = out.get("is_other")
        if len(cells) >= 2:
            out["officer_title"], out["other_text"] = cells[0], cells[1]
        elif cells:
            only_other = (other is not None and other.text == "1"
                          and not (officer is not None and officer.text == "1"))
            out["other_text" if only_other else "officer_title"] = cells[0]
        return out

    # -- notes, remarks, signatures
    def paragraphs(self, start: int, end: int) -> list[tuple[str, int, int]]:
        out = []
        for match in re.finditer(r"[^\n]+", self.text[start:end]):
            if match[0].strip():
                out.append((match[0], start + match.start(), start + match.end()))
        return out

    @staticmethod
    def signature_strong(line: str) -> bool:
        """A line that can only be a signature: ``/s/ ...`` or a name and a date in cells."""
        plain = _note_text(line)
        return plain.lower().startswith(("/s/", "s/")) or bool(
            re.search(r"\S\s*\t\s*\S*\d{1,2}/\d{1,2}/\d{2,4}\S*\s*$", line))

    @staticmethod
    def signature_like(line: str) -> bool:
        plain = _note_text(line)
        return bool(_DATE_TAIL.search(plain)) or plain.lower().startswith(("/s/", "s/"))

    def notes(self, start: int, remarks: re.Match[str] | None,
              end: int) -> list[tuple[str, Cell]]:
        lines = self.paragraphs(start, end)
        # Signature lines: the run of signature-like lines right before the label.
        sig_from = len(lines)
        while sig_from > 0 and self.signature_like(lines[sig_from - 1][0]) and not (
            remarks is not None and lines[sig_from - 1][1] <= remarks.start()
        ) and not _FOOTNOTE_LINE.match(lines[sig_from - 1][0]):
            sig_from -= 1
        if sig_from == len(lines) and lines and not _FOOTNOTE_LINE.match(lines[-1][0]) \
                and not _EXPLANATION.search(lines[-1][0]):
            sig_from -= 1  # a signature without a date
        if remarks is not None:
            first_after = next((i for i, ln in enumerate(lines) if ln[1] > remarks.start()),
                               len(lines))
            if first_after < len(lines) and not self.signature_strong(lines[first_after][0]):
                sig_from = max(sig_from, first_after + 1)  # remarks that end with a date
        self.signatures = [self.signature(*line) for line in lines[sig_from:]]
        footnotes: list[tuple[str, list[str], int, int]] = []
        remark_lines: list[tuple[str, int, int]] = []
        for line, s, e in lines[:sig_from]:
            if remarks is not None and s >= remarks.start():
                if not _REMARKS.fullmatch(line):
                    remark_lines.append((line, s, e))
                continue
            match = _FOOTNOTE_LINE.match(line)
            if match:
                footnotes.append((f"F{match[1]}", [match[2]], s + match.start(2), e))
            elif footnotes:
                footnotes[-1][1].append(line)
        self.remarks = None
        if remark_lines:
            text = _note_text(" ".join(line for line, _, _ in remark_lines))
            self.remarks = self.doc.cell(text, remark_lines[0][1], remark_lines[0][2],
                                         raw="\n".join(line for line, _, _ in remark_lines))
        return [(fid, self.doc.cell(_note_text(" ".join(parts)), s, e, raw="\n".join(parts)))
                for fid, parts, s, e in footnotes]

    def signature(self, line: str, start: int, end: int) -> SignatureLine:
        plain = _note_text(line)
        match = _DATE_TAIL.search(plain)
        name = plain[: match.start()].strip() if match else plain
        date = match[1] if match else ""
        at = line.rfind(date) if date else -1
        name_end = start + at if at >= 0 else end
        return SignatureLine(
            name=self.doc.cell(name, start, name_end, raw=line) if name else None,
            date=self.doc.cell(date, start + at, start + at + len(date)) if at >= 0 else None,
        )

    # -- tables
    def table(self, label: str, start: int, end: int, spec: TableSpec) -> TableGrid:
        lines = self.paragraphs(start, end)
        header_at = next((i for i, (line, _, _) in enumerate(lines)
                          if re.search(r"(?:^|\s)1\s*\.\s*Title\s+of", line, re.I)), None)
        if header_at is None:
            raise self.fail("E104", f"no column header row ('1. Title of ...') in Table {label}")
        keys = [c.key for c in spec.columns]
        tops = list(dict.fromkeys(k.split(".")[0] for k in keys))
        printed: list[str] = []
        last = header_at
        for last in range(header_at, min(header_at + 8, len(lines))):  # labels may wrap
            printed += [m[1] for m in _TOP.finditer(lines[last][0])]
            if len(printed) >= len(tops):
                break
        if printed != tops:
            raise self.fail("E105", f"Table {label} columns {printed} do not match the form's "
                            f"{tops}")
        body = lines[last + 1:]
        sub_line = None
        while body and _is_subheader(body[0][0]):
            sub_line = body[0][0] if sub_line is None else sub_line
            body = body[1:]
        starts = (_column_starts(lines[header_at][0], sub_line, keys) if last == header_at
                  else None)
        rows = self.rows(body, spec, starts)
        return TableGrid(table=label, rows=rows)  # type: ignore[arg-type]

    def detach(self, raw: str) -> tuple[str, tuple[str, ...]]:
        """``_detach`` with this document's footnotes and marker style, memoised."""
        found = self.detached.get(raw)
        if found is None:
            found = self.detached[raw] = _detach(raw, self.known, paren=self.paren)
        return found

    def fits_by_position(self, fields: list[str], spec: TableSpec) -> bool:
        """True when tab fields, taken as columns 1, 2, ..., each look like their column."""
        if len(fields) > len(spec.columns) or all(f.strip() for f in fields):
            return False
        for field, column in zip(fields, spec.columns, strict=False):
            text, notes = self.detach(field)
            if (text or notes) and _fit(text, column.type, bool(notes)) <= 0:
                return False
        return True

    def aligned(self, line: str, spec: TableSpec, row_no: int, start: int, end: int
                ) -> tuple[dict[str, tuple[str, tuple[int, int]]], dict[str, float]]:
        """Cells of a row that leaves empty cells out, placed by what each value looks like."""
        keys = [c.key for c in spec.columns]
        found = split_fields(line)
        texts = [self.detach(f) for f, _, _ in found]
        picks = align_fields([t for t, _ in texts], [bool(n) for _, n in texts], spec)
        assigned = {keys[k]: (found[j][0], (found[j][1], found[j][2]))
                    for j, k in enumerate(picks)}
        confidence = {key: ALIGNED_CONFIDENCE for key in assigned}
        if _guessed_side([t for t, _ in texts], picks, spec):
            side = "5.a" if "5.a" in assigned else "5.d"
            confidence[side] = GUESSED_CONFIDENCE
            self.warnings.append(StageError(
                stage=STAGE, code="E110", severity="warning",
                path=f"derivativeTable/row[{row_no}]/{side}",
                message=f"line {self.doc.where(start, end)[1]:.0f}: Table II amount put under "
                        f"5 {'(D)' if side == '5.d' else '(A)'} by its transaction code; the "
                        "rendering leaves empty cells out"))
        return assigned, confidence

    def rows(self, lines: list[tuple[str, int, int]], spec: TableSpec,
             starts: dict[int, str] | None) -> list[GridRow]:
        keys = [c.key for c in spec.columns]
        n = len(keys)
        fixed = starts is not None and not any("\t" in line for line, _, _ in lines)

        def tab_fields(line: str) -> list[str]:
            fields = line.split("\t")
            while len(fields) > n and not fields[-1].strip():
                fields.pop()
            return fields

        counts = [len(tab_fields(line)) for line, _, _ in lines]
        positional = any("\t" in line for line, _, _ in lines) and n in counts and max(counts) <= n
        out: list[GridRow] = []
        i = 0
        while i < len(lines):
            line, s, e = lines[i]
            confidence: dict[str, float] = {}
            if positional:
                fields = tab_fields(line)
                while len(fields) < n and i + 1 < len(lines):  # a row broken inside a cell
                    more = tab_fields(lines[i + 1][0])
                    if len(fields) + len(more) - 1 > n:
                        break
                    fields[-1] = fields[-1].rstrip() + " " + more[0].lstrip()
                    fields.extend(more[1:])
                    i += 1
                spans = _tab_spans(line, len(fields))
                assigned = {keys[j]: (fields[j], spans[j]) for j in range(min(n, len(fields)))}
                if out and _continuation(assigned, spec):
                    out[-1] = _extend_row(out[-1], assigned, self.known, self.paren)
                    i += 1
                    continue
            elif fixed and starts is not None and (placed := _by_column(line, starts)):
                assigned = placed  # fixed-width columns: by character position
            elif "\t" in line and self.fits_by_position(tab_fields(line), spec):
                fields = tab_fields(line)  # only trailing empty cells left out
                spans = _tab_spans(line, len(fields))
                assigned = {keys[j]: (fields[j], spans[j]) for j in range(len(fields))}
            else:
                assigned, confidence = self.aligned(line, spec, len(out) + 1, s, e)
            cells: dict[str, Cell] = {}
            for key, (raw, (a, b)) in assigned.items():
                text, notes = self.detach(raw)
                if not text and not notes:
                    continue
                cells[key] = self.doc.cell(text, s + a, s + b, footnotes=notes, raw=raw.strip(),
                                           confidence=confidence.get(key, 1.0))
            if cells:
                out.append(GridRow(cells=cells, page=1, bbox=self.doc.where(s, e)))
            i += 1
        return out


def _continuation(assigned: dict[str, tuple[str, tuple[int, int]]], spec: TableSpec) -> bool:
    """A line that only continues text cells of the row above (a wrapped cell)."""
    text_keys = {c.key for c in spec.columns if c.type == "text"}
    filled = [key for key, (raw, _) in assigned.items() if raw.strip()]
    return bool(filled) and all(key in text_keys for key in filled)


def _extend_row(row: GridRow, assigned: dict[str, tuple[str, tuple[int, int]]],
                known: set[str], paren: bool) -> GridRow:
    cells = dict(row.cells)
    for key, (raw, _) in assigned.items():
        if not raw.strip():
            continue
        old = cells.get(key)
        joined = f"{old.raw or old.text} {raw.strip()}" if old else raw.strip()
        text, notes = _detach(joined, known, paren=paren)
        base = old or Cell(page=1)
        cells[key] = base.model_copy(update={"text": text, "footnotes": notes, "raw": joined})
    return row.model_copy(update={"cells": cells})


def _by_column(line: str, starts: dict[int, str]) -> dict[str, tuple[str, tuple[int, int]]]:
    """Fields of a fixed-width line under the column they overlap most; {} on a clash."""
    edges = sorted(starts)
    out: dict[str, tuple[str, tuple[int, int]]] = {}
    for text, a, b in split_fields(line):
        best, overlap = None, 0
        for i, x in enumerate(edges):
            stop = edges[i + 1] if i + 1 < len(edges) else 10**9
            width = min(b, stop) - max(a, x)
            if width > overlap:
                best, overlap = starts[x], width
        if best is None or best in out:
            return {}
        out[best] = (text, (a, b))
    return out


def _column_starts(header: str, sub_line: str | None, keys: list[str]) -> dict[int, str] | None:
    """``{character column: key}`` when the header rows place every column (fixed width)."""
    if "\t" in header or (sub_line is not None and "\t" in sub_line):
        return None
    tops = {m[1]: m.start() for m in _TOP.finditer(header)}
    subs = [(x, text) for text, x, _ in split_fields(sub_line or "")]
    starts: dict[int, str] = {}
    numbers = list(dict.fromkeys(k.split(".")[0] for k in keys))
    for i, number in enumerate(numbers):
        own = [k for k in keys if k.split(".")[0] == number]
        if number not in tops:
            return None
        if len(own) == 1 and "." not in own[0]:
            starts[tops[number]] = own[0]
            continue
        stop = tops.get(numbers[i + 1], 10**9) if i + 1 < len(numbers) else 10**9
        inside = [x for x, _ in subs if tops[number] <= x < stop]
        if len(inside) != len(own):
            return None
        starts.update(zip(inside, own, strict=True))
    return starts


def _tab_spans(line: str, count: int) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for field in line.split("\t"):
        spans.append((position, position + len(field)))
        position += len(field) + 1
    while len(spans) < count:
        spans.append((len(line), len(line)))
    return spans


_SUB_WORDS = re.compile(
    r"^(?:Code|V|Amount|\(A\)\s*or\s*\(D\)|Price|\(A\)|\(D\)|Date\s+Exercisable|"
    r"Expiration\s+Date|Title|Amount\s+or\s+Number\s+of\s+Shares|Date|Exercisable|"
    r"Expiration|Amount\s+or|or\s+Number\s+of\s+Shares|Number\s+of\s+Shares)$", re.I)


def _is_subheader(line: str) -> bool:
    fields = [f.strip() for f in re.split(r"\t|\s{2,}", line) if f.strip()]
    return bool(fields) and all(_SUB_WORDS.match(_plain(f)) for f in fields)


def _form_end(text: str, start: int) -> int:
    """Where the printed form ends: after the last closing note following ``start``."""
    end = -1
    for pattern in _CLOSING:
        for match in pattern.finditer(text, start):
            end = max(end, match.end())
    return end


# -- aligning fields of rows that leave empty cells out -----------------------------------
_SHAPES = {
    "date": re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}$|^\d{4}-\d{2}-\d{2}$"),
    "price": re.compile(r"^\(?\$\s*-?[\d,]*\.?\d+\)?$"),
    "number": re.compile(r"^\(?-?[\d,]*\.?\d+\)?$"),
}
_CODES = set("ACDEFGHIJKLMOPSUVWXZ")
#: Codes that usually dispose of a derivative security (Table II column 5 (D)).
_DISPOSING = set("CDEFGHMOSUWX")
_NEVER = -100.0


def _fit(text: str, kind: str, noted: bool) -> float:
    """How well a value looks like a column's kind (higher is better)."""
    if not text:
        return 0.2 if kind == "voluntary" else 1.0 if noted else _NEVER
    upper = text.strip("()").upper()
    if kind == "date":
        return 3.0 if _SHAPES["date"].match(text) else _NEVER
    if kind == "code":
        return 3.0 if upper in _CODES and len(upper) == 1 else _NEVER
    if kind == "voluntary":
        return 3.0 if upper == "V" else _NEVER
    if kind == "ad":
        return 3.0 if upper in ("A", "D") else _NEVER
    if kind == "di":
        return 3.0 if upper in ("D", "I") else _NEVER
    if kind == "price":
        return 3.0 if _SHAPES["price"].match(text) else 1.0 if _SHAPES["number"].match(
            text) else _NEVER
    if kind in ("amount", "amount_acquired", "amount_disposed"):
        return 3.0 if _SHAPES["number"].match(text) else 2.0 if _SHAPES["price"].match(
            text) else _NEVER
    return 2.0 if not (_SHAPES["date"].match(text) or _SHAPES["number"].match(text)) else 0.5


def align_fields(texts: list[str], noted: list[bool], spec: TableSpec) -> list[int]:
    """Column index for each field, in order, maximising how well values fit their columns.

    Ties go to the earlier column, after a small preference for the columns a holding row
    fills and against footnote-only amounts."""
    kinds = [c.type for c in spec.columns]
    bonus = [(0.1 if c.key in spec.holding_keys else 0.0) for c in spec.columns]
    n, m = len(texts), len(kinds)
    if n > m:
        texts, noted, n = texts[:m], noted[:m], m
    best = [[_NEVER * 10.0] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    for k in range(m + 1):
        best[0][k] = 0.0
    for i in range(1, n + 1):
        for k in range(i, m + 1):
            skip = best[i][k - 1] if k > i else _NEVER * 10.0
            fit = _fit(texts[i - 1], kinds[k - 1], noted[i - 1])
            if not texts[i - 1] and kinds[k - 1].startswith("amount"):
                fit -= 0.5
            take = best[i - 1][k - 1] + fit + bonus[k - 1]
            if take > skip:
                best[i][k], back[i][k] = take, 1
            else:
                best[i][k], back[i][k] = skip, 0
    picks: list[int] = []
    k = m
    for i in range(n, 0, -1):
        while back[i][k] == 0:
            k -= 1
        picks.append(k - 1)
        k -= 1
    picks.reverse()
    return _acquired_or_disposed(texts, picks, kinds)


def _guessed_side(texts: list[str], picks: list[int], spec: TableSpec) -> bool:
    """True when a lone Table II amount's (A)/(D) column came from the code prior."""
    kinds = [c.type for c in spec.columns]
    if "amount_acquired" not in kinds:
        return False
    sides = [j for j, k in enumerate(picks) if kinds[k] in ("amount_acquired", "amount_disposed")]
    return len(sides) == 1 and bool(texts[sides[0]])


def _acquired_or_disposed(texts: list[str], picks: list[int], kinds: Sequence[str]
                          ) -> list[int]:
    """Table II (A) vs (D): a lone amount goes under (D) for codes that usually dispose."""
    if "amount_acquired" not in kinds:
        return picks
    a, d = kinds.index("amount_acquired"), kinds.index("amount_disposed")
    code = next((texts[j].strip("()").upper() for j, k in enumerate(picks)
                 if kinds[k] == "code"), "")
    want = d if code in _DISPOSING else a
    amounts = [j for j, k in enumerate(picks) if k in (a, d) and texts[j]]
    if len(amounts) != 1 or picks.count(a) + picks.count(d) != 1:
        return picks
    return [want if k in (a, d) else k for k in picks]


def split_fields(line: str) -> list[tuple[str, int, int]]:
    """Non-empty fields of a row separated by tabs or runs of two or more spaces."""
    return [(m[0], m.start(), m.end())
            for m in re.finditer(r"[^\t ]+(?: [^\t ]+)*", line)]


def parse_text_layout(text: str) -> tuple[FormGrid, list[StageError]]:
    """The grid of a text rendering and the reader's coded warnings (guessed placements)."""
    reader = _Reader(text.replace("\r\n", "\n").replace("\r", "\n"))
    grid = reader.parse()
    return grid, reader.warnings


def parse_text_grid(text: str) -> FormGrid:
    """Locate boxes, tables, columns, rows, footnotes and signatures of a text rendering."""
    return parse_text_layout(text)[0]


def read_text_rendering(data: bytes, *, path: str) -> ReadOutcome:
    """Read a text rendering: its ``Filing`` (via ``build_filing``) and any appended POA."""
    from extract.fields.build import build_filing

    if not data.strip():
        raise InputError("empty input", code="E002", path=path)
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    try:
        grid, warnings = parse_text_layout(text)
    except LayoutError as exc:
        exc.path = path
        raise
    filing, errors = build_filing(grid)
    warnings += errors
    attachments: dict[str, str] = {}
    label = _SIGNATURE_LABEL.search(text)
    if label:
        end = _form_end(text, label.end())
        rest = text[end:].strip() if end >= 0 else ""
        if rest:
            attachments["POA"] = rest
    return ReadOutcome(kind=MediaKind.TEXT_RENDERING, filing=filing, warnings=warnings,
                       attachments=attachments, pages=1)
