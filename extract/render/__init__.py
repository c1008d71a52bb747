"""Renderers: a ``Filing`` shown as the form would show it (for tests, demos and readers)."""

from __future__ import annotations

from extract.errors import ConfigError
from extract.ir.filing import Filing

__all__ = ["RENDER_TARGETS", "render_filing"]

RENDER_TARGETS = ("text", "html")


def render_filing(filing: Filing, target: str) -> str:
    """Render ``filing`` as ``text`` (seed style) or ``html`` (EDGAR style)."""
    if target == "text":
        from extract.render.text import render_text

        return render_text(filing)
    if target == "html":
        from extract.render.html import render_html

        return render_html(filing)
    raise ConfigError(f"unknown render target {target!r}; use one of {RENDER_TARGETS}", code="E405")
