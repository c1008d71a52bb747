"""The per-document, per-part and per-page functions every batch engine runs (a local process
pool or Ray actors), and the plain values they exchange.

A document task (``convert_document``) either converts the document at once (XML, SGML, text,
HTML, a one-filing text-layer PDF, anything refused) or answers with a plan:

- ``PartsPlan``: a text-layer binder of several filings; the engine runs ``convert_part`` once
  per part, as separate tasks.
- ``ScanPlan``: a scan (image-only PDF or image) of ``pages`` pages; the engine runs
  ``ocr_scan_page`` once per page, as separate tasks (one Tesseract process each), then
  ``finish_scan`` with the pages, which cuts a scanned binder into its filings and completes
  each through the pipeline.

A scan over ``extract.ocr.raster.MAX_PAGES`` pages is refused (E022) after counting its pages,
before any page is rasterized. ``TaskSettings.timeout`` bounds each task (E051).

Every function takes ``(task, source, settings, ...)``; ``source`` is the document's bytes or
the path of a file holding them, so an engine can ship bytes (Ray's object store) or a path (a
local pool on one disk).
"""

from __future__ import annotations

import hashlib
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import Field

from extract.batch.outputs import Row, filing_files, filing_tables
from extract.batch.split import Part, page_role, page_text, pdf_page_texts, pdf_subset, split_pages
from extract.errors import EngineError, ExtractError, InputError, LayoutError
from extract.ir.result import MediaKind, Result, SourceMeta, StageError, Status
from extract.ocr.engine import OcrSettings
from extract.ocr.raster import MAX_PAGES, RasterPage, image_kind
from extract.pipeline import READERS, extract_bytes, get_reader, read_kind
from extract.readers.base import ReadOutcome
from extract.readers.scan import ScanPage, ocr_page, outcome_from_pages
from extract.settings import ExtractSettings, Settings

__all__ = ["DocTask", "FilingOut", "PartsPlan", "ScanPlan", "TASKS", "TaskSettings",
           "convert_document", "convert_part", "failed_outputs", "finish_scan", "ocr_scan_page",
           "PageOut", "part_key", "warm_up"]


class TaskSettings(Settings):
    """What every task needs: the pipeline's and the OCR reader's settings, and the timeout."""

    extract: ExtractSettings = Field(default_factory=ExtractSettings)
    ocr: OcrSettings = Field(default_factory=lambda: OcrSettings(workers=1))
    timeout: float | None = Field(default=None, gt=0)
    """Seconds one task (a document, a binder part or a scan page) may take (E051)."""


@dataclass(frozen=True, slots=True)
class DocTask:
    """One input document: its sha256 (the ledger key), display path, and a read error."""

    sha256: str
    path: str
    error: str | None = None


@dataclass(frozen=True, slots=True)
class FilingOut:
    """One converted filing, ready for the ledger and the outputs."""

    key: str
    doc_sha256: str
    part: int
    parts: int
    first_page: int
    last_page: int
    path: str
    kind: str | None
    status: str
    error: str | None
    json_text: str
    xml: bytes | None
    tables: dict[str, list[Row]]
    result_json: str
    """The ``Result`` as JSON (pydantic's generic models do not pickle between processes)."""
    has_filing: bool
    seconds: float

    def result(self) -> Result:
        return Result.model_validate_json(self.result_json)


@dataclass(frozen=True, slots=True)
class PartsPlan:
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class ScanPlan:
    pages: int


DocOutcome = list[FilingOut] | PartsPlan | ScanPlan


