"""Routing: low confidence per family, validation findings, entity links in the review band."""

from __future__ import annotations

import pytest

from extract.errors import ConfigError
from extract.ir.result import StageError
from extract.review.corrections import get_leaf, set_leaf
from extract.review.routing import FAMILIES, ReviewSettings, field_family, link_field_path, route
from extract.synth.generate import synthetic_filing

from .conftest import make_result


@pytest.mark.parametrize(("path", "family"), [
    ("documentType", "header"),
    ("issuer/issuerCik", "issuer"),
    ("reportingOwner[1]/reportingOwnerId/rptOwnerName", "owner"),
    ("nonDerivativeTable/nonDerivativeTransaction[2]/transactionAmounts/transactionShares/value",
     "table1-amount"),
    ("nonDerivativeTable/nonDerivativeTransaction[1]/transactionDate/value", "table1-date"),
    ("derivativeTable/derivativeTransaction[1]/expirationDate/value", "table2-date"),
    ("derivativeTable/derivativeHolding[1]/conversionOrExercisePrice/value", "table2-amount"),
    ("nonDerivativeTable/nonDerivativeTransaction[1]/transactionCoding/transactionCode", "code"),
    ("nonDerivativeTable/nonDerivativeHolding[1]/ownershipNature/natureOfOwnership/value", "nature"),
    ("footnotes/footnote[3]", "footnote"),
    ("ownerSignature[1]/signatureDate", "signature"),
    ("remarks", "text"),
])
def test_families(path: str, family: str) -> None:
    assert field_family(path) == family and family in FAMILIES


def _lowered(path: str, confidence: float):  # type: ignore[no-untyped-def]
    filing = synthetic_filing(4)
    leaf = get_leaf(filing, path)
    assert leaf is not None
    return set_leaf(filing, path, leaf.model_copy(update={"confidence": confidence}))


def test_low_confidence_uses_the_family_threshold() -> None:
    path = "issuer/issuerName"
    result = make_result(_lowered(path, 0.7), "a.txt")
    assert [i.path for i in route(result, {"default_threshold": 0.9})] == [path]
    assert route(result, {"thresholds": {"issuer": 0.6}}) == []
    item = route(result)[0]
    assert item.reason == "low-confidence" and 1.0 < item.priority < 2.0


def test_validation_findings_and_priority_order() -> None:
    filing = _lowered("issuer/issuerName", 0.85)
    bad = "nonDerivativeTable/nonDerivativeTransaction[1]/transactionCoding/transactionCode"
    result = make_result(filing, "b.txt").model_copy(update={"errors": [
        StageError(stage="validate", code="V101", message="not a code", path=bad),
        StageError(stage="validate", code="V111", message="unused note", path="footnotes/footnote[1]",
                   severity="warning"),
    ]})
    items = route(result)
    assert [i.path for i in items] == [bad, "issuer/issuerName", "footnotes/footnote[1]"]
    assert items[0].reason == "V101" and items[0].priority == 3.0
    assert [i.path for i in route(result, {"route_warnings": False})] == [bad, "issuer/issuerName"]


def test_group_path_of_a_finding_goes_to_its_wrapped_leaf() -> None:
    group = "nonDerivativeTable/nonDerivativeTransaction[1]/transactionDate"
    result = make_result(synthetic_filing(4), "c.txt").model_copy(update={"errors": [
        StageError(stage="validate", code="V105", message="bad date", path=group)]})
    assert [i.path for i in route(result)] == [group + "/value"]


def test_links_in_the_review_band_are_queued_with_candidates() -> None:
    link = {"mention": "HOLLOWAY ALEX", "path": "reportingOwner[0]", "decision": "review",
            "score": 0.8, "candidates": [{"cik": "0000000001", "name": "HOLLOWAY ALEX J",
                                          "score": 0.8}]}
    linked = dict(link, path="issuer", decision="linked")
    result = make_result(synthetic_filing(4), "d.txt").model_copy(update={"links": [link, linked]})
    items = route(result)
    assert [i.path for i in items] == ["reportingOwner[1]/reportingOwnerId/rptOwnerName"]
    assert items[0].reason == "link-review" and items[0].candidates[0]["cik"] == "0000000001"
    assert route(result, {"route_links": False}) == []
    assert link_field_path("ownerSignature[1]") == "ownerSignature[2]/signatureName"
    assert link_field_path("issuer") == "issuer/issuerName"


def test_settings_resolve_and_reject_unknown_families() -> None:
    cfg = ReviewSettings.resolve({"thresholds": {"owner": 0.5}})
    assert cfg.threshold("owner") == 0.5 and cfg.threshold("code") == cfg.default_threshold
    assert ReviewSettings.resolve(cfg) is cfg and ReviewSettings.resolve(None) == ReviewSettings()
    with pytest.raises(ConfigError):
        ReviewSettings.resolve({"thresholds": {"owners": 0.5}})
    with pytest.raises(ConfigError):
        ReviewSettings.resolve({"thresholds": {"owner": 1.5}})
