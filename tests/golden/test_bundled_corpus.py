"""The bundled demo corpus is what the generator makes, and it converts exactly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extract.eval.score import printed_only, score_filing
from extract.pipeline import extract_path
from extract.readers.xml import read_ownership_xml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def test_corpus_is_current(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "extract.synth", "--out", str(tmp_path)], check=True,
                   cwd=ROOT)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*") if p.is_file())
    assert made == committed, "corpus/ is stale: run `python -m extract.synth --out corpus`"
    for rel in made:
        assert (tmp_path / rel).read_bytes() == (CORPUS / rel).read_bytes(), rel


def test_every_bundled_filing_converts_exactly() -> None:
    filings = sorted((CORPUS / "filings").iterdir())
    assert len(filings) >= 10
    for path in filings:
        result = extract_path(path)
        assert result.status.value == "success", (path.name, result.errors)
        truth = read_ownership_xml((CORPUS / "truth" / f"{path.stem}.xml").read_bytes()).filing
        score = score_filing(result.filing, truth, keep=printed_only)
        assert score.exact, (path.name, score.mismatches[:3])


def test_batch_command_on_the_bundled_corpus(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "extract.cli", "batch", str(CORPUS / "filings"), "--out",
           str(out)]
    first = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "success" in first.stdout
    assert len(list((out / "xml").glob("*.xml"))) == len(list((CORPUS / "filings").iterdir()))
    csv_text = (out / "transactions.csv").read_text()
    assert csv_text.count("\n") > 10
    second = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert "skipped (already done)" in second.stdout
    assert (out / "transactions.csv").read_text() == csv_text
