"""A generated archive for batch tests and benchmarks: synthetic filings of mixed kinds
(ownership XML, text, HTML, legacy ASCII, paper-form PDF, EDGAR PDF, scans), text-layer
binders with a power of attorney, and bad files, spread over folders, a zip, a tar.gz and a
file list. Deterministic for a seed.

Scans are the paper form rasterized with pypdfium2 (PNG, TIFF), and image-only PDFs from
``extract.render``'s ``scan`` target (a lightly noisy 300 dpi scan) when it has one.
"""

from __future__ import annotations

import io
import random
import tarfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extract.export.sec_xml import to_xml
from extract.ir.filing import Filing
from extract.render import render_bytes
from extract.synth.generate import synthetic_filing

__all__ = ["Archive", "BAD_FILES", "KINDS", "binder_pdf", "make_archive", "poa_pdf", "scan_of"]

#: Kinds of single filings and their share of a mixed archive.
KINDS: dict[str, float] = {"xml": 0.2, "text": 0.15, "html": 0.15, "legacy": 0.1,
                           "paper": 0.3, "pdf": 0.02, "scan": 0.02}
_SUFFIX = {"xml": "xml", "text": "txt", "html": "html", "legacy": "txt", "paper": "pdf",
           "pdf": "pdf"}

#: The bad files: name -> the code each must fail with.
BAD_FILES: dict[str, str] = {
    "empty.pdf": "E021", "zero.txt": "E002", "corrupt.pdf": "E021", "encrypted.pdf": "E024",
    "truncated.pdf": "E021", "noise.png": "E026", "schedule-13d.txt": "E005",
    "scan-200-pages.pdf": "E022", "scan-200-pages.tif": "E022", "truncated.xml": "E010",
    "junk.bin": "E003", "not-a-form.html": "E004",
}


@dataclass
class Archive:
    """What ``make_archive`` wrote: the inputs to pass and what they must give."""

    root: Path
    inputs: list[str]
    filings: int
    """Filings expected (a binder's filings counted one by one; bad files count one each)."""
    documents: int
    bad: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)


def _render(filing: Filing, kind: str) -> bytes:
    if kind == "xml":
        return to_xml(filing)
    return render_bytes(filing, kind)


def scan_of(filing: Filing, fmt: str = "png", dpi: int = 300) -> bytes:
    """``filing`` as a scan: its paper form rasterized (grayscale) as PNG, TIFF or an
    image-only PDF. A PDF at 300 dpi is ``extract.render``'s ``scan`` target (lightly noisy)
    when it has one."""
    import pypdfium2 as pdfium

    from extract.render import RENDER_TARGETS

    if fmt == "pdf" and dpi == 300 and "scan" in RENDER_TARGETS:
        return render_bytes(filing, "scan")

    pdf = pdfium.PdfDocument(render_bytes(filing, "paper"))
    try:
        images = [pdf[i].render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
                  for i in range(len(pdf))]
    finally:
        pdf.close()
    return _images(images, fmt, dpi)


def _images(images: Sequence[object], fmt: str, dpi: int) -> bytes:
    buffer = io.BytesIO()
    first, rest = images[0], list(images[1:])
    if fmt == "pdf":
        first.save(buffer, format="PDF", save_all=True, append_images=rest,  # type: ignore[attr-defined]
                   resolution=float(dpi), creationDate=None, modDate=None)
    elif fmt == "tiff":
        first.save(buffer, format="TIFF", save_all=True, append_images=rest,  # type: ignore[attr-defined]
                   compression="tiff_lzw", dpi=(dpi, dpi))
    else:
        first.save(buffer, format="PNG", dpi=(dpi, dpi))  # type: ignore[attr-defined]
    return buffer.getvalue()


