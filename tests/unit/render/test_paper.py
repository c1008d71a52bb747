"""Paper-form PDF renderer read back through the layout engine (every 10th dev filing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.eval.score import Evaluation, printed_only, score_filing
from extract.readers.pdf import read_pdf
from extract.readers.xml import read_ownership_xml
from extract.render.paper import render_paper


def _filing(path: Path):
    return read_ownership_xml(path.read_bytes(), path=str(path)).filing


def test_paper_round_trip_on_dev_sample(dev_xml_paths: list[Path]) -> None:
    ev = Evaluation()
    for path in dev_xml_paths[::10]:
        truth = _filing(path)
        out = read_pdf(render_paper(truth), path=str(path))
        ev.add(score_filing(out.filing, truth, keep=printed_only, name=str(path)))
    assert ev.micro.f1 >= 0.995, ev.to_dict()["mismatches"][:10]
    assert ev.exact_share >= 0.95


def test_paper_is_multi_page_for_many_rows(dev_xml_paths: list[Path]) -> None:
    biggest = max(dev_xml_paths, key=lambda p: p.stat().st_size)
    truth = _filing(biggest)
    data = render_paper(truth)
    assert data.startswith(b"%PDF-")
    out = read_pdf(data, path=str(biggest))
    score = score_filing(out.filing, truth, keep=printed_only)
    assert score.total.f1 >= 0.99, score.mismatches[:10]


@pytest.mark.parametrize("form", ["3", "5"])
def test_forms_3_and_5(dev_index: list[dict[str, str]], form: str) -> None:
    root = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
    rows = [r for r in dev_index if r["kind"] == "ownership-xml" and r["documentType"] == form]
    assert rows
    ev = Evaluation()
    for row in rows[:6]:
        truth = _filing(root / row["path"])
        out = read_pdf(render_paper(truth), path=row["path"])
        assert out.filing is not None
        ev.add(score_filing(out.filing, truth, keep=printed_only))
    assert ev.micro.f1 >= 0.99, ev.to_dict()["mismatches"][:10]


def test_august_2002_paper_revision_is_its_own_layout(dev_index: list[dict[str, str]]) -> None:
    root = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
    rows = [r for r in dev_index if r["kind"] == "ownership-xml" and r["documentType"] == "4"]
    ev = Evaluation()
    for row in rows[::40]:
        truth = _filing(root / row["path"])
        out = read_pdf(render_paper(truth, revision="2002"), path=row["path"])
        assert "layout form4-2002" in out.warnings[0].message
        ev.add(score_filing(out.filing, truth, keep=printed_only))
    assert ev.micro.f1 >= 0.99, ev.to_dict()["mismatches"][:10]


def _streets(filing) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    address = filing.reporting_owners[0].reporting_owner_address

    def text(cell) -> str | None:  # type: ignore[no-untyped-def]
        return cell.value if cell is not None and cell.value else None

    return ((text(address.rpt_owner_street1), text(address.rpt_owner_street2))
            if address is not None else (None, None))


def test_one_street_line_goes_where_it_sits(dev_xml_paths: list[Path]) -> None:
    """Box 1 with street 1 blank and street 2 printed (the one such dev filing) keeps it as
    street 2; a single street 1 stays street 1."""
    blank_first = [p for p in dev_xml_paths
                   if _streets(_filing(p))[0] is None and _streets(_filing(p))[1]]
    assert blank_first, "the dev split has a filing with only street 2"
    for path in blank_first[:1] + [p for p in dev_xml_paths if p not in blank_first][:3]:
        truth = _filing(path)
        out = read_pdf(render_paper(truth), path=str(path))
        assert _streets(out.filing) == _streets(truth), path
