"""EDGAR-style HTML renderings of Forms 3, 4 and 5 -> ``FormGrid`` -> ``Filing``.

The reader does layout only: it finds the boxes, Table I and Table II, their header rows and
columns, the rows and cells, footnote markers, footnotes, remarks and signatures, and keeps
every value as printed; ``extract.fields.build.build_filing`` types them.

How it finds things (no CSS class, style or id is required):

- Tables: any ``<table>`` holding a header row of column headings (``1. Title of Security``,
  ``2A. Deemed Execution Date`` ...; headings printed without their numbers are numbered by
  their wording). "Title of Derivative Security" marks Table II. The header rows are laid on a
  grid honouring ``rowspan`` and ``colspan``; a column's key is its printed number plus the
  sub-heading under it (``3.code``, ``4.amount``, ``6.exercisable``), or beside it when the
  sub-headings share the main header row. Each body cell goes to the column it sits in by
  position. Body rows may follow in the same table, in the next table (headers and rows in
  separate tables), or continue in a later table that repeats the headers; one ``<table>``
  may hold both tables. A page whose form is a text rendering inside ``<pre>`` is read by
  ``extract.readers.text``.
- Boxes: the printed box labels ("Name and Address of Reporting Person", "(Street)",
  "(City)", "Relationship of Reporting Person(s) to Issuer", "Issuer Name and Ticker") in the
  page's text runs; a checkbox is the run just before its label (``X``, a check mark or a
  checked ``<input>``). Unchecked boxes read ``"0"``.
- Footnote markers: ``<sup>``, links, unicode superscripts and trailing ``[F1]`` text are
  detached as ``F1``; a trailing ``(1)`` only on pages that print no marker as markup and
  have a footnote 1 (a security title may end in "(2)"). Footnotes are numbered lines or
  ``<li>`` items after "Explanation of Responses".
- Several reporting owners: EDGAR repeats every owner's name and address after Table II but
  prints one relationship box; an owner whose own relationship is not printed gets the
  relationship box's values at confidence ``COPIED_RELATIONSHIP_CONFIDENCE``.
- Form 3: the page prints no "no securities owned" box unless it is checked; without one
  ``no_securities_owned`` reads ``"0"`` at confidence 0.9.

Provenance: every table cell is on page 1 with ``bbox = (column, row, column, row)`` on a
virtual page whose x is the column's slot index in the table's header grid and whose y is
the row's index in its ``<table>``; header boxes carry page 1 and no box.

Errors: ``E002`` empty input, ``E102`` no form number or statement title, ``E103`` no
Table I or Table II (``LayoutError``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from extract.errors import InputError, LayoutError
from extract.ir.grid import Cell, FormGrid, GridRow, OwnerBox, SignatureLine, TableGrid
from extract.ir.result import MediaKind, StageError
from extract.ir.values import Source
from extract.readers.base import ReadOutcome

__all__ = ["parse_html_grid", "read_html_rendering", "COPIED_RELATIONSHIP_CONFIDENCE"]

STAGE = "readers.html"
LAYOUT = "edgar-html"
#: Confidence of an owner's relationship copied from the page's single relationship box.
COPIED_RELATIONSHIP_CONFIDENCE = 0.5

_BLOCK = {"td", "th", "tr", "table", "thead", "tbody", "tfoot", "div", "p", "li", "ul", "ol",
          "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "center", "body", "section",
          "article", "header", "footer", "dl", "dt", "dd", "caption", "form", "blockquote"}
_SKIP = {"script", "style", "head", "title", "noscript"}
_SPACE = re.compile(r"[\s\u00a0\u2007\u202f\u200b]+")
_MARK_TEXT = re.compile(r"^\s*[\[(]?\s*F?\s*(\d{1,3}(?:\s*[,;]\s*F?\s*\d{1,3})*)\s*[\])]?\s*$", re.I)
_TRAILING = re.compile(r"(?:\s*(?:\((\d{1,2})\)|\[\s*F?(\d{1,3})\s*\]))\s*$", re.I)
_SUPERSCRIPTS = re.compile(r"\s*([⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[\s,]+[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)\s*$")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NUMBERED = re.compile(r"^\s*(\d{1,2}[A-Z]?)\s*[.)]\s*\S")
_DATE = re.compile(r"\b(\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4}"
                   r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4})\b")
_CHECKED = {"x", "☒", "☑", "✓", "✔", "1", "yes", "checked"}
_FORM = re.compile(r"\bFORM\s+([345])\s*(/\s*A)?(?![\w/])", re.I)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# -- text runs ------------------------------------------------------------------------------
@dataclass
class _Seg:
    text: str
    el: etree._Element  # the innermost block element holding the run


def _segments(root: etree._Element) -> list[_Seg]:
    """The page's text in runs split at block boundaries; an empty cell is an empty run."""
    out: list[_Seg] = []
    buf: list[str] = []
    owner: list[etree._Element] = [root]

    def flush(force: bool = False) -> None:
        if not buf and not force:
            return
        text = _clean("".join(buf))
        buf.clear()
        if text or force:
            out.append(_Seg(text, owner[-1]))

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or not tag:
            if el.tail:
                buf.append(el.tail)
            return
        block = tag in _BLOCK
        if block:
            flush()
            owner.append(el)
            before = len(out)
        if tag == "input" and (el.get("type") or "").lower() in ("checkbox", "radio"):
            buf.append(" X " if el.get("checked") is not None else " ")
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush(force=tag in ("td", "th") and len(out) == before)
            owner.pop()
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return out


