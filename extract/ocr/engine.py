"""The OCR seam: Tesseract run as a subprocess on an image file, returning its TSV text.

Tesseract is always given a file path (never an in-memory image) and one thread
(``OMP_THREAD_LIMIT=1``): pages run in separate processes instead, which is faster on a
shared machine than Tesseract's own OpenMP threads. Everything about the engine (binary,
language, page segmentation mode, resolution, time limit) lives in ``OcrSettings``.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from extract.errors import EngineError
from extract.settings import Settings

__all__ = ["OcrSettings", "run_tesseract", "run_command", "detect_orientation",
           "tesseract_version"]

_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.M)
_ORIENT_CONF = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.M)


class OcrSettings(Settings):
    """Settings of the OCR reader (engine and page preparation)."""

    error_code: ClassVar[str] = "E404"

    tesseract_cmd: str = "tesseract"
    """The Tesseract binary: a name on PATH or an absolute path."""
    lang: str = "eng"
    psm: int = Field(default=3, ge=0, le=13)
    """Page segmentation mode: 3 (automatic) scored best on rendered paper forms (vs 6, 11)."""
    dpi: int = Field(default=300, ge=100, le=600)
    """Resolution PDFs are rasterized at (and assumed for images that carry none)."""
    timeout: float = Field(default=120.0, gt=0)
    """Seconds one Tesseract run may take before it is killed (E303)."""
    min_ocr_dpi: int = Field(default=300, ge=100, le=600)
    """Pages scanned below this resolution are enlarged to it before cleaning and OCR."""
    deskew: bool = True
    """Estimate the skew (up to ``max_skew`` degrees) and rotate it away."""
    max_skew: float = Field(default=5.0, ge=0, le=15)
    orient: bool = True
    """Detect pages turned by 90/180/270 degrees (Tesseract OSD) and turn them upright."""
    min_orient_confidence: float = Field(default=2.0, ge=0)
    """OSD confidence below which a page is left as it is."""
    remove_rules: bool = True
    """Detect ruling lines, keep them as ``Line``s and erase them before OCR."""
    min_rule: float = Field(default=0.25, gt=0)
    """Shortest ruling line kept, in inches."""
    markers: bool = True
    """Read superscript footnote markers (noise at page scale) again, enlarged: one extra
    Tesseract run per page on a strip of the suspect words (``extract.ocr.markers``)."""
    calibrate: bool = True
    """Map raw field scores through ``models/ocr_confidence.json`` (``extract.ocr.confidence``)."""
    reread_cells: bool = True
    """Read typed table and header cells again from their crops (``extract.ocr.cells``)."""
    workers: int = Field(default=2, ge=1, le=8)
    """Processes for a document of several pages (one Tesseract process per page)."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def run_command(args: list[str], settings: OcrSettings) -> str:
    """Run a Tesseract command line (one thread, time limit); stdout, or a coded
    ``EngineError`` (E301 missing, E302 failed, E303 timed out)."""
    try:
        done = subprocess.run(args, capture_output=True, timeout=settings.timeout, env=_env(),
                              check=False)
    except FileNotFoundError:
        raise EngineError(
            f"Tesseract not found as {settings.tesseract_cmd!r}; install it (Debian/Ubuntu: "
            "apt-get install tesseract-ocr tesseract-ocr-eng) or set tesseract_cmd",
            code="E301") from None
    except subprocess.TimeoutExpired:
        raise EngineError(f"Tesseract took longer than {settings.timeout:g} s on {args[1]}; "
                          "raise timeout or lower dpi", code="E303") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        tail = err[-1] if err else "no message"
        raise EngineError(f"Tesseract exited {done.returncode} on {args[1]}: {tail}",
                          code="E302")
    return done.stdout.decode("utf-8", "replace")


def run_tesseract(image_path: str | Path, settings: OcrSettings | None = None) -> str:
    """Tesseract's TSV output (header line included) for the image at ``image_path``."""
    cfg = OcrSettings.resolve(settings)
    args = [cfg.tesseract_cmd, str(image_path), "stdout", "-l", cfg.lang, "--psm", str(cfg.psm),
            "--dpi", str(cfg.dpi), "tsv"]
    return run_command(args, cfg)


def detect_orientation(image_path: str | Path, settings: OcrSettings | None = None
                       ) -> tuple[int, float]:
    """``(degrees, confidence)``: the clockwise turn that makes the page upright (Tesseract
    OSD, ``--psm 0``). ``(0, 0.0)`` when OSD finds too little text to decide."""
    cfg = OcrSettings.resolve(settings)
    args = [cfg.tesseract_cmd, str(image_path), "stdout", "--psm", "0", "--dpi", str(cfg.dpi)]
    try:
        out = run_command(args, cfg)
    except EngineError as exc:
        if exc.code == "E302":  # "Too few characters", a blank page
            return 0, 0.0
        raise
    rotate, conf = _ROTATE.search(out), _ORIENT_CONF.search(out)
    if rotate is None:
        return 0, 0.0
    return int(rotate.group(1)) % 360, float(conf.group(1)) if conf else 0.0


def tesseract_version(settings: OcrSettings | None = None) -> str:
    """The engine's version line (``tesseract 5.3.0``), for results and benchmarks."""
    cfg = OcrSettings.resolve(settings)
    out = run_command([cfg.tesseract_cmd, "--version"], cfg)
    return out.splitlines()[0].strip() if out else ""
