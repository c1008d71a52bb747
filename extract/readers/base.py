"""The reader contract: bytes in, a ``ReadOutcome`` out. Only readers and exporters touch files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extract.ir.filing import Filing
from extract.ir.result import MediaKind, StageError

if TYPE_CHECKING:
    from extract.nlp.poa import TextWord

__all__ = ["ReadOutcome"]


@dataclass
class ReadOutcome:
    """What a reader produced from one input.

    ``filing`` is None only for inputs that hold no ownership document (a standalone power of
    attorney exhibit). ``warnings`` are coded, per-field findings; ``attachments`` keeps other
    documents found with the filing, by type (``{"EX-24": "...text..."}``), for later stages.
    """

    kind: MediaKind
    filing: Filing | None
    warnings: list[StageError] = field(default_factory=list)
    attachments: dict[str, str] = field(default_factory=dict)
    pages: int = 1
    poa_words: list[TextWord] = field(default_factory=list)
    """OCR words of ``attachments["POA"]`` (span, page, box) when it was read from a scan."""
