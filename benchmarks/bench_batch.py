"""Batch engine: documents per second per kind with 1 and 2 workers, the mixed archive, peak
memory per worker, and Ray against the local engine.

    python -m benchmarks.bench_batch [--filings 500] [--scans 10] [--binders 5]
                                     [--per-kind 30] [--scan-docs 6] [--ray-filings 50]
                                     [--kinds xml,...,scan] [--skip-kinds] [--skip-mixed]
                                     [--skip-ray]

1. per kind: a generated set of ``--per-kind`` documents of one kind (``--scan-docs`` one-page
   scans; binders of three paper forms and a POA page), converted with 1 worker (in process)
   and 2 workers (process pool): documents/s and filings/s, the 2-over-1 ratio, peak RSS per
   worker (VmHWM of each worker process, sampled from /proc; with 1 worker the process itself)
   and of Tesseract;
2. mixed: one archive of ``--filings`` filings of mixed kinds (``extract.batch.synth.KINDS``,
   of which ``--scans`` scans), ``--binders`` binders and the dozen bad files, in folders, a
   zip, a tar.gz and a file list, with 2 workers: counts by status, documents/s, peak RSS;
3. Ray: ``--ray-filings`` filings (two of them scans, a binder, the bad files) with the local
   engine and with Ray (2 actors, a local instance): identical outputs or not, wall times and
   Ray's overhead (its start and actor start included).

Generated data lives in a temporary folder. Prints tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extract.batch.local import BatchSummary, run_batch
from extract.batch.synth import make_archive

KINDS = ("xml", "text", "html", "legacy", "paper", "pdf", "binder", "scan")


@dataclass
class Peaks:
    """Peak resident memory (MiB) per process class, sampled from /proc."""

    workers: dict[int, float] = field(default_factory=dict)
    tesseract: float = 0.0
    main: float = 0.0


def _status(pid: int) -> dict[str, str]:
    out: dict[str, str] = {}
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                out[key] = value.strip()
    except OSError:
        pass
    return out


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Sampler:
    """Samples the VmHWM of this process's descendants every ``every`` seconds."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peaks = Peaks()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def _sample(self) -> None:
        me = os.getpid()
        self.peaks.main = max(self.peaks.main, _kib(_status(me).get("VmHWM")) / 1024)
        tree = _children()
        stack = [(pid, me) for pid in tree.get(me, [])]
        servers: set[int] = set()
        while stack:
            pid, parent = stack.pop()
            stack.extend((child, pid) for child in tree.get(pid, []))
            status = _status(pid)
            peak = _kib(status.get("VmHWM")) / 1024
            command = _cmdline(pid)
            if status.get("Name", "").startswith("tesseract"):
                self.peaks.tesseract = max(self.peaks.tesseract, peak)
            elif "forkserver" in command and parent == me:
                servers.add(pid)  # the fork server; its children are the pool's workers
            elif parent in servers or "ray::_Worker" in command:
                self.peaks.workers[pid] = max(self.peaks.workers.get(pid, 0.0), peak)


def _kib(text: str | None) -> float:
    return float(text.split()[0]) if text else 0.0


def _run(inputs: list[str], out: Path, workers: int, engine: str = "local"
         ) -> tuple[BatchSummary, float, Peaks]:
    with Sampler() as sampler:
        started = time.perf_counter()
        summary = run_batch(inputs, out, workers=workers, engine=engine)
        seconds = time.perf_counter() - started
    peaks = sampler.peaks
    if workers == 1 and engine == "local":
        peaks.workers = {os.getpid(): peaks.main}
    return summary, seconds, peaks


def _worker_peak(peaks: Peaks) -> float:
    return max(peaks.workers.values(), default=0.0)


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))))


