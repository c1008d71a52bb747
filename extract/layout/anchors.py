"""Region anchors and header wording: the detection half of ``layouts/*.toml``, and matching.

A layout's detection data sits either in the layout file itself (``[detect]``, ``[anchors]``,
``[headers]``...) or, for the column-map-only files ``layouts/form{3,4,5}-edgar.toml``, in
``layouts/detect/<name>.toml``. Keys (all optional except ``anchors``):

- ``anchors``: anchor name -> wording variants (one printed line each; OCR damage is
  tolerated by fuzzy matching, RapidFuzz ``partial_ratio``).
- ``weights``: anchor name -> weight in the layout score (default 1).
- ``exact``: anchors that must match at score 100 (``FORM 4`` against ``FORM 5``).
- ``absent``: phrases whose presence argues against the layout (subtracted, weight 1 each).
- ``headers.table1`` / ``headers.table2``: printed column key -> header wording variants
  (sub-column labels such as ``Code`` / ``V``; a parent column is found by its number).
- ``grid_keys.table1`` / ``grid_keys.table2``: printed key -> the FormGrid key (the EDGAR
  layout's key for the same element) where they differ; ``"5.a|5.d"`` means "by the A/D cell".
- ``labels``: box name -> label phrases printed inside the box (stripped from values).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from extract.errors import ConfigError
from extract.ir.document import Word
from extract.ir.values import Source
from extract.layout.templates import LAYOUT_DIR, Layout, TableSpec, load_layout

__all__ = [
    "AnchorHit",
    "LayoutSpec",
    "TextLine",
    "find_anchor",
    "group_lines",
    "layout_specs",
    "load_spec",
    "norm",
]

_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """Lower case, folded space: the form anchors are compared in."""
    return _SPACE.sub(" ", text).strip().lower()


class LayoutSpec(BaseModel):
    """One layout: its column maps (``Layout``) plus anchors and wording for detection."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    form: str
    revision: str = ""
    family: str = ""
    based_on: str = ""
    anchors: dict[str, list[str]]
    weights: dict[str, float] = Field(default_factory=dict)
    exact: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)
    headers: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    grid_keys: dict[str, dict[str, str]] = Field(default_factory=dict)
    labels: dict[str, list[str]] = Field(default_factory=dict)
    table1: TableSpec
    table2: TableSpec

    def table(self, label: str) -> TableSpec:
        return self.table1 if label == "I" else self.table2

    def grid_key(self, label: str, key: str) -> str:
        return self.grid_keys.get("table1" if label == "I" else "table2", {}).get(key, key)


_DETECT_KEYS = ("anchors", "weights", "exact", "absent", "headers", "grid_keys", "labels",
                "family", "based_on")


def load_spec(name: str, directory: Path = LAYOUT_DIR) -> LayoutSpec:
    """The layout ``name`` with its detection data (own file or ``detect/<name>.toml``)."""
    return _load_spec(name, directory)


@cache
def _load_spec(name: str, directory: Path) -> LayoutSpec:
    layout: Layout = load_layout(name, directory)
    data = layout.model_dump()
    extra = layout.model_extra or {}
    data.update({k: v for k, v in extra.items() if k in _DETECT_KEYS})
    side = directory / "detect" / f"{name}.toml"
    if side.exists():
        try:
            with open(side, "rb") as handle:
                data.update(tomllib.load(handle))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"layout detection file {side} is invalid: {exc}",
                              code="E403") from None
    data.pop("name", None)
    try:
        return LayoutSpec(name=name, **{k: v for k, v in data.items() if k in
                                        LayoutSpec.model_fields})
    except ValidationError as exc:
        first = str(exc).splitlines()[0]
        raise ConfigError(f"layout {name!r} has no usable detection data: {first}",
                          code="E403") from None


@cache
def layout_specs(directory: Path = LAYOUT_DIR) -> tuple[LayoutSpec, ...]:
    """Every layout under ``directory`` that carries anchors, by name."""
    out = []
    for path in sorted(directory.glob("*.toml")):
        try:
            spec = load_spec(path.stem, directory)
        except ConfigError:
            continue
        if spec.anchors:
            out.append(spec)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class TextLine:
    """Words on one visual line, left to right, with the character span of each word."""

    words: tuple[Word, ...]
    text: str
    spans: tuple[tuple[int, int], ...]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def page_no(self) -> int:
        return self.words[0].page_no


