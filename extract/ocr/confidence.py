"""Confidence of OCR'd fields: one formula per field family, calibrated on dev scans.

The raw score of a field read from a scan is

    raw = ocr x fit x check x page x words x marks

- ``ocr``: Tesseract's word confidence of the reading kept (the page reading, the cell
  re-read, or both when they agree: ``1 - (1 - a)(1 - b)``; a corrected reading is scaled by
  0.8-0.9; a cell's footnote markers doubted, x0.7, when the page reading and the marker
  re-read read different ones or a marker group holds more or fewer digit glyphs than
  digits were read from it; ``extract.ocr.cells``);
- ``fit``: how well the cell sits in the grid (``0.5 + 0.5 x`` the table plan's confidence;
  header boxes 1.0), already folded into the cell's confidence by the layout engine;
- ``check``: 1.0, or 0.5 when a validation rule (``extract.validate``) flags the field, and
  0.0 when its text does not parse as its type;
- ``page``: the scan's quality, ``min(1, mean word confidence / 0.9)^2`` over all its words:
  errors crowd on poor scans, where each word's own confidence still looks high;
- ``words``: for free text (names, addresses, titles, footnotes, remarks, signatures),
  ``LEXICON_FACTOR`` when a word of three letters or more is in no English word list
  (``wordfreq``, the package's own data): OCR's one-letter slips make non-words ("Sequola",
  "Capitat", "teporting"); a rare real name costs a review, not a wrong acceptance. A
  company name ending in "Inc", "Corp", "Ltd" or "Co" (title case) without its full stop gets
  the same factor: OCR drops small dots at a line's end, and such names are written
  "Inc." (190 of the 205 title-case "Inc" issuer names of the dev corpus), and so does a
  text ending "L.P" (453 dev titles and natures end "L.P.", one "L.P"). So does a full
  stop inside a sentence before a number or a lower-case word ("Exhibit. 24", "multiple.
  trades"; 16 of the 4,149 footnotes, remarks and table texts of the dev XML have one after
  a word that is no abbreviation);
- ``marks``: ``UNMARKED_FACTOR`` for a nature of indirect ownership that cites no footnote
  in a filing that has footnotes: 1,107 of the 1,227 natures of the dev XML cite one ("By
  Rivendell One LLC (2)"), and a small raised marker is what OCR loses most often;
  ``UNTITLED_FACTOR`` for a ticked "Officer" or "Other" box whose title is blank (the form
  asks for it; all 10 officers and 4 others of the dev XML have one): a speck or a
  neighbour's tick read as the box's X; ``MISREAD_MARK_FACTOR`` for a field citing a note
  one digit off a note nothing cites ("F1" when "F11" is cited nowhere, "F3" when "F5" is;
  a dropped digit, or one read as a look-alike):
  each of the 1,100 notes of the 236 dev filings that have notes is cited somewhere, so a
  note cited nowhere means a marker lost a digit or read one wrong, and the markers one
  edit from it are the suspects.

The calibrated confidence is a monotone map of ``raw``, one per field family
(``extract.review.routing.field_family``): isotonic regression of "the field is right" on
``raw`` over dev scans, each block then lowered to the lower end of its Wilson interval at
``z`` (the shipped maps: z = 3.29, the 99.9% interval; errors cluster by filing, so blocks
carry less evidence than their field counts suggest), so a confidence of 0.9 means at least
90% of such fields were right, with room for sampling noise. A map only lowers: the
calibrated confidence is the lower of the raw score and the map's (a map raising scores did
not carry over from the filings it was fitted on to others). The maps ship in
``models/ocr_confidence.json`` and are refitted with
``python benchmarks/bench_ocr.py --fit-calibration models/ocr_confidence.json``.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from extract.ir.filing import Filing
from extract.ir.result import StageError
from extract.ir.schema import iter_leaves
from extract.ocr.spelling import zipf

__all__ = ["CALIBRATION_PATH", "Calibration", "fit", "apply_checks", "apply_citations", "apply_lexicon",
           "apply_quality", "calibrate_filing", "load_calibration", "prose_slips", "unknown_words",
           "LEXICON_FACTOR", "UNMARKED_FACTOR", "VALIDATION_FACTOR"]

CALIBRATION_PATH = Path(__file__).resolve().parents[2] / "models" / "ocr_confidence.json"
VALIDATION_FACTOR = 0.5
_Z = 1.96


def _wilson_low(right: float, total: float, z: float = _Z) -> float:
    if total <= 0:
        return 0.0
    p = right / total
    denom = 1 + z * z / total
    centre = p + z * z / (2 * total)
    spread = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, (centre - spread) / denom)


def _isotonic(points: list[tuple[float, bool]], z: float = _Z) -> list[tuple[float, float]]:
    """Pool-adjacent-violators over (raw, right) sorted by raw: blocks as (lowest raw of the
    block, Wilson lower bound of its share right), non-decreasing."""
    blocks: list[list[float]] = []  # [start raw, right, total]
    for raw, is_right in sorted(points):
        blocks.append([raw, float(is_right), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    out: list[tuple[float, float]] = []
    floor = 0.0
    for start, right, total in blocks:
        floor = max(floor, _wilson_low(right, total, z))
        out.append((start, round(floor, 4)))
    return out


class Calibration:
    """Per-family step maps raw -> calibrated confidence."""

    def __init__(self, maps: dict[str, list[tuple[float, float]]], meta: dict[str, Any]
                 | None = None) -> None:
        self.maps = {k: sorted(v) for k, v in maps.items()}
        self.meta = meta or {}

    def __call__(self, family: str, raw: float) -> float:
        """The raw score lowered to the family's map where the map is lower: a map only ever
        lowers a score. Raised by a map fitted on 31 filings, scores did not hold on the other
        30 (1.34% wrong at >= 0.9 against 0.63% for the raw scores; lowered only, 0.32%)."""
        steps = self.maps.get(family) or self.maps.get("*")
        if not steps:
            return raw
        index = bisect_right([s for s, _c in steps], raw) - 1
        return min(raw, steps[index][1]) if index >= 0 else 0.0

    def to_json(self) -> str:
        """One family a line: ``"family": [[raw from, confidence], ...]``."""
        families = ",\n".join(f"  {json.dumps(k)}: {json.dumps([list(p) for p in v])}"
                               for k, v in sorted(self.maps.items()))
        return (f'{{\n "version": 1,\n "meta": {json.dumps(self.meta, sort_keys=True)},\n'
                f' "families": {{\n{families}\n }}\n}}\n')

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        data = json.loads(text)
        return cls({k: [(float(a), float(b)) for a, b in v]
                    for k, v in data["families"].items()}, data.get("meta", {}))


def fit(observations: Iterable[tuple[str, float, bool]], *, min_family: int = 60,
        z: float = _Z, meta: dict[str, Any] | None = None) -> Calibration:
    """Fit the maps from ``(family, raw, right)``; families with fewer than ``min_family``
    fields share the map fitted on all fields (``*``). ``z`` sets how far each block is
    lowered (1.96: its 95% Wilson bound)."""
    by_family: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for family, raw, right in observations:
        by_family[family].append((raw, right))
        by_family["*"].append((raw, right))
    maps = {family: _isotonic(points, z) for family, points in by_family.items()
            if family == "*" or len(points) >= min_family}
    return Calibration(maps, {**(meta or {}), "z": z})


@cache
def load_calibration(path: str = str(CALIBRATION_PATH)) -> Calibration | None:
    """The shipped calibration, or None when there is none (raw scores stand)."""
    file = Path(path)
    if not file.exists():
        return None
    return Calibration.from_json(file.read_text(encoding="utf-8"))


def apply_checks(filing: Filing, findings: list[StageError]) -> Filing:
    """``raw``: fields a validation rule flags as an error get ``VALIDATION_FACTOR``."""
    from extract.review.corrections import get_leaf, set_leaf

    flagged = {f.path for f in findings if f.path and f.severity == "error"}
    for path in sorted(flagged):
        leaf_path = path if path.endswith("/value") or get_leaf(filing, path) else path
        leaf = get_leaf(filing, leaf_path)
        if leaf is None:
            continue
        filing = set_leaf(filing, leaf_path, leaf.model_copy(
            update={"confidence": round(leaf.confidence * VALIDATION_FACTOR, 4)}))
    return filing


def _rescore(filing: Filing, score: Callable[[str, float], float]) -> Filing:
    """Every leaf's confidence replaced by ``score(path, confidence)``, where it changes."""
    from extract.review.corrections import set_leaf

    for leaf in list(iter_leaves(filing)):
        value = score(leaf.path, float(leaf.extracted.confidence))
        if value != leaf.extracted.confidence:
            filing = set_leaf(filing, leaf.path, leaf.extracted.model_copy(
                update={"confidence": value}))
    return filing


