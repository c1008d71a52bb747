"""Regressions found while building issue 2 (foundation readers and validation)."""

from __future__ import annotations

from extract.pipeline import extract_bytes
from extract.render import render_bytes
from extract.synth.generate import synthetic_filing


def test_footnote_only_exercise_date_is_not_an_unreal_date() -> None:
    """Wrong answer prevented: an exercise date printed only as a footnote marker
    (``<sup>(3)</sup>``) was flagged V105 "'(3)' is not a real date" and the filing PARTIAL."""
    filing = synthetic_filing(16 * 100_003 + 1)  # a Form 5 whose option vests per footnote
    table = filing.derivative_table
    assert table is not None
    rows = list(table.transactions) + list(table.holdings)
    assert any(r.exercise_date is not None and r.exercise_date.value is None
               and r.exercise_date.footnote_ids for r in rows)
    for style in ("text", "html"):
        result = extract_bytes(render_bytes(filing, style), path=f"x.{style}")
        assert [e.code for e in result.errors if e.code == "V105"] == []
        assert result.status.value == "success"