def _cell_content(
    el: etree._Element, plain_markers: frozenset[str] = frozenset()
) -> tuple[str, tuple[str, ...], str]:
    """(text without markers, footnote ids, raw text) of one table cell.

    ``<sup>`` and link markers are always detached; a trailing ``[F1]`` too; a trailing
    ``(1)`` only when ``F1`` is in ``plain_markers`` (pages that print markers as plain text).
    """
    parts: list[str] = []
    notes: list[str] = []
    raw: list[str] = []

    def marker(text: str) -> list[str] | None:
        match = _MARK_TEXT.match(text)
        if not match:
            return None
        return ["F" + n for n in re.findall(r"\d+", match[1])]

    def walk(node: etree._Element) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag in ("sup", "a"):
            text = "".join(node.itertext())
            found = marker(text) if (tag == "sup" or (node.get("href") or "").startswith("#")
                                     or _MARK_TEXT.match(text)) else None
            if found is not None:
                notes.extend(found)
                raw.append(text)
                return
        if tag == "br":
            parts.append(" ")
            raw.append(" ")
        if tag == "input" and node.get("checked") is not None:
            parts.append("X")
        if node.text:
            parts.append(node.text)
            raw.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                raw.append(child.tail)

    walk(el)
    text = _clean("".join(parts))
    trailing: list[str] = []
    while True:
        match = _TRAILING.search(text)
        if not match:
            break
        note = "F" + (match[1] or match[2])
        if match[1] and note not in plain_markers:
            break
        trailing.insert(0, note)
        text = text[: match.start()].rstrip()
    superscript = _SUPERSCRIPTS.search(text)
    if superscript:
        found = superscript[1].translate(_FROM_SUPERSCRIPT)
        trailing = ["F" + n for n in re.findall(r"\d+", found)] + trailing
        text = text[: superscript.start()].rstrip()
    if text == "$":  # a price column printing its dollar sign with no value
        text = ""
    return text, tuple(notes + trailing), _clean("".join(raw))


# -- tables ---------------------------------------------------------------------------------
def _rows(table: etree._Element) -> list[etree._Element]:
    return [r for r in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")]


def _span(el: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(el.get(name, "1")), 100))
    except ValueError:
        return 1


def _layout(rows: list[etree._Element]) -> list[list[etree._Element | None]]:
    """Rows as slot lists, each slot holding the cell element covering it (spans honoured)."""
    grid: list[list[etree._Element | None]] = [[] for _ in rows]
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            while col < len(grid[r]) and grid[r][col] is not None:
                col += 1
            for dr in range(_span(cell, "rowspan")):
                if r + dr >= len(rows):
                    break
                line = grid[r + dr]
                for dc in range(_span(cell, "colspan")):
                    while len(line) <= col + dc:
                        line.append(None)
                    line[col + dc] = cell
            col += _span(cell, "colspan")
    return grid


