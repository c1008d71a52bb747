"""Convert many inputs into ``OUT``, resumably: the scheduler shared by the engines, and the
local engine (a process pool).

Inputs are streamed (``extract.batch.inputs``): each document is read once to take its
sha256; one already in the ledger (``extract.batch.ledger``) is skipped, one seen earlier in
the same run is a duplicate. The rest become tasks (``extract.batch.tasks``): a document task,
then for a text-layer binder one task per filing, and for a scan one task per page and a
finishing task, so a 40-page binder spreads over every core. At most ``2 x workers`` tasks are
in flight, so memory does not grow with the archive.

When a document's last task is done its files are written (``extract.batch.outputs``), its
results are added to the review store, and the document with its filings is committed to the
ledger in one transaction. The combined tables and ``summary.json`` are rebuilt from the
ledger at the end of every run, so a killed and resumed run ends with the same outputs as an
uninterrupted one.

Engines: ``local`` with ``workers == 1`` runs tasks in this process; with more, in a
``ProcessPoolExecutor`` (forkserver start, each worker loading the POA model once). A worker
that dies takes the pool with it: the pool is rebuilt and its tasks are retried once, then
failed (E052). ``ray`` runs the same tasks on Ray actors (``extract.batch.ray_engine``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from extract.batch.inputs import InputItem, count_items, iter_items
from extract.batch.ledger import Ledger
from extract.batch.outputs import FORMATS, TableWriter, output_stem, write_filing, write_summary
from extract.batch.tasks import (
    TASKS,
    DocTask,
    FilingOut,
    PageOut,
    PartsPlan,
    ScanPlan,
    TaskSettings,
    failed_outputs,
    warm_up,
)
from extract.errors import ConfigError, EngineError
from extract.ir.result import Status
from extract.settings import ExtractSettings

__all__ = ["BatchProgress", "BatchSummary", "Executor", "LocalExecutor", "run_batch"]


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Reported after each document: documents done (converted or skipped) of ``total``."""

    done: int
    total: int | None
    filings: int
    path: str


@dataclass
class BatchSummary:
    """The run summary (also written as ``OUT/summary.json``)."""

    engine: str = "local"
    workers: int = 1
    total: int = 0
    converted: int = 0
    skipped: int = 0
    duplicates: int = 0
    filings: int = 0
    run_filings: int = 0
    binders: int = 0
    pages_ocr: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    by_kind_status: Counter[str] = field(default_factory=Counter)
    review_items: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    startup: float = 0.0
    """Seconds until the engine's workers were up (the model loaded in each)."""
    outputs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        def rate(count: int) -> float:
            return round(count / self.seconds, 3) if self.seconds else 0.0

        return {
            "engine": self.engine,
            "workers": self.workers,
            "total": self.total,
            "converted": self.converted,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "filings": self.filings,
            "binders": self.binders,
            "byStatus": dict(sorted(self.by_status.items())),
            "byKind": dict(sorted(self.by_kind.items())),
            "byKindAndStatus": dict(sorted(self.by_kind_status.items())),
            "reviewItems": self.review_items,
            "failures": self.failures,
            "seconds": round(self.seconds, 3),
            "startupSeconds": round(self.startup, 3),
            "documentsPerSecond": rate(self.converted),
            "filingsPerSecond": rate(self.run_filings),
            "ocrPagesPerSecond": rate(self.pages_ocr),
            "outputs": self.outputs,
        }


class Executor(Protocol):
    """Runs task functions (``extract.batch.tasks.TASKS``) by name; returns futures."""

    workers: int
    generation: int

    def source(self, item: InputItem, sha256: str, data: bytes) -> Any: ...
    def fetch(self, handle: Any) -> bytes: ...
    def release(self, handle: Any) -> None: ...
    def submit(self, name: str, *args: Any) -> Future[Any]: ...
    def start(self) -> None: ...
    def restart(self, generation: int) -> None: ...
    def close(self) -> None: ...


