"""Lattice and stream strategies key the same columns on a page, and score them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extract.eval.score import Evaluation, printed_only, score_filing
from extract.fields.build import build_filing
from extract.ir.document import Document
from extract.layout.detect import detect
from extract.layout.to_grid import STRATEGIES, best_plan, table_plans, to_grid
from extract.readers.pdf import pdf_document
from extract.readers.xml import read_ownership_xml
from extract.render.paper import render_paper
from extract.tables.base import analyse_header
from extract.tables.stream import _cut


@pytest.fixture(scope="module")
def paper_doc(dev_xml_paths: list[Path]) -> tuple[Document, object]:
    path = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    truth = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    return pdf_document(render_paper(truth)), truth


def test_both_strategies_find_the_printed_columns(paper_doc) -> None:
    doc, _truth = paper_doc
    det = detect(doc)
    (page_no, label, plan), *_ = table_plans(doc, det)
    assert (page_no, label) == (1, "I") and plan.strategy == "tables.lattice.v1"
    assert plan.confidence == 1.0
    keys = [b.key for b in plan.bands]
    assert keys == ["1", "2", "2A", "3.code", "3.v", "4.amount", "4.ad", "4.price", "5", "6", "7"]
    page = doc.pages[0]
    hit = det.ordered("table1")[0]
    region = (page.words[0].x0 * 0, hit.bottom, page.width, det.ordered("table2")[0].top)
    header = analyse_header(det.layout, "I", page, region, [])
    stream = STRATEGIES["tables.stream.v1"].plan(page, region, det.layout, "I", header, [])
    assert [b.key for b in stream.bands] == keys
    lattice = {b.key: b for b in plan.bands}
    for band in stream.bands:  # stream columns overlap the ruled ones
        ruled = lattice[band.key]
        assert min(band.x1, ruled.x1) - max(band.x0, ruled.x0) > 0.5 * (ruled.x1 - ruled.x0)


def test_stream_alone_reads_a_page_without_rules(paper_doc) -> None:
    doc, truth = paper_doc
    bare = Document(tuple(replace(p, lines=()) for p in doc.pages), doc.source, doc.path,
                    doc.family)
    grid, _notes = to_grid(bare, detect(bare))
    filing, _errors = build_filing(grid)
    ev = Evaluation()
    ev.add(score_filing(filing, truth, keep=printed_only))
    assert ev.micro.f1 >= 0.98, ev.to_dict()["mismatches"]
    assert best_plan(bare.pages[0], (0, 0, bare.pages[0].width, bare.pages[0].height),
                     detect(bare).layout, "I") is not None


def test_cut_prefers_the_widest_blank_stretch() -> None:
    assert _cut(0, 10, []) == 5
    assert _cut(0, 30, [(2, 4)]) == 17  # blank 4..30
    assert _cut(0, 10, [(0, 10)]) == 5  # covered: midpoint


def test_numbers_agree_tolerates_one_stray_digit() -> None:
    from extract.ir.document import Word as W
    from extract.tables.base import HeaderInfo, _numbers_agree

    keys = ["1", "2", "3", "4", "5", "6"]
    intervals = [(i * 50.0, i * 50.0 + 50) for i in range(6)]

    def number(k: str, x: float) -> W:
        return W(f"{k}.", f"{k}.", (x, 0, x + 5, 5), 1)

    right = {k: number(k, i * 50.0 + 2) for i, k in enumerate(keys)}
    assert _numbers_agree(intervals, HeaderInfo(right, {}, 10.0), keys, 5.0)
    stray = dict(right, **{"5": number("5", 160.0)})  # a "5" read inside column 4
    assert _numbers_agree(intervals, HeaderInfo(stray, {}, 10.0), keys, 5.0)
    two = dict(stray, **{"2": number("2", 10.0)})
    assert not _numbers_agree(intervals, HeaderInfo(two, {}, 10.0), keys, 5.0)


def test_double_frame_rules_are_one_cut() -> None:
    from extract.ir.document import Line
    from extract.tables.lattice import vertical_cuts

    rules = [Line((x, 0.0, x + 0.5, 100.0), 1) for x in (10.0, 60.0, 110.0, 114.0)]
    assert vertical_cuts(rules, 0, 120, 10, 90, 5.0) == [10.25, 60.25, 110.25]


def test_labels_stand_in_for_column_numbers_ocr_lost(paper_doc) -> None:
    """A faded header whose printed numbers ("1.", "2A.") did not read: the columns are still
    keyed, each number placed at its label's first words, in the printed order."""
    from extract.tables.base import NUMBER

    doc, _truth = paper_doc
    det = detect(doc)
    hit = det.ordered("table1")[0]
    bottom = det.ordered("table2")[0].top
    page = doc.pages[0]
    numbers = [w for w in page.words if hit.bottom <= w.top < bottom and NUMBER.match(w.text)]
    assert len(numbers) >= 6  # the rendering prints them; the test removes them
    blind = replace(page, words=tuple(w for w in page.words if w not in numbers))
    region = (0.0, hit.bottom, page.width, bottom)
    header = analyse_header(det.layout, "I", blind, region, [])
    assert {"1", "2", "2A", "4", "5", "6", "7"} <= set(header.parents)
    xs = [header.parents[k].x0 for k in ("1", "2", "2A", "4", "5", "6", "7")]
    assert xs == sorted(xs)
    plan = best_plan(blind, region, det.layout, "I")
    assert plan is not None
    assert [b.key for b in plan.bands] == ["1", "2", "2A", "3.code", "3.v", "4.amount", "4.ad",
                                           "4.price", "5", "6", "7"]


