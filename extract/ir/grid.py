"""``FormGrid``: what a rendering reader recovers before field mapping.

Readers of printed-form renderings (text, HTML, later PDF and OCR) produce a ``FormGrid``:
header boxes, owners, and Table I / Table II rows whose cells are keyed by the form's printed
column numbers. ``extract.fields.build`` turns it into a ``Filing`` using the column maps in
``layouts/``. Column keys are the printed number, with a sub-column after a dot:

Form 4 Table I:  1, 2, 2A, 3.code, 3.v, 4.amount, 4.ad, 4.price, 5, 6, 7
Form 4 Table II: 1, 2, 3, 3A, 4.code, 4.v, 5.a, 5.d, 6.exercisable, 6.expiration, 7.title,
                 7.amount, 8, 9, 10, 11
Form 5 is Form 4 without the V columns (3.code / 4.code only).
Form 3 Table I:  1, 2, 3, 4
Form 3 Table II: 1, 2.exercisable, 2.expiration, 3.title, 3.amount, 4, 5, 6
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from extract.ir.values import BBox, Issue, Source

__all__ = ["Cell", "GridRow", "TableGrid", "OwnerBox", "SignatureLine", "FormGrid", "HEADER_KEYS"]

#: Keys of ``FormGrid.header``.
HEADER_KEYS = (
    "document_type",  # "4", "4/A", ... from the title or amendment box
    "issuer_name",  # box 2
    "issuer_trading_symbol",  # box 2, inside [ ]
    "period_of_report",  # box 3 (Form 4: date of earliest transaction; Form 3: date of event)
    "date_of_original_submission",  # box 4 (amendments)
    "not_subject_to_section16",  # checkbox at the top of Forms 4/5
    "aff10b5_one",  # the Rule 10b5-1 checkbox (2023 on)
    "no_securities_owned",  # Form 3 "no securities beneficially owned"
    "form3_holdings_reported",  # Form 5 checkboxes
    "form4_transactions_reported",
)


class Cell(BaseModel):
    """One cell's text, with footnote markers detached into ``footnotes`` (``F1``...)."""

    model_config = ConfigDict(frozen=True)

    text: str = ""
    footnotes: tuple[str, ...] = ()
    raw: str | None = None
    confidence: float = 1.0
    page: int | None = None
    bbox: BBox | None = None
    issues: tuple[Issue, ...] = ()
    """Findings on how the text was read (an OCR re-read that corrected the page reading)."""


class GridRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    cells: dict[str, Cell] = Field(default_factory=dict)
    page: int | None = None
    bbox: BBox | None = None


class TableGrid(BaseModel):
    model_config = ConfigDict(frozen=True)

    table: Literal["I", "II"]
    rows: list[GridRow] = Field(default_factory=list)


class OwnerBox(BaseModel):
    """Box 1 (name and address) and box 5 (relationship) of one reporting owner.

    Checkbox cells hold ``"1"`` (checked) or ``"0"``."""

    model_config = ConfigDict(frozen=True)

    name: Cell | None = None
    street1: Cell | None = None
    street2: Cell | None = None
    city: Cell | None = None
    state: Cell | None = None
    zip_code: Cell | None = None
    is_director: Cell | None = None
    is_officer: Cell | None = None
    is_ten_percent_owner: Cell | None = None
    is_other: Cell | None = None
    officer_title: Cell | None = None
    other_text: Cell | None = None


class SignatureLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: Cell | None = None
    date: Cell | None = None


class FormGrid(BaseModel):
    """Everything a rendering shows, as located text, before typing."""

    model_config = ConfigDict(frozen=True)

    form: Literal["3", "4", "5"]
    source: Source
    layout: str = ""  # name of the layout / rendering family recognised
    header: dict[str, Cell] = Field(default_factory=dict)
    owners: list[OwnerBox] = Field(default_factory=list)
    tables: list[TableGrid] = Field(default_factory=list)
    footnotes: list[tuple[str, Cell]] = Field(default_factory=list)  # ("F1", text cell)
    remarks: Cell | None = None
    signatures: list[SignatureLine] = Field(default_factory=list)
    pages: int = 1
