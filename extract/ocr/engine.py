"""The OCR seam: Tesseract on an image file, returning its TSV text.

Tesseract is always given a file path (never an in-memory image) and one thread
(``OMP_THREAD_LIMIT=1``): pages run in separate processes instead, which is faster on a
shared machine than Tesseract's own OpenMP threads. Everything about the engine (binary,
language, page segmentation mode, resolution, time limit) lives in ``OcrSettings``.

Two ways to run the same engine. By default each process keeps one Tesseract loaded:
Debian's ``libtesseract`` through its C API (``ctypes``), the library the ``tesseract``
binary itself runs on, so the TSV is byte for byte the binary's. Loading the language
model takes about 0.1 s, and a page's cell and marker re-reads are five or six small
reads, so starting the binary for each one had cost more than reading them. Where the
library cannot be loaded, or ``tesseract_cmd`` names another binary, the binary is run
as a subprocess for every read.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import functools
import os
import re
import subprocess
import threading
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from extract.errors import EngineError
from extract.settings import Settings

__all__ = ["OcrSettings", "run_tesseract", "run_command", "read_tsv", "detect_orientation",
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
    invert_lines: bool = False
    """Let Tesseract also read each unsure text line inverted (white on black). Filings print
    black on white (and the scan reader binarizes its pages first), so this is off: a page
    reading is 3-4% faster with the same words (``tessedit_do_invert``)."""
    ink_tones: bool = True
    """Give Tesseract the page's ink in its grey tones (on white paper, rules and specks
    erased) rather than the black-and-white page. Its recogniser reads grey: a faint or
    blurred stroke keeps the shape a threshold blots or breaks, so a faxed page's 6 pt box
    labels read. Everything else (cell and marker re-reads, grids) uses the binarized page."""
    resident: bool = True
    """Keep one engine loaded per process (``libtesseract`` through its C API) instead of
    starting the binary for every read; the same engine and the same output. Off, or with
    a ``tesseract_cmd`` other than ``tesseract``, every read runs the binary."""


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


#: The header line of Tesseract's TSV, which the binary's renderer writes and the C API's
#: ``GetTsvText`` does not.
TSV_HEADER_LINE = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth"
                   "\theight\tconf\ttext\n")


def _openmp_loaded() -> bool:
    """Whether this process has already mapped an OpenMP runtime (Linux; False elsewhere)."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "libgomp" in maps or "libomp" in maps