def _sub_key(text: str) -> str | None:
    t = text.lower().strip()
    if not t:
        return None
    rules = (("or (d)", "ad"), ("a or d", "ad"), ("a/d", "ad"), ("exercisable", "exercisable"),
             ("expiration", "expiration"), ("title", "title"), ("price", "price"),
             ("amount", "amount"), ("number", "amount"), ("code", "code"))
    for needle, key in rules:
        if needle in t:
            return key
    return {"v": "v", "(a)": "a", "a": "a", "acquired": "a", "(d)": "d", "d": "d",
            "disposed": "d"}.get(t.strip(". "))


def _default_subs(label: str, width: int) -> list[str]:
    t = label.lower()
    if "transaction code" in t:
        return ["code", "v"][:width]
    if "exercisable" in t:
        return ["exercisable", "expiration"][:width]
    if "underlying" in t or "title and amount" in t:
        return ["title", "amount"][:width]
    if "acquired" in t and "derivative" not in t:
        return ["amount", "ad", "price"][:width]
    if "acquired" in t:
        return ["a", "d"][:width]
    return [str(i) for i in range(width)]


#: Column numbers by header wording, for pages that print the headings without numbers.
_WORDING: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("4", "I"): (("title of security", "1"), ("deemed execution", "2A"),
                 ("transaction date", "2"), ("transaction code", "3"), ("acquired", "4"),
                 ("beneficially owned", "5"), ("ownership form", "6"), ("nature of", "7")),
    ("4", "II"): (("title of derivative", "1"), ("conversion or exercise", "2"),
                  ("deemed execution", "3A"), ("transaction date", "3"),
                  ("transaction code", "4"), ("acquired", "5"), ("exercisable", "6"),
                  ("underlying", "7"), ("price of derivative", "8"),
                  ("beneficially owned", "9"), ("ownership form", "10"), ("nature of", "11")),
    ("3", "I"): (("title of security", "1"), ("beneficially owned", "2"),
                 ("ownership form", "3"), ("nature of", "4")),
    ("3", "II"): (("title of derivative", "1"), ("exercisable", "2"), ("underlying", "3"),
                  ("conversion or exercise", "4"), ("ownership form", "5"), ("nature of", "6")),
}
_SUB_HEADINGS = {"code", "v", "amount", "(a) or (d)", "price", "(a)", "(d)", "date exercisable",
                 "expiration date", "title", "amount or number of shares", "a", "d",
                 "exercisable", "expiration", "number of shares", "(a)/(d)", "a/d"}


def _is_sub(label: str) -> bool:
    return label.lower().strip(" .:") in _SUB_HEADINGS


def _number(label: str, form: str, kind: str) -> str | None:
    """The printed column number of a main heading, else the one its wording implies."""
    if len(label) > 400 or _is_sub(label):
        return None
    match = _NUMBERED.match(label)
    if match:
        return match[1].upper()
    lowered = label.lower()
    for needle, number in _WORDING[("3" if form == "3" else "4", kind)]:
        if needle in lowered:
            return number
    return None


def _kind(grid_row: list[etree._Element | None]) -> str:
    first = next((c for c in grid_row if c is not None), None)
    text = _clean(first.text_content()).lower() if first is not None else ""
    return "II" if "derivative" in text and "non-derivative" not in text else "I"


def _table_title(row: list[etree._Element | None]) -> bool:
    cells = {id(c): c for c in row if c is not None}
    return len(cells) == 1 and bool(re.match(
        r"^Table I{1,2}\b", _clean(next(iter(cells.values())).text_content()), re.I))


@dataclass
class _Found:
    kind: str  # "I" or "II"
    keys: list[str | None]
    body: list[tuple[int, list[etree._Element | None]]]


def _header_row(grid: list[list[etree._Element | None]], form: str, start: int = 0) -> int | None:
    for r in range(start, len(grid)):
        slots = grid[r]
        cells = list(dict.fromkeys(c for c in slots if c is not None))
        if not cells:
            continue
        kind = _kind(slots)
        labels = [_clean(c.text_content()) for c in cells]
        mains = [t for t in labels if _number(t, form, kind) is not None]
        if len(mains) >= 3 and re.search(r"title of", labels[0], re.I):
            return r
    return None


