"""Regions and tables -> ``FormGrid``: the layout engine's output for any page reader.

Header boxes are located from their anchors: a box runs right to the next anchor on its row
and down to the next anchor below it; its label line is dropped and the rest is its value.
Tables go through the strategies in ``extract.tables`` (the best-scoring one per region);
a table that continues on a later page reuses the column plan of the page before when its
header is not repeated.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from rapidfuzz import fuzz

from extract.ir.document import Document, Line, Page, Word
from extract.ir.grid import Cell, FormGrid, GridRow, OwnerBox, SignatureLine, TableGrid
from extract.ir.result import StageError
from extract.ir.values import Issue, Severity, Source
from extract.layout.anchors import AnchorHit, LayoutSpec, TextLine, find_anchor, group_lines
from extract.layout.detect import Detection
from extract.tables.base import ColumnPlan, analyse_header
from extract.tables.lattice import LatticeStrategy
from extract.tables.rows import cell_from_words, join_wrapped, row_cuts, split_rows
from extract.tables.stream import StreamStrategy

__all__ = ["STRATEGIES", "to_grid", "table_plans"]

STAGE = "layout.to_grid"
STRATEGIES = {"tables.lattice.v1": LatticeStrategy(), "tables.stream.v1": StreamStrategy()}
_MARKS = {"x", "(x)", "[x]", "☒", "☑", "✓", "✔", "✗", "✘", "(x", "x)"}
_BOX_ANCHORS = ("title", "box1", "box2", "irs", "period", "amendment", "relationship", "joint",
                "table1", "not_subject", "aff10b5", "form3_holdings", "form4_transactions",
                "no_securities")
_FORM_WORD = re.compile(r"^([345])(/A)?$", re.I)
_NOTE_START = re.compile(r"^\(?(\d{1,3})[.)](?:\s+|$)(.*)$")
# OCR loses a footnote number's full stop or reads it as a comma ("1 The option", "4, These"):
# a bare number then starts the note only when it is the one expected and a capital follows
_OPENERS = frozenset({"The", "These", "This", "Each", "Represents", "Includes", "Reflects",
                      "Consists", "Shares", "On", "In", "Pursuant", "Held", "Reported", "Price",
                      "Not", "Of", "As", "Securities", "Mr.", "Ms.", "Dr."})
_NOTE_LOOSE = re.compile(r"^\(?(\d{1,3})[,:;]?\s+[A-Z(\"]")
#: a speck OCR read in front of a note's number ("-2. SC US", "'5. The")
_SPECK_LEAD = re.compile(r"^[-'`.,*_~\u2018\u2019\u00b7](?=\(?\d{1,3}[.)])")
_DATE_LIKE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}")
_NEXT_BOX = re.compile(r"^\s*6\.\s|Individual or Joi|Table I\b", re.I)
_SYMBOL = re.compile(r"[A-Z][A-Z.\-]{0,5}")
_TICKER_FOLD = str.maketrans("501862¥€£$", "SOIBGZYELS")  # a ticker is capital letters
_STATE_ZIP = re.compile(r"^(.*?)[, ]+([A-Z]{2})\s+(\d{5}(?:-\d{4})?)$")


def _mark_above(line: TextLine, name: str, variant: str) -> AnchorHit:
    """A stand-in label hit just above ``line`` (for a label OCR did not read)."""
    y = line.top - 0.5
    word = Word(variant, variant, (line.x0, y - 0.1, line.x0 + 1.0, y), line.page_no, 0.0,
                Source.OCR)
    return AnchorHit(name, variant, 0.0, (word,), TextLine((word,), variant, ((0, len(variant)),)))


#: what a speck or an erased rule's stub reads as at the edge of a scanned word
SPECKS = "-_.,'|"


def _is_mark(w: Word) -> bool:
    """A tick in a check box: "X" and its bracketed forms; a scan's X may carry a speck of the
    box's erased edge ("-X", "X.") or be read twice over ("xX")."""
    text = w.text.lower()
    if w.source is Source.OCR:
        if _BOXED_X.fullmatch(text):
            return True
        text = text.strip(SPECKS)
        if text == "xx":
            text = "x"
    return text in _MARKS


#: an X read with both edges of its box ("Ix]", "[x|", "(xl")
_BOXED_X = re.compile(r"[il|\[({]x[il|\])}]")


def _label_word(hit: AnchorHit) -> Word:
    """A check box label's first word: OCR may start the match with the tick or a speck
    beside it ("x rector", "= Orrector" for "X Director")."""
    return next((w for w in hit.words if not _is_mark(w) and any(c.isalnum() for c in w.text)),
                hit.words[0])


def _cell(words: list[Word], text: str | None = None, conf: float = 1.0) -> Cell | None:
    if not words and not text:
        return None
    c = cell_from_words(words, None, fixed_width=False, confidence=conf)
    if text is not None:
        return c.model_copy(update={"text": text})
    return c


#: Lines of one wrapped value sit about 1.2-1.4 font sizes apart; separate table rows
#: (cell padding and spacing added) further. Below this ratio two lines may be one value.
ROW_PITCH = 1.46


