"""Convert every file under some inputs into ``OUT``: JSON and XML per filing, a combined
CSV, a run summary, and a SQLite ledger (``OUT/sec16.sqlite``) keyed by each input's sha256
so that a re-run skips what is done and a killed run resumes.

This is the embedded local engine (one process); inputs are never modified.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.export.csv import CSV_COLUMNS, filing_rows
from extract.export.json import canonical_json, result_to_dict
from extract.export.sec_xml import to_xml
from extract.ir.result import Result, Status
from extract.nlp.export import POA_CSV_COLUMNS, poa_rows
from extract.pipeline import extract_path
from extract.readers.xml import read_ownership_xml
from extract.settings import ExtractSettings

__all__ = ["BatchSummary", "iter_inputs", "run_batch"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    kind TEXT,
    status TEXT NOT NULL,
    error TEXT,
    result_json TEXT NOT NULL,
    poa_rows TEXT NOT NULL DEFAULT '[]',
    seconds REAL NOT NULL,
    converted_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""


@dataclass
class BatchSummary:
    total: int = 0
    converted: int = 0
    skipped: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "converted": self.converted,
            "skipped": self.skipped,
            "byStatus": dict(sorted(self.by_status.items())),
            "byKind": dict(sorted(self.by_kind.items())),
            "failures": self.failures,
            "seconds": round(self.seconds, 3),
            "documentsPerSecond": round(self.converted / self.seconds, 2) if self.seconds else 0,
        }


def iter_inputs(inputs: Iterable[Path]) -> Iterator[Path]:
    """Files named, and files under directories named (recursively, hidden ones skipped)."""
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if path.is_file() and not any(p.startswith(".") for p in path.parts[len(item.parts):]):
                    yield path
        else:
            yield item


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_batch(
    inputs: Iterable[Path],
    out: Path,
    *,
    on_progress: Callable[[int, int, Path], None] | None = None,
    settings: ExtractSettings | dict[str, Any] | None = None,
) -> BatchSummary:
    """Convert ``inputs`` into ``out``; returns the run summary (also written as JSON)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "json").mkdir(exist_ok=True)
    (out / "xml").mkdir(exist_ok=True)
    cfg = ExtractSettings.resolve(settings)
    files = list(iter_inputs(inputs))
    summary = BatchSummary(total=len(files))
    started = time.perf_counter()
    with sqlite3.connect(out / "sec16.sqlite") as db:
        db.executescript(_SCHEMA)
        for index, path in enumerate(files, start=1):
            if on_progress:
                on_progress(index, len(files), path)
            try:
                sha = _sha256(path)
            except OSError:
                sha = ""
            if sha and db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha,)).fetchone():
                summary.skipped += 1
                continue
            t0 = time.perf_counter()
            result = extract_path(path, settings=cfg)
            _write_outputs(out, sha or path.name, result)
            error = next((f"{e.code} {e.message}" for e in result.errors
                          if result.status is Status.FAILED), None)
            db.execute(
                "INSERT OR REPLACE INTO documents (sha256, path, kind, status, error, result_json,"
                " poa_rows, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sha or f"unreadable:{path}", str(path),
                 result.source.kind.value if result.source.kind else None,
                 result.status.value, error, json.dumps(result_to_dict(result), default=str),
                 json.dumps(poa_rows(result.power_of_attorney, sha)
                            if result.power_of_attorney is not None else [], default=str),
                 time.perf_counter() - t0),
            )
            db.commit()
            summary.converted += 1
        rows = db.execute(
            "SELECT path, kind, status, error, sha256 FROM documents ORDER BY path"
        ).fetchall()
        poa = [row for (text,) in db.execute("SELECT poa_rows FROM documents ORDER BY path")
               for row in json.loads(text)]
    for path_text, kind, status, error, _ in rows:
        summary.by_status[status] += 1
        summary.by_kind[kind or "unknown"] += 1
        if status == Status.FAILED.value:
            summary.failures.append({"path": path_text, "error": error or ""})
    summary.seconds = time.perf_counter() - started
    _write_tables(out, [(Path(r[0]), r[4], r[2]) for r in rows], poa)
    (out / "summary.json").write_text(canonical_json(summary.to_dict()))
    return summary


def _stem(path: Path, key: str) -> str:
    return f"{path.stem}-{key[:12]}"


def _write_outputs(out: Path, key: str, result: Result) -> None:
    stem = _stem(Path(result.source.path), key)
    (out / "json" / f"{stem}.json").write_text(canonical_json(result_to_dict(result)))
    if result.filing is not None:
        (out / "xml" / f"{stem}.xml").write_bytes(to_xml(result.filing))


def _write_tables(out: Path, documents: list[tuple[Path, str, str]],
                  poa: list[dict[str, object]]) -> None:
    """The combined CSVs: every table row (rebuilt from the per-filing XML on disk) and every
    power-of-attorney value."""
    rows: list[dict[str, str]] = []
    for path, sha, status in documents:
        xml_path = out / "xml" / f"{_stem(path, sha)}.xml"
        if not xml_path.exists():
            continue
        filing = read_ownership_xml(xml_path.read_bytes(), path=str(xml_path)).filing
        keys = {"sourcePath": str(path), "sha256": sha, "status": status}
        rows.extend(filing_rows(filing, keys))
    with open(out / "transactions.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with open(out / "poa.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=POA_CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(poa)