#: The factor on a free-text field's raw score when one of its words is no English word.
LEXICON_FACTOR = 0.6
_WORD = re.compile(r"[A-Za-z]{3,}")
_TEXT_FAMILIES = frozenset({"footnote", "text", "nature", "owner", "issuer", "signature"})
_COMPANY_NAMES = ("issuerName",)
_BARE_SUFFIX = re.compile(r"\b(?:Inc|Corp|Ltd|Co)$")
#: a partnership's "L.P." that lost its last stop at a title's end: 453 titles and natures
#: of the dev XML end "L.P.", one "L.P"
_BARE_LP = re.compile(r"\bL\.P$")
#: a full stop inside a sentence, before a number or a lower-case word ("Exhibit. 24",
#: "multiple. trades"): a speck OCR read as a stop, unless the word is an abbreviation
_STRAY_STOP = re.compile(r"(?<![\w.])([A-Za-z][a-z]{2,})\. (?=[a-z0-9(])")
_STOPPED = frozenset({"ltd", "inc", "corp", "co", "no", "nos", "ste", "ave", "blvd", "jr",
                      "sr", "esq", "instr", "approx", "etc", "vs", "par", "sec", "fig"})
_NOT_WORDS = ("issuerTradingSymbol", "rptOwnerState", "rptOwnerZipCode", "rptOwnerStateDescription")
#: marks OCR specks leave in running text that none of the 1,129 notes and remarks of the
#: dev XML has: a doubled stop or comma (",.", "..", ",,"; not an ellipsis), a stop and a
#: comma after a whole word ("Management.,"; "Inc.," is written so), a capitalised little
#: word inside a sentence ("held Of record"), a lower-case two-letter word English does not
#: have ("in full qn the")
_PROSE_SLIPS = re.compile(
    r"(?<![.])(?:,\.|\.\.(?!\.)|,,|;\.|\.;)"
    r"|(?<![.\w])(?P<word>[A-Za-z][a-z]{3,})\.,"
    r"|(?<=[a-z,] )(?:Of|The|To|And|In|On|At|By|For|With|From)\b(?! [A-Z])"
    r"|(?<![A-Za-z.'/-])(?P<pair>[a-z]{2})(?![A-Za-z.'/-])")
