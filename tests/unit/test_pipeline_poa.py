"""The pipeline's power-of-attorney stage: appended, standalone, and absent."""

from __future__ import annotations

from pathlib import Path

from extract.export.json import result_to_dict
from extract.ir.result import MediaKind, Status
from extract.pipeline import extract_bytes, extract_path


def test_seed_poa_and_signature_reach_the_json(shared_dir: Path) -> None:
    result = extract_path(shared_dir / "seed" / "form4-immunogen-2008.txt")
    data = result_to_dict(result)
    poa = data["powerOfAttorney"]
    assert poa["grantor"] == "David W. Carter"
    assert poa["attorneysInFact"] == ["Daniel M. Junius", "David G. Foster", "Craig Barrows"]
    assert poa["executedOn"] == "2008-06-11"
    assert data["signature"]["signer"] == "Craig Barrows"
    assert data["signature"]["signerInPoa"] is True


def test_standalone_exhibit_returns_the_poa_alone(dev_index: list[dict[str, str]],
                                                  shared_dir: Path) -> None:
    row = next(r for r in dev_index if r["kind"] == "poa-exhibit")
    result = extract_path(shared_dir / "corpus" / row["path"])
    assert result.source.kind is MediaKind.POA_EXHIBIT
    assert result.status is Status.SUCCESS and result.filing is None
    assert result.power_of_attorney is not None and result.power_of_attorney.grantors


def test_a_filing_without_poa_has_none(dev_xml_paths: list[Path]) -> None:
    result = extract_bytes(dev_xml_paths[0].read_bytes(), path="x.xml")
    assert result.power_of_attorney is None
    assert result_to_dict(result)["powerOfAttorney"] is None
