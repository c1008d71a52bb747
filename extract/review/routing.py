"""Which fields of a ``Result`` go to a reviewer, and how urgently.

A field is queued when its confidence is under its family's threshold, when a validation
rule flags it, when an entity link on it falls in the linker's review band, or when it is
missing: the form requires it (``extract.ir.schema.REQUIRED_ELEMENTS``, read off the XSD)
in a row or header the filing has, it is printed on the form, and nothing was extracted.
One item per field path; several reasons on one path merge into one item.

Priority (higher first): validation error and missing field 3, entity link review 2,
validation warning 1, plus for low confidence ``1 + (threshold - confidence)``; reasons add
up, capped at 5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field, field_validator

from extract.eval.score import printed_only
from extract.ir.result import Result
from extract.ir.schema import iter_leaves, iter_missing
from extract.settings import Settings

__all__ = [
    "FAMILIES",
    "ReviewSettings",
    "RoutedItem",
    "field_family",
    "link_field_path",
    "route",
]

#: Field families: thresholds are fitted and corrections counted per family.
FAMILIES = (
    "header",
    "issuer",
    "owner",
    "table1-amount",
    "table1-date",
    "table2-amount",
    "table2-date",
    "code",
    "text",
    "nature",
    "signature",
    "footnote",
)

_CODES = {
    "transactionCode", "transactionAcquiredDisposedCode", "directOrIndirectOwnership",
    "transactionTimeliness", "transactionFormType", "equitySwapInvolved",
}
_DATES = {"transactionDate", "deemedExecutionDate", "exerciseDate", "expirationDate"}
_TEXTS = {"securityTitle", "underlyingSecurityTitle"}
_INDEX = re.compile(r"\[\d+\]")


def field_family(path: str) -> str:
    """The family of a leaf path (``nonDerivativeTable/.../transactionShares/value`` ->
    ``table1-amount``)."""
    steps = [_INDEX.sub("", s) for s in path.split("/") if s and s != "value"]
    if not steps:
        return "header"
    head, name = steps[0], steps[-1]
    if head == "issuer":
        return "issuer"
    if head == "reportingOwner":
        return "owner"
    if head == "ownerSignature":
        return "signature"
    if head == "footnotes":
        return "footnote"
    if head == "remarks":
        return "text"
    if head in ("nonDerivativeTable", "derivativeTable"):
        table = "table1" if head == "nonDerivativeTable" else "table2"
        if name in _CODES:
            return "code"
        if name in _TEXTS:
            return "text"
        if name == "natureOfOwnership":
            return "nature"
        if name in _DATES:
            return f"{table}-date"
        return f"{table}-amount"
    return "header"


class ReviewSettings(Settings):
    """Routing and queue settings; ``thresholds`` come from ``sec16 review calibrate``."""

    thresholds: dict[str, float] = Field(default_factory=dict)
    """Per-family confidence threshold: a field under it is queued."""
    default_threshold: float = Field(default=0.9, ge=0.0, le=1.0)
    """Threshold of a family that ``thresholds`` does not name."""
    route_warnings: bool = True
    """Queue fields that a validation rule flags as a warning (errors always are)."""
    route_links: bool = True
    """Queue entity links in the linker's review band."""
    route_missing: bool = True
    """Queue printed fields the form requires that were not extracted (reason ``missing``)."""
    lease_seconds: int = Field(default=600, gt=0)
    """How long a reviewer holds an item before another reviewer may take it."""
    target_error: float | None = Field(default=None, ge=0.0, le=1.0)
    """The error rate among auto-accepted fields the thresholds were fitted for."""
    calibrated_on: str | None = None
    """What the thresholds were fitted on (``store``, ``dev:text+noise``...)."""

    @field_validator("thresholds")
    @classmethod
    def _known(cls, value: dict[str, float]) -> dict[str, float]:
        for family, threshold in value.items():
            if family not in FAMILIES:
                raise ValueError(f"unknown field family {family!r}; families: {', '.join(FAMILIES)}")
            if not 0.0 <= threshold <= 1.0:
                raise ValueError(f"threshold of {family} must be in [0, 1], not {threshold}")
        return value

    def threshold(self, family: str) -> float:
        return self.thresholds.get(family, self.default_threshold)


