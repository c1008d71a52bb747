"""Find the regions of a form page and pick the layout that fits it best, with its score.

Every layout in ``layouts/`` that carries anchors is scored on the document's text lines:

    score = sum(w_a * s_a) / sum(w_a)  -  0.25 * (number of ``absent`` phrases found)

where ``s_a`` is the best fuzzy match (0-1) of anchor ``a`` anywhere in the document (0 below
the cutoff) and ``w_a`` its weight. The best layout wins if its score is at least
``MIN_SCORE``; otherwise ``LayoutError E102`` names every layout tried with its score.
Regions (header, Table I, Table II, explanations, remarks, signature) are cut from the
chosen layout's anchor hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.errors import LayoutError
from extract.ir.document import Document, Word
from extract.ir.values import BBox, Source
from extract.layout.anchors import (
    AnchorHit,
    LayoutSpec,
    TextLine,
    find_anchor,
    group_lines,
    layout_specs,
)

__all__ = ["MIN_SCORE", "Detection", "Region", "detect", "page_lines"]

MIN_SCORE = 0.5
_CUTOFF = 88.0
_TABLE_CUTOFF = 92.0
_LINE_START = ("remarks", "explanation")
_CHECKBOXES = ("not_subject", "aff10b5", "no_securities", "form3_holdings", "form4_transactions")


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    page_no: int
    bbox: BBox


@dataclass
class Detection:
    """The chosen layout, its score, every layout's score, anchor hits, lines and regions."""

    layout: LayoutSpec
    score: float
    scores: dict[str, float]
    hits: dict[str, list[AnchorHit]]
    lines: dict[int, list[TextLine]]
    regions: list[Region] = field(default_factory=list)

    def first(self, name: str) -> AnchorHit | None:
        found = self.hits.get(name) or []
        return min(found, key=lambda h: (h.page_no, h.top)) if found else None

    def ordered(self, name: str) -> list[AnchorHit]:
        return sorted(self.hits.get(name) or [], key=lambda h: (h.page_no, h.top))


def page_lines(doc: Document) -> dict[int, list[TextLine]]:
    return {p.page_no: group_lines(p.words) for p in doc.pages}


def _all_lines(lines: dict[int, list[TextLine]]) -> list[TextLine]:
    return [line for page in sorted(lines) for line in lines[page]]


def _first_word(line: TextLine) -> Word | None:
    """The line's first word with a letter or digit in it."""
    return next((w for w in line.words if any(c.isalnum() for c in w.text)), None)


def _hits(spec: LayoutSpec, lines: list[TextLine], cache: dict[tuple[str, ...], list[AnchorHit]]
          ) -> dict[str, list[AnchorHit]]:
    out: dict[str, list[AnchorHit]] = {}
    for name, variants in spec.anchors.items():
        key = (name, *variants)
        if key not in cache:
            cutoff = 100.0 if name in spec.exact else (
                _TABLE_CUTOFF if name.startswith("table") or name in _CHECKBOXES else _CUTOFF)
            cache[key] = find_anchor(name, variants, lines, score_cutoff=cutoff)
        out[name] = cache[key]
    _damaged_table_headings(spec, lines, cache, out)
    # section headings start their line ("See Remarks" in a box is not the Remarks heading);
    # a speck or rule stub OCR read as "-" or "." in front does not count as a word
    for name in _LINE_START:
        if name in out:
            out[name] = [h for h in out[name] if h.words[0] is _first_word(h.line)]
    # one printed phrase is one anchor: where hits of different anchors share words, the
    # better match keeps them ("Table II ..." also fuzzy-matches "Table I ...")
    claims: dict[int, float] = {}
    for hits in out.values():
        for h in hits:
            for w in h.words:
                claims[id(w)] = max(claims.get(id(w), 0.0), h.score)
    for name, hits in out.items():
        out[name] = [h for h in hits if all(claims[id(w)] <= h.score for w in h.words)]
    return out


#: "Non-Derivative" as OCR may leave it, at the start of Table I's heading
_NON_DERIVATIVE = re.compile(r"\bn[o0]n\W{0,2}d[e3]r", re.I)
_DAMAGED_TABLE_CUTOFF = 85.0


