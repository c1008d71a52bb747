"""``Document``: pages of located words and ruling lines, what every page reader produces.

The layout engine (``extract.layout``, ``extract.tables``) reads only these types, so a PDF
text layer, an OCR'd scan and a fixed-width ASCII rendering go through the same code.

Coordinates follow STYLE §2: one ``BBox`` ``(x0, top, x1, bottom)``, page-absolute, top-left
origin, PDF points. Fixed-width text uses a virtual page (x = character column, y = line
number), so every tolerance downstream is a multiple of the page's typical word height
(``Page.unit``), never an absolute number of points.

These are frozen, slotted dataclasses rather than pydantic models: a page holds hundreds of
words and the engine builds and scans them many times per page; pydantic validation costs
about 20x more per object and buys nothing for values readers build themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from extract.ir.values import BBox, Source

__all__ = ["Word", "Line", "Page", "Document"]


@dataclass(frozen=True, slots=True)
class Word:
    """One word: its text (cleaned), the text as found (``orig``), box and where it came from.

    ``size`` is the font size (0 when unknown: OCR, fixed-width text); ``font`` the font name.
    ``confidence`` is 1.0 for a text layer, the engine's score in [0, 1] for OCR.
    """

    text: str
    orig: str
    bbox: BBox
    page_no: int
    confidence: float = 1.0
    source: Source = Source.PDF_TEXT
    size: float = 0.0
    font: str = ""

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def bottom(self) -> float:
        return self.bbox[3]

    @property
    def xc(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def yc(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]


@dataclass(frozen=True, slots=True)
class Line:
    """A ruling line (a drawn line or a thin rectangle), horizontal or vertical."""

    bbox: BBox
    page_no: int

    @property
    def vertical(self) -> bool:
        return (self.bbox[3] - self.bbox[1]) > (self.bbox[2] - self.bbox[0])

    @property
    def x(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def y(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2

    @property
    def length(self) -> float:
        return max(self.bbox[2] - self.bbox[0], self.bbox[3] - self.bbox[1])


@dataclass(frozen=True, slots=True)
class Page:
    page_no: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...] = ()
    lines: tuple[Line, ...] = ()
    unit: float = field(default=0.0)
    """Typical word height on the page; 0 means compute it from the words."""

    def __post_init__(self) -> None:
        if not self.unit:
            heights = [w.height for w in self.words if w.height > 0]
            object.__setattr__(self, "unit", median(heights) if heights else 1.0)


@dataclass(frozen=True, slots=True)
class Document:
    pages: tuple[Page, ...]
    source: Source = Source.PDF_TEXT
    path: str = ""
    family: str = ""
    """Rendering family the reader knows it read ("pdf", "legacy-ascii"), if any."""

    @property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for p in self.pages for w in p.words)
