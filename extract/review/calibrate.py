"""Fit per-family confidence thresholds for a target error rate among auto-accepted fields.

An observation is one extracted field: its family, confidence and whether it was wrong.
They come from the review store (fields of fully reviewed documents: wrong when a reviewer
corrected them) or from dev data (predicted against truth). A field is queued when its
confidence is under its family's threshold, auto-accepted otherwise.

``fit_thresholds`` queues as few fields as it can while the error among the accepted ones
stays at or under the target: starting from thresholds at 0 it repeatedly raises the
threshold of the family whose next step removes the most wrong fields per field queued
(looking ahead over every step, so a clean band before a dirty one does not stop it).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.eval.score import canonical_fields, printed_only
from extract.ir.filing import Filing
from extract.ir.schema import iter_leaves
from extract.review.routing import ReviewSettings, field_family

__all__ = [
    "Calibration",
    "CurvePoint",
    "Observation",
    "curve",
    "evaluate",
    "fit_thresholds",
    "format_curve",
    "global_threshold",
    "observations_from_dev",
    "observations_from_pair",
    "observations_from_store",
]


@dataclass(frozen=True, slots=True)
class Observation:
    family: str
    confidence: float
    wrong: bool


@dataclass(frozen=True, slots=True)
class CurvePoint:
    threshold: float
    queued_share: float
    accepted_error: float
    queued: int
    accepted: int
    wrong_accepted: int


@dataclass
class Calibration:
    thresholds: dict[str, float]
    target_error: float
    point: CurvePoint
    per_family: dict[str, CurvePoint] = field(default_factory=dict)

    def settings(self, base: ReviewSettings | None = None, *, calibrated_on: str) -> ReviewSettings:
        cfg = base or ReviewSettings()
        return cfg.model_copy(update={"thresholds": dict(self.thresholds),
                                      "target_error": self.target_error,
                                      "calibrated_on": calibrated_on})


def observations_from_pair(pred: Filing, truth: Filing, *,
                           printed: bool = True) -> list[Observation]:
    """Every present predicted field, wrong when its canonical value or footnotes differ."""
    keep = printed_only if printed else None
    want = canonical_fields(truth, keep)
    have = canonical_fields(pred, keep)
    out = []
    for leaf in iter_leaves(pred):
        if leaf.path not in have:
            continue
        out.append(Observation(field_family(leaf.path), float(leaf.extracted.confidence),
                               have[leaf.path] != want.get(leaf.path)))
    return out


def observations_from_store(store: Any) -> list[Observation]:
    """Fields of documents with no pending item: wrong when a reviewer corrected them,
    with the confidence they were extracted with."""
    pending = {i.document_id for i in store.items(state="pending")}
    corrected: dict[int, set[str]] = defaultdict(set)
    for c in store.corrections():
        if c.action == "correct" and c.old_value != c.new_value:
            corrected[c.document_id].add(c.path)
    out = []
    for doc in store.documents():
        if doc.id in pending:
            continue
        original = store.original(doc.id)
        if original.filing is None:
            continue
        for leaf in iter_leaves(original.filing):
            if not leaf.extracted.present:
                continue
            out.append(Observation(field_family(leaf.path), float(leaf.extracted.confidence),
                                   leaf.path in corrected[doc.id]))
    return out


def evaluate(observations: Sequence[Observation], thresholds: dict[str, float],
             default: float = 0.0) -> CurvePoint:
    """Queue share and accepted error for per-family ``thresholds`` (``threshold`` -1:
    the point is not one global threshold)."""
    queued = accepted = wrong = 0
    for o in observations:
        if o.confidence < thresholds.get(o.family, default):
            queued += 1
        else:
            accepted += 1
            wrong += o.wrong
    total = queued + accepted
    return CurvePoint(
        threshold=-1.0, queued_share=queued / total if total else 0.0,
        accepted_error=wrong / accepted if accepted else 0.0,
        queued=queued, accepted=accepted, wrong_accepted=wrong,
    )


def curve(observations: Sequence[Observation],
          thresholds: Iterable[float] | None = None) -> list[CurvePoint]:
    """One global threshold for every family, swept (default: 0 to 1 by 0.02 plus the
    observed confidences' deciles)."""
    if thresholds is None:
        confs = sorted(o.confidence for o in observations)
        grid = {round(i / 50, 4) for i in range(51)}
        if confs:
            grid |= {round(confs[int(q * (len(confs) - 1) / 10)], 4) for q in range(11)}
        thresholds = sorted(grid)
    out = []
    for t in thresholds:
        point = evaluate(observations, {}, default=t)
        out.append(CurvePoint(t, point.queued_share, point.accepted_error, point.queued,
                              point.accepted, point.wrong_accepted))
    return out


def _steps(obs: list[Observation]) -> list[tuple[float, int, int]]:
    """Sorted by confidence: (threshold that queues up to here, count, wrong) per level."""
    levels: dict[float, list[int]] = {}
    for o in obs:
        entry = levels.setdefault(o.confidence, [0, 0])
        entry[0] += 1
        entry[1] += o.wrong
    ordered = sorted(levels.items())
    steps = []
    for i, (conf, (n, w)) in enumerate(ordered):
        if conf >= 1.0:  # no threshold in [0, 1] queues a field of confidence 1
            break
        nxt = ordered[i + 1][0] if i + 1 < len(ordered) else 1.0
        steps.append((nxt, n, w))
    return steps


def fit_thresholds(observations: Sequence[Observation], target_error: float = 0.005,
                   families: Iterable[str] | None = None, *,
                   min_support: int = 200, z: float = 1.645) -> Calibration:
    """Per-family thresholds that meet ``target_error`` among accepted fields with the
    fewest fields queued (greedy, best wrong-per-queued ratio first).

    A family with fewer than ``min_support`` observations, or none of them wrong, is not
    fitted on its own (a small sample without errors says little): it gets the one global
    threshold that meets the target on all observations pooled. Families named in
    ``families`` but never observed get it too.

    ``z`` makes the fit hold on unseen documents: the count of wrong accepted fields must
    meet the target with its one-sided upper bound ``w + z*sqrt(w) + z*z`` (Poisson-style;
    1.645 ~ 95%), not only its point value. ``z=0`` fits the point estimate exactly.
    """
    by_family: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        by_family[o.family].append(o)
    pooled = global_threshold(observations, target_error, z)
    small = {f for f, obs in by_family.items()
             if len(obs) < min_support or not any(o.wrong for o in obs)}
    thresholds = dict.fromkeys(families or (), pooled)
    steps = {f: _steps(obs) for f, obs in by_family.items() if f not in small}
    pos = dict.fromkeys(steps, 0)
    total = len(observations)
    wrong_accepted = queued = 0
    for fam, obs in by_family.items():
        if fam in small:
            thresholds[fam] = pooled
            queued += sum(o.confidence < pooled for o in obs)
            wrong_accepted += sum(o.wrong and o.confidence >= pooled for o in obs)
        else:
            thresholds[fam] = 0.0
            wrong_accepted += sum(o.wrong for o in obs)
    while total - queued and _upper(wrong_accepted, z) > target_error * (total - queued):
        best: tuple[float, str, int, int, int] | None = None
        for fam, fam_steps in steps.items():
            n = w = 0
            for j in range(pos[fam], len(fam_steps)):
                n += fam_steps[j][1]
                w += fam_steps[j][2]
                ratio = w / n
                if w and (best is None or ratio > best[0]):
                    best = (ratio, fam, j + 1, n, w)
        if best is None:
            break
        _, fam, end, n, w = best
        pos[fam] = end
        thresholds[fam] = steps[fam][end - 1][0]
        queued += n
        wrong_accepted -= w
    rounded = {f: _ceil4(t) for f, t in thresholds.items()}
    point = evaluate(observations, rounded)
    per_family = {f: evaluate(obs, rounded) for f, obs in by_family.items()}
    return Calibration(rounded, target_error, point, per_family)


def _upper(wrong: int, z: float) -> float:
    """A one-sided upper bound on a count of wrong fields (``z`` standard errors)."""
    return wrong + z * math.sqrt(wrong) + z * z if z else float(wrong)


def global_threshold(observations: Sequence[Observation], target_error: float,
                      z: float = 0.0) -> float:
    """The lowest single threshold whose accepted fields meet ``target_error``."""
    ordered = sorted(observations, key=lambda o: o.confidence)
    wrong = sum(o.wrong for o in ordered)
    accepted = len(ordered)
    i = 0
    while i < len(ordered):
        level = ordered[i].confidence
        if _upper(wrong, z) <= target_error * accepted:
            return level if i else 0.0
        while i < len(ordered) and ordered[i].confidence == level:
            wrong -= ordered[i].wrong
            accepted -= 1
            i += 1
    return 1.0


def _ceil4(value: float) -> float:
    """Round up to 4 places, so that a rounded threshold never accepts a queued field."""
    scaled = value * 10_000
    whole = int(scaled)
    return min(1.0, (whole + (1 if scaled > whole + 1e-9 else 0)) / 10_000)


def observations_from_dev(directory: Path, style: str = "text", *, noise: float | None = None,
                          limit: int | None = None, seed: int = 16) -> list[Observation]:
    """Render every ownership XML under ``directory`` as ``style``, extract it again and
    compare with the XML. ``noise`` applies ``simulate.perturb_filing`` (simulated, not OCR)."""
    from extract.eval.runner import ownership_xml_files
    from extract.pipeline import extract_bytes
    from extract.readers.xml import read_ownership_xml
    from extract.render import render_bytes
    from extract.review.simulate import NoiseModel, perturb_filing

    out: list[Observation] = []
    for i, path in enumerate(ownership_xml_files(directory)[:limit]):
        truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
        result = extract_bytes(render_bytes(truth, style), path=f"{path}.{style}")
        pred = result.filing
        if pred is None:
            continue
        if noise:
            pred, _ = perturb_filing(pred, seed * 7919 + i, NoiseModel(error_rate=noise))
        out.extend(observations_from_pair(pred, truth))
    return out


def format_curve(points: Sequence[CurvePoint]) -> str:
    """The curve as a fixed-width table: threshold, share queued, error among accepted."""
    lines = [f"{'threshold':>9}  {'queued':>8}  {'accepted error':>14}  {'queued n':>8}  "
             f"{'wrong accepted':>14}"]
    for p in points:
        lines.append(f"{p.threshold:9.4f}  {p.queued_share:8.2%}  {p.accepted_error:14.3%}  "
                     f"{p.queued:8d}  {p.wrong_accepted:14d}")
    return "\n".join(lines)
