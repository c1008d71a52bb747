"""Review-store fixtures: a store per database backend, noisy synthetic results."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from extract.ir.filing import Filing
from extract.ir.result import MediaKind, Result, SourceMeta, Status
from extract.review.simulate import NoiseModel, perturb_filing
from extract.review.store import ReviewStore
from extract.synth.generate import synthetic_filing

PG_ENV = "SEC16_TEST_PG_URL"


class Clock:
    """A settable clock for lease expiry."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    from extract.review.store import db_url

    engine = create_engine(db_url(url))
    with engine.begin() as conn:
        for table in ("corrections", "review_items", "fields", "documents", "review_settings",
                      "schema_migrations"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
        conn.execute(text("DROP FUNCTION IF EXISTS sec16_corrections_append_only() CASCADE"))
    engine.dispose()


def _worker_url(url: str) -> str:
    """One database per pytest-xdist worker, so parallel workers never share tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine, text

    from extract.review.store import db_url

    base, _, name = url.rpartition("/")
    database = f"{name}_{worker}"
    engine = create_engine(db_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                             {"name": database}).scalar()
        if not found:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
    engine.dispose()
    return f"{base}/{database}"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "review.sqlite")
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL store tests run when {PG_ENV} is set (CI sets it)")
    url = _worker_url(url)
    _reset_pg(url)
    return url


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(backend_url: str, clock: Clock) -> Iterator[ReviewStore]:
    s = ReviewStore(backend_url, clock=clock)
    yield s
    s.close()


def make_result(filing: Filing, name: str, kind: MediaKind = MediaKind.TEXT_RENDERING) -> Result:
    sha = hashlib.sha256(name.encode()).hexdigest()
    return Result(source=SourceMeta(path=name, sha256=sha, media_type="text/plain", kind=kind),
                  status=Status.SUCCESS, filing=filing)


NOISE = NoiseModel(error_rate=0.15, confident_error_share=0.0, error_confidence_cap=0.85,
                   keep_confidence=True)


@pytest.fixture
def noisy() -> Callable[[int], tuple[Result, Filing, set[str]]]:
    """``noisy(seed)`` -> (result with perturbed low-confidence leaves, truth, bad paths)."""

    def build(seed: int) -> tuple[Result, Filing, set[str]]:
        truth = synthetic_filing(seed)
        pred, bad = perturb_filing(truth, seed, NOISE)
        return make_result(pred, f"synthetic-{seed}.txt"), truth, bad

    return build