class LocalExecutor:
    """Tasks in this process (``workers == 1``) or in a process pool."""

    def __init__(self, workers: int, cfg: TaskSettings, spool: Path) -> None:
        self.workers = workers
        self.cfg = cfg
        self.spool = spool
        self.generation = 0
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self.pool = self._pool()
        else:
            warm_up(cfg)

    def _pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                   initializer=warm_up, initargs=(self.cfg,))

    def source(self, item: InputItem, sha256: str, data: bytes) -> Any:
        if self.pool is None:
            return data
        if item.file is not None and item.data is None:
            return str(item.file)
        self.spool.mkdir(parents=True, exist_ok=True)
        target = self.spool / sha256
        target.write_bytes(data)
        return str(target)

    def fetch(self, handle: Any) -> bytes:
        return handle if isinstance(handle, bytes) else Path(handle).read_bytes()

    def release(self, handle: Any) -> None:
        if isinstance(handle, str) and Path(handle).parent == self.spool:
            Path(handle).unlink(missing_ok=True)

    def submit(self, name: str, *args: Any) -> Future[Any]:
        if self.pool is not None:
            return self.pool.submit(TASKS[name], *args)
        future: Future[Any] = Future()
        try:
            future.set_result(TASKS[name](*args))
        except Exception as exc:  # recorded against the document by the scheduler
            future.set_exception(exc)
        return future

    def start(self) -> None:
        """Wait until the workers are up (each has loaded the model)."""
        if self.pool is not None:
            futures = [self.pool.submit(TASKS["ping"]) for _ in range(self.workers)]
            for future in futures:
                future.result()

    def restart(self, generation: int) -> None:
        if self.pool is not None and generation == self.generation:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._pool()
            self.generation += 1

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Doc:
    task: DocTask
    handle: Any
    started: float
    expected: int = 0
    parts: dict[int, FilingOut] = field(default_factory=dict)
    pages: dict[int, PageOut] = field(default_factory=dict)
    finished: bool = False


@dataclass
class _Job:
    name: str
    doc: _Doc
    args: tuple[Any, ...] = ()
    attempts: int = 0
    generation: int = 0