def poa_pdf(seed: int) -> bytes:
    """A one-page text-layer PDF of a generated power of attorney."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    from extract.nlp.generate import generate_one

    text = generate_one(random.Random(seed)).text
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter, invariant=1)
    y = 740.0
    page.setFont("Helvetica", 9)
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            if len(line) + len(word) > 100:
                page.drawString(54, y, line)
                y -= 12
                line = ""
            line = f"{line} {word}".strip()
        page.drawString(54, y, line)
        y -= 12
        if y < 60:
            break
    page.save()
    return buffer.getvalue()


def binder_pdf(filings: Sequence[Filing], *, poa_after: int | None = None,
               poa_seed: int = 0) -> bytes:
    """The paper forms of ``filings`` back to back in one PDF, with a power-of-attorney page
    after filing number ``poa_after`` (1-based)."""
    import pypdfium2 as pdfium

    binder = pdfium.PdfDocument.new()
    sources = []
    try:
        for index, filing in enumerate(filings, start=1):
            for data in [render_bytes(filing, "paper")] + (
                    [poa_pdf(poa_seed)] if index == poa_after else []):
                source = pdfium.PdfDocument(data)
                sources.append(source)
                binder.import_pages(source)
        buffer = io.BytesIO()
        binder.save(buffer)
        return buffer.getvalue()
    finally:
        binder.close()
        for source in sources:
            source.close()


def _bad_files(seed: int) -> dict[str, bytes]:
    from PIL import Image, ImageDraw
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    paper = render_bytes(synthetic_filing(seed), "paper")
    locked = io.BytesIO()
    pdf = canvas.Canvas(locked, encrypt=pdfencrypt.StandardEncryption("pw"), invariant=1)
    pdf.drawString(72, 720, "FORM 4")
    pdf.save()
    noise = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(noise)
    rng = random.Random(seed)
    for _ in range(12):
        x, y = rng.randrange(560), rng.randrange(360)
        draw.ellipse((x, y, x + 40, y + 40), outline=0, width=3)
    png = io.BytesIO()
    noise.save(png, format="PNG", dpi=(300, 300))
    blank = Image.new("L", (80, 100), 255)
    xml = to_xml(synthetic_filing(seed + 1))
    return {
        "empty.pdf": b"%PDF-1.4\n",
        "zero.txt": b"",
        "corrupt.pdf": b"%PDF-1.4\n1 0 obj garbage " + bytes(range(256)) * 4,
        "encrypted.pdf": locked.getvalue(),
        "truncated.pdf": paper[: len(paper) // 3],
        "noise.png": png.getvalue(),
        "schedule-13d.txt": b"SECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n\n"
                            b"SCHEDULE 13D\nUnder the Securities Exchange Act of 1934\n"
                            b"(Amendment No. 2)\nNORTHWIND SYSTEMS INC\n(Name of Issuer)\n",
        "scan-200-pages.pdf": _images([blank] * 200, "pdf", 300),
        "scan-200-pages.tif": _images([blank] * 200, "tiff", 300),
        "truncated.xml": xml[: len(xml) // 2],
        "junk.bin": bytes(rng.randrange(256) for _ in range(4096)),
        "not-a-form.html": b"<html><body><h1>Quarterly newsletter</h1><p>Nothing to see "
                           b"here.</p></body></html>",
    }


def make_archive(root: Path, *, filings: int = 30, scans: int = 2, binders: int = 1,
                 bad: bool = True, seed: int = 7, kinds: dict[str, float] | None = None,
                 scan_dpi: int = 300) -> Archive:
    """Write a mixed archive under ``root``: about a third of the files in ``docs/``, a third
    in ``bundle.zip``, a sixth in ``bundle.tar.gz`` and the rest named by ``more.lst``.

    ``filings`` counts single filings (of which ``scans`` are scans); each binder adds three
    filings (paper forms, a POA page after the second); ``bad`` adds ``BAD_FILES``."""
    rng = random.Random(seed)
    shares = dict(kinds or KINDS)
    shares.pop("scan", None)
    names, weights = list(shares), list(shares.values())
    files: list[tuple[str, bytes]] = []
    counts: dict[str, int] = {}
    singles = max(0, filings - scans)
    for index in range(singles):
        kind = rng.choices(names, weights)[0]
        counts[kind] = counts.get(kind, 0) + 1
        filing = synthetic_filing(seed * 10_007 + index)
        files.append((f"{kind}/f{index:04d}-{kind}.{_SUFFIX[kind]}", _render(filing, kind)))
    for index in range(scans):
        fmt = ("png", "pdf", "tiff")[index % 3]
        filing = synthetic_filing(seed * 20_011 + index)
        counts["scan"] = counts.get("scan", 0) + 1
        suffix = {"png": "png", "pdf": "pdf", "tiff": "tif"}[fmt]
        files.append((f"scan/s{index:03d}.{suffix}", scan_of(filing, fmt, scan_dpi)))
    for index in range(binders):
        group = [synthetic_filing(seed * 30_011 + index * 3 + k) for k in range(3)]
        counts["binder"] = counts.get("binder", 0) + 1
        files.append((f"binder/b{index:03d}.pdf",
                      binder_pdf(group, poa_after=2, poa_seed=seed + index)))
    bad_files = _bad_files(seed) if bad else {}
    files += [(f"bad/{name}", data) for name, data in bad_files.items()]
    root.mkdir(parents=True, exist_ok=True)
    order = list(range(len(files)))
    rng.shuffle(order)
    third = len(files) // 3
    to_dir, to_zip = order[:third], order[third:2 * third]
    to_tar, to_list = order[2 * third:2 * third + third // 2], order[2 * third + third // 2:]
    for i in to_dir + to_list:
        base = root / ("docs" if i in set(to_dir) else "listed")
        target = base / files[i][0]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[i][1])
    with zipfile.ZipFile(root / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for i in sorted(to_zip, key=lambda j: files[j][0]):
            info = zipfile.ZipInfo(files[i][0], date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[i][1])
    with tarfile.open(root / "bundle.tar.gz", "w:gz") as archive:
        for i in sorted(to_tar, key=lambda j: files[j][0]):
            member = tarfile.TarInfo(files[i][0])
            member.size = len(files[i][1])
            member.mtime = 1577836800
            archive.addfile(member, io.BytesIO(files[i][1]))
    (root / "more.lst").write_text(
        "# files named one a line\n" + "".join(f"listed/{files[i][0]}\n" for i in sorted(to_list)))
    expected = singles + scans + 3 * binders + len(bad_files)
    (root / "docs").mkdir(exist_ok=True)
    return Archive(root, [str(root / "docs"), str(root / "bundle.zip"),
                          str(root / "bundle.tar.gz"), str(root / "more.lst")],
                   filings=expected, documents=len(files), bad=dict(BAD_FILES) if bad else {},
                   kinds=counts)
