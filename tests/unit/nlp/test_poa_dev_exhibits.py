"""The 23 dev POA exhibits against values written by hand (tests/data/poa_dev_truth.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extract.nlp.poa import extract_poa
from extract.nlp.rules import clean_name

TRUTH_PATHS = [
    "000089924317024441", "000089924318024846", "000089924319021682", "000089924319022340",
    "000089924320033648", "000089924321044370", "000095010322008730", "000106299321010767",
    "000117911013006240", "000120919112014769", "000120919113009116", "000120919119002310",
    "000120919120051619", "000120919121003525", "000121390023056008", "000141588922006006",
    "000144181620000060", "000144181622000130", "000144181623000119", "000147511520000084",
    "000162828024038676", "000182912621012005", "000182912623000711",
]


def _read(shared_dir: Path, rel: str) -> str:
    return (shared_dir / "corpus" / rel).read_bytes().decode("utf-8", errors="replace")


def test_truth_covers_the_dev_exhibits(dev_index: list[dict[str, str]], poa_truth: list[dict[str, Any]]) -> None:
    dev = sorted(r["path"] for r in dev_index if r["kind"] == "poa-exhibit")
    assert sorted(t["path"] for t in poa_truth) == dev
    assert len(dev) == 23
    assert [t["path"].split("/")[-2] for t in poa_truth] == TRUTH_PATHS


@pytest.mark.parametrize("i", range(23), ids=TRUTH_PATHS)
def test_exhibit(i: int, shared_dir: Path, poa_truth: list[dict[str, Any]]) -> None:
    t = poa_truth[i]
    poa = extract_poa(_read(shared_dir, t["path"]))
    assert poa is not None
    assert [clean_name(g.value or "") for g in poa.grantors] == t["grantors"]
    assert [clean_name(a.value or "") for a in poa.attorneys_in_fact] == t["attorneys"]
    assert poa.executed_on.value is not None and poa.executed_on.value.isoformat() == t["executed_on"]
    assert poa.company is not None and clean_name(poa.company) == t["company"]
    assert [f.value for f in poa.forms_covered] == t["forms"]
    assert all(0.0 < g.confidence <= 1.0 for g in poa.grantors + poa.attorneys_in_fact)


def test_described_attorneys_are_reported(shared_dir: Path, poa_truth: list[dict[str, Any]]) -> None:
    """Palantir's POA names no attorney: it appoints 'the responsible attorneys and paralegals'."""
    poa = extract_poa(_read(shared_dir, poa_truth[12]["path"]))
    assert poa is not None and poa.attorneys_in_fact == ()
    assert poa.attorneys_described.value is not None
    assert "responsible attorneys and paralegals" in poa.attorneys_described.value
    assert not [i for i in poa.issues if i.code == "N202"]


@pytest.mark.parametrize("method", ["rules", "model", "both"])
def test_methods_run_on_all_exhibits(method: str, shared_dir: Path, poa_truth: list[dict[str, Any]]) -> None:
    for t in poa_truth:
        poa = extract_poa(_read(shared_dir, t["path"]), settings={"method": method})
        assert poa is not None and poa.method == method
