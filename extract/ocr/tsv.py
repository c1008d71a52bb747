"""Tesseract TSV -> ``Word``s in PDF points.

Parsed here rather than through pytesseract's ``image_to_data`` dict, which rounds the
confidence to an integer: the float score (0-100) becomes ``Word.confidence`` in [0, 1].
Only level-5 rows (words) with text are kept; pixels become points with the image's dpi.
"""

from __future__ import annotations

import unicodedata

from extract.errors import EngineError
from extract.ir.document import Word
from extract.ir.values import Source

__all__ = ["TSV_HEADER", "parse_tsv", "clean_text"]

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