def test_a_misread_column_number_does_not_take_the_real_ones_key(paper_doc) -> None:
    """OCR reads the faded "1." of "1. Title of Security" as "4.": the left-edge "4." comes
    first on the line, but numbers run left to right, so column 4 stays the real "4." and
    the columns are keyed as printed."""
    from extract.tables.base import NUMBER

    doc, _truth = paper_doc
    det = detect(doc)
    hit = det.ordered("table1")[0]
    bottom = det.ordered("table2")[0].top
    page = doc.pages[0]
    one = next(w for w in page.words if hit.bottom <= w.top < bottom and w.text == "1.")
    real = next(w for w in page.words if hit.bottom <= w.top < bottom and NUMBER.match(w.text)
                and w.text.startswith("4."))
    misread = replace(one, text="4.", orig="4.")
    blurred = replace(page, words=tuple(misread if w is one else w for w in page.words))
    region = (0.0, hit.bottom, page.width, bottom)
    header = analyse_header(det.layout, "I", blurred, region, [])
    assert header.parents["4"].x0 == real.x0
    assert header.parents["4"].x0 > header.parents["2"].x0
    plan = best_plan(blurred, region, det.layout, "I")
    assert plan is not None
    keys = [b.key for b in plan.bands]
    assert keys == ["1", "2", "2A", "3.code", "3.v", "4.amount", "4.ad", "4.price", "5", "6", "7"]
    title = next(b for b in plan.bands if b.key == "1")
    assert title.x0 <= misread.x0 < title.x1


def test_labels_alone_need_three_to_agree() -> None:
    from extract.ir.document import Word as W
    from extract.layout.anchors import group_lines
    from extract.tables.base import _labels_for_numbers

    wording = {"1": ["Title of Security (Instr. 3)"], "2": ["Transaction Date (Month/Day/Year)"],
               "7": ["Nature of Indirect Beneficial Ownership (Instr. 4)"]}
    words = [W("Title", "Title", (10, 0, 20, 5), 1), W("of", "of", (22, 0, 26, 5), 1)]
    parents: dict[str, W] = {}
    assert _labels_for_numbers(wording, group_lines(words), parents, ["1", "2", "7"]) == 0.0
    assert parents == {}  # one label alone is no header