@dataclass
class RoutedItem:
    """One field to review."""

    path: str
    reasons: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    priority: float = 0.0
    candidates: list[dict[str, Any]] = field(default_factory=list)

    def add(self, reason: str, detail: str, weight: float) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)
            self.details.append(detail)
            self.priority = min(5.0, self.priority + weight)

    @property
    def reason(self) -> str:
        return ", ".join(self.reasons)

    @property
    def detail(self) -> str:
        return "; ".join(self.details)


def link_field_path(link_path: str | None) -> str | None:
    """The leaf a link's mention sits on: ``reportingOwner[0]`` (0-based, the linker's form)
    -> ``reportingOwner[1]/reportingOwnerId/rptOwnerName``."""
    if not link_path:
        return None
    match = re.fullmatch(r"(reportingOwner|ownerSignature)\[(\d+)\]", link_path)
    if match:
        index = int(match[2]) + 1
        if match[1] == "reportingOwner":
            return f"reportingOwner[{index}]/reportingOwnerId/rptOwnerName"
        return f"ownerSignature[{index}]/signatureName"
    if link_path == "issuer":
        return "issuer/issuerName"
    return link_path


def _leaf_path_for(error_path: str, leaves: set[str]) -> str:
    """A validation path may name a group (``.../transactionCoding``): use its leaf if unique."""
    if error_path in leaves or f"{error_path}/value" not in leaves:
        return error_path
    return f"{error_path}/value"


def route(result: Result, settings: ReviewSettings | dict[str, Any] | None = None) -> list[RoutedItem]:
    """The fields of ``result`` a reviewer should see, highest priority first."""
    cfg = ReviewSettings.resolve(settings)
    items: dict[str, RoutedItem] = {}

    def item(path: str) -> RoutedItem:
        return items.setdefault(path, RoutedItem(path=path))

    leaves: set[str] = set()
    if result.filing is not None:
        for leaf in iter_leaves(result.filing):
            leaves.add(leaf.path)
            extracted = leaf.extracted
            if not extracted.present and not extracted.issues:
                continue
            family = field_family(leaf.path)
            threshold = cfg.threshold(family)
            if extracted.confidence < threshold:
                item(leaf.path).add(
                    "low-confidence",
                    f"confidence {extracted.confidence:.2f} < {threshold:.2f} ({family})",
                    1.0 + (threshold - extracted.confidence),
                )
            for issue in extracted.issues:
                if issue.severity.value == "error":
                    item(leaf.path).add(issue.code, issue.message, 3.0)
    if cfg.route_missing and result.filing is not None:
        for path in iter_missing(result.filing):
            if printed_only(path):
                item(path).add("missing", "the form requires this field; nothing was "
                               "extracted for it (correct it to the printed value)", 3.0)
    for error in result.errors:
        if error.severity == "error":
            weight = 3.0
        elif cfg.route_warnings and error.severity == "warning":
            weight = 1.0
        else:
            continue
        path = _leaf_path_for(error.path or "", leaves)
        item(path).add(error.code, error.message, weight)
    if cfg.route_links:
        for link in result.links:
            if str(link.get("decision", "")) != "review":
                continue
            path = link_field_path(link.get("path")) or ""
            routed = item(path)
            routed.add("link-review",
                       f"entity link for {link.get('mention', '')!r} in the review band "
                       f"(score {float(link.get('score', 0.0)):.2f})", 2.0)
            routed.candidates = [dict(c) for c in link.get("candidates", [])]
    return sorted(items.values(), key=lambda i: (-i.priority, i.path))