def _damaged_table_headings(spec: LayoutSpec, lines: list[TextLine],
                            cache: dict[tuple[str, ...], list[AnchorHit]],
                            out: dict[str, list[AnchorHit]]) -> None:
    """A scanned table heading whose numeral OCR damaged ("Table {l.- Derivative
    Securities" scores 91 against Table II's heading, under the 92 that keeps the two
    headings apart): a line that starts with a match of either heading at 85 or more is
    Table I's when it says "Non-Derivative", else Table II's."""
    if "table1" not in spec.anchors or "table2" not in spec.anchors:
        return
    key = ("damaged-tables", *spec.anchors["table1"], *spec.anchors["table2"])
    if key not in cache:
        ocr = [ln for ln in lines if ln.words and ln.words[0].source is Source.OCR]
        cache[key] = [h for h in find_anchor(
            "tables", spec.anchors["table1"] + spec.anchors["table2"], ocr,
            score_cutoff=_DAMAGED_TABLE_CUTOFF) if h.words[0] is _first_word(h.line)
        ] + _worded_table_headings(ocr) if ocr else []
    for hit in cache[key]:
        name = "table1" if _NON_DERIVATIVE.search(hit.line.text) else "table2"
        if any(h.line is hit.line for h in out.get("table1", []) + out.get("table2", [])):
            continue
        out[name] = [*out.get(name, []),
                     AnchorHit(name, spec.anchors[name][0], hit.score, hit.words, hit.line)]


#: the words every table heading prints after its name ("Acquired, Disposed of, or
#: Beneficially Owned"); no other line of the form starts with "Table" and says two of them
_HEADING_WORDS = frozenset({"acquired", "disposed", "beneficially"})


def _worded_table_headings(lines: list[TextLine]) -> list[AnchorHit]:
    """Scanned table headings too damaged to match ("4 Table Non-Derivative Acquired,
    Disposed of, Beneficially": the numeral and "Securities" lost, a speck before): of the
    OCR ``lines`` (the caller keeps only those), one whose first word, or second after a
    speck of at most two characters, is "Table", and that says "Derivative" and two of the
    heading's closing words."""
    found: list[AnchorHit] = []
    for ln in lines:
        words = [w for w in ln.words if any(c.isalnum() for c in w.text)]
        if not words:
            continue
        at = next((i for i, w in enumerate(words[:2]) if w.text.lower() == "table"), None)
        if at is None or (at == 1 and len(words[0].text) > 2):
            continue
        said = {w.text.lower().strip(",.;:") for w in words[at + 1:]}
        if len(said & _HEADING_WORDS) < 2 or not any("derivative" in t for t in said):
            continue
        line = words[at:]
        found.append(AnchorHit("tables", "Table", 80.0, tuple(line), ln))
    return found


def _score(spec: LayoutSpec, hits: dict[str, list[AnchorHit]], lines: list[TextLine],
           cache: dict[tuple[str, ...], list[AnchorHit]]) -> float:
    total = weight = 0.0
    for name in spec.anchors:
        w = spec.weights.get(name, 0.0)
        if not w:
            continue
        weight += w
        found = hits.get(name) or []
        total += w * (max(h.score for h in found) / 100.0 if found else 0.0)
    score = total / weight if weight else 0.0
    for phrase in spec.absent:
        key = ("absent", phrase)
        if key not in cache:
            cache[key] = find_anchor("absent", [phrase], lines, score_cutoff=90.0)
        if cache[key]:
            score -= 0.25
    return max(0.0, score)


def _regions(doc: Document, hits: dict[str, list[AnchorHit]]) -> list[Region]:
    stops = ("table1", "table2", "more_owners", "explanation", "remarks", "signature")
    marks = sorted((h.page_no, h.top, name) for name in stops for h in hits.get(name, []))
    out: list[Region] = []
    for page in doc.pages:
        on_page = [(top, name) for p, top, name in marks if p == page.page_no]
        first = on_page[0][0] if on_page else page.height
        if page.page_no == 1:
            out.append(Region("header", 1, (0.0, 0.0, page.width, first)))
        for i, (top, name) in enumerate(on_page):
            bottom = on_page[i + 1][0] if i + 1 < len(on_page) else page.height
            out.append(Region(name, page.page_no, (0.0, top, page.width, bottom)))
    return out


def detect(doc: Document, specs: tuple[LayoutSpec, ...] | None = None) -> Detection:
    """Score every layout on ``doc`` and return the best; ``LayoutError E102`` if none fits."""
    specs = specs or layout_specs()
    lines = page_lines(doc)
    flat = _all_lines(lines)
    cache: dict[tuple[str, ...], list[AnchorHit]] = {}
    scored: list[tuple[float, LayoutSpec, dict[str, list[AnchorHit]]]] = []
    for spec in specs:
        hits = _hits(spec, flat, cache)
        scored.append((_score(spec, hits, flat, cache), spec, hits))
    scored.sort(key=lambda item: -item[0])
    scores = {spec.name: round(score, 4) for score, spec, _ in scored}
    if not scored or scored[0][0] < MIN_SCORE:
        tried = ", ".join(f"{name} {score:.2f}" for name, score in scores.items()) or "none"
        raise LayoutError(
            f"no layout matches the page(s) (best score below {MIN_SCORE}); tried {tried}. "
            "Is this a Form 3/4/5? Add a layouts/*.toml for a new revision", code="E102",
            path=doc.path or None)
    score, spec, hits = scored[0]
    return Detection(spec, score, scores, hits, lines, _regions(doc, hits))