def _make_line(words: list[Word]) -> TextLine:
    words.sort(key=lambda w: w.x0)
    parts, spans, pos = [], [], 0
    for w in words:
        spans.append((pos, pos + len(w.text)))
        parts.append(w.text)
        pos += len(w.text) + 1
    return TextLine(tuple(words), " ".join(parts), tuple(spans))


def _same_line(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Two vertical extents on one printed line: they share most of their height and their
    baselines, or the smaller (a superscript, a small label) lies inside the larger."""
    (at, ab), (bt, bb) = a, b
    ha, hb = ab - at, bb - bt
    if ha <= 0 or hb <= 0:
        return abs(ab - bb) < 0.5 * max(ha, hb, 1e-6) or at <= (bt + bb) / 2 <= ab
    overlap = min(ab, bb) - max(at, bt)
    if overlap >= 0.5 * min(ha, hb) and abs(ab - bb) <= 0.35 * max(ha, hb):
        return True
    (st, sb, sh), (lt, lb, lh) = sorted(((at, ab, ha), (bt, bb, hb)), key=lambda t: t[2])
    return sh < 0.85 * lh and st >= lt - 0.4 * lh and sb <= lb + 0.15 * lh


def group_lines(words: list[Word] | tuple[Word, ...], *, gap: float | None = None) -> list[TextLine]:
    """Cluster words into visual lines (a superscript or a tall checkbox mark joins the line
    it sits on; two small lines beside a tall mark stay two lines).

    With ``gap`` set, a line is also split where two words are more than ``gap`` apart."""
    ordered = sorted(words, key=lambda w: (w.page_no, w.bottom, w.x0))
    lines: list[list[Word]] = []
    refs: list[tuple[int, float, float]] = []  # page, top, bottom of each line's tallest word
    for w in ordered:
        placed = False
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            page, top, bottom = refs[k]
            if page != w.page_no:
                break
            if _same_line((top, bottom), (w.top, w.bottom)):
                lines[k].append(w)
                # an OCR box spanning two printed lines ("Promissory" read across the line
                # below) joins the line but is no measure of it: it would take the next
                # line's words in too
                if w.height > bottom - top and not (
                        w.source is Source.OCR and w.height > 1.6 * (bottom - top)):
                    refs[k] = (page, w.top, w.bottom)
                placed = True
                break
        if not placed:
            lines.append([w])
            refs.append((w.page_no, w.top, w.bottom))
    order = sorted(range(len(lines)), key=lambda k: (refs[k][0], refs[k][2]))
    out: list[TextLine] = []
    for k in order:
        group = lines[k]
        if gap is None:
            out.append(_make_line(group))
            continue
        group.sort(key=lambda w: w.x0)
        start = 0
        for i in range(1, len(group)):
            if group[i].x0 - group[i - 1].x1 > gap:
                out.append(_make_line(group[start:i]))
                start = i
        out.append(_make_line(group[start:]))
    return out


@dataclass(frozen=True, slots=True)
class AnchorHit:
    """Where an anchor phrase was found: the words it covers and the match score (0-100)."""

    name: str
    variant: str
    score: float
    words: tuple[Word, ...]
    line: TextLine

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def page_no(self) -> int:
        return self.words[0].page_no


def _spans_columns(words: tuple[Word, ...]) -> bool:
    """True when consecutive words stand further apart than a few spaces: text of two boxes
    side by side, not one label."""
    return any(_apart(a, b) for a, b in zip(words, words[1:], strict=False))


def _apart(a: Word, b: Word) -> bool:
    """Whether ``b`` stands further right of ``a`` than a few spaces."""
    return b.x0 - a.x1 > 2.5 * max(a.height, b.height, 1e-6)


def _best_run(words: tuple[Word, ...], want: str, cutoff: float) -> tuple[Word, ...] | None:
    """Of ``words`` split where they stand apart (``_spans_columns``), the run that reads
    most like ``want``, when it still scores ``cutoff``."""
    runs: list[list[Word]] = [[words[0]]]
    for a, b in zip(words, words[1:], strict=False):
        if _apart(a, b):
            runs.append([])
        runs[-1].append(b)
    score, run = max(((fuzz.ratio(norm(" ".join(w.text for w in r)), want), r) for r in runs),
                     key=lambda t: t[0])
    return tuple(run) if score >= cutoff else None


#: words of another printed line OCR may set between a label's words
_INTERLEAVED = 3


_LABEL_PUNCT = "{}[]()|'\".,:;"


def _same_token(want: str, seen: str) -> bool:
    """Two label words (already lower-cased and stripped) alike: equal, or 4+ letters and
    one OCR slip apart."""
    return seen == want or (len(want) >= 4 and fuzz.ratio(want, seen) >= 80)


@lru_cache(maxsize=4096)
def _label_tokens(words: tuple[str, ...]) -> tuple[list[str], frozenset[str]]:
    tokens = [w.lower().strip(_LABEL_PUNCT) for w in words]
    return tokens, frozenset(tokens)


def _interleaved(variants: list[str], wanted: list[str], line: TextLine
                 ) -> tuple[float, str, int, int] | None:
    """OCR merged two printed lines word by word ("5. {Check Relationship all applicable)
    of Reporting Person(s) to"): a variant of 3+ words whose words all occur in order on the
    line, with at most ``_INTERLEAVED`` other words among them. Scored 90. Only variants
    whose first word and all but one of the others are on the line as printed are tried
    word by word."""
    tokens, present = _label_tokens(tuple(w.text for w in line.words))
    for variant, want in zip(variants, wanted, strict=True):
        parts = [p.strip(_LABEL_PUNCT) for p in want.split()]
        if len(parts) < 3 or parts[0] not in present \
                or sum(p in present for p in parts) < len(parts) - 1:
            continue
        for first in range(len(tokens)):
            if tokens[first] != parts[0]:
                continue
            at, found = first, [first]
            for part in parts[1:]:
                at = next((j for j in range(at + 1, min(len(tokens), at + 2 + _INTERLEAVED))
                           if _same_token(part, tokens[j])), -1)
                if at < 0:
                    break
                found.append(at)
            if at >= 0 and found[-1] - found[0] + 1 - len(parts) <= _INTERLEAVED:
                return 90.0, variant, line.spans[found[0]][0], line.spans[found[-1]][1]
    return None


def find_anchor(
    name: str,
    variants: list[str],
    lines: list[TextLine],
    *,
    score_cutoff: float = 80.0,
) -> list[AnchorHit]:
    """Every line where one of ``variants`` occurs (best variant per line), best first.

    Scoring is RapidFuzz ``partial_ratio`` of the variant against the line, so OCR damage
    of a few characters still matches; the hit covers the words the alignment spans."""
    hits: list[AnchorHit] = []
    wanted = [norm(v) for v in variants]
    for line in lines:
        text = line.text.lower()
        best: tuple[float, str, int, int] | None = None
        for variant, want in zip(variants, wanted, strict=True):
            if len(text) < len(want) * 0.7:
                continue
            if want in text:
                start = text.index(want)
                best = (100.0, variant, start, start + len(want))
                break
            alignment = fuzz.partial_ratio_alignment(want, text, score_cutoff=score_cutoff)
            if alignment is None:
                continue
            if best is None or alignment.score > best[0]:
                best = (alignment.score, variant, alignment.dest_start, alignment.dest_end)
        if best is None:
            # a label wrapped onto the next line: match its first words (score x 0.95)
            for variant, want in zip(variants, wanted, strict=True):
                tokens = want.split()
                if len(tokens) < 4:
                    continue
                prefix = " ".join(tokens[: max(3, (len(tokens) + 1) // 2)])
                if prefix in text:
                    start = text.index(prefix)
                    best = (95.0, variant, start, start + len(prefix))
                    break
        if best is None and line.words and line.words[0].source is Source.OCR:
            best = _interleaved(variants, wanted, line)
        if best is None:
            continue
        score, variant, start, end = best
        words = tuple(w for w, (a, b) in zip(line.words, line.spans, strict=True)
                      if a < end and b > start)
        if score < 100.0 and _spans_columns(words):
            # a fuzzy match stitched from words of neighbouring boxes; on a scan, the match
            # may only have taken a speck or the next box's first letters along ("x rector")
            run = (_best_run(words, wanted[variants.index(variant)], score_cutoff)
                   if words[0].source is Source.OCR else None)
            if run is None:
                continue
            words = run
        if words:
            hits.append(AnchorHit(name, variant, score, words, line))
    hits.sort(key=lambda h: (-h.score, h.page_no, h.top))
    return hits
