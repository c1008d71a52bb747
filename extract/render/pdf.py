"""``Filing`` -> PDF: the EDGAR-style HTML page printed by headless Chromium.

Chromium (Debian package ``chromium``) runs with a fresh profile directory, no network
services and ``--print-to-pdf``; ``EngineError E310`` when it is missing, ``E311`` when it
fails. Settings (binary path, timeout) live in ``PdfRenderSettings``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pydantic import Field

from extract.errors import EngineError
from extract.ir.filing import Filing
from extract.settings import Settings

__all__ = ["PdfRenderSettings", "chromium_path", "html_to_pdf", "render_pdf"]


class PdfRenderSettings(Settings):
    chromium: str = "/usr/bin/chromium"
    timeout_s: float = Field(default=60.0, gt=0)
    owner_relationships: bool = True
    """Print every reporting owner's relationship (EDGAR shows only the first owner's)."""


def chromium_path(settings: PdfRenderSettings | None = None) -> str | None:
    cfg = settings or PdfRenderSettings()
    if Path(cfg.chromium).exists():
        return cfg.chromium
    return shutil.which("chromium") or shutil.which("chromium-browser")


def html_to_pdf(html: str, settings: PdfRenderSettings | dict | None = None) -> bytes:
    """Print an HTML page to PDF with headless Chromium."""
    cfg = PdfRenderSettings.resolve(settings)
    binary = chromium_path(cfg)
    if binary is None:
        raise EngineError(f"Chromium not found at {cfg.chromium}; install it "
                          "(apt-get install -y chromium)", code="E310")
    with tempfile.TemporaryDirectory(prefix="sec16-chromium-") as tmp:
        page = Path(tmp) / "page.html"
        out = Path(tmp) / "page.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", f"--user-data-dir={Path(tmp) / 'profile'}",
               "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=cfg.timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise EngineError(f"Chromium did not finish in {cfg.timeout_s:.0f}s",
                              code="E311") from None
        if not out.exists() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise EngineError(f"Chromium produced no PDF (exit {proc.returncode}): {tail}",
                              code="E311")
        return out.read_bytes()


def render_pdf(filing: Filing, settings: PdfRenderSettings | dict | None = None) -> bytes:
    """``filing`` as EDGAR renders it, printed to PDF (one or more pages)."""
    from extract.render.html import render_html

    cfg = PdfRenderSettings.resolve(settings)
    return html_to_pdf(render_html(filing, owner_relationships=cfg.owner_relationships), cfg)
