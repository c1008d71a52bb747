"""Standalone power-of-attorney exhibits (EX-24 HTML or text): no ownership document, the
exhibit's text kept for the power-of-attorney stage."""

from __future__ import annotations

from extract.errors import InputError
from extract.ir.result import MediaKind
from extract.nlp.find import exhibit_text, is_scan
from extract.readers.base import ReadOutcome
from extract.readers.sniff import decode_text

__all__ = ["read_poa_exhibit"]


def read_poa_exhibit(data: bytes, *, path: str = "<bytes>") -> ReadOutcome:
    """The exhibit as text in ``attachments["POA"]``; a page that only embeds a scan is refused
    with a coded error until OCR reads it."""
    text = decode_text(data)
    if is_scan(text):
        raise InputError(
            "power-of-attorney exhibit is a scanned image embedded in HTML; it needs OCR "
            "(run it through the scan path when available)",
            code="E040",
            path=path,
        )
    return ReadOutcome(kind=MediaKind.POA_EXHIBIT, filing=None,
                       attachments={"POA": exhibit_text(text)})
