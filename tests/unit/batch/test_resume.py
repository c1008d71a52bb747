"""Kill a batch at about half way, resume it: every filing comes out exactly once and the
outputs equal an uninterrupted run's."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from extract.batch.local import run_batch
from extract.batch.synth import Archive
from tests.unit.batch.conftest import needs_tesseract

ROOT = Path(__file__).resolve().parents[3]


def _done(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM batch_documents").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix in (".json", ".xml", ".csv")
            and p.name != "summary.json"}


@needs_tesseract
def test_killed_and_resumed_equals_uninterrupted(small_archive: Archive, tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    reference = run_batch(small_archive.inputs, whole, workers=1)
    assert reference.converted == small_archive.documents
    assert reference.filings == small_archive.filings

    out = tmp_path / "resumed"
    cmd = [sys.executable, "-m", "extract.cli", "batch", *small_archive.inputs, "--out", str(out),
           "--workers", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    half = small_archive.documents // 2
    deadline = time.monotonic() + 300
    try:
        while _done(out / "sec16.sqlite") < half and proc.poll() is None:
            assert time.monotonic() < deadline, "the batch made no progress"
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the whole run: scheduler and workers
        proc.wait()
    killed_at = _done(out / "sec16.sqlite")
    assert 0 < killed_at < small_archive.documents, "killed too late to test a resume"

    resumed = run_batch(small_archive.inputs, out, workers=2)
    assert resumed.skipped == killed_at
    assert resumed.converted == small_archive.documents - killed_at
    assert resumed.filings == small_archive.filings
    assert resumed.by_status == reference.by_status
    assert resumed.by_kind == reference.by_kind

    # every filing exactly once, and the same outputs byte for byte
    with sqlite3.connect(out / "sec16.sqlite") as conn:
        keys = [k for (k,) in conn.execute("SELECT key FROM batch_filings")]
        stored = conn.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone()
    assert len(keys) == len(set(keys)) == small_archive.filings
    assert stored[0] == stored[1]
    assert _files(out) == _files(whole)
    for name in ("transactions", "holdings", "footnotes", "poa", "links"):
        assert pq.read_table(out / f"{name}.parquet").equals(
            pq.read_table(whole / f"{name}.parquet")), name
    # a third run has nothing to do and changes nothing
    again = run_batch(small_archive.inputs, out, workers=1)
    assert (again.converted, again.skipped) == (0, small_archive.documents)
    assert _files(out) == _files(whole)