def _keys(grid: list[list[etree._Element | None]], head: int, form: str, kind: str,
          height: int) -> list[str | None]:
    """Column keys (``4.amount``) of the header rows starting at ``head``."""
    top = grid[head]
    keys: list[str | None] = []
    number: str | None = None
    for s, cell in enumerate(top):
        if cell is None:
            keys.append(None)
            continue
        label = _clean(cell.text_content())
        if _is_sub(label):  # sub-headings printed in the main header row
            keys.append(f"{number}.{_sub_key(label)}" if number else None)
            continue
        number = _number(label, form, kind)
        sub = None
        for r in range(head + 1, min(head + height, len(grid))):
            below = grid[r][s] if s < len(grid[r]) else None
            if below is not None and below is not cell:
                sub = _sub_key(_clean(below.text_content())) or sub
        start = top.index(cell)
        width = _span(cell, "colspan")
        following = top[start + width] if start + width < len(top) else None
        if number is None:
            keys.append(None)
        elif sub is not None:
            keys.append(f"{number}.{sub}")
        elif width > 1:
            keys.append(f"{number}.{_default_subs(label, width)[s - start]}")
        elif following is not None and _is_sub(_clean(following.text_content())):
            keys.append(f"{number}.{_default_subs(label, 3)[0]}")
        elif "transaction code" in label.lower():
            keys.append(f"{number}.code")
        else:
            keys.append(number)
    return keys


def _find_tables(root: etree._Element, form: str) -> list[_Found]:
    found: list[_Found] = []
    tables = list(root.iter("table"))
    used: set[int] = set()
    for index, table in enumerate(tables):
        if id(table) in used:
            continue
        grid = _layout(_rows(table))
        head = _header_row(grid, form)
        while head is not None:  # one <table> may hold both tables, one after the other
            kind = _kind(grid[head])
            height = max(_span(c, "rowspan") for c in grid[head] if c is not None)
            keys = _keys(grid, head, form, kind, height)
            following = _header_row(grid, form, head + height)
            end = len(grid) if following is None else following
            body = [(r, grid[r]) for r in range(head + height, end)]
            body = [(r, row) for r, row in body if not _table_title(row)]
            if following is None:
                break
            found.append(_Found(kind, keys, body))
            head = following
        if head is None:
            continue
        if not body:  # rows may sit in the next table that has no header of its own
            for later in tables[index + 1:]:
                if table in later.iterancestors():
                    continue
                later_grid = _layout(_rows(later))
                if later_grid and _header_row(later_grid, form) is None and any(
                    len(s) == len(keys) for s in later_grid
                ):
                    used.add(id(later))
                    body = list(enumerate(later_grid))
                break
        found.append(_Found(kind, keys, body))
    return found


def _has_markup_markers(found: list[_Found]) -> bool:
    """True when the tables print footnote markers as ``<sup>``, links or superscripts."""
    for item in found:
        for _r, slots in item.body:
            for el in {id(e): e for e in slots if e is not None}.values():
                if _SUPERSCRIPTS.search(_clean(el.text_content())):
                    return True
                for node in el.iter("sup", "a"):
                    if _MARK_TEXT.match("".join(node.itertext())):
                        return True
    return False


def _table_grid(found: _Found, plain_markers: frozenset[str]) -> TableGrid:
    rows: list[GridRow] = []
    for r, slots in found.body:
        cells: dict[str, Cell] = {}
        done: set[int] = set()
        for s, el in enumerate(slots):
            if el is None or id(el) in done or s >= len(found.keys):
                continue
            done.add(id(el))
            key = found.keys[s]
            if key is None or key in cells:
                continue
            text, notes, raw = _cell_content(el, plain_markers)
            cells[key] = Cell(text=text, footnotes=notes, raw=raw, page=1,
                              bbox=(float(s), float(r), float(s), float(r)))
        if not any(c.text or c.footnotes for c in cells.values()):
            continue
        if sum(1 for c in cells.values() if _NUMBERED.match(c.text)) >= 3:
            continue  # a repeated header row
        last = float(len(found.keys) - 1)
        rows.append(GridRow(cells=cells, page=1, bbox=(0.0, float(r), last, float(r))))
    return TableGrid(table=found.kind, rows=rows)  # type: ignore[arg-type]