def per_kind(tmp: Path, per: int, scans: int, kinds: tuple[str, ...] = KINDS) -> None:
    rows = []
    for kind in kinds:
        root = tmp / f"kind-{kind}"
        if kind == "scan":
            archive = make_archive(root, filings=scans, scans=scans, binders=0, bad=False)
        elif kind == "binder":
            archive = make_archive(root, filings=0, scans=0, binders=max(1, per // 3), bad=False)
        else:
            count = max(2, per // 6) if kind == "pdf" else per  # Chromium renders: slow
            archive = make_archive(root, filings=count, scans=0, binders=0, bad=False,
                                   kinds={kind: 1.0})
        rates = []
        cells: list[str] = [kind, str(archive.documents), str(archive.filings)]
        for workers in (1, 2):
            summary, seconds, peaks = _run(archive.inputs, tmp / f"out-{kind}-{workers}",
                                           workers)
            busy = max(seconds - summary.startup, 1e-6)
            rate = summary.converted / busy
            rates.append(rate)
            cells += [f"{summary.startup:.1f}", f"{rate:.2f}", f"{summary.run_filings / busy:.2f}",
                      f"{_worker_peak(peaks):.0f}"]
            if peaks.tesseract:
                cells[-1] += f" (+tess {peaks.tesseract:.0f})"
        cells.append(f"{rates[1] / rates[0]:.2f}")
        rows.append(cells)
        print(f"  {kind}: done (load average {os.getloadavg()[0]:.1f})", flush=True)
    _table("Per kind: start (s, workers up with the model loaded), then documents/s and "
           "filings/s after the start, with 1 worker (in process) and 2 workers (process "
           "pool); peak RSS per worker in MiB",
           ["kind", "docs", "filings", "1w start", "1w docs/s", "1w fil/s", "1w RSS",
            "2w start", "2w docs/s", "2w fil/s", "2w RSS", "2w/1w"], rows)


def mixed(tmp: Path, filings: int, scans: int, binders: int) -> None:
    started = time.perf_counter()
    archive = make_archive(tmp / "mixed", filings=filings, scans=scans, binders=binders,
                           bad=True, seed=500)
    made = time.perf_counter() - started
    summary, seconds, peaks = _run(archive.inputs, tmp / "out-mixed", 2)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items()))
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_kind.items()))
    _table(f"Mixed archive ({archive.documents} documents made in {made:.0f} s: "
           f"{archive.kinds}), 2 workers",
           ["measure", "value"],
           [["documents converted", str(summary.converted)],
            ["filings (expected)", f"{summary.filings} ({archive.filings})"],
            ["binders split", str(summary.binders)],
            ["by status", statuses], ["by kind", kinds],
            ["failures (bad files: 12)", str(len(summary.failures))],
            ["seconds (of which start)", f"{seconds:.1f} ({summary.startup:.1f})"],
            ["documents/s", f"{summary.converted / seconds:.2f}"],
            ["filings/s", f"{summary.run_filings / seconds:.2f}"],
            ["OCR pages", str(summary.pages_ocr)],
            ["review items open", str(summary.review_items)],
            ["peak RSS per worker (MiB)",
             " ".join(f"{v:.0f}" for v in sorted(peaks.workers.values()))],
            ["peak RSS of Tesseract (MiB)", f"{peaks.tesseract:.0f}"],
            ["peak RSS of the scheduler (MiB)", f"{peaks.main:.0f}"]])


def _same(a: Path, b: Path) -> tuple[bool, int]:
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and p.suffix in (".json", ".xml", ".csv")
                and p.name != "summary.json"}

    left, right = files(a), files(b)
    return left == right, len(left)


def ray_vs_local(tmp: Path, filings: int) -> None:
    archive = make_archive(tmp / "ray", filings=filings, scans=2, binders=1, bad=True, seed=50)
    local, local_s, _ = _run(archive.inputs, tmp / "out-ray-local", 2)
    started = time.perf_counter()
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    ray_start = time.perf_counter() - started
    try:
        on_ray, ray_s, peaks = _run(archive.inputs, tmp / "out-ray-ray", 2, engine="ray")
    finally:
        ray.shutdown()
    same, count = _same(tmp / "out-ray-local", tmp / "out-ray-ray")
    _table(f"Ray against local on {archive.documents} documents ({archive.filings} filings), "
           "2 workers / 2 actors", ["measure", "local", "ray"],
           [["seconds (wall)", f"{local_s:.1f}", f"{ray_s + ray_start:.1f}"],
            ["  of which ray.init", "-", f"{ray_start:.1f}"],
            ["  of which workers/actors start", f"{local.startup:.1f}", f"{on_ray.startup:.1f}"],
            ["documents/s", f"{local.converted / local_s:.2f}",
             f"{on_ray.converted / (ray_s + ray_start):.2f}"],
            ["filings", str(local.filings), str(on_ray.filings)],
            ["by status", str(dict(local.by_status)), str(dict(on_ray.by_status))],
            ["identical outputs", "-", f"{same} ({count} files compared)"],
            ["Ray overhead (s, ratio)", "-",
             f"{ray_s + ray_start - local_s:+.1f} ({(ray_s + ray_start) / local_s:.2f}x)"],
            ["peak RSS per actor (MiB)", "-",
             " ".join(f"{v:.0f}" for v in sorted(peaks.workers.values()))]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--filings", type=int, default=500)
    parser.add_argument("--scans", type=int, default=10)
    parser.add_argument("--binders", type=int, default=5)
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--scan-docs", type=int, default=6)
    parser.add_argument("--ray-filings", type=int, default=50)
    parser.add_argument("--kinds", default=",".join(KINDS),
                        help="kinds of the per-kind table, comma-separated")
    parser.add_argument("--skip-kinds", action="store_true")
    parser.add_argument("--skip-mixed", action="store_true")
    parser.add_argument("--skip-ray", action="store_true")
    args = parser.parse_args()
    steps: list[Callable[[Path], None]] = []
    if not args.skip_kinds:
        kinds = tuple(k for k in args.kinds.split(",") if k in KINDS)
        steps.append(lambda tmp: per_kind(tmp, args.per_kind, args.scan_docs, kinds))
    if not args.skip_mixed:
        steps.append(lambda tmp: mixed(tmp, args.filings, args.scans, args.binders))
    if not args.skip_ray:
        steps.append(lambda tmp: ray_vs_local(tmp, args.ray_filings))
    print(f"bench_batch on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="sec16-bench-batch-") as tmp:
        for step in steps:
            step(Path(tmp))


if __name__ == "__main__":
    main()
