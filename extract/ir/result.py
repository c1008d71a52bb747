"""What one conversion returns: status, filing, errors, timings, settings used."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from extract.ir.filing import Filing
from extract.nlp.poa import PowerOfAttorney, SignatureBlock

__all__ = ["MediaKind", "SourceMeta", "StageError", "Status", "Result"]


class Status(StrEnum):
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILED = "failed"


class MediaKind(StrEnum):
    """What a reader recognised the input as."""

    OWNERSHIP_XML = "ownership-xml"
    SGML = "sgml"
    TEXT_RENDERING = "text-rendering"
    HTML_RENDERING = "html-rendering"
    POA_EXHIBIT = "poa-exhibit"
    PDF = "pdf"
    LEGACY_TEXT = "legacy-text"
    SCAN = "scan"


class SourceMeta(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    sha256: str
    media_type: str
    kind: MediaKind | None = None
    pages: int = 1
    size: int = 0


class StageError(BaseModel):
    """A coded error or warning recorded by a stage; ``path`` names the field when there is one."""

    model_config = ConfigDict(frozen=True)

    stage: str
    code: str
    message: str
    path: str | None = None
    severity: str = "error"


class Result(BaseModel):
    """The outcome of converting one input."""

    model_config = ConfigDict(frozen=True)

    source: SourceMeta
    status: Status
    filing: Filing | None = None
    errors: list[StageError] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)
    attachments: dict[str, str] = Field(default_factory=dict)
    """Other documents found with the filing (an EX-24 power of attorney), by type."""
    power_of_attorney: PowerOfAttorney | None = None
    """The power of attorney found with the filing (appended, EX-24, or a standalone exhibit)."""
    signature: SignatureBlock | None = None
    """The form's signature block, checked against the power of attorney's attorneys-in-fact."""
    links: list[dict[str, Any]] = Field(default_factory=list)
    """Entity links in the JSON contract's shape."""
