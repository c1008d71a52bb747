"""Fixtures for the POA tests: the hand-written dev truth and the seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

TRUTH = Path(__file__).resolve().parents[2] / "data" / "poa_dev_truth.json"


@pytest.fixture(scope="session")
def poa_truth() -> list[dict[str, Any]]:
    return json.loads(TRUTH.read_text(encoding="utf-8"))["exhibits"]
