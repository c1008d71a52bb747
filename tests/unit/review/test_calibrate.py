"""Calibration: fitted thresholds meet the target with few fields queued; the curve is sane."""

from __future__ import annotations

import random

from extract.review.calibrate import (
    Observation,
    curve,
    evaluate,
    fit_thresholds,
    format_curve,
    observations_from_pair,
    observations_from_store,
)
from extract.review.routing import field_family
from extract.review.simulate import NoiseModel, perturb_filing
from extract.review.store import ReviewStore
from extract.synth.generate import synthetic_filing

from .conftest import make_result


def _observations(n: int = 4000, seed: int = 1) -> list[Observation]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        family = rng.choice(["owner", "code", "table1-amount"])
        wrong = rng.random() < (0.08 if family == "table1-amount" else 0.02)
        conf = rng.betavariate(3, 3) if wrong else 1 - rng.betavariate(1, 25)
        out.append(Observation(family, round(conf, 4), wrong))
    return out


def test_fit_meets_the_target_and_beats_one_global_threshold() -> None:
    obs = _observations()
    fit = fit_thresholds(obs, 0.005, z=0.0)
    assert fit.point.accepted_error <= 0.005
    assert evaluate(obs, fit.thresholds) == fit.point
    # the best single threshold meeting the target queues at least as much
    best_global = min(p.queued_share for p in curve(obs, [i / 1000 for i in range(1001)])
                      if p.accepted_error <= 0.005)
    assert fit.point.queued_share <= best_global + 1e-9
    assert set(fit.thresholds) == {"owner", "code", "table1-amount"}


def test_the_upper_bound_margin_queues_more_for_a_safer_fit() -> None:
    obs = _observations()
    exact, safe = fit_thresholds(obs, 0.005, z=0.0), fit_thresholds(obs, 0.005)
    assert safe.point.accepted_error < exact.point.accepted_error <= 0.005
    assert safe.point.queued_share > exact.point.queued_share


def test_curve_is_monotone_and_printable() -> None:
    points = curve(_observations())
    shares = [p.queued_share for p in points]
    assert shares == sorted(shares) and points[0].queued == 0
    assert points[-1].accepted_error <= points[0].accepted_error
    table = format_curve(points)
    assert table.splitlines()[0].split()[:2] == ["threshold", "queued"]
    assert len(table.splitlines()) == len(points) + 1


def test_a_zero_target_queues_every_wrong_field() -> None:
    obs = _observations(800)
    fit = fit_thresholds(obs, 0.0)
    assert fit.point.wrong_accepted == sum(o.wrong and o.confidence >= 1.0 for o in obs)


def test_observations_from_a_pair_mark_differences() -> None:
    truth = synthetic_filing(5)
    pred, bad = perturb_filing(truth, 5, NoiseModel(error_rate=0.2))
    obs = observations_from_pair(pred, truth, printed=False)
    assert sum(o.wrong for o in obs) == len(bad) > 0


def test_observations_from_reviewed_documents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = ReviewStore(tmp_path / "cal.sqlite")
    truth = synthetic_filing(6)
    pred, bad = perturb_filing(truth, 6, NoiseModel(error_rate=0.3, keep_confidence=True,
                                                    confident_error_share=0.0,
                                                    error_confidence_cap=0.8))
    store.add_result(make_result(pred, "cal.txt"))
    assert observations_from_store(store) == []  # pending items: not used yet
    for item in store.items():
        store.correct(item.id, "ann", "1") if item.path in bad and item.family.endswith("amount") \
            else store.accept(item.id, "ann")
    obs = observations_from_store(store)
    wrong = sum(o.wrong for o in obs)
    assert wrong == len([p for p in bad if field_family(p).endswith("amount")])
    counts = store.correction_counts()
    assert sum(c.corrected for c in counts.values()) == wrong