# -- boxes ----------------------------------------------------------------------------------
def _index(segs: list[_Seg], pattern: str, start: int = 0, stop: int | None = None) -> int | None:
    rx = re.compile(pattern, re.I)
    for i in range(start, len(segs) if stop is None else min(stop, len(segs))):
        if rx.search(segs[i].text):
            return i
    return None


def _all(segs: list[_Seg], pattern: str) -> list[int]:
    rx = re.compile(pattern, re.I)
    return [i for i, s in enumerate(segs) if rx.search(s.text)]


def _header_cell(text: str) -> Cell | None:
    text = _clean(text)
    return Cell(text=text, raw=text, page=1) if text else None


def _box(text: str) -> Cell:
    value = "1" if re.sub(r"[\s\[\]()]", "", text).lower() in _CHECKED else "0"
    return Cell(text=value, raw=text, page=1)


def _checkbox_before(segs: list[_Seg], i: int, label: str) -> Cell:
    """The checkbox printed just before the label in run ``i`` (or inside it, ``[X] Label``)."""
    inline = re.match(r"^\s*(\[\s*[xX]?\s*\]|[xX☒☑✓✔☐])\s+" + label, segs[i].text, re.I)
    if inline:
        return _box(inline[1].strip("[] ") or "")
    if i > 0 and len(segs[i - 1].text) <= 3:
        return _box(segs[i - 1].text)
    return _box("")


def _after(segs: list[_Seg], i: int, label: str) -> str:
    """Text printed after the label in run ``i``, else the next run."""
    rest = re.split(label, segs[i].text, maxsplit=1, flags=re.I)
    tail = _clean(rest[-1]) if len(rest) > 1 else ""
    tail = re.sub(r"^\s*(\(Month/Day/Year\)|\*)\s*", "", tail)
    if tail:
        return tail
    if i + 1 < len(segs) and not _NUMBERED.match(segs[i + 1].text):
        return segs[i + 1].text
    return ""


def _date_after(segs: list[_Seg], pattern: str) -> Cell | None:
    i = _index(segs, pattern)
    if i is None:
        return None
    match = _DATE.search(_after(segs, i, pattern))
    return _header_cell(match[1]) if match else None


_NAME_LABEL = r"Name and Address of Reporting Person"
_REL_LABEL = r"Relationship of Reporting Person"


def _texts(segs: list[_Seg]) -> list[str]:
    """Run texts, runs of one element (split by ``<br>``) joined into one."""
    out: list[str] = []
    last: etree._Element | None = None
    for seg in segs:
        if out and seg.el is last:
            out[-1] = _clean(out[-1] + " " + seg.text)
        else:
            out.append(seg.text)
        last = seg.el
    return out


def _owner(segs: list[_Seg], start: int, stop: int) -> OwnerBox:
    last = _index(segs, r"^\(Last\)", start, stop)
    middle = _index(segs, r"^\(Middle\)", start, stop) or _index(segs, r"^\(First\)", start, stop)
    street = _index(segs, r"^\(Street\)", start, stop)
    city = _index(segs, r"^\(City\)", start, stop)
    rest = re.split(_NAME_LABEL + r"\s*\*?", segs[start].text, maxsplit=1, flags=re.I)
    names = [rest[1].strip()] if len(rest) > 1 and rest[1].strip() else []
    names += [s.text for s in segs[start + 1: last if last is not None else start + 2]]
    fields: dict[str, Cell | None] = {"name": _header_cell(" ".join(names))}
    if street is not None:
        lines = _texts(segs[(middle if middle is not None else start) + 1: street])
        lines = lines if len(lines) == 2 else [t for t in lines if t]
        fields["street1"] = _header_cell(lines[0]) if lines else None
        fields["street2"] = _header_cell(lines[1]) if len(lines) > 1 else None
    if street is not None and city is not None:
        parts = _texts(segs[street + 1: city])
        parts = parts if len(parts) == 3 else [t for t in parts if t]
        for key, value in zip(("city", "state", "zip_code"), parts, strict=False):
            fields[key] = _header_cell(value)
    return OwnerBox(**fields)


