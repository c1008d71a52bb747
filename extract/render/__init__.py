"""Renderers: a ``Filing`` shown as the form would show it (for tests, demos and readers)."""

from __future__ import annotations

from extract.errors import ConfigError
from extract.ir.filing import Filing

__all__ = ["BINARY_TARGETS", "RENDER_TARGETS", "render_bytes", "render_filing"]

RENDER_TARGETS = ("text", "html", "pdf", "paper", "legacy", "scan")
#: targets whose output is bytes (a PDF), not text
BINARY_TARGETS = frozenset({"pdf", "paper", "scan"})


def render_filing(filing: Filing, target: str) -> str | bytes:
    """Render ``filing`` as ``text`` (seed style), ``html`` (EDGAR style), ``pdf`` (the EDGAR
    page printed by headless Chromium), ``paper`` (the printed paper form) or ``legacy``
    (pre-2003 EDGAR ASCII) or ``scan`` (the paper form as a 300 dpi, lightly noisy image-only
    PDF; ``extract.render.scan.render_scan`` takes the look, dpi, noise and seed)."""
    if target == "text":
        from extract.render.text import render_text

        return render_text(filing)
    if target == "html":
        from extract.render.html import render_html

        return render_html(filing)
    if target == "pdf":
        from extract.render.pdf import render_pdf

        return render_pdf(filing)
    if target == "paper":
        from extract.render.paper import render_paper

        return render_paper(filing)
    if target == "legacy":
        from extract.render.legacy import render_legacy

        return render_legacy(filing)
    if target == "scan":
        from extract.render.scan import render_scan

        return render_scan(filing)
    raise ConfigError(f"unknown render target {target!r}; use one of {RENDER_TARGETS}", code="E405")


def render_bytes(filing: Filing, target: str) -> bytes:
    """``render_filing`` as the bytes of a file (text encoded as UTF-8)."""
    rendered = render_filing(filing, target)
    return rendered if isinstance(rendered, bytes) else rendered.encode()