def _separate_rows(upper: TextLine, lower: TextLine, *, by_height: bool = False) -> bool:
    """True when ``lower`` is too far below ``upper`` to continue the same value. With
    ``by_height``, words without a font size (OCR) take it from the upper line's median word
    height (a capital's height is about 0.7 of the size)."""
    size = max((w.size for w in upper.words), default=0.0)
    if not size and by_height and upper.words:
        heights = sorted(w.height for w in upper.words)
        size = heights[len(heights) // 2] / 0.7
    if not size:
        return False
    base_upper = max(w.bottom for w in upper.words)
    base_lower = max(w.bottom for w in lower.words)
    return base_lower - base_upper > ROW_PITCH * size


def _cell_lines(lines: list[TextLine]) -> Cell | None:
    """A cell of whole lines kept in their order (not re-grouped by height)."""
    if not lines:
        return None
    words = [w for ln in lines for w in ln.words]
    cell = _cell(words)
    if cell is None:
        return None
    return cell.model_copy(update={"text": " ".join(ln.text for ln in lines)})


def _lines_text(lines: list[TextLine]) -> str:
    return " ".join(ln.text for ln in lines).strip()


class _Reader:
    def __init__(self, doc: Document, det: Detection) -> None:
        self.doc = doc
        self.det = det
        self.spec: LayoutSpec = det.layout
        self.pages = {p.page_no: p for p in doc.pages}
        self.notes: list[StageError] = []
        self.fixed = doc.family == "legacy-ascii"
        self._fonts: dict[int, bool] = {}
        self.stitched = False  # a virtual page joined across a page break

    # -- geometry -------------------------------------------------------------------
    def page(self, no: int) -> Page:
        return self.pages[no]

    def stoppers(self, page_no: int) -> list[AnchorHit]:
        out = []
        for name, hits in self.det.hits.items():
            if name in _BOX_ANCHORS or name in ("table2", "explanation", "remarks", "signature"):
                out += [h for h in hits if h.page_no == page_no and h.score >= 85]
        return out

    def box(self, hit: AnchorHit) -> tuple[float, float, float, float]:
        page = self.page(hit.page_no)
        u = page.unit
        left = hit.x0
        before = [w for w in hit.line.words if w.x1 <= hit.x0 + 0.1 and hit.x0 - w.x1 < 1.5 * u]
        if before and re.match(r"^\(?\d{1,2}[.)]?$", before[-1].text):
            left = before[-1].x0
        left -= 1.0 * u
        right = page.width
        others = [h for h in self.stoppers(hit.page_no) if h is not hit]
        for h in others:
            start = _label_start(h, u)
            if h.x0 > hit.x0 + 3 * u and h.top <= hit.top + 1.5 * u and start - 1.5 * u < right \
                    and self._column_bottom(h, [*others, hit]) > hit.top + 0.5 * u:
                right = start - 1.5 * u
        if self.fixed:
            right = page.width
        bottom = page.height
        for h in others:
            # a box to the right whose label starts at this box's edge ("4.Amendment" with its
            # number read onto the word) is the next column's, not one below this box
            if h.top > hit.bottom + 0.2 * u and h.x0 < right - u and h.x1 > left \
                    and h.top < bottom:
                bottom = h.top - 0.1 * u
        return (left, hit.top, right, bottom)

    def _column_bottom(self, hit: AnchorHit, others: list[AnchorHit]) -> float:
        """Where the box under ``hit`` ends, judged by anchors below it in its columns."""
        u = self.page(hit.page_no).unit
        below = [h.top for h in others if h is not hit and h.top > hit.bottom + 0.2 * u
                 and h.x0 < hit.x1 + u and h.x1 > hit.x0 - u]
        return min(below, default=self.page(hit.page_no).height)

    def words_in(self, page_no: int, bbox: tuple[float, float, float, float]) -> list[Word]:
        x0, top, x1, bottom = bbox
        return [w for w in self.page(page_no).words
                if x0 <= w.xc <= x1 and top <= w.yc <= bottom]

    def values_below_label(self, hit: AnchorHit, bbox: tuple[float, float, float, float]
                           ) -> list[Word]:
        """Words of a box minus its label line(s)."""
        words = self.words_in(hit.page_no, bbox)
        label_font = {w.font for w in hit.words}
        label_size = max(w.size for w in hit.words)
        out = [w for w in words if w.yc > hit.bottom - 0.1 * self.page(hit.page_no).unit]
        if self.fonts_differ(hit.page_no) and label_font and label_size:
            lines = group_lines(out)
            kept: list[Word] = []
            in_label = True
            for ln in lines:
                if in_label and all(w.font in label_font and abs(w.size - label_size) < 0.3
                                    for w in ln.words):
                    continue
                in_label = False
                kept += ln.words
            out = kept
        return out

    def fonts_differ(self, page_no: int) -> bool:
        """True when the page prints in more than one font (labels and values told apart)."""
        if page_no not in self._fonts:
            self._fonts[page_no] = len({w.font for w in self.page(page_no).words
                                        if w.font}) > 1
        return self._fonts[page_no]

    # -- header -----------------------------------------------------------------------
    def header(self) -> dict[str, Cell]:
        out: dict[str, Cell] = {}
        doc_type = self.document_type()
        if doc_type:
            out["document_type"] = Cell(text=doc_type)
        box2 = self.det.first("box2")
        if box2 is not None:
            name, symbol = self.issuer(box2)
            if name:
                out["issuer_name"] = name
            if symbol:
                out["issuer_trading_symbol"] = symbol
        for key, anchor in (("period_of_report", "period"),
                            ("date_of_original_submission", "amendment")):
            hit = self.det.first(anchor)
            if hit is None:
                continue
            box = self.box(hit)
            words = [w for w in self.values_below_label(hit, box) if not _is_mark(w)]
            # a line of punctuation alone is a speck on a scan, not the value
            lines = [ln for ln in group_lines(words) if any(c.isalnum() for c in ln.text)]
            if self.doc.source is Source.OCR:
                # the label's tail on a line of its own (OCR's words do not line up): the
                # value is the first line that holds a date
                lines = [ln for ln in lines if _DATE_LIKE.search(ln.text)] or lines
            if lines:
                ws = list(lines[0].words)
                cell = cell_from_words(ws, None, fixed_width=False)
                text = _date_text(cell.text)
                if text:
                    out[key] = cell.model_copy(update={"text": text})
            if key == "period_of_report" and key not in out and self.doc.source is Source.OCR:
                # the page reading lost the date (a faint line Tesseract took for noise): a
                # blank cell where it is printed, for the cell re-read to read it from its crop
                out[key] = self._blank_below(hit, box)
        for key, anchor in (("not_subject_to_section16", "not_subject"),
                            ("aff10b5_one", "aff10b5"), ("no_securities_owned", "no_securities"),
                            ("form3_holdings_reported", "form3_holdings"),
                            ("form4_transactions_reported", "form4_transactions")):
            if self.top_checkbox(anchor):
                out[key] = Cell(text="1")
        return out

    def _blank_below(self, hit: AnchorHit, box: tuple[float, float, float, float]) -> Cell:
        """A blank cell for a one-line value under ``hit``'s label, within its ``box``."""
        u = self.page(hit.page_no).unit
        left, _top, right, bottom = box
        bbox = (max(left, hit.x0 - u), hit.bottom + 0.2 * u, min(right, hit.x0 + 22 * u),
                min(bottom, hit.bottom + 3 * u))
        return Cell(text="", raw="", confidence=0.0, page=hit.page_no,
                    bbox=tuple(round(v, 2) for v in bbox))

    def document_type(self) -> str:
        for hit in self.det.ordered("form_number"):
            words = list(hit.line.words)
            for i, w in enumerate(words[:-1]):
                if w.text.upper() == "FORM" and _FORM_WORD.match(words[i + 1].text):
                    text = words[i + 1].text.upper()
                    if text[0] == self.spec.form:
                        return text
        return ""

    def issuer(self, hit: AnchorHit) -> tuple[Cell | None, Cell | None]:
        words = self.values_below_label(hit, self.box(hit))
        if not words:
            return None, None
        lines = group_lines(words)
        flat = [w for ln in lines for w in ln.words]
        while flat and not any(c.isalnum() for c in flat[-1].text):
            if flat[-1].text.strip() in ("]", "}", ")", "|"):
                break  # the closing bracket, as OCR may read it ("[ INTC |")
            flat.pop()  # a speck after the closing bracket
        text = " ".join(w.text for w in flat)
        # OCR reads the brackets around the symbol as "{", "(", "{[" or the closing one as "J"
        opening = next((i for i, w in enumerate(flat) if w.text.startswith("[")), None)
        if opening is None and self.doc.source is Source.OCR:
            opening = next((i for i, w in enumerate(flat) if i > 0 and w.text[:1] in "{(|"
                            and _SYMBOL.fullmatch(re.sub(r"[\[\]{}()|]", "", " ".join(
                                x.text for x in flat[i:])).strip(" .J").upper()
                                .translate(_TICKER_FOLD))), None)
        if opening is not None:
            closing = next((i for i in range(len(flat) - 1, opening - 1, -1)
                            if flat[i].text.endswith("]")), None)
            bracket_j = False
            if closing is None:  # OCR: "}" or ")" right after the symbol
                closing = next((i for i in range(opening, min(len(flat), opening + 4))
                                if flat[i].text.endswith(("}", ")", "J", "|"))), opening)
                bracket_j = flat[closing].text.endswith("J")
            name_words = flat[:opening]
            inner = flat[opening:closing + 1]
            sym = " ".join(w.text for w in inner).strip("[] ").strip()
            if self.doc.source is Source.OCR:
                sym = re.sub(r"[\[\]{}()|]", "", sym).strip()
                # tickers are capitals: a digit is a letter misread ("50" for "SO")
                # the closing bracket read as "J", apart ("UJ" -> "U") or glued on ("[ UJ")
                sym = re.sub(r"\s+J$", "", sym)
                if bracket_j and len(sym) > 1 and sym.endswith("J"):
                    sym = sym[:-1]
                sym = sym.strip(" .-_").upper().translate(_TICKER_FOLD)
            name = cell_from_words(name_words, None, fixed_width=False)
            sym_cell = cell_from_words(inner, None, fixed_width=False)
            return name, sym_cell.model_copy(update={"text": sym}) if sym else None
        # no brackets (legacy): the last short all-caps line is the symbol
        if len(lines) > 1 and re.fullmatch(r"[A-Z.\-]{1,6}", lines[-1].text.strip()):
            return (cell_from_words(
                [w for ln in lines[:-1] for w in ln.words], None, fixed_width=False),
                cell_from_words(list(lines[-1].words), None, fixed_width=False))
        del text
        return cell_from_words(flat, None, fixed_width=False), None

    def top_checkbox(self, anchor: str) -> bool:
        hits = self.det.hits.get(anchor) or []
        if not hits:
            return False
        hit = hits[0]
        page = self.page(hit.page_no)
        u = page.unit
        below = [h for h in self.stoppers(hit.page_no)
                 if h.top > hit.bottom + 0.2 * u and h.x0 < hit.x0 + 2 * u and h is not hit]
        bottom = min([h.top for h in below], default=hit.top + 6 * u)
        bottom = min(bottom, hit.top + 8 * u)
        # the label may begin before the anchor's words ("Check this box if no securities...")
        start = hit.words[0]
        line = list(hit.line.words)
        i = line.index(start) if start in line else 0
        while i > 0 and start.x0 - line[i - 1].x1 < 1.2 * u and not _is_mark(line[i - 1]):
            i -= 1
            start = line[i]
        for w in page.words:
            if _is_mark(w) and start.x0 - 6 * u <= w.x0 and w.x1 <= start.x0 + 0.5 * u \
                    and hit.top - 1.2 * u <= w.yc <= bottom:
                return True
        return False

    # -- owners -------------------------------------------------------------------------
    def owners(self) -> list[OwnerBox]:
        listings = self.det.ordered("box1")
        rel_hits = self.det.ordered("relationship")
        if not listings:
            return []
        first_rel = rel_hits[0] if rel_hits else None
        if len(listings) == 1:
            owner = self.name_address(listings[0], self.box(listings[0]))
            cells = self.relationship(first_rel, self.box(first_rel)) if first_rel else {}
            return [owner.model_copy(update=cells)]
        out = []
        # box 1 heads the form and the owners are listed again below the tables; when OCR
        # lost box 1's label, the first listing found is already an owner's
        tables = [h.top for h in self.det.hits.get("table1", [])
                  if h.page_no == listings[0].page_no]
        heads = listings[0].top < min(tables, default=self.page(listings[0].page_no).height)
        extra = listings[1:] if heads else listings
        for i, hit in enumerate(extra):
            page = self.page(hit.page_no)
            nxt = extra[i + 1] if i + 1 < len(extra) and extra[i + 1].page_no == hit.page_no \
                else None
            stops = [h.top for name in ("explanation", "remarks", "signature")
                     for h in self.det.hits.get(name, [])
                     if h.page_no == hit.page_no and h.top > hit.bottom]
            bottom = min([nxt.top - 0.1 * page.unit] if nxt else [] + stops,
                         default=page.height)
            if nxt is None and stops:
                bottom = min(stops)
            if nxt is None and not stops and hit.page_no + 1 in self.pages:
                stitched = self._stitched_listing(hit)
                if stitched is not None:
                    out.append(stitched)
                    continue
            bbox = (hit.x0 - 3 * page.unit, hit.top, page.width, bottom)
            rel = next((r for r in rel_hits if r.page_no == hit.page_no
                        and hit.top < r.top < bottom), None)
            addr_box = (bbox[0], bbox[1], bbox[2], rel.top - 0.1 * page.unit if rel else bottom)
            owner = self.name_address(hit, addr_box)
            if rel is not None:
                owner = owner.model_copy(update=self.relationship(
                    rel, (bbox[0], rel.top, bbox[2], bottom)))
            elif i == 0 and first_rel is not None:
                owner = owner.model_copy(update=self.relationship(first_rel, self.box(first_rel)))
            out.append(owner)
        return out

    def _stitched_listing(self, hit: AnchorHit) -> OwnerBox | None:
        """A reporting-owner listing that a page break cut in two: the rest of its page and
        the top of the next page, joined into one tall virtual page and read as one box."""
        page, after = self.page(hit.page_no), self.page(hit.page_no + 1)
        u = page.unit
        tops = [h.top for name in ("box1", "explanation", "remarks", "signature", "table1",
                                   "table2") for h in self.det.hits.get(name, [])
                if h.page_no == after.page_no]
        limit = min(tops, default=after.height)
        shift = page.height

        def moved(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
            return (b[0], b[1] + shift, b[2], b[3] + shift)

        words = [w for w in page.words if w.top >= hit.top - 0.5 * u] + [
            Word(w.text, w.orig, moved(w.bbox), page.page_no, w.confidence, w.source, w.size,
                 w.font) for w in after.words if w.bottom <= limit]
        lines = [ln for ln in page.lines if ln.bbox[3] >= hit.top] + [
            Line(moved(ln.bbox), page.page_no) for ln in after.lines if ln.bbox[1] <= limit]
        tall = Page(page.page_no, page.width, shift + limit, tuple(words), tuple(lines),
                    unit=u)
        text_lines = group_lines(words)
        hits = {name: find_anchor(name, variants, text_lines, score_cutoff=88)
                for name, variants in self.spec.anchors.items()
                if name in ("box1", "relationship")}
        first = min(hits.get("box1") or [], key=lambda h: h.top, default=None)
        if first is None:
            return None
        det = Detection(self.spec, self.det.score, self.det.scores, hits,
                        {page.page_no: text_lines})
        reader = _Reader(Document((tall,), self.doc.source, self.doc.path, self.doc.family),
                         det)
        reader.stitched = True
        bottom = tall.height
        rel = min((h for h in hits.get("relationship") or [] if h.top > first.top),
                  key=lambda h: h.top, default=None)
        owner = reader.name_address(first, (first.x0 - 3 * u, first.top, page.width,
                                            rel.top - 0.1 * u if rel else bottom))
        if rel is not None:
            owner = owner.model_copy(update=reader.relationship(
                rel, (first.x0 - 3 * u, rel.top, page.width, bottom)))
        return owner

    def name_address(self, hit: AnchorHit, bbox: tuple[float, float, float, float]) -> OwnerBox:
        page = self.page(hit.page_no)
        u = page.unit
        words = self.values_below_label(hit, bbox)
        lines = group_lines(words)
        sub = {}
        for sub_name, variant in (("last", "(Last)"), ("first", "(First)"),
                                  ("middle", "(Middle)"), ("street", "(Street)"),
                                  ("city", "(City)"), ("state", "(State)"), ("zip", "(Zip)")):
            # OCR reads "(Zip)" as "(2ip)", "(City)" as "(Cry)": a loose match, but only on
            # parenthesised words, and the best-scoring line wins ("(State)" ~ "(Street)")
            found = [h for h in find_anchor(sub_name, [variant], lines, score_cutoff=75)
                     if h.words and h.words[0].text.startswith(("(", "{", "["))]
            if found:
                best = max(h.score for h in found)
                sub[sub_name] = min((h for h in found if h.score == best), key=lambda h: h.top)
        label_words = {id(w) for h in sub.values() for w in h.line.words
                       if w.text.startswith("(")}
        values = [w for w in words if id(w) not in label_words]
        # a row's first label not read ("sLast)", "{Lasy", "(Cry)"), but another on its
        # row: "(First)" or "(Middle)" for "(Last)", "(State)" or "(Zip)" for "(City)"
        for missing, others in (("last", ("first", "middle")), ("city", ("state", "zip"))):
            row = next((sub[k] for k in others if k in sub), None)
            if missing in sub or row is None or self.doc.source is not Source.OCR:
                continue
            variant = f"({missing.capitalize()})"
            word = Word(variant, variant, (bbox[0] + 0.5 * u, row.top, bbox[0] + u, row.bottom),
                        row.page_no, 0.0, Source.OCR)
            sub[missing] = AnchorHit(missing, variant, 0.0, (word,),
                                     TextLine((word,), variant, ((0, len(variant)),)))
        if {"last", "city"} <= sub.keys() and "street" not in sub and self.doc.source is Source.OCR:
            # OCR dropped the small "(Street)" label: the value line just above "(City)" is
            # the city line, the lines between it and the name are the street
            between = group_lines([w for w in values
                                   if sub["last"].bottom <= w.yc < sub["city"].top])
            if between:
                sub["street"] = _mark_above(between[-1], "street", "(Street)")
        if {"last", "street", "city"} <= sub.keys():
            name_ws = [w for w in values if w.yc < sub["last"].top]
            street_ws = [w for w in values if sub["last"].bottom <= w.yc < sub["street"].top]
            city_ws = [w for w in values if sub["street"].bottom <= w.yc < sub["city"].top]
            street_lines = self._unwrap(group_lines(street_ws), bbox)
            cols = sorted([(sub[k].x0, k) for k in ("city", "state", "zip") if k in sub])
            parts: dict[str, list[Word]] = {k: [] for _x, k in cols}
            for w in city_ws:
                key = cols[0][1]
                for x, k in cols:
                    if w.x0 >= x - 0.5 * u:
                        key = k
                parts[key].append(w)
            if "zip" not in sub and len(parts.get("state", [])) >= 2 and re.fullmatch(
                    r"[A-Z]{2}", parts["state"][0].text) and re.fullmatch(
                    r"\d{5}(?:-\d{4})?", parts["state"][-1].text):
                # "(Zip)" not read: "CA 91105" under "(State)" is the state and the zip
                parts["zip"] = parts["state"][1:]
                parts["state"] = parts["state"][:1]
            # an empty first street line leaves a gap: the one printed is street 2. Told by
            # where the one line sits between "(Last)" and "(Street)": near the top, street 1
            # (the EDGAR page: 5-6 pt above, 18 below), lower down, street 2 (7 above, 14 below)
            skip = False
            if not self.stitched and len(street_lines) == 1:
                above = street_lines[0].top - sub["last"].bottom
                below = sub["street"].top - street_lines[0].bottom
                skip = above > 0.42 * max(below, 0.1)
            if self.doc.source is Source.OCR:
                _tidy_city_row(parts)
            return OwnerBox(
                name=_cell(name_ws),
                street1=None if skip else _cell_lines(street_lines[:1]),
                street2=_cell_lines(street_lines[:1] if skip else street_lines[1:]),
                city=_cell(parts.get("city", [])), state=_cell(parts.get("state", [])),
                zip_code=_cell(parts.get("zip", [])))
        # no sub-labels: name, street lines, "City, ST 12345", optional country
        vlines = [ln for ln in lines if not any(_is_mark(w) for w in ln.words)]
        if not vlines:
            return OwnerBox()
        name = _cell(list(vlines[0].words))
        rest = vlines[1:]
        city_i = next((i for i in range(len(rest) - 1, -1, -1)
                       if _STATE_ZIP.match(rest[i].text)), None)
        city = state = zip_code = None
        streets = rest
        if city_i is not None:
            m = _STATE_ZIP.match(rest[city_i].text)
            assert m is not None
            ws = list(rest[city_i].words)
            city = _cell(ws, m.group(1).strip().rstrip(","))
            state = _cell(ws, m.group(2))
            zip_code = _cell(ws, m.group(3))
            streets = rest[:city_i]
        return OwnerBox(
            name=name,
            street1=_cell(list(streets[0].words)) if streets else None,
            street2=_cell([w for ln in streets[1:] for w in ln.words]) if len(streets) > 1
            else None,
            city=city, state=state, zip_code=zip_code)

    def _unwrap(self, lines: list[TextLine], bbox: tuple[float, float, float, float]
                ) -> list[TextLine]:
        """Merge a line into the one above when its first word could not have fitted there
        (the renderer wrapped one value), judged against the nearest rule to the right."""
        if len(lines) < 2:
            return lines
        page = self.page(lines[0].page_no)
        u = page.unit
        out = [lines[0]]
        last = lines[0]
        for ln in lines[1:]:
            prev = out[-1]
            rules = [v.x for v in page.lines if v.vertical and v.x > last.x1
                     and v.bbox[1] <= last.top and v.bbox[3] >= last.bottom]
            right = min([*rules, bbox[2]])
            first = ln.words[0]
            space = 0.3 * max(first.size, first.height * 0.75)
            wrapped = last.x1 + space + (first.x1 - first.x0) > right - 0.7 * u
            if wrapped and _separate_rows(last, ln, by_height=True):
                # an address line that nearly fills its box, the next one a row of its own
                wrapped = False
            last = ln
            if wrapped:
                words = list(prev.words) + list(ln.words)
                out[-1] = TextLine(tuple(words), prev.text + " " + ln.text,
                                   prev.spans + tuple((a + len(prev.text) + 1,
                                                       b + len(prev.text) + 1)
                                                      for a, b in ln.spans))
            else:
                out.append(ln)
        return out

    def relationship(self, hit: AnchorHit, bbox: tuple[float, float, float, float]
                     ) -> dict[str, Cell | None]:
        page = self.page(hit.page_no)
        u = page.unit
        below = [h.top for name in ("joint", "table1", "table2") for h in self.det.hits.get(name, [])
                 if h.page_no == hit.page_no and h.top > hit.bottom + u and h.x1 > bbox[0]]
        limit = min(below, default=bbox[3])  # box 5 ends where box 6 or Table I starts
        words = [w for w in self.words_in(hit.page_no, bbox)
                 if hit.bottom - 0.1 * u < w.yc < limit]
        lines = group_lines(words)
        # the next box's label when no anchor marked it (OCR damage): "6. Individual or ..."
        nxt = next((ln for ln in lines if _NEXT_BOX.search(ln.text)), None)
        if nxt is not None:
            words = [w for w in words if w.yc < nxt.top]
            lines = group_lines(words)
        found: dict[str, AnchorHit] = {}
        for key, variants in (("is_director", ["Director"]), ("is_ten_percent_owner", ["10% Owner"]),
                              ("is_officer", ["Officer (give title below)", "Officer (give title",
                                              "Officer"]),
                              ("is_other", ["Other (specify below)", "Other (specify", "Other"])):
            if self.doc.source is Source.OCR:  # "Dwector", "Ofticer": judge the label word
                hits = [h for h in find_anchor(key, variants, lines, score_cutoff=70)
                        if fuzz.ratio(_label_word(h).text.lower(),
                                      variants[-1].split()[0].lower()) >= 70]
            else:
                hits = [h for h in find_anchor(key, variants, lines, score_cutoff=85)
                        if h.words[0].text.lower().startswith(variants[-1][:3].lower())]
            if hits:
                found[key] = min(hits, key=lambda h: (h.top, h.x0))
        out: dict[str, Cell | None] = {}
        label_ids = {id(w) for h in found.values() for w in h.words}
        for key, h in found.items():
            first = _label_word(h)
            checked = any(
                _is_mark(w) and w.x1 <= first.x0 + 0.3 * u and first.x0 - w.x1 <= 6 * u
                and abs(w.yc - first.yc) < 0.9 * max(w.height, first.height)
                and not any(ow.x0 > w.x1 and ow.x1 < first.x0 for o in found.values()
                            for ow in o.words)
                for w in words)
            if checked:
                out[key] = Cell(text="1", page=hit.page_no, bbox=first.bbox)
        officer, other = found.get("is_officer"), found.get("is_other")
        low = max((h.bottom for h in found.values()), default=hit.bottom)
        tail = {"give", "title", "below", "specify"}
        ocr = self.doc.source is Source.OCR

        def label_tail(w: Word) -> bool:
            """A word of "(give title below)" / "(specify below)", OCR-damaged or not."""
            text = w.text.lower().strip("(){}[]|")
            if text in tail:
                return True
            return ocr and (not any(c.isalnum() for c in text) or any(
                fuzz.ratio(text, t) >= 60 for t in tail) or (len(text) <= 3 and any(
                    t.startswith(text) or t.endswith(text) for t in tail)))  # "w)": end of "below)"

        rest = [w for w in words if id(w) not in label_ids and not _is_mark(w)
                and w.yc > low and not (label_tail(w) and any(
                    w.top < h.bottom + 1.5 * u for h in found.values()))]
        if officer is not None or other is not None:
            split = other.x0 - 1.5 * u if other is not None else bbox[2]
            left = (officer.x0 - 3 * u) if officer is not None else bbox[0]
            title = [w for w in rest if left <= w.x0 < split]
            text = [w for w in rest if w.x0 >= split]
            if ocr:  # specks under the labels ("/"), no title
                title = [w for w in title if any(c.isalnum() for c in w.text)]
                text = [w for w in text if any(c.isalnum() for c in w.text)]
            if title:
                out["officer_title"] = cell_from_words(title, None, fixed_width=False)
            if text:
                out["other_text"] = cell_from_words(text, None, fixed_width=False)
        return out

    # -- tables -------------------------------------------------------------------------
    def tables(self) -> list[TableGrid]:
        out = []
        for label, anchor in (("I", "table1"), ("II", "table2")):
            hits = self.det.ordered(anchor)
            if not hits:
                continue
            rows: list[GridRow] = []
            plan: ColumnPlan | None = None
            open_row = False
            for hit in hits:
                region = self.table_region(hit)
                plan, got, still_open = self.read_table(label, hit, region, plan)
                if open_row and rows and got:  # a row Chromium split across the page break
                    rows[-1] = _merge_rows(rows[-1], got[0])
                    got = got[1:]
                rows += got
                open_row = still_open
            out.append(TableGrid(table=label, rows=rows))  # type: ignore[arg-type]
        return out

    def table_region(self, hit: AnchorHit) -> tuple[float, float, float, float]:
        page = self.page(hit.page_no)
        u = page.unit
        stops = [h.top for name in ("table1", "table2", "explanation", "remarks", "signature",
                                    "box1")
                 for h in self.det.hits.get(name, [])
                 if h.page_no == hit.page_no and h.top > hit.bottom + 0.5 * u]
        bottom = min(stops, default=page.height) - 0.2 * u
        hl = [ln for ln in page.lines if not ln.vertical and ln.length > page.width * 0.3]
        xs = [ln.bbox[0] for ln in hl if hit.top - 2 * u < ln.y < bottom - 0.6 * u]
        xe = [ln.bbox[2] for ln in hl if hit.top - 2 * u < ln.y < bottom - 0.6 * u]
        x0 = min(xs) if xs else 0.0
        x1 = max(xe) if xe else page.width
        return (x0, hit.bottom + 0.1 * u, x1, bottom)

    def read_table(self, label: str, hit: AnchorHit, region: tuple[float, float, float, float],
                   prev: ColumnPlan | None
                   ) -> tuple[ColumnPlan | None, list[GridRow], bool]:
        """Rows of one table region; the flag says the last row has no rule below it."""
        page = self.page(hit.page_no)
        u = page.unit
        plan = best_plan(page, region, self.spec, label)
        if plan is None or (prev is not None and len(plan.header.parents) < 2):
            plan = prev
        if plan is None:
            self.notes.append(StageError(stage=STAGE, code="W110", severity="warning",
                                         message=f"Table {label} on page {hit.page_no}: no "
                                         "column header found; rows skipped"))
            return None, [], False
        x0, _top, x1, bottom = region
        data = [w for w in page.words if plan.header.bottom + 0.1 * u <= w.yc <= bottom
                and x0 - u <= w.xc <= x1 + u]
        table = self.spec.table(label)
        text_keys = {c.key for c in table.columns if c.type == "text"}
        hlines = [ln for ln in page.lines if not ln.vertical
                  and plan.header.bottom - 0.3 * u <= ln.y <= bottom + 0.3 * u]
        raw_rows = split_rows(data, plan.bands, hlines, text_keys=text_keys, x0=x0, x1=x1, unit=u)
        cuts = row_cuts(hlines, x0, x1, u)
        if cuts and plan.strategy == "tables.lattice.v1":
            # text under the table's last rule belongs to it only inside its column rules
            last = max(cuts)
            vert = [ln for ln in page.lines if ln.vertical and x0 - u <= ln.x <= x1 + u]
            raw_rows = [r for r in raw_rows if r.top < last or any(
                v.bbox[1] <= r.top + 0.2 * u and v.bbox[3] >= r.bottom - 0.2 * u for v in vert)]
        bands = {b.key: b for b in plan.bands}
        rows: list[GridRow] = []
        for raw in raw_rows:
            cells: dict[str, Cell] = {}
            ad_text = ""
            for key, ws in raw.words.items():
                cell = cell_from_words(ws, bands.get(key), fixed_width=self.fixed,
                                       confidence=0.5 + 0.5 * plan.confidence)
                if cell.text.strip() in ("-", "--") and not cell.footnotes:
                    continue
                cell = cell.model_copy(update={"text": _strip_dash(cell.text)})
                grid_key = self.spec.grid_key(label, key)
                if grid_key == "":
                    ad_text = cell.text
                    continue
                cells[grid_key] = cell
            for key in [k for k in cells if "|" in k]:
                a, d = key.split("|")
                cell = cells.pop(key)
                choice = d if ad_text.strip().upper().startswith("D") else a
                cells[choice] = cell
            if not any(c.text.strip() or c.footnotes for c in cells.values()):
                continue
            rows.append(GridRow(cells=cells, page=hit.page_no,
                                bbox=(x0, raw.top, x1, raw.bottom)))
        still_open = bool(cuts and raw_rows and raw_rows[-1].bottom > max(cuts) + 0.3 * u)
        return plan, rows, still_open

    # -- footnotes, remarks, signatures -------------------------------------------------------
    def signature_blocks(self) -> tuple[list[SignatureLine], tuple[int, float] | None]:
        hits = self.det.ordered("signature")
        if not hits:
            return [], None
        hit = hits[-1]
        page = self.page(hit.page_no)
        u = page.unit
        lines = self.det.lines[hit.page_no]
        date_hits = [h for h in self.det.hits.get("signature_date", [])
                     if h.page_no == hit.page_no and h.top > hit.top + 0.5 * u]
        date_hits.sort(key=lambda h: h.top)
        if date_hits:  # legacy: values under the labels
            after = [ln for ln in lines if ln.top > hit.top + 0.5 * u]
            name_line = after[0] if after and after[0].top < date_hits[0].top else None
            date_after = [ln for ln in lines if ln.top > date_hits[0].top + 0.5 * u]
            date_line = date_after[0] if date_after else None
            return [SignatureLine(
                name=_cell(list(name_line.words)) if name_line else None,
                date=self._date_cell(list(date_line.words)) if date_line else None)], None
        date_x = next((w.x0 for w in page.words if w.x0 > hit.x1 and abs(w.top - hit.top) < 1.5 * u
                       and _is_date_label(w.text)), None)
        left = hit.x0 - 3 * u
        above = [ln for ln in lines if ln.bottom <= hit.top + 0.1 * u]
        block_page = hit.page_no
        if not [ln for ln in above if ln.x0 >= left] and hit.page_no > 1 \
                and hit.top < 0.25 * page.height:  # values left at the foot of the page before
            block_page = hit.page_no - 1
            above = self.det.lines.get(block_page, [])
        block: list[TextLine] = []
        for ln in reversed(above):
            if ln.x0 < left:
                break
            block.insert(0, ln)
        if block and block_page == hit.page_no and block_page > 1 \
                and block[0] is self.det.lines[block_page][0]:
            # the signature block began at the foot of the page before
            before: list[TextLine] = []
            for ln in reversed(self.det.lines.get(block_page - 1, [])):
                if ln.x0 < left:
                    break
                before.insert(0, ln)
            if before:
                block = before + block
                block_page = block_page - 1
        groups: list[tuple[list[Word], list[Word]]] = []
        prev: TextLine | None = None
        for ln in block:
            name = [w for w in ln.words if date_x is None or w.x0 < date_x - 0.5 * u]
            day = [w for w in ln.words if date_x is not None and w.x0 >= date_x - 0.5 * u]
            if self.doc.source is Source.OCR and len(name) >= 2 \
                    and _DATE_LIKE.fullmatch(name[-1].text) \
                    and (date_x is None or name[-1].x1 > date_x):
                # a date ending the line is the date: the Date label not read, or the
                # date's box reaching left past the label's start (a speck read with it)
                day = [name.pop(), *day]
            if self.doc.source is Source.OCR and not any(c.isdigit() for w in day
                                                         for c in w.text):
                day = []  # specks under the date ("'oe"), not a date of its own
            apart = prev is not None and _separate_rows(prev, ln)
            prev = ln
            if groups and not apart and (not groups[-1][1] or not day):  # wrapped name/date
                groups[-1][0].extend(name)
                groups[-1][1].extend(day)
                continue
            groups.append((name, day))
        out = [SignatureLine(name=_cell(name) if name else None,
                             date=self._date_cell(day) if day else None) for name, day in groups]
        if block:  # Tesseract can give a line a tall first word that tops the one before
            return out, (block_page, min(ln.top for ln in block
                                         if ln.top >= block[0].top - 1.5 * u))
        return out, (hit.page_no, hit.top)

    def _date_cell(self, words: list[Word]) -> Cell | None:
        cell = _cell(words)
        if cell is None:
            return None
        return cell.model_copy(update={"text": _date_text(cell.text) or cell.text})

    def explanations(self, stop: tuple[int, float] | None
                     ) -> tuple[list[tuple[str, Cell]], Cell | None]:
        hit = self.det.first("explanation")
        notes: list[tuple[str, Cell]] = []
        remarks_hit = self.det.first("remarks")
        sig = self.det.ordered("signature")
        end_page, end_top = stop if stop is not None else (
            (sig[-1].page_no, sig[-1].top) if sig else (None, None))
        if hit is None and self.doc.source is Source.OCR:
            hit = self._damaged_heading(end_page, end_top)
        if hit is None:
            return [], None

        def before(line: TextLine, page_no: int, top: float | None) -> bool:
            if page_no is None or top is None:
                return True
            return line.page_no < page_no or (line.page_no == page_no and line.top < top - 0.1)

        def after(line: TextLine, h: AnchorHit) -> bool:
            return line.page_no > h.page_no or (line.page_no == h.page_no
                                                and line.top > h.top + 0.1)

        remark_words: list[Word] = []
        current: tuple[str, list[Word]] | None = None
        # the lines of the current note after its numbered one, and where that one's text
        # starts: a line starting there, not at the margin, is a note whose number OCR lost
        following: list[TextLine] = []
        indent = (0.0, 0.0)
        expected = 1
        ocr = self.doc.source is Source.OCR
        for page_no in sorted(self.det.lines):
            for ln in self.det.lines[page_no]:
                if not after(ln, hit) or not before(ln, end_page, end_top):  # type: ignore[arg-type]
                    if ln is hit.line:
                        pass
                    continue
                if remarks_hit is not None and (ln is remarks_hit.line or after(ln, remarks_hit)):
                    if ln is remarks_hit.line:
                        ids = {id(w) for w in remarks_hit.words}
                        remark_words += [w for w in ln.words if id(w) not in ids
                                         and w.x0 > remarks_hit.x0]
                    else:
                        remark_words += list(ln.words)
                    continue
                m = _NOTE_START.match(_SPECK_LEAD.sub("", ln.text) if ocr else ln.text)
                if m is None and ocr:
                    m = _NOTE_LOOSE.match(ln.text)
                    # only where the note before has ended or a sentence starts ("Rivendell
                    # 7 LLC" wraps a name, not a note)
                    if m and current is not None and current[1] and not (
                            current[1][-1].text.endswith((".", ")", '"', ":"))
                            or ln.words[min(1, len(ln.words) - 1)].text in _OPENERS):
                        m = None
                lost = (_lost_numbers(current[1], following, int(m.group(1)) - expected,
                                      indent, self.page(ln.page_no).unit)
                        if m and ocr and current and int(m.group(1)) > expected else None)
                if lost:
                    # notes whose numbers OCR did not read, numbered by order
                    assert current is not None
                    cuts = [*lost, len(following)]
                    keep = len(current[1]) - sum(len(x.words) for x in following)
                    notes.append(self._note((current[0], current[1][:keep]
                                             + [w for x in following[:cuts[0]] for w in x.words])))
                    assert m is not None
                    span = f"between notes {expected - 1} and {m.group(1)}"
                    for k in range(len(lost)):
                        words = [w for x in following[cuts[k]:cuts[k + 1]] for w in x.words]
                        fid, note = self._note((f"F{expected}", words))
                        notes.append((fid, note.model_copy(update={"issues": (*note.issues, Issue(
                            code="R305", message=f"the note's number was not read; {expected} "
                            f"by its place {span}", severity=Severity.INFO),)})))
                        expected += 1
                    current = None
                if m and int(m.group(1)) == expected:
                    if current:
                        notes.append(self._note(current))
                    first = ln.words[0]
                    lead = _SPECK_LEAD.sub("", first.text) if ocr else first.text
                    rest = list(ln.words[1:])
                    if not lead.rstrip(".),:;").lstrip("(").isdigit():
                        rest = [Word(lead[len(m.group(1)) + 1:].lstrip(". )"), first.orig,
                                     first.bbox, first.page_no, first.confidence, first.source,
                                     first.size, first.font), *rest]
                    current = ("F" + m.group(1), rest)
                    following = []
                    indent = (first.x0, rest[0].x0 if rest else first.x1)
                    expected += 1
                elif current:
                    current[1].extend(ln.words)
                    following.append(ln)
        if current:
            notes.append(self._note(current))
        remarks = None
        if remark_words:
            cell = _cell(remark_words) or Cell()
            remarks = _prose(cell, _join_plain(remark_words), remark_words)
        return notes, remarks

    def _damaged_heading(self, end_page: int | None, end_top: float | None
                         ) -> AnchorHit | None:
        """The Explanation of Responses heading as a poor scan reads it ("Expl ion of R",
        "planation Resp"): a short line below Table II and above the signature with a piece
        of either word, whose next line starts note 1. Failing that, where the heading was
        too small to read at all: just above the first line below the tables that starts
        note 1 ("1 The purchase"), not a column heading ("1. Title of 2. ..."), when a later
        line starts note 2."""
        tables = self.det.ordered("table2") or self.det.ordered("table1")
        if not tables:
            return None
        after = (tables[-1].page_no, tables[-1].top)
        inside = [(page_no, ln) for page_no in sorted(self.det.lines)
                  for ln in self.det.lines[page_no]
                  if (page_no, ln.top) > after and (end_page is None or end_top is None
                                                    or (page_no, ln.top) < (end_page, end_top))]
        for (_page, ln), nxt in zip(inside, [*inside[1:], None], strict=True):
            words = [w for w in ln.words if any(c.isalnum() for c in w.text)]
            if (words and len(words) <= 6 and any(_heading_piece(w.text) for w in words)
                    and nxt is not None and re.match(r"^\W*1\b", nxt[1].text)):
                return AnchorHit("explanation", "Explanation of Responses", 60.0,
                                 tuple(words), ln)
        starts = [i for i, (_page, ln) in enumerate(inside) if _starts_note(ln.text, 1)
                  and not _COLUMN_NUMBER.search(ln.text, 3)
                  and not re.match(r"^\W*1\W*\s*Title", ln.text)]
        if starts and any(_starts_note(ln.text, 2) for _page, ln in inside[starts[0] + 1:]):
            line = inside[starts[0]][1]
            first = line.words[0]
            mark = Word("", "", (first.x0, line.top - 0.5, first.x0, line.top - 0.5),
                        first.page_no, 0.0, first.source)
            return AnchorHit("explanation", "Explanation of Responses", 0.0, (mark,),
                             TextLine((mark,), "", ((0, 0),)))
        return None

    def _note(self, item: tuple[str, list[Word]]) -> tuple[str, Cell]:
        fid, words = item
        words = [w for w in words if w.text]
        cell = _prose(_cell(words) or Cell(), _join_plain(words), words)
        if words and words[0].source is Source.OCR and re.search(r"[a-z0-9]$", cell.text):
            # 1,079 of the 1,100 notes of the dev XML end in a full stop, 5 in a letter and
            # none in a digit: read ending in one, the note lost its stop to OCR (small print)
            cell = cell.model_copy(update={"text": cell.text + ".", "issues": (*cell.issues, Issue(
                code="R302", message="the note's closing full stop put back", severity=Severity.INFO),)})
        return fid, cell


_STATE = re.compile(r"[A-Za-z]{2}")
_ZIP = re.compile(r"\d{5}(?:-\d{4})?")


def _starts_note(text: str, number: int) -> bool:
    """``text`` starts note ``number`` as OCR reads one below the tables ("1. The", "1 The",
    "1, Each")."""
    return re.match(rf"^\W?{number}[.,:]?\s+[A-Z(\"]", text) is not None


#: a column's printed number further along a line ("2. Transaction", "3A. Deemed")
_COLUMN_NUMBER = re.compile(r"\s\d{1,2}A?\.\s*[A-Z]")


def _heading_piece(text: str) -> bool:
    """A piece of "Explanation of Responses" that OCR kept ("planation", "Resp")."""
    word = text.lower().strip(".:;,")
    return (word.startswith("expl") or (len(word) >= 6 and word in "explanation")
            or (len(word) >= 4 and "responses".startswith(word)))


def _lost_numbers(words: list[Word], following: list[TextLine], count: int,
                  indent: tuple[float, float], unit: float) -> list[int] | None:
    """Which of ``following`` (the lines after a note's numbered line) begin the ``count``
    notes whose numbers OCR lost before the next number it read ("4. The price ...", "The
    price ...", "9. The shares"): each starts where the numbered line's text starts, not at
    the margin where a note's wrapped lines start, with a capital, after a line that ends a
    sentence. ``indent``: where the numbered line's number and its text start. None unless
    exactly ``count`` lines are such."""
    margin, text_x = indent
    if count <= 0 or not following or not words or text_x - margin < unit:
        return None
    starts = []
    before = words[: len(words) - sum(len(ln.words) for ln in following)]
    for index, line in enumerate(following):
        first = line.words[0]
        last = (following[index - 1].words if index else before or [first])[-1]
        if (abs(first.x0 - text_x) <= 0.6 * unit and first.text[:1].isupper()
                and last.text.endswith((".", ")", '"', ":", ";"))):
            starts.append(index)
    return starts if len(starts) == count else None


def _label_start(hit: AnchorHit, unit: float) -> float:
    """Where ``hit``'s label begins on its line: the match may start a word or two in (OCR
    read "2. Issuer Name and Ticker" so that the best match begins at "Name"), and the words
    run on before it without a gap wider than a space's."""
    x = hit.x0
    for w in sorted(hit.line.words, key=lambda w: -w.x1):
        if w.x1 <= x + 0.1 and x - w.x1 < 1.5 * unit and w.x0 < x:
            x = w.x0
    return x


def _is_date_label(text: str) -> bool:
    """The "Date" label beside the signature label, as printed or as OCR reads it ("Dafe",
    and with its faded D read as another round letter: "Oate", "Cate")."""
    word = text.lower().strip(":-. ,'\"`")
    return word == "date" or (len(word) == 4 and (word[0] == "d" or word[1:] == "ate")
                              and fuzz.ratio(word, "date") >= 75)


def _tidy_city_row(parts: dict[str, list[Word]]) -> None:
    """The city row of a scanned box 1, mended in place: a "(Street)" label OCR glued to the
    city dropped; the state one two-letter word in capitals (speck words after it dropped,
    "co" -> "CO"); a zip read into the state's column moved to the zip; a state read at the
    end of the city (its "(State)" label lost) moved to the state, or dropped when the state
    box holds it too."""
    city = [w for w in parts.get("city", [])
            if not re.fullmatch(r"[({\[]Stre\w*[)}\]]?|Stre\w*[)}\]]", w.text)]
    state = parts.get("state", [])
    zip_code = parts.get("zip", [])
    if state and _STATE.fullmatch(state[0].text):
        rest = state[1:]
        state = [replace(state[0], text=state[0].text.upper())]
        zips = [w for w in rest if _ZIP.fullmatch(w.text)]
        if zips and not zip_code:
            zip_code = zips[:1]
    elif not state and len(city) >= 2 and re.fullmatch(r"[A-Z]{2}", city[-1].text):
        state, city = [city[-1]], city[:-1]
    if state and len(city) >= 2 and city[-1].text.strip(SPECKS).upper() == state[0].text:
        city = city[:-1]  # the state read at the end of the city as well ("SAN CARLOS -CA")
    parts["city"], parts["state"], parts["zip"] = city, state, zip_code


def _merge_rows(first: GridRow, second: GridRow) -> GridRow:
    cells = dict(first.cells)
    for key, cell in second.cells.items():
        if key not in cells:
            cells[key] = cell
            continue
        a = cells[key]
        glue = "" if a.text.endswith("-") and not a.text.endswith(" -") else " "
        cells[key] = a.model_copy(update={
            "text": (a.text + glue + cell.text).strip(),
            "footnotes": tuple(dict.fromkeys(a.footnotes + cell.footnotes))})
    return first.model_copy(update={"cells": cells})


def _prose(cell: Cell, text: str, words: list[Word]) -> Cell:
    """A note's or the remarks' cell holding ``text``; read by OCR, without the specks
    ``_unspecked`` and ``_closed_markers`` take out (R302 on the cell when they change it)."""
    if words and words[0].source is Source.OCR:
        tidy = _closed_markers(_unspecked(text))
        if tidy != text:
            cell = cell.model_copy(update={"issues": (*cell.issues, Issue(
                code="R302", message=f"OCR specks taken out of {text!r}",
                severity=Severity.INFO),)})
            text = tidy
    return cell.model_copy(update={"text": text, "footnotes": ()})


_LITTLE = ("at|upon|the|which|each|from|that|this|with|its|their|his|her|such|were|was|are"
           "|is|shall")
#: specks OCR reads as marks in running text, and what the text was: none of the 1,129
#: notes and remarks of the dev XML holds one of these
_PROSE_SPECKS = (
    # a hyphen joining a word and a little word ("stock-upon", "sold-at", "the-extent")
    (re.compile(rf"\b([A-Za-z][a-z]+)-({_LITTLE})\b"), r"\1 \2"),  # "Stock-upon" too
    (re.compile(rf"\b({_LITTLE})-([a-z]{{2,}})\b"), r"\1 \2"),
    (re.compile(r"(?<=[a-z])'(?!(?:s|t|re|ve|ll|d|m)\b)(?=[a-z]{2})"), " "),  # "price'for"
    (re.compile(r"(?<= )'(?=[a-z])"), ""),  # "the 'reporting"
    (re.compile(r"(?<=[a-z]),(?=[a-z])"), " "),  # "ownership,of"
    (re.compile(r"(?<=\w)- (?=[A-Za-z])"), " "),  # "XII- Management"
    (re.compile(r"(?<=[,.])-(?=[a-z])"), " "),  # "units,-which"
    (re.compile(r"(?<=\b[a-z])\$(?=\s)"), "s"),  # "i$"
    (re.compile(r"(?<=[a-z]): (?=[a-z])"), " "),  # "of: the"
    (re.compile(r" \| "), " "),
    (re.compile(r"\b([A-Z]):(?=[A-Z]\.)"), r"\1."),  # "L:P."
)


def _unspecked(text: str) -> str:
    """Running text without the specks of ``_PROSE_SPECKS``, and with the full stops small
    print lost between sentences put back (``_LOST_STOP``)."""
    for pattern, into in _PROSE_SPECKS:
        text = pattern.sub(into, text)
    text = _LOST_STOP.sub(lambda m: m[0] if m[1].lower() in _LITTLE_WORDS else m[1] + ". ",
                          text)
    return re.sub(r"  +", " ", text)


#: a sentence's first word after a word with no stop ("the Issuer The Reporting Person"):
#: none of the 1,100 notes and the remarks of the dev XML has one of these words there but
#: after a little word ("of The Vanguard Group")
_LOST_STOP = re.compile(r"\b([A-Za-z0-9]*[A-Za-z0-9]) (?=(?:The|These|This|Each|Such|Represents"
                        r"|Includes|Reflects|Pursuant)\b)")
_LITTLE_WORDS = frozenset({
    "of", "by", "for", "to", "and", "with", "from", "at", "in", "on", "under", "as", "or", "the",
    "a", "an", "that", "which", "than", "into", "upon", "via", "per", "between", "among", "is",
    "was", "are", "were", "be", "been"})


def _closed_markers(text: str) -> str:
    """A note's text with each "(N)" that closes a parenthesis the text left open put back
    as "N)": "(continued from footnote (2) and" was "(continued from footnote 2) and", a
    number the OCR marker reading took for a raised marker. None of the 1,100 notes of the
    dev XML leaves a parenthesis open and holds an "(N)"."""
    for match in reversed(list(_PAREN_NUMBER.finditer(text))):
        before = text[:match.start()]
        if text.count("(") > text.count(")") and before.count("(") > before.count(")"):
            text = f"{before}{match.group(1)}){text[match.end():]}"
    return text


_PAREN_NUMBER = re.compile(r"\((\d{1,2})\)")


def _join_plain(words: list[Word]) -> str:
    out = ""
    for ln in group_lines(words):
        out = join_wrapped(out, ln.text)
    return out


def _strip_dash(text: str) -> str:
    parts = text.split()
    if len(parts) > 1 and parts[-1] in ("-", "--"):
        parts = parts[:-1]
    return " ".join(parts)


_DATE_IN = (("%m/%d/%Y", "%m/%d/%Y"), ("%m/%d/%y", "%m/%d/%y"), ("%B %d,%Y", ""), ("%B %d, %Y", ""),
            ("%b %d, %Y", ""), ("%Y-%m-%d", ""))


def _date_text(text: str) -> str:
    """A date as the builder parses it: already mm/dd/yyyy, or ``February 29,2000`` mended."""
    text = text.strip()
    if not text:
        return ""
    for fmt, _ in _DATE_IN:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return f"{day.month:02d}/{day.day:02d}/{day.year:04d}"
    return text


def best_plan(page: Page, region: tuple[float, float, float, float], spec: LayoutSpec,
              label: str) -> ColumnPlan | None:
    """The best-scoring strategy's column plan for one table region (None: no header)."""
    u = page.unit
    x0, top, x1, bottom = region
    hlines = [ln for ln in page.lines if not ln.vertical and x0 - u <= ln.bbox[0] <= x1
              and top - u <= ln.y <= bottom]
    vlines = [ln for ln in page.lines if ln.vertical and top - u <= ln.bbox[3]
              and ln.bbox[1] <= bottom]
    header = analyse_header(spec, label, page, region, hlines)
    if not header.parents:
        return None
    plans = []
    for name, strategy in STRATEGIES.items():
        if name == "tables.lattice.v1" and len(vlines) < 3:
            continue
        plans.append(strategy.plan(page, region, spec, label, header, vlines))
    if not plans:
        return None
    best = max(plans, key=lambda p: p.confidence)
    # ruling lines are the printed grid itself: a lattice plan within 0.02 of the best wins
    # (a stream plan's cuts come from where words happen to fall, which a short column such
    # as "(A) or (D)" beside "Price" can shift)
    lattice = next((p for p in plans if p.strategy == "tables.lattice.v1"), None)
    if lattice is not None and lattice.confidence >= best.confidence - 0.02:
        return lattice
    return best


def table_plans(doc: Document, det: Detection) -> list[tuple[int, str, ColumnPlan]]:
    """Column plans per table region (for ``inspect`` and the OCR cell re-read): the plan
    each region's rows were read with, so a page that continues a table without repeating
    its header has the page before's, as in ``_Reader.read_table``."""
    reader = _Reader(doc, det)
    out = []
    for label, anchor in (("I", "table1"), ("II", "table2")):
        prev: ColumnPlan | None = None
        for hit in det.ordered(anchor):
            plan = best_plan(reader.page(hit.page_no), reader.table_region(hit), det.layout,
                             label)
            if plan is None or (prev is not None and len(plan.header.parents) < 2):
                plan = prev
            if plan is not None:
                out.append((hit.page_no, label, plan))
            prev = plan
    return out


def to_grid(doc: Document, det: Detection) -> tuple[FormGrid, list[StageError]]:
    """The ``FormGrid`` a detected document shows, plus coded notes on what was skipped."""
    reader = _Reader(doc, det)
    header = reader.header()
    signatures, sig_top = reader.signature_blocks()
    footnotes, remarks = reader.explanations(sig_top)
    grid = FormGrid(
        form=det.layout.form,  # type: ignore[arg-type]
        source=doc.source,
        layout=det.layout.name,
        header=header,
        owners=reader.owners(),
        tables=reader.tables(),
        footnotes=footnotes,
        remarks=remarks,
        signatures=signatures,
        pages=len(doc.pages),
    )
    return grid, reader.notes


# silence "imported but unused" for the type used only in annotations above
_ = Line