class _Run:
    """One run of the scheduler over a stream of inputs."""

    def __init__(self, executor: Executor, ledger: Ledger, review: Any, out: Path,
                 formats: tuple[str, ...], cfg: TaskSettings, summary: BatchSummary,
                 total: int | None, on_progress: Callable[[BatchProgress], None] | None) -> None:
        self.executor = executor
        self.ledger = ledger
        self.review = review
        self.out = out
        self.formats = formats
        self.cfg = cfg
        self.summary = summary
        self.total = total
        self.on_progress = on_progress
        self.inflight: dict[Future[Any], _Job] = {}
        self.ready: deque[_Job] = deque()
        self.seen: set[str] = set()
        self.done = 0
        self.limit = max(2, 2 * executor.workers)
        self.review_settings: Any = None

    def run(self, items: Iterable[InputItem]) -> None:
        stream = iter(items)
        exhausted = False
        while True:
            while len(self.inflight) < self.limit:
                if self.ready:
                    self._submit(self.ready.popleft())
                elif not exhausted:
                    item = next(stream, None)
                    if item is None:
                        exhausted = True
                    else:
                        self._admit(item)
                else:
                    break
            if not self.inflight:
                if exhausted and not self.ready:
                    return
                continue
            finished, _ = wait(list(self.inflight), return_when=FIRST_COMPLETED)
            for future in finished:
                self._handle(future, self.inflight.pop(future))

    def _tick(self, path: str) -> None:
        self.done += 1
        if self.on_progress is not None:
            self.on_progress(BatchProgress(self.done, self.total, self.summary.run_filings, path))

    def _admit(self, item: InputItem) -> None:
        error = item.error
        try:
            data = item.read()
        except OSError as exc:
            data, error = b"", f"{type(exc).__name__}: {exc.strerror or exc}"
        sha = hashlib.sha256(data).hexdigest() if not error else hashlib.sha256(
            f"unreadable:{item.path}".encode()).hexdigest()
        if sha in self.seen:
            self.summary.duplicates += 1
            self._tick(item.path)
            return
        self.seen.add(sha)
        if self.ledger.done(sha):
            self.summary.skipped += 1
            self._tick(item.path)
            return
        handle = self.executor.source(item, sha, data) if not error else b""
        doc = _Doc(DocTask(sha, item.path, error), handle, time.perf_counter())
        self.ready.append(_Job("convert_document", doc))

    def _submit(self, job: _Job) -> None:
        if job.doc.finished:
            return
        job.generation = self.executor.generation
        future = self.executor.submit(job.name, job.doc.task, job.doc.handle, self.cfg, *job.args)
        self.inflight[future] = job

    def _handle(self, future: Future[Any], job: _Job) -> None:
        doc = job.doc
        if doc.finished:
            return
        try:
            value = future.result()
        except BrokenProcessPool:
            self.executor.restart(job.generation)
            if job.attempts < 1:
                job.attempts += 1
                self.ready.appendleft(job)
                return
            self._fail(doc, "a worker process died on it twice (out of memory, or a crash in "
                            "a native library); convert it alone with `sec16 extract`")
            return
        except Exception as exc:  # an engine error (Ray, pickling): the document fails
            self._fail(doc, f"the {job.name} task failed ({type(exc).__name__}: "
                            f"{str(exc)[:200]}); convert it alone with `sec16 extract`")
            return
        if job.name == "convert_document":
            if isinstance(value, PartsPlan):
                doc.expected = len(value.parts)
                self.summary.binders += 1
                self.ready.extend(_Job("convert_part", doc, (part, len(value.parts)))
                                  for part in value.parts)
            elif isinstance(value, ScanPlan):
                doc.expected = value.pages
                self.ready.extend(_Job("ocr_scan_page", doc, (n,))
                                  for n in range(1, value.pages + 1))
            else:
                self._finish(doc, value)
        elif job.name == "convert_part":
            doc.parts[value.part] = value
            if len(doc.parts) == doc.expected:
                self._finish(doc, [doc.parts[i] for i in sorted(doc.parts)])
        elif job.name == "ocr_scan_page":
            doc.pages[value.page_no] = value
            self.summary.pages_ocr += 1
            if len(doc.pages) == doc.expected:
                pages = [doc.pages[i] for i in sorted(doc.pages)]
                doc.pages = {}
                self.ready.appendleft(_Job("finish_scan", doc, (pages,)))
        else:
            if len(value) > 1:
                self.summary.binders += 1
            self._finish(doc, value)

    def _fail(self, doc: _Doc, message: str) -> None:
        error = EngineError(message, code="E052", path=doc.task.path)
        try:
            data: bytes | None = self.executor.fetch(doc.handle)
        except Exception:  # the bytes are gone too: the result is made without them
            data = None
        self._finish(doc, failed_outputs(doc.task, data, self.cfg, error, doc.started))

    def _finish(self, doc: _Doc, outs: list[FilingOut]) -> None:
        doc.finished = True
        stems = [output_stem(o.path, o.key) for o in outs]
        for out, stem in zip(outs, stems, strict=True):
            write_filing(self.out, stem, out.json_text, out.xml, self.formats)
            if self.review is not None and out.has_filing:
                if self.review_settings is None:
                    self.review_settings = self.review.settings()
                self.review.add_result(out.result(), settings=self.review_settings)
        self.ledger.record(doc.task, outs, stems, time.perf_counter() - doc.started)
        self.executor.release(doc.handle)
        self.summary.converted += 1
        self.summary.run_filings += len(outs)
        self._tick(doc.task.path)


