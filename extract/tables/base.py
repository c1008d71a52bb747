"""The table-strategy base class: header analysis, column keys, and the confidence formula.

A strategy finds the x-intervals of a table's leaf columns (``find_bands``); the base class
does the rest the same way for every strategy: it reads the printed column numbers (``1.``,
``2A.``, ``4.Securities``) and sub-column labels (``Code``, ``V``, ``(A) or (D)``) from the
header, gives each interval its printed key, and scores the result:

    confidence = 0.4 * parents_found / parents_expected
               + 0.2 * sublabels_found / sublabels_expected   (1 when the table has none)
               + 0.2 * (1 - straddling_words / data_words)
               + 0.2 * [number of intervals == number of leaf columns]

``parents_found`` counts printed column numbers located in the header; a word "straddles"
when less than 80% of its width lies in one interval. Names are versioned in ``STRATEGIES``
(``tables.lattice.v1``, ``tables.stream.v1``).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from extract.ir.document import Line, Page, Word
from extract.layout.anchors import LayoutSpec, TextLine, group_lines, norm

__all__ = ["Band", "ColumnPlan", "HeaderInfo", "TableStrategy", "analyse_header", "NUMBER"]

#: A printed column number at the start of a header word: ``1.``, ``2A.``, ``4.Securities``.
NUMBER = re.compile(r"^(\d{1,2}A?)\.(?!\d)")
_LOOSE_NUMBER = re.compile(r"^(\d{1,2}A?)[.,:;]?$")
_JUNK = re.compile(r"^[|_\-'\"*=~`]+")  # rule stubs and specks OCR puts before a word
_PAREN = re.compile(r"\(.*")


@dataclass(frozen=True, slots=True)
class Band:
    key: str
    x0: float
    x1: float


@dataclass
class HeaderInfo:
    """What the header of one table region shows."""

    parents: dict[str, Word]  # printed number -> its word
    subs: dict[str, tuple[float, float]]  # sub-column key -> x-extent of its label
    bottom: float  # y where the data rows start
    lines: list[TextLine] = field(default_factory=list)


@dataclass
class ColumnPlan:
    bands: list[Band]
    header: HeaderInfo
    confidence: float
    strategy: str


def _leaf_keys(spec: LayoutSpec, label: str) -> list[str]:
    return [c.key for c in spec.table(label).columns]


def _parent(key: str) -> str:
    return key.split(".", 1)[0]


def _vocab(spec: LayoutSpec, label: str) -> set[str]:
    words: set[str] = set()
    for variants in spec.headers.get("table1" if label == "I" else "table2", {}).values():
        for v in variants:
            words.update(norm(v).split())
    return words


def analyse_header(spec: LayoutSpec, label: str, page: Page, region: tuple[float, float, float, float],
                   hlines: list[Line]) -> HeaderInfo:
    """Locate column numbers and sub-column labels; decide where the header ends."""
    x0, top, x1, bottom = region
    unit = page.unit
    words = [w for w in page.words if w.top >= top - 0.2 * unit and w.bottom <= bottom + 0.2 * unit
             and w.x1 > x0 and w.x0 < x1]
    lines = group_lines(words)
    keys = _leaf_keys(spec, label)
    parents_wanted = list(dict.fromkeys(_parent(k) for k in keys))
    parents, number_bottom = _ordered_numbers(lines[:12], parents_wanted, top)
    if parents and len(parents) < len(parents_wanted):
        # OCR reads a small bold "4." as "4" or "4,": on the line that shows the other
        # numbers, a bare number in its place between its found neighbours is the column's
        row = max(lines[:12], key=lambda ln: sum(1 for w in ln.words if w in parents.values()))
        for w in row.words:
            m = _LOOSE_NUMBER.match(w.text)
            key = m.group(1) if m else None
            if key is None or key not in parents_wanted or key in parents:
                continue
            at = parents_wanted.index(key)
            before = [parents[k].x0 for k in parents_wanted[:at] if k in parents]
            after = [parents[k].x0 for k in parents_wanted[at + 1:] if k in parents]
            if (not before or w.x0 > max(before)) and (not after or w.x0 < min(after)):
                parents[key] = w
    table_key = "table1" if label == "I" else "table2"
    wording = spec.headers.get(table_key, {})
    if len(parents) < len(parents_wanted):
        number_bottom = max(number_bottom, _labels_for_numbers(wording, lines[:8], parents,
                                                               parents_wanted))
    # sub-column labels: search the lines below the numbers, within their parent's span
    subs: dict[str, tuple[float, float]] = {}
    sub_bottom = number_bottom
    order = sorted(parents.items(), key=lambda kv: kv[1].x0)
    spans: dict[str, tuple[float, float]] = {}
    for i, (key, w) in enumerate(order):
        right = order[i + 1][1].x0 if i + 1 < len(order) else x1
        spans[key] = (w.x0 - 0.5 * unit, right)
    header_lines = [ln for ln in lines if number_bottom - 0.2 * unit <= ln.top
                    < number_bottom + 30 * unit]
    sub_keys = [k for k in keys if "." in k and k in wording and _parent(k) in spans]

    def matches(ln: TextLine) -> dict[str, tuple[float, float]]:
        found: dict[str, tuple[float, float]] = {}
        for key in sub_keys:
            span = spans[_parent(key)]
            inside = [w for w in ln.words if span[0] <= w.xc < span[1]]
            best: tuple[float, float, float] | None = None
            for variant in wording[key]:
                want = norm(variant)
                n = len(want.split())
                for i in range(len(inside)):
                    for j in range(i + 1, min(len(inside), i + n + 1) + 1):
                        chunk = " ".join(w.text for w in inside[i:j]).lower()
                        score = fuzz.ratio(want, chunk)
                        if score >= 85 and (best is None or score > best[0]):
                            best = (score, inside[i].x0, max(w.x1 for w in inside[i:j]))
            if best is not None:
                found[key] = (best[1], best[2])
        return found

    # the sub-column label row is the header line naming the most sub-columns; labels that
    # wrap continue on the next few lines
    per_line = [(ln, matches(ln)) for ln in header_lines] if sub_keys else []
    if per_line:
        row_i = max(range(len(per_line)), key=lambda i: (len(per_line[i][1]), -i))
        if per_line[row_i][1]:
            sub_bottom = max(sub_bottom, per_line[row_i][0].bottom)
            for ln, found in per_line[row_i:row_i + 4]:
                if ln.top > per_line[row_i][0].bottom + 3.5 * unit:
                    break
                for key, extent in found.items():
                    subs.setdefault(key, extent)
    # the header ends after the last line made of header wording
    vocab = _vocab(spec, label)
    end = max(number_bottom, sub_bottom)
    for ln in lines:
        if ln.top <= end - 0.3 * unit:
            continue
        toks = [norm(w.text) for w in ln.words]
        known = sum(1 for t in toks if t in vocab or NUMBER.match(t))
        if toks and known / len(toks) >= 0.6 and ln.top - end < 2.5 * unit:
            end = ln.bottom
        else:
            break
    # ruled tables: the header ends at the first rule across (nearly) the whole table
    from extract.tables.rows import row_cuts

    full = [y for y in row_cuts(hlines, x0, x1, unit, share=0.8)
            if number_bottom - 0.3 * unit <= y <= number_bottom + 40 * unit]
    if full:
        end = min(full)
    else:
        below = [ln.y for ln in hlines if end - 0.3 * unit <= ln.y <= end + 1.5 * unit]
        if below:
            end = min(below)
    return HeaderInfo(parents, subs, end, lines)


def _ordered_numbers(lines: list[TextLine], wanted: list[str], top: float
                     ) -> tuple[dict[str, Word], float]:
    """The printed column numbers among ``lines`` and the bottom of the lowest line used.

    Numbers run left to right in print order, so of every word that reads as a wanted number
    the most that do (then the highest up) are kept: a stray or misread one ("4." for a
    faded "1." at the table's left edge) cannot take its key from the real one."""
    found = [(wanted.index(m.group(1)), w.x0, i, w) for i, line in enumerate(lines)
             for w in line.words
             if (m := NUMBER.match(_JUNK.sub("", w.text))) and m.group(1) in wanted]
    found.sort(key=lambda c: (c[0], c[2], c[1]))
    # best[j]: (numbers, -lines summed) of the best chain ending in found[j], and its link
    best: list[tuple[tuple[int, int], int]] = []
    for j, (key, x, line, _w) in enumerate(found):
        chain, link = (1, -line), -1
        for i in range(j):
            (n, lsum), _l = best[i]
            if found[i][0] < key and found[i][1] < x and (n + 1, lsum - line) > chain:
                chain, link = (n + 1, lsum - line), i
        best.append((chain, link))
    chosen: list[int] = []
    at = max(range(len(found)), key=lambda j: best[j][0], default=-1)
    while at >= 0:
        chosen.insert(0, at)
        at = best[at][1]
    parents = {wanted[found[j][0]]: found[j][3] for j in chosen}
    bottom = max([top] + [lines[found[j][2]].bottom for j in chosen])
    return parents, bottom


def _labels_for_numbers(wording: dict[str, list[str]], lines: list[TextLine],
                        parents: dict[str, Word], wanted: list[str]) -> float:
    """Column numbers OCR lost (a faded, speckled header reads "1. Title of" as "L Tute'of"),
    placed at the start of their label's first words ("Title of", "Transaction Date") when
    those read, in order between the numbers found on either side. From nothing, three labels
    must agree before any counts. Returns the bottom of the lowest line used (0 if none)."""
    found: dict[str, Word] = {}
    bottom = 0.0
    phrases = {k: _PAREN.sub("", norm(wording[k][0])).split()[:2] for k in wanted if k in wording}
    firsts = [p[0] for p in phrases.values() if p]
    # two passes: the second finds labels between neighbours the first placed
    for key in wanted + wanted:
        phrase = phrases.get(key, [])
        if key in parents or key in found or len(phrase) < 2:
            continue
        want = " ".join(phrase)
        at = wanted.index(key)
        known = {**parents, **found}
        before = [known[k].x0 for k in wanted[:at] if k in known]
        after = [known[k].x0 for k in wanted[at + 1:] if k in known]
        # a label that wraps after its first word: that word alone, when no other label
        # starts with it ("Deemed") or the label's neighbours on both sides are placed
        alone = phrase[0] if len(phrase[0]) >= 5 and (
            firsts.count(phrase[0]) == 1 or (before and after)) else None
        best: tuple[float, Word, float] | None = None
        for ln in lines:
            words = [w for w in ln.words if (not before or w.x0 > max(before))
                     and (not after or w.x0 < min(after))]
            for i, w in enumerate(words):
                first = norm(_JUNK.sub("", w.text))
                score = fuzz.ratio(want, f"{first} {norm(words[i + 1].text)}") \
                    if i + 1 < len(words) else 0.0
                if alone is not None and score < 80:
                    score = 0.95 * fuzz.ratio(alone, first.rstrip(",.:"))
                if score >= 80 and (best is None or score > best[0]):
                    best = (score, w, ln.bottom)
        if best is not None:
            w = best[1]
            found[key] = replace(w, text=f"{key}.", orig=f"{key}.")
            bottom = max(bottom, best[2])
    if not found or (not parents and len(found) < 3):
        return 0.0
    parents.update(found)
    return bottom


class TableStrategy(ABC):
    """Find leaf-column intervals; the base class keys them and scores them."""

    name = "tables.base.v1"

    @abstractmethod
    def find_bands(self, page: Page, region: tuple[float, float, float, float],
                   header: HeaderInfo, spec: LayoutSpec, label: str,
                   vlines: list[Line]) -> list[tuple[float, float]]:
        """Leaf-column x-intervals, left to right (may be more or fewer than expected)."""

    def plan(self, page: Page, region: tuple[float, float, float, float], spec: LayoutSpec,
             label: str, header: HeaderInfo, vlines: list[Line]) -> ColumnPlan:
        intervals = self.find_bands(page, region, header, spec, label, vlines)
        bands = assign_keys(intervals, header, spec, label, page.unit)
        return ColumnPlan(bands, header, self.confidence(page, region, spec, label, header,
                                                         bands, intervals), self.name)

    def confidence(self, page: Page, region: tuple[float, float, float, float], spec: LayoutSpec,
                   label: str, header: HeaderInfo, bands: list[Band],
                   intervals: list[tuple[float, float]]) -> float:
        keys = _leaf_keys(spec, label)
        parents = list(dict.fromkeys(_parent(k) for k in keys))
        subs = [k for k in keys if "." in k and k in spec.headers.get(
            "table1" if label == "I" else "table2", {})]
        found_parents = sum(1 for p in parents if p in header.parents) / len(parents)
        found_subs = (sum(1 for s in subs if s in header.subs) / len(subs)) if subs else 1.0
        x0, _top, x1, bottom = region
        data = [w for w in page.words if header.bottom <= w.yc <= bottom and x0 <= w.xc <= x1]
        straddle = 0
        for w in data:
            width = max(w.x1 - w.x0, 1e-6)
            best = max((min(w.x1, b.x1) - max(w.x0, b.x0) for b in bands), default=0.0)
            if best / width < 0.8:
                straddle += 1
        fit = 1 - straddle / len(data) if data else 1.0
        exact = 1.0 if len(intervals) == len(keys) else 0.0
        return round(0.4 * found_parents + 0.2 * found_subs + 0.2 * fit + 0.2 * exact, 4)


def assign_keys(intervals: list[tuple[float, float]], header: HeaderInfo, spec: LayoutSpec,
                label: str, unit: float) -> list[Band]:
    """Give each interval its printed key, from the column numbers and sub-column labels."""
    keys = _leaf_keys(spec, label)
    if not intervals:
        return []
    if len(intervals) == len(keys) and _numbers_agree(intervals, header, keys, unit):
        return [Band(k, a, b) for k, (a, b) in zip(keys, intervals, strict=True)]
    parents = list(dict.fromkeys(_parent(k) for k in keys))

    def index_of(x: float) -> int:
        for i, (a, b) in enumerate(intervals):
            if a - 0.5 * unit <= x < b:
                return i
        return min(range(len(intervals)), key=lambda i: abs(intervals[i][0] - x))

    starts = {p: index_of(header.parents[p].x0 + 0.1 * unit) for p in parents if p in header.parents}
    bands: list[Band] = []
    known = [p for p in parents if p in starts]
    for p in parents:
        if p not in starts:
            continue
        nxt = next((starts[q] for q in known if starts[q] > starts[p]), len(intervals))
        span = intervals[starts[p]:nxt]
        if not span:
            continue
        subkeys = [k for k in keys if _parent(k) == p]
        if len(subkeys) == 1:
            bands.append(Band(subkeys[0], span[0][0], span[-1][1]))
        elif len(span) == len(subkeys):
            bands += [Band(k, a, b) for k, (a, b) in zip(subkeys, span, strict=True)]
        else:
            bands += _split_by_labels(subkeys, span, header)
    return bands


def _numbers_agree(intervals: list[tuple[float, float]], header: HeaderInfo, keys: list[str],
                   unit: float) -> bool:
    """The located column numbers sit in the intervals their keys take in order: all of
    them, or all but one when three agree, all but two when six do (OCR takes a stray digit
    for a column number now and then)."""
    agree = disagree = 0
    for i, key in enumerate(keys):
        p = _parent(key)
        if p in header.parents and (key == p or key == next(k for k in keys if _parent(k) == p)):
            x = header.parents[p].x0 + 0.1 * unit
            a, b = intervals[i]
            if a - 0.6 * unit <= x < b:
                agree += 1
            else:
                disagree += 1
    return disagree == 0 or (disagree == 1 and agree >= 3) or (disagree == 2 and agree >= 6)


def _split_by_labels(subkeys: list[str], span: list[tuple[float, float]], header: HeaderInfo
                     ) -> list[Band]:
    left, right = span[0][0], span[-1][1]
    located = [(k, header.subs[k]) for k in subkeys if k in header.subs]
    if len(located) < len(subkeys):
        # even split of the parent's width for the labels not found
        width = (right - left) / len(subkeys)
        return [Band(k, left + i * width, left + (i + 1) * width) for i, k in enumerate(subkeys)]
    cuts = [left]
    for (_k, (_a, b)), (_k2, (a2, _b2)) in zip(located, located[1:], strict=False):
        cuts.append((b + a2) / 2)
    cuts.append(right)
    return [Band(k, cuts[i], cuts[i + 1]) for i, (k, _) in enumerate(located)]
