"""The seed filing: every field of its expected XML, and the (A)/M conflict flagged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extract.eval.score import score_filing
from extract.readers.xml import read_ownership_xml


def _run(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "extract.cli", *args], check=True,
                          capture_output=True, text=True).stdout


def test_seed_scores_one_on_every_field(shared_dir: Path) -> None:
    seed = shared_dir / "seed" / "form4-immunogen-2008.txt"
    expected = read_ownership_xml((shared_dir / "seed" / "form4-immunogen-2008.expected.xml")
                                  .read_bytes()).filing
    predicted = read_ownership_xml(_run("extract", str(seed), "--format", "xml").encode()).filing
    score = score_filing(predicted, expected)  # every field, not only printed ones
    assert score.mismatches == []
    assert score.total.tp == 42


def test_seed_flags_the_code_m_exercise_printed_as_acquired(shared_dir: Path) -> None:
    seed = shared_dir / "seed" / "form4-immunogen-2008.txt"
    result = json.loads(_run("extract", str(seed), "--format", "json"))
    path = "derivativeTable/derivativeTransaction[1]/transactionAmounts/" \
           "transactionAcquiredDisposedCode/value"
    flagged = [e for e in result["errors"] if e["code"] == "V115"]
    assert [e["path"] for e in flagged] == [path]
    field = next(f for f in result["fields"] if f["path"] == path)
    assert field["value"] == "A"  # extracted as printed, never fixed
    assert any(i["code"] == "V115" for i in field["issues"])
    assert result["status"] == "success"
    shares = next(f for f in result["fields"] if f["path"].endswith(
        "nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value"))
    assert (shares["value"], shares["raw"], shares["source"], shares["page"]) == (
        "50000", "50,000", "text", 1)
