"""Binders: one PDF (or scan) holding several filings back to back, cut where a new form starts.

Each page gets a role from its text (the text layer, or the OCR'd words of a scan):

- ``form``: the first page of a Form 3/4/5: a statement title ("STATEMENT OF CHANGES IN
  BENEFICIAL OWNERSHIP", "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP" ...) and the first box
  of the layout ("Name and Address of Reporting Person") near the top.
- ``poa``: a power of attorney ("POWER OF ATTORNEY", "KNOW ALL ... BY THESE PRESENTS", or
  appointing words with attorney-in-fact wording: ``extract.nlp.find.looks_like_poa``).
- ``other``: anything else (a form's continuation page, an exhibit's second page, a cover).

A ``form`` page starts a new part. Pages after it belong to that part; a ``poa`` page and the
``other`` pages after it are the part's exhibit (``poa_pages``), kept with the filing they
follow. Pages before the first form page join the first part. Matching is fuzzy
(RapidFuzz ``partial_ratio`` on letters only) so OCR misreads still match.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from extract.ir.document import Page

__all__ = ["PageRole", "Part", "page_role", "page_text", "pdf_page_texts", "pdf_subset",
           "split_pages"]

PageRole = Literal["form", "poa", "other"]

_TITLES = ("STATEMENTOFCHANGESINBENEFICIALOWNERSHIP", "INITIALSTATEMENTOFBENEFICIALOWNERSHIP",
           "ANNUALSTATEMENTOFCHANGESINBENEFICIALOWNERSHIP")
_LAYOUT = "NAMEANDADDRESSOFREPORTINGPERSON"
_POA = ("POWEROFATTORNEY", "KNOWALLMENBYTHESEPRESENTS", "KNOWALLPERSONSBYTHESEPRESENTS",
        "KNOWALLBYTHESEPRESENTS")
#: How much of a page's text (characters) counts as "near the top".
_HEAD = 1500
_CUTOFF = 85.0


@dataclass(frozen=True, slots=True)
class Part:
    """One filing of a binder: its 1-based ``index`` and pages (1-based, of the binder)."""

    index: int
    form_pages: tuple[int, ...]
    poa_pages: tuple[int, ...] = field(default=())

    @property
    def first(self) -> int:
        return min(self.form_pages + self.poa_pages)

    @property
    def last(self) -> int:
        return max(self.form_pages + self.poa_pages)

    @property
    def label(self) -> str:
        return f"pages={self.first}-{self.last}"


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text.upper())


def _has(letters: str, needle: str) -> bool:
    from rapidfuzz import fuzz

    if needle in letters:
        return True
    return bool(letters) and fuzz.partial_ratio(needle, letters, score_cutoff=_CUTOFF) > 0


def page_role(text: str) -> PageRole:
    """The role of one page from its text (see the module docstring)."""
    head = text[:_HEAD]
    letters = _letters(head)
    if any(_has(letters, title) for title in _TITLES) and _has(letters, _LAYOUT):
        return "form"
    if any(_has(letters, needle) for needle in _POA):
        return "poa"
    from extract.nlp.find import looks_like_poa

    if looks_like_poa(text[:4000]):
        return "poa"
    return "other"


def split_pages(roles: Sequence[PageRole]) -> list[Part]:
    """Cut a binder's pages into parts by their roles; no ``form`` page gives one part."""
    parts: list[tuple[list[int], list[int]]] = []
    leading: list[int] = []
    in_poa = False
    for number, role in enumerate(roles, start=1):
        if role == "form":
            parts.append(([number], []))
            in_poa = False
        elif not parts:
            leading.append(number)
        elif role == "poa" or in_poa:
            parts[-1][1].append(number)
            in_poa = True
        else:
            parts[-1][0].append(number)
    if not parts:
        return [Part(1, tuple(range(1, len(roles) + 1)))] if roles else []
    first_form, first_poa = parts[0]
    lead_poa = [n for n in leading if roles[n - 1] == "poa"]
    parts[0] = (sorted([n for n in leading if n not in lead_poa] + first_form),
                sorted(lead_poa + first_poa))
    return [Part(i, tuple(form), tuple(poa)) for i, (form, poa) in enumerate(parts, start=1)]


def pdf_page_texts(data: bytes) -> list[str]:
    """The text layer of every page of a PDF ('' for a page without one)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for index in range(len(pdf)):
            textpage = pdf[index].get_textpage()
            out.append(textpage.get_text_range() if textpage.count_chars() else "")
        return out
    finally:
        pdf.close()


def page_text(page: Page) -> str:
    """An OCR'd page's words as text, line by line (words grouped by their vertical middle)."""
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    unit = page.unit or 10.0
    for word in sorted(page.words, key=lambda w: ((w.bbox[1] + w.bbox[3]) / 2, w.bbox[0])):
        middle = (word.bbox[1] + word.bbox[3]) / 2
        if lines and abs(lines[-1][0] - middle) <= unit * 0.6:
            lines[-1][1].append((word.bbox[0], word.text))
        else:
            lines.append((middle, [(word.bbox[0], word.text)]))
    return "\n".join(" ".join(t for _, t in sorted(words)) for _, words in lines)


def pdf_subset(data: bytes, pages: Sequence[int]) -> bytes:
    """A PDF of the given 1-based pages of ``data``, in that order."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(data)
    new = pdfium.PdfDocument.new()
    try:
        new.import_pages(src, [p - 1 for p in pages])
        buffer = io.BytesIO()
        new.save(buffer)
        return buffer.getvalue()
    finally:
        new.close()
        src.close()
