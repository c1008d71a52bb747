"""Leaf values: every extracted field is an ``Extracted[T]`` carrying provenance and issues."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "BBox",
    "Extracted",
    "Issue",
    "Provenance",
    "Severity",
    "Source",
    "typed_extracted",
]

T = TypeVar("T")

BBox = tuple[float, float, float, float]
"""Page-absolute box ``(x0, top, x1, bottom)``, top-left origin, PDF points.

Text renderings use a virtual page: x is the character column, y the line number."""


class Source(StrEnum):
    """Where a value was read from."""

    XML = "xml"
    SGML = "sgml"
    TEXT = "text"
    HTML = "html"
    PDF_TEXT = "pdf-text"
    OCR = "ocr"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Issue(BaseModel):
    """A coded finding on one field (``V203 code M exercise printed as (A)``)."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    severity: Severity = Severity.WARNING


class Provenance(BaseModel):
    """Where on the source a value was found."""

    model_config = ConfigDict(frozen=True)

    source: Source
    page: int | None = None
    bbox: BBox | None = None
    stage: str | None = None


class Extracted(BaseModel, Generic[T]):
    """One leaf value.

    ``value=None`` means absent (or unparseable, in which case ``issues`` says why);
    ``raw`` is the text as found; ``footnote_ids`` the footnotes referenced at this value.
    """

    model_config = ConfigDict(frozen=True)

    value: T | None = None
    raw: str | None = None
    footnote_ids: tuple[str, ...] = ()
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    provenance: Provenance | None = None
    issues: tuple[Issue, ...] = ()

    @property
    def present(self) -> bool:
        """True when the element exists in the document: a value or footnote references."""
        return self.value is not None or bool(self.footnote_ids)


@cache
def typed_extracted(value_type: Any) -> type[Extracted[Any]]:
    """``Extracted[value_type]``, cached: building leaves of the exact parametrised class lets
    the enclosing model accept them without validating them again."""
    return Extracted[value_type]