def _executor(engine: str, workers: int, ray_address: str | None, cfg: TaskSettings,
              out: Path) -> Executor:
    if engine == "local":
        return LocalExecutor(workers, cfg, out / ".spool")
    if engine == "ray":
        from extract.batch.ray_engine import RayExecutor

        return RayExecutor(workers, cfg, address=ray_address)
    raise ConfigError(f"unknown batch engine {engine!r}; use local or ray", code="E401")


def run_batch(
    inputs: Iterable[str | Path],
    out: Path,
    *,
    workers: int = 1,
    engine: str = "local",
    ray_address: str | None = None,
    formats: Iterable[str] = FORMATS,
    timeout: float | None = None,
    db: str | None = None,
    review: bool = True,
    settings: ExtractSettings | dict[str, Any] | None = None,
    on_progress: Callable[[BatchProgress], None] | None = None,
) -> BatchSummary:
    """Convert every document under ``inputs`` into ``out``; returns the run summary.

    ``db`` is the ledger's and review store's database (a SQLite path or a ``postgresql://``
    URL; default ``out/sec16.sqlite``). ``timeout`` bounds each task, in seconds."""
    wanted = tuple(f for f in FORMATS if f in set(formats))
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ConfigError(f"unknown output format(s) {', '.join(sorted(unknown))}; use "
                          f"{', '.join(FORMATS)}", code="E401")
    if workers < 1:
        raise ConfigError("--workers must be at least 1", code="E401")
    inputs = [str(i) for i in inputs]
    out.mkdir(parents=True, exist_ok=True)
    spool = out / ".spool"
    if spool.is_dir():  # archive members a killed run left for its workers
        for stale in spool.iterdir():
            stale.unlink(missing_ok=True)
    cfg = TaskSettings(extract=ExtractSettings.resolve(settings), timeout=timeout)
    location = db or str(out / "sec16.sqlite")
    ledger = Ledger(location)
    store = None
    if review:
        from extract.review.store import ReviewStore

        store = ReviewStore(location)
    summary = BatchSummary(engine=engine, workers=workers)
    started = time.perf_counter()
    total = count_items(inputs) if on_progress is not None else None
    starting = time.perf_counter()
    executor = _executor(engine, workers, ray_address, cfg, out)
    try:
        executor.start()
        summary.startup = time.perf_counter() - starting
        _Run(executor, ledger, store, out, wanted, cfg, summary, total, on_progress).run(
            iter_items(inputs))
    finally:
        executor.close()
    summary.seconds = time.perf_counter() - started
    _tables_and_summary(ledger, store, out, wanted, summary)
    ledger.close()
    if store is not None:
        store.close()
    return summary


def _tables_and_summary(ledger: Ledger, store: Any, out: Path, formats: tuple[str, ...],
                        summary: BatchSummary) -> None:
    docs, filings = ledger.counts()
    summary.total = docs
    summary.filings = filings
    with TableWriter(out, formats) as tables:
        for row in ledger.iter_filings():
            tables.add(row["tables"])
            kind = row["kind"] or "unknown"
            summary.by_status[row["status"]] += 1
            summary.by_kind[kind] += 1
            summary.by_kind_status[f"{kind}/{row['status']}"] += 1
            if row["status"] == Status.FAILED.value:
                summary.failures.append({"path": row["path"], "error": row["error"] or ""})
    if store is not None:
        summary.review_items = sum(d.open_items for d in store.documents())
    summary.outputs = sorted(
        [f"{d}/" for d in ("json", "xml") if d in formats and (out / d).is_dir()]
        + [p.name for p in out.iterdir() if p.suffix in (".csv", ".parquet")]
        + ["summary.json"])
    write_summary(out, summary.to_dict())
    spool = out / ".spool"
    if spool.is_dir() and not any(spool.iterdir()):
        os.rmdir(spool)
