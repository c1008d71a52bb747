"""Standalone power-of-attorney exhibits (EX-24 HTML or text): no ownership document, the
exhibit's text kept for the power-of-attorney stage. An HTML exhibit that only embeds scanned
page images (``data:`` URIs or image files beside it) is OCR'd (``extract.readers.poa_scan``),
its images in document order as pages."""

from __future__ import annotations

from extract.errors import InputError
from extract.ir.result import MediaKind
from extract.nlp.find import exhibit_text, is_scan
from extract.readers.base import ReadOutcome
from extract.readers.sniff import decode_text

__all__ = ["read_poa_exhibit"]


def read_poa_exhibit(data: bytes, *, path: str = "<bytes>") -> ReadOutcome:
    """The exhibit as text in ``attachments["POA"]``; for a page that only embeds a scan, the
    OCR text of its images with the words' boxes (``E040`` when it embeds none that can be
    found, ``E042``/``E043`` for an image that is missing or does not decode)."""
    text = decode_text(data)
    if is_scan(text):
        from extract.readers.poa_scan import embedded_images, read_poa_images

        images = embedded_images(text, path=path)
        if not images:
            raise InputError("power-of-attorney exhibit shows a scanned image that sec16 cannot "
                             "locate in it; pass the image file itself", code="E040", path=path)
        return read_poa_images(images, path=path)
    return ReadOutcome(kind=MediaKind.POA_EXHIBIT, filing=None,
                       attachments={"POA": exhibit_text(text)})
