"""A footnote a scanned filing's fields refer to but OCR did not yield keeps its place."""

from __future__ import annotations

from pathlib import Path

from extract.ir.schema import iter_missing
from extract.readers.scan import _referenced_footnotes
from extract.readers.xml import read_ownership_xml


def test_a_referenced_footnote_ocr_lost_is_placed_and_queued(dev_xml_paths: list[Path]) -> None:
    path = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    filing = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    ids = [f.id for f in filing.footnotes]
    assert len(ids) >= 3
    lost = filing.model_copy(update={"footnotes": [f for f in filing.footnotes if f.id != ids[1]]})
    placed = _referenced_footnotes(lost)
    assert [f.id for f in placed.footnotes] == ids  # the later ones keep their positions
    assert not placed.footnotes[1].text.present
    assert "footnotes/footnote[2]" in list(iter_missing(placed))
    # nothing lost: nothing added
    assert _referenced_footnotes(filing).footnotes == filing.footnotes


def test_with_no_footnote_read_the_ids_referred_to_are_placed(dev_xml_paths: list[Path]) -> None:
    path = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    filing = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    none = _referenced_footnotes(filing.model_copy(update={"footnotes": []}))
    assert [f.id for f in none.footnotes] == [f.id for f in filing.footnotes]
    assert not any(f.text.present for f in none.footnotes)