def _relationship(segs: list[_Seg], start: int, stop: int) -> dict[str, Cell | None]:
    out: dict[str, Cell | None] = {}
    labels = (("is_director", r"Director"), ("is_ten_percent_owner", r"10\s*% Owner"),
              ("is_officer", r"Officer"), ("is_other", r"Other"))
    other = None
    for key, label in labels:
        i = _index(segs, r"^\W{0,4}\s*(\[\s*[xX]?\s*\]\s*|[xX☒☑✓✔☐]\s+)?" + label, start, stop)
        if i is not None:
            out[key] = _checkbox_before(segs, i, label)
            other = i if key == "is_other" else other
    if other is not None:
        follow = []
        for seg in segs[other + 1: other + 5]:
            if _NUMBERED.match(seg.text) or re.search(_NAME_LABEL, seg.text, re.I):
                break
            follow.append(seg)
        texts = [s.text for s in follow]
        spans = [_clean(c.text_content()) for c in follow[0].el if c.tag == "span"] if (
            len(follow) >= 1 and len(follow[0].el) >= 2 and all(
                isinstance(c.tag, str) and c.tag == "span" for c in follow[0].el)) else []
        if len(spans) >= 2:
            title, text = spans[0], spans[1]
        elif len(texts) >= 4:
            title, text = texts[1], texts[3]
        else:
            single = next((t for t in texts if t), "")
            officer = out.get("is_officer")
            title, text = (single, "") if officer is not None and officer.text == "1" else (
                "", single)
        out["officer_title"] = _header_cell(title)
        out["other_text"] = _header_cell(text)
    return out


def _owners(segs: list[_Seg]) -> list[OwnerBox]:
    starts = _all(segs, _NAME_LABEL)
    boxes: list[tuple[OwnerBox, bool]] = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(segs)
        owner = _owner(segs, start, stop)
        rel_at = _index(segs, _REL_LABEL, start, stop)
        if rel_at is not None:
            relation = _relationship(segs, rel_at, stop)
            owner = owner.model_copy(update=relation)
        boxes.append((owner, rel_at is not None))
    if len(boxes) > 1 and _same(boxes[0][0], boxes[1][0]):
        # EDGAR lists every owner after Table II, the first one again
        first, _ = boxes[0]
        boxes = [(first, True)] + boxes[2:] if boxes[1][1] is False else boxes[1:]
    if not boxes:
        return []
    shared = next((b for b, has in boxes if has), None)
    owners = []
    for box, has in boxes:
        if not has and shared is not None:
            update = {
                k: (c.model_copy(update={"confidence": COPIED_RELATIONSHIP_CONFIDENCE})
                    if c is not None else None)
                for k in ("is_director", "is_officer", "is_ten_percent_owner", "is_other",
                          "officer_title", "other_text")
                for c in [getattr(shared, k)]
            }
            box = box.model_copy(update=update)
        owners.append(box)
    return owners


def _same(a: OwnerBox, b: OwnerBox) -> bool:
    def key(o: OwnerBox) -> tuple[str, ...]:
        return tuple(c.text if c else "" for c in (o.name, o.street1, o.street2, o.city,
                                                    o.state, o.zip_code))

    return key(a) == key(b)


