"""OCR reader over scanned paper forms: field accuracy, robustness to turns and skew, speed.

Every ``--step``-th dev ownership XML (up to ``--limit``) is printed on the paper form
(``render_paper``), rasterized at 300 dpi with pypdfium2, and the page images (bundled as one
multi-page TIFF, so no text layer can leak) are read by ``read_scan``; the filing is scored
against its XML with ``score_filing(..., keep=printed_only)``.

- upright: micro-F1 over printed fields and the share of documents read exactly;
- rot90 / rot180 / skew2: the same one-page filings turned 90 deg, 180 deg, skewed 2 deg;
- speed: seconds per page of ``read_scan`` (one worker: rasterize, OSD, deskew, rules, OCR,
  layout) beside a bare ``tesseract page.png stdout --psm 3 tsv`` on the same page images.

Run: .venv/bin/python benchmarks/bench_ocr.py [--step N] [--limit N] [--variants N] [--no-markers]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from extract.eval.score import Evaluation, printed_only, score_filing
from extract.ir.filing import Filing
from extract.ocr.engine import OcrSettings, tesseract_version
from extract.ocr.raster import rasterize
from extract.readers.scan import read_scan
from extract.readers.xml import read_ownership_xml
from extract.render.paper import render_paper

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
DPI = 300


def _dev_xml() -> list[Path]:
    with open(CORPUS / "index.csv", newline="") as handle:
        return [CORPUS / r["path"] for r in csv.DictReader(handle)
                if r["split"] == "dev" and r["kind"] == "ownership-xml"]


def _tiff(images: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", save_all=True, append_images=images[1:],
                   compression="tiff_lzw", dpi=(DPI, DPI))
    return buf.getvalue()


def _raw_tesseract(png: Path) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    start = time.perf_counter()
    subprocess.run(["tesseract", str(png), "stdout", "--psm", "3", "--dpi", str(DPI), "tsv"],
                   capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def _read(data: bytes, name: str, truth: Filing, ev: Evaluation, cfg: OcrSettings) -> float:
    start = time.perf_counter()
    try:
        outcome = read_scan(data, path=name, settings=cfg)
    except Exception as exc:  # a benchmark records failures and goes on
        ev.failures.append((name, f"{type(exc).__name__}: {exc}"))
        return time.perf_counter() - start
    took = time.perf_counter() - start
    ev.add(score_filing(outcome.filing, truth, name=name, keep=printed_only))
    return took


_VARIANTS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "rot90": lambda im: im.rotate(90, expand=True),
    "rot180": lambda im: im.rotate(180),
    "skew2": lambda im: im.rotate(2.0, resample=Image.Resampling.BILINEAR, fillcolor=255),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--step", type=int, default=12)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--variants", type=int, default=6,
                        help="one-page filings also read turned and skewed")
    parser.add_argument("--no-markers", action="store_true",
                        help="do not read superscript footnote markers again")
    args = parser.parse_args()
    cfg = OcrSettings(workers=1, markers=not args.no_markers)
    paths = _dev_xml()[:: args.step][: args.limit]
    upright = Evaluation()
    raw_secs = ours_secs = 0.0
    pages = 0
    single: list[tuple[str, Filing, Image.Image]] = []
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
        for path in paths:
            truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
            out = Path(tmp) / f"{len(upright.docs) + len(upright.failures):03d}"
            out.mkdir()
            rasters = rasterize(render_paper(truth), out, dpi=DPI)
            images = [Image.open(r.path).copy() for r in rasters]
            name = str(path.relative_to(CORPUS))
            ours_secs += _read(_tiff(images), name, truth, upright, cfg)
            raw_secs += sum(_raw_tesseract(r.path) for r in rasters)
            pages += len(rasters)
            if len(rasters) == 1 and len(single) < args.variants:
                single.append((name, truth, images[0]))
    rows = [("upright", upright)]
    for label, turn in _VARIANTS.items():
        ev = Evaluation()
        for name, truth, image in single:
            _read(_tiff([turn(image)]), name, truth, ev, cfg)
        rows.append((label, ev))
    base = Evaluation()
    keep = {name for name, _t, _i in single}
    base.extend(d for d in upright.docs if d.name in keep)
    rows.insert(1, ("upright (same 1-page set)", base))

    print(f"engine: {tesseract_version()}, {DPI} dpi, psm {cfg.psm}; "
          f"markers {cfg.markers}; {len(paths)} filings, {pages} pages")
    print(f"{'set':28} {'docs':>5} {'fail':>5} {'micro-F1':>9} {'P':>6} {'R':>6} {'exact':>6}")
    for label, ev in rows:
        micro = ev.micro
        print(f"{label:28} {ev.documents:>5} {len(ev.failures):>5} {micro.f1:>9.3f} "
              f"{micro.precision:>6.3f} {micro.recall:>6.3f} {ev.exact_share:>6.2f}")
    for label, ev in rows:
        for name, error in ev.failures:
            print(f"failed ({label}): {name}: {error[:160]}")
    print()
    print(f"{'speed (1 core)':28} {'s/page':>8}")
    print(f"{'read_scan (all stages)':28} {ours_secs / max(pages, 1):>8.2f}")
    print(f"{'bare tesseract tsv':28} {raw_secs / max(pages, 1):>8.2f}")


if __name__ == "__main__":
    main()
