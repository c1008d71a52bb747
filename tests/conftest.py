"""Shared fixtures: where the project and the shared corpus are."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def _require_shared() -> None:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{CORPUS} is missing: CI must run with ../shared beside the project")
        pytest.skip(f"needs the shared corpus at {CORPUS}, which is absent here")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    _require_shared()
    return SHARED


@pytest.fixture(scope="session")
def dev_index() -> list[dict[str, str]]:
    """Rows of ``../shared/corpus/index.csv`` in the dev split (never holdout)."""
    _require_shared()
    with open(CORPUS / "index.csv", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["split"] == "dev"]


@pytest.fixture(scope="session")
def dev_xml_paths(dev_index: list[dict[str, str]]) -> list[Path]:
    return [CORPUS / r["path"] for r in dev_index if r["kind"] == "ownership-xml"]