def _header(segs: list[_Seg], form: str, doc: str) -> dict[str, Cell]:
    header: dict[str, Cell] = {}
    issuer = _index(segs, r"Issuer Name\s+and\s+Ticker")
    if issuer is not None:
        text = _after(segs, issuer, r"Issuer Name\s+and\s+Ticker or Trading Symbol")
        match = re.match(r"^(.*?)\s*\[\s*(.*?)\s*\]", text) or re.match(
            r"^(.*?)\s*\(\s*([A-Z][A-Z0-9.\-]{0,9})\s*\)$", text)
        name, symbol = (match[1], match[2]) if match else (text, "")
        for key, value in (("issuer_name", name), ("issuer_trading_symbol", symbol)):
            cell = _header_cell(value)
            if cell is not None:
                header[key] = cell
    period = {"3": r"Date of Event Requiring Statement", "5": r"Fiscal Year Ended"}.get(
        form, r"Date of Earliest Transaction")
    for key, pattern in (("period_of_report", period),
                         ("date_of_original_submission", r"If Amendment,? Date(?: of)? Original(?: Filed)?")):
        cell = _date_after(segs, pattern)
        if cell is not None:
            header[key] = cell
    amended = "date_of_original_submission" in header and not doc.endswith("/A")
    header["document_type"] = Cell(text=doc + ("/A" if amended else ""), raw=doc, page=1)
    boxes = (("not_subject_to_section16", r"no longer subject to Section 16"),
             ("aff10b5_one", r"Rule 10b5-1"),
             ("form3_holdings_reported", r"Form 3 Holdings Reported"),
             ("form4_transactions_reported", r"Form 4 Transactions Reported"),
             ("no_securities_owned", r"no securities (are )?beneficially owned"))
    end = _index(segs, r"^Explanation of Responses")
    for key, pattern in boxes:
        i = _index(segs, pattern, 0, end)
        if i is not None:
            header[key] = _checkbox_before(segs, i, r"\S")
    if form == "3" and "no_securities_owned" not in header:
        header["no_securities_owned"] = Cell(text="0", raw="", page=1, confidence=0.9)
    return header


def _footnotes(segs: list[_Seg]) -> tuple[list[tuple[str, Cell]], Cell | None]:
    notes: list[tuple[str, Cell]] = []
    start = _index(segs, r"^Explanation of Responses")
    remarks_at = _index(segs, r"^Remarks\s*:")
    stop_rx = re.compile(r"Signature of Reporting Person|^Reminder:|^Remarks\s*:", re.I)
    if start is not None:
        current: tuple[str, list[str], etree._Element] | None = None
        for seg in segs[start + 1:]:
            if stop_rx.search(seg.text):
                break
            match = re.match(r"^\(?F?(\d{1,3})\)?\s*[.:)]?\s+(.*)$", seg.text, re.S)
            item = _list_number(seg.el) if match is None and seg.text else None
            if match or item:
                if current is not None:
                    notes.append(_note(current))
                current = (("F" + match[1], [match[2]], seg.el) if match
                           else ("F" + str(item), [seg.text], seg.el))
            elif current is not None and seg.el is current[2]:
                current[1].append(seg.text)
            elif seg.text:
                break
        if current is not None:
            notes.append(_note(current))
    remarks: Cell | None = None
    if remarks_at is not None:
        inline = re.split(r"^Remarks\s*:", segs[remarks_at].text, maxsplit=1, flags=re.I)[1]
        parts = [inline.strip()] if inline.strip() else []
        following = segs[remarks_at + 1:]
        if not parts and following and not stop_rx.search(following[0].text):
            first = following[0]
            parts = [s.text for s in following if s.el is first.el]
        remarks = _header_cell(" ".join(parts))
    return notes, remarks


def _list_number(el: etree._Element) -> int | None:
    """The number an ordered list prints before this ``<li>`` (None for other elements)."""
    if not isinstance(el.tag, str) or el.tag.lower() != "li":
        return None
    parent = el.getparent()
    try:
        start = int(parent.get("start", "1")) if parent is not None else 1
    except ValueError:
        start = 1
    before = sum(1 for _ in el.itersiblings("li", preceding=True))
    return start + before


def _note(current: tuple[str, list[str], etree._Element]) -> tuple[str, Cell]:
    text = _clean(" ".join(current[1]))
    return current[0], Cell(text=text, raw=text, page=1)


def _signatures(segs: list[_Seg]) -> list[SignatureLine]:
    """Signature name and date lines printed above "Signature of Reporting Person"."""
    at = _index(segs, r"Signature of Reporting Person")
    if at is None:
        return []
    lines = _signature_rows(segs[at].el)
    if lines:
        return lines
    found: list[SignatureLine] = []
    i = at - 1
    while i >= 1 and _DATE.fullmatch(segs[i].text) and segs[i - 1].text and not (
        _DATE.fullmatch(segs[i - 1].text)
    ) and len(segs[i - 1].text) < 300:
        found.insert(0, SignatureLine(name=_header_cell(segs[i - 1].text),
                                      date=_header_cell(segs[i].text)))
        i -= 2
    return found


