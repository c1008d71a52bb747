"""``--db postgresql://...``: the ledger and the review rows go to PostgreSQL (runs when
SEC16_TEST_PG_URL is set; CI sets it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extract.batch.local import run_batch
from extract.batch.synth import make_archive

PG_ENV = "SEC16_TEST_PG_URL"


def _database(url: str) -> str:
    """A database of its own (per pytest-xdist worker), emptied first."""
    from sqlalchemy import create_engine, text

    from extract.review.store import db_url

    base, _, name = url.rpartition("/")
    database = f"{name}_batch_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    engine = create_engine(db_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    engine.dispose()
    return f"{base}/{database}"


def test_ledger_and_review_rows_in_postgresql(tmp_path: Path) -> None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI must set {PG_ENV}")
        pytest.skip(f"runs when {PG_ENV} is set (CI sets it)")
    from sqlalchemy import create_engine, text

    from extract.review.store import db_url

    db = _database(url)
    archive = make_archive(tmp_path / "in", filings=6, scans=0, binders=1, bad=False, seed=3)
    first = run_batch(archive.inputs, tmp_path / "out", db=db, workers=2)
    assert first.filings == archive.filings
    again = run_batch(archive.inputs, tmp_path / "out", db=db)
    assert (again.converted, again.skipped) == (0, archive.documents)
    assert not (tmp_path / "out" / "sec16.sqlite").exists()
    engine = create_engine(db_url(db))
    with engine.connect() as conn:
        filings = conn.execute(text("SELECT count(DISTINCT key) FROM batch_filings")).scalar()
        reviewed = conn.execute(text("SELECT count(*) FROM documents")).scalar()
    engine.dispose()
    assert filings == archive.filings and reviewed == archive.filings
