"""Regressions found while building issue 3 (the layout engine)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.pipeline import extract_bytes
from extract.readers.xml import read_ownership_xml

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.mark.engine
@pytest.mark.skipif(shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists(),
                    reason="needs Debian's chromium to print the page (CI installs it)")
def test_officer_title_wrapped_beside_the_joint_filing_box() -> None:
    """Wrong answer prevented: officerTitle 'Chief Financial' for 'Chief Financial Officer'.
    The title's third line sat level with 'Form filed by One Reporting Person' in the next
    box; fuzzy anchor matching stitched 'Officer ... Reporting Person' into a second
    relationship anchor and cut the box above the last line."""
    from extract.render.pdf import render_pdf

    truth = read_ownership_xml((CORPUS / "truth" / "synthetic-05-form3.xml").read_bytes()).filing
    result = extract_bytes(render_pdf(truth), path="form3.pdf")
    assert result.filing is not None
    title = result.filing.reporting_owners[0].reporting_owner_relationship.officer_title
    assert title is not None and title.value == "Chief Financial Officer"
