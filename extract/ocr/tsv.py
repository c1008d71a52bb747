"""Tesseract TSV -> ``Word``s in PDF points.

Parsed here rather than through pytesseract's ``image_to_data`` dict, which rounds the
confidence to an integer: the float score (0-100) becomes ``Word.confidence`` in [0, 1].
Only level-5 rows (words) with text are kept; pixels become points with the image's dpi.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from extract.errors import EngineError
from extract.ir.document import Word
from extract.ir.values import Source

__all__ = ["TSV_HEADER", "parse_tsv", "clean_text", "drop_vertical", "tidy_punctuation",
           "mend_table_numerals", "mend_care_of", "mend_form_words"]

TSV_HEADER = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top",
              "width", "height", "conf", "text")
_FOLD = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2012": "-", "\u2212": "-",
                       "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u00a0": " ", "\ufb01": "fi", "\ufb02": "fl"})


def clean_text(orig: str) -> str:
    """The word as the layout engine compares it: NFKC, dashes and quotes folded to ASCII."""
    return unicodedata.normalize("NFKC", orig.translate(_FOLD)).strip()


def parse_tsv(tsv: str, *, page_no: int = 1, dpi: float = 300.0) -> list[Word]:
    """The words of one page of Tesseract TSV, boxes in PDF points (top-left origin).

    ``EngineError E304`` when the text is not Tesseract TSV (a wrong header)."""
    lines = tsv.splitlines()
    if not lines:
        return []
    header = tuple(lines[0].rstrip("\r").split("\t"))
    if header != TSV_HEADER:
        raise EngineError(f"not Tesseract TSV: header {lines[0][:60]!r}", code="E304")
    scale = 72.0 / dpi
    words: list[Word] = []
    for line in lines[1:]:
        cols = line.rstrip("\r").split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        orig = "\t".join(cols[11:])  # a tab inside the text would split it; keep it whole
        text = clean_text(orig)
        if not text:
            continue
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        if conf < 0:
            continue
        bbox = (round(left * scale, 2), round(top * scale, 2),
                round((left + width) * scale, 2), round((top + height) * scale, 2))
        words.append(Word(text=text, orig=orig, bbox=bbox, page_no=page_no,
                          confidence=min(conf, 100.0) / 100.0, source=Source.OCR))
    return words


_PUNCT = set(".,;:'\"`")


def drop_vertical(words: list[Word]) -> list[Word]:
    """``words`` without the ones Tesseract read down the page: a column of lone letters
    (Table I's "M" "M" "M" codes, its "A" and "D" columns) taken for one vertical line of
    text ("SSBSSSSFSB..."): a word of two or more characters at least twice the page's typical
    word height and taller than it is wide. A form prints no vertical text once the page is
    upright, and the cells it covered, empty now, are read again from their crops."""
    if not words:
        return words
    heights = sorted(w.height for w in words)
    typical = heights[len(heights) // 2]
    return [w for w in words
            if not (len(w.text) >= 2 and w.height > 2 * typical and w.height > 1.5 * (w.x1 - w.x0))]


def tidy_punctuation(words: list[Word], *, min_confidence: float = 0.6) -> list[Word]:
    """Punctuation Tesseract returned as words of its own: glued back to the word just left
    of it on the same line (``Inc`` ``.`` -> ``Inc.``), or dropped when it stands apart and
    Tesseract is unsure of it (a speck read as ``.`` or ``,``)."""
    out: list[Word] = []
    glued: dict[int, Word] = {}
    for index, word in enumerate(words):
        if not word.text or not set(word.text) <= _PUNCT:
            out.append(word)
            continue
        left = None
        for other_index, other in enumerate(words):
            if other_index == index or other.x1 > word.x0 + 0.5 or set(other.text) <= _PUNCT:
                continue
            overlap = min(other.bottom, word.bottom) - max(other.top, word.top)
            if overlap <= 0 and not (other.top <= word.yc <= other.bottom + 0.3 * other.height):
                continue
            if word.x0 - other.x1 <= 0.4 * other.height and (
                    left is None or other.x1 > words[left].x1):
                left = other_index
        if left is not None:
            base = glued.get(left, words[left])
            if base.text.endswith(word.text):
                continue  # "Natera," "," : the same mark twice is a speck

            glued[left] = replace(
                base, text=base.text + word.text, orig=base.orig + word.orig,
                bbox=(base.x0, min(base.top, word.top), max(base.x1, word.x1),
                      max(base.bottom, word.bottom)),
                confidence=min(base.confidence, max(word.confidence, 0.5)))
            continue
        if word.confidence >= min_confidence and not _isolated(word, words):
            out.append(word)
    if not glued:
        return out
    by_id = {id(words[i]): w for i, w in glued.items()}
    return [by_id.get(id(w), w) for w in out]


def _isolated(mark: Word, words: list[Word], reach: float = 12.0) -> bool:
    """No word of text on ``mark``'s line within ``reach`` points of it: a speck in white
    space, whatever Tesseract's confidence (one left of a label starts a line of its own that
    then takes the label's words)."""
    for other in words:
        if other is mark or set(other.text) <= _PUNCT:
            continue
        if not other.top - 1.0 <= mark.yc <= other.bottom + 1.0:
            continue
        if max(other.x0 - mark.x1, mark.x0 - other.x1, 0.0) <= reach:
            return False
    return True


_ROMAN = {"1": "I", "l": "I", "|": "I", "i": "I", "11": "II", "ll": "II", "Il": "II", "lI": "II",
          "1I": "II", "I1": "II", "||": "II", "1l": "II", "l1": "II"}


def mend_table_numerals(words: list[Word]) -> list[Word]:
    """``Table 1`` / ``Table 11`` as OCR reads the form's ``Table I`` / ``Table II``: the numeral
    after the word ``Table`` is put back, and a footnote marker conjured from its serif (a
    ``(1)`` overlapping it) is dropped."""
    out = list(words)
    drop: set[int] = set()
    for word in [w for w in out if w.text.lower() == "table"]:
        line = [(j, w) for j, w in enumerate(out) if w is not word
                and min(w.bottom, word.bottom) - max(w.top, word.top) > 0
                and -0.6 * word.height <= w.x0 - word.x1 < 2 * word.height]
        numerals = [(j, w) for j, w in line if w.text in _ROMAN]
        if not numerals:
            continue
        j, nxt = min(numerals, key=lambda item: item[1].x0)
        out[j] = replace(nxt, text=_ROMAN[nxt.text])
        drop.update(k for k, w in line if k != j and w.text in ("(1)", "(11)")
                    and w.x0 < nxt.x1 + 0.5 * word.height)
    return [w for k, w in enumerate(out) if k not in drop]


_CARE_OF = re.compile(r"^[cC][/l|1][0oO]$")


def mend_care_of(words: list[Word]) -> list[Word]:
    """``c/0`` (``C/O`` with the O read as a zero or the C in lower case): ``C/O`` before a
    word in capitals, ``c/o`` otherwise."""
    out = list(words)
    for i, word in enumerate(out):
        if not _CARE_OF.match(word.text) or word.text in ("c/o", "C/O"):
            continue
        after = [w for w in out if w.x0 > word.x1 and abs(w.yc - word.yc) < 0.6 * word.height]
        nxt = min(after, key=lambda w: w.x0, default=None)
        caps = nxt is not None and nxt.text.isupper()
        out[i] = replace(word, text="C/O" if caps else "c/o")
    return out


#: "attorney" as OCR reads it in a signature ("Attomey", "attomney": rn read as m).
_ATTORNEY = re.compile(r"^(?P<a>[Aa])tto(?:m|mn|rm|rn|nn)ey(?P<rest>\W.*)?$")


def mend_form_words(words: list[Word]) -> list[Word]:
    """Form vocabulary OCR misreads in a way no name is spelled: ``Attomey`` (``rn`` read
    as ``m``) is ``Attorney``; an ``attorney-`` broken from ``in-fact`` by a speck read as
    ``=`` or ``~`` loses the speck."""
    out: list[Word] = []
    for word in words:
        m = _ATTORNEY.match(word.text)
        if m and not word.text[1:].startswith("ttorney"):
            word = replace(word, text=f"{m['a']}ttorney{m['rest'] or ''}")
        if out and re.fullmatch(r"[=~_]{1,2}", word.text) and out[-1].text.endswith("-"):
            continue  # a speck between "attorney-" and "in-fact"
        if (out and re.fullmatch(r"(?i)attorney-", out[-1].text)
                and re.match(r"(?i)in-fact", word.text) and abs(word.yc - out[-1].yc) < word.height):
            prev = out.pop()
            word = replace(prev, text=prev.text + word.text,
                           bbox=(prev.x0, min(prev.top, word.top), word.x1,
                                 max(prev.bottom, word.bottom)))
        out.append(word)
    return out
