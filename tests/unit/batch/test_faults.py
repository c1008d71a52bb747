"""Bad files each get a status and a coded reason; the batch finishes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.batch.local import run_batch
from extract.batch.synth import BAD_FILES, _bad_files
from extract.batch.tasks import DocTask, TaskSettings, convert_document, convert_part
from tests.unit.batch.conftest import HAS_TESSERACT


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bad")
    for name, data in _bad_files(3).items():
        if name == "noise.png" and not HAS_TESSERACT:
            continue  # read by OCR
        (root / name).write_bytes(data)
    (root / "good.xml").write_bytes(
        b"<ownershipDocument><schemaVersion>X0306</schemaVersion><documentType>4"
        b"</documentType><issuer><issuerCik>0000000001</issuerCik><issuerName>A</issuerName>"
        b"<issuerTradingSymbol>A</issuerTradingSymbol></issuer></ownershipDocument>")
    return root


def test_every_bad_file_gets_its_status_and_reason(bad_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([bad_dir], out, workers=1)
    present = sorted(p.name for p in bad_dir.iterdir())
    assert summary.converted == len(present)
    failures = {Path(f["path"]).name: f["error"] for f in summary.failures}
    for name in present:
        if name == "good.xml":
            assert name not in failures
            continue
        assert failures[name].split()[0] == BAD_FILES[name], (name, failures[name])
        assert len(failures[name]) > 20  # says what is wrong and what to do
    written = json.loads((out / "summary.json").read_text())
    assert written["byStatus"]["failed"] == len(present) - 1
    assert len(written["failures"]) == len(present) - 1


def test_the_200_page_scans_are_refused_before_any_page_is_rasterized() -> None:
    files = _bad_files(3)
    for name in ("scan-200-pages.pdf", "scan-200-pages.tif"):
        started = time.perf_counter()
        outs = convert_document(DocTask("1" * 64, name), files[name], TaskSettings())
        assert isinstance(outs, list) and outs[0].error and outs[0].error.startswith("E022")
        assert time.perf_counter() - started < 30  # generous: rasterizing 200 pages is minutes


def test_a_task_over_its_timeout_fails_with_e051(monkeypatch: pytest.MonkeyPatch) -> None:
    import extract.batch.tasks as tasks
    from extract.batch.split import Part
    from extract.batch.synth import binder_pdf
    from extract.synth.generate import synthetic_filing

    binder = binder_pdf([synthetic_filing(1), synthetic_filing(2)])

    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(5)
        raise AssertionError("not stopped")

    monkeypatch.setattr(tasks, "pdf_subset", slow)
    out = convert_part(DocTask("2" * 64, "b.pdf"), binder, TaskSettings(timeout=0.5),
                       Part(1, (1,)), 2)
    assert out.status == "failed" and out.error is not None and out.error.startswith("E051")


def test_the_cli_reports_failures_and_exits_zero(bad_dir: Path, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "extract.cli", "batch", str(bad_dir / "zero.txt"),
                           str(bad_dir / "good.xml"), "--out", str(tmp_path / "o"),
                           "--formats", "json,csv"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "zero.txt: E002" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o" / "xml").exists() and (tmp_path / "o" / "json").is_dir()
    assert not list((tmp_path / "o").glob("*.parquet"))
