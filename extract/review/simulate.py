"""Simulated extraction noise, for tests and the calibration benchmark (clearly not OCR).

``perturb_filing`` corrupts a seeded share of a filing's leaves (a digit changed, a date
moved, another code, a flipped box, a letter swapped; with ``drop_share``, a leaf dropped) and gives every leaf a simulated
confidence: clean leaves mostly near 1, corrupted ones spread lower, with a settable share
of confident errors. Until the OCR reader exists (issue 4) this stands in for scan noise so
the routing and calibration machinery can be measured end to end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from extract.ir.filing import Filing
from extract.ir.schema import iter_leaves
from extract.review.corrections import set_leaf

__all__ = ["NoiseModel", "corrupt_value", "perturb_filing"]


@dataclass(frozen=True, slots=True)
class NoiseModel:
    """``error_rate`` of leaves corrupted; confidences drawn from Beta distributions."""

    error_rate: float = 0.03
    confident_error_share: float = 0.05
    """Corrupted leaves that keep a high confidence (the ones no threshold catches)."""
    error_confidence_cap: float = 1.0
    """Corrupted leaves never get a confidence above this (a test sets it under the
    threshold so that every error is queued)."""
    keep_confidence: bool = False
    """Leave clean leaves' confidence as extracted instead of drawing a simulated one."""
    drop_share: float = 0.0
    """Corrupted leaves that are dropped instead of changed (a cell OCR did not read):
    only the ``missing`` route can find them."""


def corrupt_value(value: Any, rng: random.Random) -> Any:
    """A plausible wrong value of the same type (never equal to ``value``)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, Enum):
        others = [m for m in type(value) if m is not value]
        return rng.choice(others) if others else value
    if isinstance(value, Decimal):
        return value + Decimal(rng.choice([1, 9, 10, 100, -1]) or 1) if value > 1 else value + 1
    if isinstance(value, date):
        return value + timedelta(days=rng.choice([1, -1, 10, 30]))
    if isinstance(value, str):
        if not value:
            return "X"
        i = rng.randrange(len(value))
        ch = value[i]
        swap = {"O": "0", "0": "O", "I": "1", "1": "l", "S": "5", "5": "S", "E": "F", "B": "8"}
        new = swap.get(ch.upper(), "X" if ch != "X" else "Y")
        return value[:i] + new + value[i + 1:]
    return value


def perturb_filing(
    filing: Filing, seed: int, noise: NoiseModel | None = None
) -> tuple[Filing, set[str]]:
    """A copy of ``filing`` with noise applied; returns it and the paths that were corrupted."""
    model = noise or NoiseModel()
    rng = random.Random(seed)
    corrupted: set[str] = set()
    out = filing
    for leaf in list(iter_leaves(filing)):
        x = leaf.extracted
        if x.value is None:
            continue
        if rng.random() < model.error_rate:
            corrupted.add(leaf.path)
            if model.drop_share and rng.random() < model.drop_share:
                out = set_leaf(out, leaf.path, None)
                continue
            if rng.random() < model.confident_error_share:
                confidence = 0.9 + 0.1 * rng.random()
            else:
                confidence = rng.betavariate(3, 3)
            confidence = min(confidence, model.error_confidence_cap)
            new = x.model_copy(update={"value": corrupt_value(x.value, rng),
                                       "confidence": round(confidence, 4)})
        elif model.keep_confidence:
            continue
        else:
            new = x.model_copy(update={"confidence": round(1 - rng.betavariate(1, 30), 4)})
        out = set_leaf(out, leaf.path, new)
    return out, corrupted