class _Library:
    """One Tesseract engine per language in this process: ``libtesseract`` and leptonica
    through the C API. Reads are serialised by a lock; a forked child starts its own."""

    def __init__(self) -> None:
        if os.environ.get("OMP_THREAD_LIMIT") != "1" and _openmp_loaded():
            # OpenMP reads its thread limit once, when it loads: too late to set it here
            raise OSError("OpenMP was loaded before OMP_THREAD_LIMIT=1 could be set")
        os.environ["OMP_THREAD_LIMIT"] = "1"
        tess_name = ctypes.util.find_library("tesseract")
        lept_name = ctypes.util.find_library("lept") or ctypes.util.find_library("leptonica")
        if not tess_name or not lept_name:
            raise OSError("libtesseract or leptonica not found")
        self.tess = tess = ctypes.CDLL(tess_name)
        self.lept = lept = ctypes.CDLL(lept_name)
        vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        for name, args, result in (
                ("TessBaseAPICreate", [], vp), ("TessBaseAPIInit3", [vp, cp, cp], i),
                ("TessBaseAPISetVariable", [vp, cp, cp], i),
                ("TessBaseAPISetPageSegMode", [vp, i], None),
                ("TessBaseAPISetImage2", [vp, vp], None), ("TessBaseAPISetInputName", [vp, cp], None),
                ("TessBaseAPIRecognize", [vp, vp], i), ("TessBaseAPIGetTsvText", [vp, i], vp),
                ("TessBaseAPIClear", [vp], None), ("TessBaseAPIEnd", [vp], None),
                ("TessBaseAPIDelete", [vp], None), ("TessDeleteText", [vp], None),
                ("TessMonitorCreate", [], vp), ("TessMonitorDelete", [vp], None),
                ("TessMonitorSetDeadlineMSecs", [vp, i], None),
                ("TessBaseAPIGetStringVariable", [vp, cp], cp),
                ("TessBaseAPIGetIntVariable", [vp, cp, ctypes.POINTER(i)], i),
                ("TessBaseAPIGetBoolVariable", [vp, cp, ctypes.POINTER(i)], i),
                ("TessBaseAPIGetDoubleVariable", [vp, cp, ctypes.POINTER(ctypes.c_double)], i)):
            fn = getattr(tess, name)
            fn.argtypes, fn.restype = args, result
        lept.pixRead.argtypes, lept.pixRead.restype = [cp], vp
        lept.pixDestroy.argtypes, lept.pixDestroy.restype = [ctypes.POINTER(vp)], None
        lept.setMsgSeverity.argtypes, lept.setMsgSeverity.restype = [i], i
        lept.setMsgSeverity(6)  # L_SEVERITY_NONE: a failed read is reported as E302 instead
        self.engines: dict[str, int] = {}
        self.lock = threading.Lock()
        self.pid = os.getpid()
        atexit.register(self.close)

    def engine(self, lang: str) -> int:
        handle = self.engines.get(lang)
        if handle is None:
            handle = self.tess.TessBaseAPICreate()
            if not handle or self.tess.TessBaseAPIInit3(handle, None, lang.encode()) != 0:
                if handle:
                    self.tess.TessBaseAPIDelete(handle)
                raise EngineError(f"Tesseract has no language {lang!r}; install it (Debian: "
                                  f"apt-get install tesseract-ocr-{lang}) or set lang",
                                  code="E301")
            # the engine's own notes ("Detected 85 diacritics") would land on our stderr
            self.tess.TessBaseAPISetVariable(handle, b"debug_file", os.devnull.encode())
            self.engines[lang] = handle
        return handle

    def current(self, handle: int, name: str) -> str:
        """A variable's value as the text ``SetVariable`` takes (to put it back after)."""
        key = name.encode()
        text = self.tess.TessBaseAPIGetStringVariable(handle, key)
        if text is not None:
            return bytes(text).decode()
        number, real = ctypes.c_int(), ctypes.c_double()
        if self.tess.TessBaseAPIGetIntVariable(handle, key, ctypes.byref(number)):
            return str(number.value)
        if self.tess.TessBaseAPIGetBoolVariable(handle, key, ctypes.byref(number)):
            return str(number.value)
        if self.tess.TessBaseAPIGetDoubleVariable(handle, key, ctypes.byref(real)):
            return repr(real.value)
        raise EngineError(f"Tesseract has no variable {name!r}", code="E302")

    def read(self, image_path: Path, cfg: OcrSettings, *, psm: int, dpi: int,
             variables: dict[str, str]) -> str:
        tess = self.tess
        with self.lock:
            handle = self.engine(cfg.lang)
            pix = ctypes.c_void_p(self.lept.pixRead(str(image_path).encode()))
            if not pix:
                raise EngineError(f"Tesseract cannot read the image {image_path.name}; the file "
                                  "is damaged or not an image",
                                  code="E302")
            saved = {name: self.current(handle, name) for name in variables}
            monitor = tess.TessMonitorCreate()
            try:
                for name, value in variables.items():
                    tess.TessBaseAPISetVariable(handle, name.encode(), value.encode())
                tess.TessBaseAPISetVariable(handle, b"user_defined_dpi", str(dpi).encode())
                tess.TessBaseAPISetPageSegMode(handle, psm)
                tess.TessBaseAPISetInputName(handle, str(image_path).encode())
                tess.TessBaseAPISetImage2(handle, pix)
                tess.TessMonitorSetDeadlineMSecs(monitor, int(cfg.timeout * 1000))
                if tess.TessBaseAPIRecognize(handle, monitor) != 0:
                    raise EngineError(f"Tesseract took longer than {cfg.timeout:g} s on "
                                      f"{image_path.name}; raise timeout or lower dpi",
                                      code="E303")
                text = tess.TessBaseAPIGetTsvText(handle, 0)
                try:
                    body = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
                finally:
                    if text:
                        tess.TessDeleteText(text)
            finally:
                tess.TessBaseAPIClear(handle)
                for name, value in saved.items():  # as they were, for the next read
                    tess.TessBaseAPISetVariable(handle, name.encode(), value.encode())
                tess.TessMonitorDelete(monitor)
                self.lept.pixDestroy(ctypes.byref(pix))
        return TSV_HEADER_LINE + body

    def close(self) -> None:
        if os.getpid() != self.pid:
            return
        for handle in self.engines.values():
            self.tess.TessBaseAPIEnd(handle)
            self.tess.TessBaseAPIDelete(handle)
        self.engines.clear()


@functools.cache
def _library_in(pid: int) -> _Library | None:
    """This process's engine library, or None where it cannot be loaded (the binary is
    used); keyed by process id so a forked child loads its own."""
    try:
        return _Library()
    except (OSError, AttributeError):
        return None


def read_tsv(image_path: str | Path, settings: OcrSettings | None = None, *, psm: int,
             dpi: int, variables: dict[str, str] | None = None) -> str:
    """Tesseract's TSV (header line included) for the image at ``image_path``, read with
    page segmentation mode ``psm`` at ``dpi`` and the engine ``variables``
    (``tessedit_char_whitelist``...): by the resident engine, or by the binary."""
    cfg = OcrSettings.resolve(settings)
    extra = dict(variables or {})
    library = _library_in(os.getpid()) if cfg.resident and cfg.tesseract_cmd == "tesseract" else None
    if library is not None:
        return library.read(Path(image_path), cfg, psm=psm, dpi=dpi, variables=extra)
    args = [cfg.tesseract_cmd, str(image_path), "stdout", "-l", cfg.lang, "--psm", str(psm),
            "--dpi", str(dpi)]
    for name, value in extra.items():
        args += ["-c", f"{name}={value}"]
    return run_command([*args, "tsv"], cfg)


def run_tesseract(image_path: str | Path, settings: OcrSettings | None = None) -> str:
    """Tesseract's TSV output (header line included) for the image at ``image_path``."""
    cfg = OcrSettings.resolve(settings)
    return read_tsv(image_path, cfg, psm=cfg.psm, dpi=cfg.dpi, variables=page_variables(cfg))


def page_variables(cfg: OcrSettings) -> dict[str, str]:
    """The engine variables of a page reading, from the settings."""
    return {"tessedit_do_invert": str(int(cfg.invert_lines))}


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
