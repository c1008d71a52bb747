"""Fixtures of the batch tests: generated archives (deterministic, made once per session)."""

from __future__ import annotations

import shutil

import pytest

from extract.batch.synth import Archive, make_archive

HAS_TESSERACT = shutil.which("tesseract") is not None
needs_tesseract = pytest.mark.skipif(
    not HAS_TESSERACT, reason="scans are OCR'd: needs tesseract (CI installs it)")


@pytest.fixture(scope="session")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """About 30 filings: mixed kinds, two one-page scans, a binder (3 filings + a POA page)
    and the dozen bad files."""
    return make_archive(tmp_path_factory.mktemp("archive"), filings=14, scans=2, binders=1,
                        bad=True, seed=11, scan_dpi=200)