_PAIRS = frozenset({"of", "to", "in", "on", "at", "by", "as", "is", "it", "or", "an", "be", "if",
                    "no", "so", "we", "he", "up", "do", "my", "me", "us", "am", "go", "ii", "iv",
                    "vi", "ix", "xi", "xv", "xx"})
_PROSE = ("footnotes/", "remarks")


def prose_slips(text: str) -> list[str]:
    """The marks of ``_PROSE_SLIPS`` in ``text`` (a note's or the remarks' running text)."""
    out = []
    for m in _PROSE_SLIPS.finditer(text):
        if m.group("word") and m.group("word").lower() in _STOPPED:
            continue
        if m.group("pair") and m.group("pair") in _PAIRS:
            continue
        out.append(m.group(0))
    return out


def unknown_words(text: str) -> list[str]:
    """The words (3+ letters, split at hyphens and apostrophes) of ``text`` that no English
    word list knows, in any case."""
    return [w for w in _WORD.findall(text) if zipf(w) == 0 and zipf(w.lower()) == 0]


#: The factor on an indirect-ownership nature's raw score when it cites no footnote.
UNMARKED_FACTOR = 0.6
#: The factor on a ticked "Officer" or "Other" box whose title ("give title below",
#: "specify below") is blank: the form asks for it, and every dev filing gives it.
UNTITLED_FACTOR = 0.4
_TITLED = (("isOfficer", "officerTitle"), ("isOther", "otherText"))
_NATURE = "natureOfOwnership/value"