def _signature_rows(label: etree._Element) -> list[SignatureLine]:
    """Name and date rows of the table rows above the label's row."""
    row = label if label.tag == "tr" else next(label.iterancestors("tr"), None)
    lines: list[SignatureLine] = []
    previous = row.itersiblings(preceding=True) if row is not None else iter(())
    for tr in previous:
        texts = [_clean(c.text_content()) for c in tr if isinstance(c.tag, str)
                 and c.tag.lower() in ("td", "th")]
        texts = [t for t in texts if t]
        if not texts:
            break
        date = next((t for t in texts if _DATE.fullmatch(t)), None)
        name = " ".join(t for t in texts if t is not date)
        lines.insert(0, SignatureLine(name=_header_cell(name),
                                      date=_header_cell(date or "")))
    return lines


def _form(root: etree._Element, segs: list[_Seg]) -> tuple[str, str]:
    candidates = [_clean(t.text_content()) for t in root.iter("title")]
    candidates += [s.text for s in segs[:40]]
    for text in candidates:
        match = _FORM.search(text)
        if match:
            return match[1], match[1] + ("/A" if match[2] else "")
    head = " ".join(s.text for s in segs[:60]).upper()
    for phrase, form in (("INITIAL STATEMENT", "3"), ("ANNUAL STATEMENT", "5"),
                         ("STATEMENT OF CHANGES", "4")):
        if phrase in head:
            return form, form
    raise LayoutError("no form number (FORM 3/4/5) or statement title found in the HTML",
                      code="E102")


def _pre_text_grid(root: etree._Element) -> FormGrid:
    """A page that wraps a text rendering in ``<pre>``: read the text with the text reader."""
    from extract.readers.text import parse_text_grid

    text = "\n".join("".join(pre.itertext()) for pre in root.xpath("//pre"))
    try:
        grid = parse_text_grid(text)
    except LayoutError as exc:
        raise LayoutError(
            "no Table I or Table II found in the HTML; tried numbered column headers in every "
            f"<table> and the text reader on its <pre> text ({exc.code})", code="E103"
        ) from exc
    return grid.model_copy(update={"source": Source.HTML, "layout": LAYOUT + "+pre-text"})


def parse_html_grid(html: str | bytes) -> FormGrid:
    """Locate boxes, tables, rows, cells, footnotes and signatures of an EDGAR-style page."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"not an HTML page: {exc}", code="E004") from exc
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    segs = _segments(root)
    form, doc = _form(root, segs)
    found = _find_tables(root, form)
    if not found and root.xpath("//pre"):
        return _pre_text_grid(root)
    if not found:
        raise LayoutError(
            "no Table I or Table II found in the HTML; tried numbered column headers "
            "('1. Title of Security' / '1. Title of Derivative Security') in every <table>",
            code="E103",
        )
    notes, remarks = _footnotes(segs)
    plain = frozenset() if _has_markup_markers(found) else frozenset(n for n, _ in notes)
    tables: dict[str, TableGrid] = {}
    for item in found:  # a table continued on a later page adds its rows
        part = _table_grid(item, plain)
        kept = tables.get(item.kind)
        tables[item.kind] = part if kept is None else kept.model_copy(
            update={"rows": kept.rows + part.rows})
    return FormGrid(
        form=form,  # type: ignore[arg-type]
        source=Source.HTML,
        layout=LAYOUT,
        header=_header(segs, form, doc),
        owners=_owners(segs),
        tables=[tables[k] for k in ("I", "II") if k in tables],
        footnotes=notes,
        remarks=remarks,
        signatures=_signatures(segs),
        pages=1,
    )


def read_html_rendering(data: bytes, *, path: str) -> ReadOutcome:
    """Read an EDGAR-style HTML rendering of a Form 3/4/5 into a ``Filing``."""
    from extract.fields.build import build_filing

    if not data.strip():
        raise InputError("empty input", code="E002", path=path)
    try:
        grid = parse_html_grid(data)
    except LayoutError as exc:
        exc.path = path
        raise
    filing, errors = build_filing(grid)
    warnings = list(errors)
    if not grid.owners:
        warnings.append(StageError(stage=STAGE, code="W101", severity="warning",
                                   message="no reporting owner box found on the page"))
    return ReadOutcome(kind=MediaKind.HTML_RENDERING, filing=filing, warnings=warnings, pages=1)
