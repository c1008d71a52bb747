"""``Filing`` -> a simulated scan: the paper or EDGAR-PDF rendering rasterized, then degraded
the way a flatbed or fax degrades a page, deterministically from a seed.

Noise levels (``ScanNoise``):

- ``clean``: the raster as it is (JPEG quality 95).
- ``light``: an office scanner: a skew of up to 0.5 deg, slight blur, a few specks, a grey
  paper tone, JPEG quality 80.
- ``heavy``: a fax of a photocopy: skew up to 1.5 deg, blur, faded ink, specks and grain,
  JPEG quality 45.

The same ``(filing, look, dpi, noise, seed)`` always gives the same bytes. The output is an
image-only PDF (one JPEG per page, as archive scanners write them) or a multi-page TIFF.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from extract.errors import ConfigError
from extract.ir.filing import Filing

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["NOISE", "ScanNoise", "degrade", "render_scan", "scan_images"]

Look = Literal["paper", "pdf"]
_FIXED_DATE = time.gmtime(946684800)  # 2000-01-01: a fixed date keeps the PDF deterministic


@dataclass(frozen=True, slots=True)
class ScanNoise:
    """How one noise level degrades a page."""

    max_skew: float
    """Largest rotation, degrees (drawn uniformly in ``±max_skew``)."""
    blur: float
    """Gaussian blur sigma, in pixels at 300 dpi (scaled with the dpi)."""
    specks: float
    """Share of pixels turned to dark specks."""
    grain: float
    """Standard deviation of the grey noise added to every pixel."""
    fade: float
    """How far black ink is lifted towards grey (0 = black, 1 = white)."""
    paper: int
    """Grey level of the paper."""
    quality: int
    """JPEG quality the page is compressed with."""


NOISE: dict[str, ScanNoise] = {
    "clean": ScanNoise(0.0, 0.0, 0.0, 0.0, 0.0, 255, 95),
    "light": ScanNoise(0.5, 0.6, 0.00002, 4.0, 0.08, 245, 80),
    "heavy": ScanNoise(1.5, 1.1, 0.0002, 12.0, 0.3, 232, 45),
}


def degrade(gray: Image.Image, noise: ScanNoise, *, dpi: int, rng: np.random.Generator
            ) -> Image.Image:
    """One page image (mode ``L``) degraded by ``noise``; the randomness comes from ``rng``."""
    import cv2
    from PIL import Image

    page: np.ndarray = np.asarray(gray, dtype=np.float32)
    ink = 255.0 - page
    page = noise.paper - ink * (1.0 - noise.fade) * noise.paper / 255.0
    if noise.blur:
        sigma = noise.blur * dpi / 300.0
        page = cv2.GaussianBlur(page, (0, 0), sigmaX=sigma)
    angle = float(rng.uniform(-noise.max_skew, noise.max_skew)) if noise.max_skew else 0.0
    if angle:
        h, w = page.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        page = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=float(noise.paper))
    if noise.grain:
        page = page + rng.normal(0.0, noise.grain, page.shape).astype(np.float32)
    if noise.specks:
        count = int(page.size * noise.specks)
        ys = rng.integers(0, page.shape[0], count)
        xs = rng.integers(0, page.shape[1], count)
        radii = np.maximum(1, np.rint(rng.integers(1, 3, count) * dpi / 300.0)).astype(int)
        for y, x, radius in zip(ys.tolist(), xs.tolist(), radii.tolist(), strict=True):
            page[max(0, y - radius):y + radius, max(0, x - radius):x + radius] = 40.0
    out = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), mode="L")
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=noise.quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def scan_images(filing: Filing, *, look: Look = "paper", dpi: int = 300, noise: str = "light",
                seed: int = 0) -> list[Image.Image]:
    """The degraded page images of ``filing`` printed in ``look`` (paper form or EDGAR PDF)."""
    import pypdfium2 as pdfium

    if noise not in NOISE:
        raise ConfigError(f"unknown scan noise {noise!r}; use one of {', '.join(NOISE)}",
                          code="E405")
    if look not in ("paper", "pdf"):
        raise ConfigError(f"unknown scan look {look!r}; use paper or pdf", code="E405")
    from extract.render import render_bytes

    source = render_bytes(filing, look)
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(source)
    try:
        pages = [pdf[i].render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
                 for i in range(len(pdf))]
    finally:
        pdf.close()
    return [degrade(page, NOISE[noise], dpi=dpi, rng=rng) for page in pages]


def render_scan(filing: Filing, *, look: Look = "paper", dpi: int = 300, noise: str = "light",
                seed: int = 0, fmt: Literal["pdf", "tiff"] = "pdf") -> bytes:
    """``filing`` as a scan: an image-only PDF (JPEG pages) or a multi-page TIFF, at ``dpi``."""
    images = scan_images(filing, look=look, dpi=dpi, noise=noise, seed=seed)
    buf = io.BytesIO()
    if fmt == "tiff":
        images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:],
                       compression="tiff_lzw", dpi=(dpi, dpi))
    else:
        quality = NOISE[noise].quality
        images[0].save(buf, format="PDF", save_all=True, append_images=images[1:],
                       resolution=float(dpi), quality=quality, creationDate=_FIXED_DATE,
                       modDate=_FIXED_DATE, producer="sec16 render --to scan")
    return buf.getvalue()