def apply_lexicon(filing: Filing) -> Filing:
    """``raw``: free-text fields with a word no word list knows get ``LEXICON_FACTOR``; a
    nature of ownership citing no footnote, in a filing that has some, ``UNMARKED_FACTOR``;
    an Officer or Other box ticked with its title blank, ``UNTITLED_FACTOR``."""
    from extract.review.routing import field_family

    def score(path: str, raw: float) -> float:
        if path.endswith(_NATURE) and path not in marked and filing.footnotes:
            raw = round(raw * UNMARKED_FACTOR, 4)
        for box, text in _TITLED:
            if path.endswith(box) and path in ticked and not values.get(
                    path[: -len(box)] + text, "").strip():
                raw = round(raw * UNTITLED_FACTOR, 4)
        if field_family(path) not in _TEXT_FAMILIES or path.endswith(_NOT_WORDS):
            return raw
        text = values.get(path, "")
        doubtful = bool(unknown_words(text)) or (
            path.endswith(_COMPANY_NAMES) and _BARE_SUFFIX.search(text) is not None) or (
            _BARE_LP.search(text) is not None) or any(
            m.group(1).lower() not in _STOPPED for m in _STRAY_STOP.finditer(text)) or (
            path.startswith(_PROSE) and bool(prose_slips(text)))
        return round(raw * LEXICON_FACTOR, 4) if doubtful else raw

    leaves = list(iter_leaves(filing))
    values = {leaf.path: leaf.extracted.value for leaf in leaves
              if isinstance(leaf.extracted.value, str)}
    marked = {leaf.path for leaf in leaves if leaf.extracted.footnote_ids}
    ticked = {leaf.path for leaf in leaves if leaf.extracted.value is True}
    return _rescore(filing, score)


#: The factor on a field citing a note one digit off a note nothing in the filing cites.
MISREAD_MARK_FACTOR = 0.5


#: digits a small raised marker is read as one another ("3" and "5", "1" and "7")
_LOOKALIKE_DIGITS = frozenset(frozenset(p) for p in (
    "06", "08", "09", "17", "35", "38", "39", "49", "56", "58", "59", "68", "89"))


def _one_digit_off(cited: str, missing: str) -> bool:
    """``cited`` is ``missing`` with one digit dropped ("F1" for "F11", "F2" for "F25") or one
    digit read as a look-alike ("F3" for "F5")."""
    a, b = cited.removeprefix("F"), missing.removeprefix("F")
    if len(a) + 1 == len(b):
        return any(b[:i] + b[i + 1:] == a for i in range(len(b)))
    if len(a) != len(b):
        return False
    pairs = [frozenset((x, y)) for x, y in zip(a, b, strict=True) if x != y]
    return len(pairs) == 1 and pairs[0] in _LOOKALIKE_DIGITS


def apply_citations(filing: Filing) -> Filing:
    """``raw``: fields citing a note one digit off a note that nothing cites get
    ``MISREAD_MARK_FACTOR``."""
    leaves = list(iter_leaves(filing))
    cited = {i for leaf in leaves for i in leaf.extracted.footnote_ids}
    missing = [f.id for f in filing.footnotes if f.id not in cited]
    if not missing:
        return filing
    suspects = {i for i in cited if any(_one_digit_off(i, m) for m in missing)}
    doubtful = {leaf.path for leaf in leaves if suspects & set(leaf.extracted.footnote_ids)}
    return _rescore(filing, lambda path, raw: round(raw * MISREAD_MARK_FACTOR, 4)
                    if path in doubtful else raw)


def apply_quality(filing: Filing, quality: float) -> Filing:
    """``raw``: every leaf's confidence times the scan's quality factor (below 1 on a poor
    scan; ``extract.readers.scan.page_quality``)."""
    if quality >= 1.0:
        return filing
    return _rescore(filing, lambda _path, raw: round(raw * quality, 4))


def calibrate_filing(filing: Filing, calibration: Calibration, quality: float = 1.0) -> Filing:
    """Every leaf's confidence replaced by its family's calibrated value (of its raw score
    times ``quality``, in the same pass)."""
    from extract.review.routing import field_family

    factor = min(quality, 1.0)
    return _rescore(filing, lambda path, raw: calibration(
        field_family(path), round(raw * factor, 4) if factor < 1.0 else raw))