class _Timeout(BaseException):  # noqa: N818 - BaseException: the pipeline must not catch it
    """Raised by the task's alarm; a BaseException so the pipeline's catch-all passes it on."""


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise ``_Timeout`` after ``seconds`` (only in a process's main thread; else no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _alarm(_signum: int, _frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _data(source: bytes | str) -> bytes:
    return source if isinstance(source, bytes) else Path(source).read_bytes()


def part_key(doc_sha256: str, part: Part, parts: int) -> str:
    """The ledger key of one part: the document's sha256 when it holds one filing, else the
    sha256 of ``"<document sha256>#pages=A-B"``."""
    if parts <= 1:
        return doc_sha256
    return hashlib.sha256(f"{doc_sha256}#{part.label}".encode()).hexdigest()


def _error_line(result: Result) -> str | None:
    if result.status is not Status.FAILED:
        return None
    first = next((e for e in result.errors if e.stage == "pipeline"), None) or (
        result.errors[0] if result.errors else None)
    return f"{first.code} {first.message}" if first else "E040 nothing could be extracted"


def _out(task: DocTask, result: Result, started: float, *, part: Part | None = None,
         parts: int = 1) -> FilingOut:
    key = part_key(task.sha256, part, parts) if part is not None else task.sha256
    path = task.path if part is None or parts <= 1 else f"{task.path}#{part.label}"
    if result.source.sha256 != key or result.source.path != path:
        result = result.model_copy(update={"source": result.source.model_copy(
            update={"sha256": key, "path": path})})
    json_text, xml = filing_files(result)
    return FilingOut(
        key=key, doc_sha256=task.sha256, part=part.index if part else 1, parts=parts,
        first_page=part.first if part else 1,
        last_page=part.last if part else max(result.source.pages, 1),
        path=path, kind=result.source.kind.value if result.source.kind else None,
        status=result.status.value, error=_error_line(result), json_text=json_text, xml=xml,
        tables=filing_tables(result, key), result_json=result.model_dump_json(),
        has_filing=result.filing is not None,
        seconds=round(time.perf_counter() - started, 6),
    )


def _refuse(error: ExtractError) -> Any:
    def read(_kind: MediaKind, _data: bytes, _path: str) -> ReadOutcome:
        raise error

    return read


def _failed(task: DocTask, data: bytes | None, cfg: TaskSettings, error: ExtractError,
            started: float) -> list[FilingOut]:
    """A FAILED result with ``error``: through the pipeline, which still sniffs the kind, when
    the bytes are at hand, else made here."""
    if data is None:
        result = Result(
            source=SourceMeta(path=task.path, sha256=task.sha256,
                              media_type="application/octet-stream", pages=0),
            status=Status.FAILED,
            errors=[StageError(stage="pipeline", code=error.code, message=error.message)],
            settings=cfg.extract.model_dump())
    else:
        result = extract_bytes(data, path=task.path, settings=cfg.extract, read=_refuse(error))
    return [_out(task, result, started)]


failed_outputs = _failed


def _timed_out(cfg: TaskSettings) -> EngineError:
    return EngineError(f"conversion took over {cfg.timeout:g} s and was stopped; raise "
                       "--timeout or convert the file alone with `sec16 extract`", code="E051")


def _frame_count(data: bytes) -> int | None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            return int(getattr(image, "n_frames", 1))
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def convert_document(task: DocTask, source: bytes | str, cfg: TaskSettings) -> DocOutcome:
    """Convert one document, or plan its parts or its scanned pages as separate tasks."""
    started = time.perf_counter()
    if task.error:
        return _failed(task, None, cfg, InputError(
            f"cannot read it ({task.error}); check the file, or repair or re-create its "
            "archive", code="E050", path=task.path), started)
    data = _data(source)
    try:
        with _deadline(cfg.timeout):
            return _convert_document(task, data, cfg, started)
    except _Timeout:
        return _failed(task, data, cfg, _timed_out(cfg), started)


def _convert_document(task: DocTask, data: bytes, cfg: TaskSettings,
                      started: float) -> DocOutcome:
    kind = image_kind(data)

    def whole() -> list[FilingOut]:
        return [_out(task, extract_bytes(data, path=task.path, settings=cfg.extract), started)]

    if kind is None:
        return whole()
    if kind == "pdf":
        try:
            texts = pdf_page_texts(data)
        except Exception:  # pdfium refuses it: the pipeline says why (E021 damaged, E024 locked)
            return whole()
        if any(t.strip() for t in texts):
            if len(texts) == 1:
                return whole()
            parts = split_pages([page_role(t) for t in texts])
            if len(parts) == 1 and not parts[0].poa_pages:
                return whole()
            if len(parts) == 1:
                return [_convert_part(task, data, cfg, parts[0], 1, started, texts)]
            return PartsPlan(tuple(parts))
        pages: int | None = len(texts)
    else:
        pages = _frame_count(data)
    if not pages:
        return whole()  # the pipeline's reader says what is wrong with it
    if pages > MAX_PAGES:
        return _failed(task, data, cfg, InputError(
            f"scan has {pages} pages; a Form 3/4/5 has a few (at most {MAX_PAGES} are read); "
            "split it into its filings", code="E022", path=task.path), started)
    return ScanPlan(pages)


def _with_poa(outcome: ReadOutcome, poa_text: str) -> ReadOutcome:
    if poa_text.strip():
        outcome.attachments = {**outcome.attachments, "POA": poa_text}
    return outcome


def convert_part(task: DocTask, source: bytes | str, cfg: TaskSettings, part: Part,
                 parts: int) -> FilingOut:
    """Convert one part of a text-layer binder: its form pages through the pipeline, its
    power-of-attorney pages as the filing's POA."""
    started = time.perf_counter()
    data = _data(source)
    try:
        with _deadline(cfg.timeout):
            return _convert_part(task, data, cfg, part, parts, started, None)
    except _Timeout:
        error = _timed_out(cfg)
        result = extract_bytes(data, path=task.path, settings=cfg.extract, read=_refuse(error))
        return _out(task, result, started, part=part, parts=parts)


def _convert_part(task: DocTask, data: bytes, cfg: TaskSettings, part: Part, parts: int,
                  started: float, texts: list[str] | None) -> FilingOut:
    if part.poa_pages:
        poa_texts = (pdf_page_texts(pdf_subset(data, part.poa_pages)) if texts is None
                     else [texts[n - 1] for n in part.poa_pages])
        poa_text = "\n\n".join(t.replace("\r\n", "\n") for t in poa_texts)
    else:
        poa_text = ""

    def read(kind: MediaKind, body: bytes, path: str) -> ReadOutcome:
        return _with_poa(read_kind(kind, body, path), poa_text)

    path = task.path if parts <= 1 else f"{task.path}#{part.label}"
    result = extract_bytes(pdf_subset(data, part.form_pages), path=path, settings=cfg.extract,
                           read=read)
    result = result.model_copy(update={"source": result.source.model_copy(
        update={"size": len(data)})})
    return _out(task, result, started, part=part, parts=parts)


def _raster_page(data: bytes, page_no: int, out_dir: Path, dpi: int, path: str) -> RasterPage:
    """Page ``page_no`` (1-based) of a PDF or image as a grayscale PNG, as
    ``extract.ocr.raster.rasterize`` writes it, without rendering the other pages."""
    import io

    target = out_dir / f"page-{page_no:03d}.png"
    if image_kind(data) == "pdf":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except Exception as exc:  # pdfium raises PdfiumError on junk
            raise InputError(f"not a readable PDF ({type(exc).__name__}): damaged, truncated "
                             "or encrypted; pass an intact file", code="E021", path=path) from None
        try:
            bitmap = pdf[page_no - 1].render(scale=dpi / 72.0, grayscale=True)
            bitmap.to_pil().convert("L").save(target, dpi=(dpi, dpi))
        finally:
            pdf.close()
        return RasterPage(page_no, target, float(dpi))
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(f"not a readable image ({exc}); pass an intact PNG, JPEG or TIFF",
                         code="E025", path=path) from None
    with image:
        image.seek(page_no - 1)
        found = image.info.get("dpi")
        page_dpi = float(found[0]) if found and 50 <= float(found[0]) <= 1200 else dpi
        image.convert("L").save(target, dpi=(page_dpi, page_dpi))
    return RasterPage(page_no, target, page_dpi)


@dataclass(frozen=True, slots=True)
class PageOut:
    """One OCR'd page, with the cleaned page image's PNG bytes (for the cell re-read, which
    runs where the pages come together, maybe on another machine)."""

    page: ScanPage
    image: bytes = b""

    @property
    def page_no(self) -> int:
        return self.page.page_no


def ocr_scan_page(task: DocTask, source: bytes | str, cfg: TaskSettings,
                  page_no: int) -> PageOut:
    """Rasterize and OCR one page of a scan (one Tesseract process)."""
    data = _data(source)
    try:
        with tempfile.TemporaryDirectory(prefix="sec16-batch-") as tmp, _deadline(cfg.timeout):
            raster = _raster_page(data, page_no, Path(tmp), cfg.ocr.dpi, task.path)
            page = ocr_page(raster, cfg.ocr)
            image = getattr(page, "image", "")
            png = Path(image).read_bytes() if image and Path(image).exists() else b""
            return PageOut(page, png)
    except _Timeout:
        error = _timed_out(cfg)
        return PageOut(ScanPage(page_no, None, error=error.message, code=error.code))
    except ExtractError as exc:
        return PageOut(ScanPage(page_no, None, error=exc.message, code=exc.code))
    except (OSError, ValueError, EOFError) as exc:  # a damaged frame must not end the batch
        return PageOut(ScanPage(page_no, None, error=f"{type(exc).__name__}: {exc}"[:200],
                                code="E306"))


def _renumber(item: ScanPage, page_no: int) -> ScanPage:
    if item.page is None:
        return replace(item, page_no=page_no)
    page = item.page
    moved = replace(page, page_no=page_no,
                    words=tuple(replace(w, page_no=page_no) for w in page.words),
                    lines=tuple(replace(line, page_no=page_no) for line in page.lines))
    return replace(item, page_no=page_no, page=moved)


def finish_scan(task: DocTask, source: bytes | str, cfg: TaskSettings,
                pages: list[PageOut]) -> list[FilingOut]:
    """The filings of a scan whose pages were OCR'd one by one: a scanned binder is cut where
    a new form starts, each part's power-of-attorney pages become its POA text."""
    started = time.perf_counter()
    data = _data(source)
    try:
        with tempfile.TemporaryDirectory(prefix="sec16-batch-") as tmp, _deadline(cfg.timeout):
            scanned = []
            for item in sorted(pages, key=lambda p: p.page_no):
                page = item.page
                if item.image and hasattr(page, "image"):
                    target = Path(tmp) / f"page-{item.page_no:03d}-clean.png"
                    target.write_bytes(item.image)
                    page = replace(page, image=str(target))  # type: ignore[call-arg]
                scanned.append(page)
            return _finish_scan(task, data, cfg, scanned, started)
    except _Timeout:
        return _failed(task, data, cfg, _timed_out(cfg), started)


def _pages_outcome(scanned: list[ScanPage], path: str, cfg: TaskSettings) -> ReadOutcome:
    """``outcome_from_pages``; when no form layout fits (E102), the pages may be a scanned
    power of attorney: read by ``readers.poa_scan.v1`` as the pipeline reads a scan."""
    try:
        return outcome_from_pages(scanned, path=path, settings=cfg.ocr)
    except LayoutError as first:
        if first.code != "E102" or "readers.poa_scan.v1" not in READERS:
            raise
        raise _NotAForm(first) from None


class _NotAForm(Exception):  # noqa: N818
    def __init__(self, error: LayoutError) -> None:
        super().__init__(error.message)
        self.error = error


def _finish_scan(task: DocTask, data: bytes, cfg: TaskSettings, pages: list[ScanPage],
                 started: float) -> list[FilingOut]:
    texts = [page_text(p.page) if p.page is not None else "" for p in pages]
    parts = split_pages([page_role(t) for t in texts])
    if len(parts) <= 1 and not (parts and parts[0].poa_pages):
        def read_all(_kind: MediaKind, body: bytes, path: str) -> ReadOutcome:
            try:
                return _pages_outcome(pages, path, cfg)
            except _NotAForm as not_form:
                try:
                    return get_reader("readers.poa_scan.v1")(body, path=path)
                except ExtractError:
                    error = not_form.error
                    raise LayoutError(error.message + "; nor does its text read as a power "
                                      "of attorney", code=error.code, path=error.path) from None

        result = extract_bytes(data, path=task.path, settings=cfg.extract, read=read_all)
        return [_out(task, result, started)]
    outs = []
    for part in parts:
        form = [_renumber(pages[n - 1], i) for i, n in enumerate(part.form_pages, start=1)]
        poa_text = "\n\n".join(texts[n - 1] for n in part.poa_pages)

        def read(_kind: MediaKind, _body: bytes, path: str, form: list[ScanPage] = form,
                 poa_text: str = poa_text) -> ReadOutcome:
            try:
                return _with_poa(_pages_outcome(form, path, cfg), poa_text)
            except _NotAForm as not_form:
                raise not_form.error from None

        path = task.path if len(parts) <= 1 else f"{task.path}#{part.label}"
        result = extract_bytes(data, path=path, settings=cfg.extract, read=read)
        outs.append(_out(task, result, started, part=part, parts=len(parts)))
        started = time.perf_counter()
    return outs


def warm_up(cfg: TaskSettings) -> None:
    """Load what every task needs once per worker: the pipeline's modules and the POA model."""
    from extract.nlp.poa import extract_poa

    extract_poa("KNOW ALL BY THESE PRESENTS, that the undersigned hereby constitutes and "
                "appoints Jane Example as the undersigned's true and lawful attorney-in-fact "
                "to sign Forms 3, 4 and 5.")


def ping() -> int:
    """A no-op task: the worker's process id, once it has warmed up."""
    import os

    return os.getpid()


#: Task functions by name, for engines that call them by name (Ray actors).
TASKS: dict[str, Callable[..., Any]] = {"convert_document": convert_document, "convert_part": convert_part,
         "ocr_scan_page": ocr_scan_page, "finish_scan": finish_scan, "ping": ping}
