"""Confidence calibration: monotone maps, conservative blocks, round trip, validation factor."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.ir.schema import iter_leaves
from extract.ocr.confidence import Calibration, _wilson_low, fit, unknown_words


def test_map_is_monotone_and_conservative() -> None:
    rng = random.Random(7)
    obs = []
    for _ in range(4000):
        raw = rng.random()
        obs.append(("table1-amount", raw, rng.random() < raw ** 0.5))
    cal = fit(obs)
    grid = [i / 100 for i in range(101)]
    values = [cal("table1-amount", g) for g in grid]
    assert values == sorted(values)
    # conservative: the share right above a raw score is at least the calibrated value there
    for cut in (0.3, 0.6, 0.9):
        above = [right for _f, raw, right in obs if raw >= cut]
        assert sum(above) / len(above) >= cal("table1-amount", cut) - 0.02


def test_a_map_never_raises_a_raw_score() -> None:
    """Fields right far more often than their raw score says keep their raw score: a map
    fitted on some filings does not carry its optimism over to others."""
    obs = [("code", r / 100, True) for r in range(100) for _ in range(5)]
    cal = fit(obs)
    assert cal.maps["code"][-1][1] > 0.9  # the fitted map itself would raise them
    assert [cal("code", r / 100) for r in range(100)] == [r / 100 for r in range(100)]
    assert cal("code", 0.95) == 0.95 and cal("code", 0.5) == 0.5


def test_small_family_falls_back_to_the_shared_map() -> None:
    obs = [("code", 0.9, True)] * 10 + [("text", r / 100, r > 50) for r in range(100)]
    cal = fit(obs, min_family=60)
    assert "code" not in cal.maps and "*" in cal.maps
    assert cal("code", 0.95) == cal("*", 0.95)


def test_json_round_trip() -> None:
    cal = fit([("header", r / 50, r > 10) for r in range(50)] * 3, min_family=10)
    again = Calibration.from_json(cal.to_json())
    assert again.maps == cal.maps


@given(st.integers(0, 200), st.integers(1, 200))
def test_wilson_lower_bound_is_below_the_share(right: int, total: int) -> None:
    right = min(right, total)
    assert 0.0 <= _wilson_low(right, total) <= right / total + 1e-9


def test_validation_flag_lowers_the_raw_score(shared_dir) -> None:  # type: ignore[no-untyped-def]
    from extract.ir.result import StageError
    from extract.ocr.confidence import VALIDATION_FACTOR, apply_checks
    from extract.readers.xml import read_ownership_xml
    from extract.review.corrections import get_leaf

    xml = shared_dir / "seed" / "form4-immunogen-2008.expected.xml"
    filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
    path = "nonDerivativeTable/nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value"
    before = get_leaf(filing, path)
    assert before is not None
    flagged = apply_checks(filing, [StageError(stage="validate", code="V103", message="x",
                                               path=path, severity="error")])
    after = get_leaf(flagged, path)
    assert after is not None
    assert after.confidence == round(before.confidence * VALIDATION_FACTOR, 4)


def test_a_poor_scan_lowers_every_raw_score() -> None:
    from extract.ir.document import Document, Page, Word
    from extract.ir.values import Source
    from extract.readers.scan import page_quality

    def doc(confs: list[float]) -> Document:
        words = tuple(Word("x", "x", (i, 0.0, i + 1.0, 1.0), 1, c, Source.OCR)
                      for i, c in enumerate(confs))
        return Document((Page(1, 612.0, 792.0, words),), Source.OCR, "scan")

    assert page_quality(doc([0.96] * 9 + [0.6])) == 1.0  # a clean page: mean ~0.92
    poor = page_quality(doc([0.8] * 5 + [0.4] * 5))  # mean 0.6
    assert 0.4 < poor < 0.5
    wider = fit([("code", r / 10, True) for r in range(11)] * 10, z=3.29)
    narrow = fit([("code", r / 10, True) for r in range(11)] * 10)
    assert wider("code", 1.0) <= narrow("code", 1.0)
    assert wider.meta["z"] == 3.29


def test_apply_quality_scales_every_leaf(shared_dir) -> None:  # type: ignore[no-untyped-def]
    from extract.ir.schema import iter_leaves
    from extract.ocr.confidence import apply_quality
    from extract.readers.xml import read_ownership_xml

    xml = shared_dir / "seed" / "form4-immunogen-2008.expected.xml"
    filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
    before = {leaf.path: float(leaf.extracted.confidence) for leaf in iter_leaves(filing)}
    after = {leaf.path: float(leaf.extracted.confidence)
             for leaf in iter_leaves(apply_quality(filing, 0.5))}
    assert before and before.keys() == after.keys()
    assert all(abs(after[p] - round(before[p] * 0.5, 4)) < 1e-9 for p in before)
    assert apply_quality(filing, 1.0) is filing


def test_non_words_in_free_text_lower_its_raw_score(dev_xml_paths) -> None:
    from extract.ocr.confidence import LEXICON_FACTOR, apply_lexicon, unknown_words
    from extract.readers.xml import read_ownership_xml
    from extract.review.corrections import get_leaf, set_leaf

    assert unknown_words("Sequola Capitat U.S. Growth Fund") == ["Sequola", "Capitat"]
    assert unknown_words("Sequoia Capital U.S. Growth Fund VI, L.P.") == []
    assert unknown_words("pro-iated retainer") == ["iated"]
    path = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    filing = read_ownership_xml(path.read_bytes(), path=str(path)).filing
    title = "nonDerivativeTable/nonDerivativeTransaction[1]/securityTitle/value"
    leaf = get_leaf(filing, title)
    assert leaf is not None
    damaged = set_leaf(filing, title, leaf.model_copy(update={"value": "Comnon Stock",
                                                                "confidence": 0.9}))
    scored = apply_lexicon(damaged)
    assert get_leaf(scored, title).confidence == round(0.9 * LEXICON_FACTOR, 4)
    clean = apply_lexicon(set_leaf(filing, title, leaf.model_copy(update={"confidence": 0.9})))
    assert get_leaf(clean, title).confidence == 0.9


def _lexicon_score(dev_xml_paths, path: str, value: str) -> float:  # type: ignore[no-untyped-def]
    """The raw score ``apply_lexicon`` leaves on field ``path`` of a dev filing holding
    ``value`` at 0.9."""
    from extract.ocr.confidence import apply_lexicon
    from extract.readers.xml import read_ownership_xml
    from extract.review.corrections import get_leaf, set_leaf

    xml = next(p for p in dev_xml_paths if "arrowhead_footnotes" in str(p))
    filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
    leaf = get_leaf(filing, path)
    assert leaf is not None
    changed = set_leaf(filing, path, leaf.model_copy(update={"value": value, "confidence": 0.9}))
    return float(get_leaf(apply_lexicon(changed), path).confidence)


def test_a_company_name_without_its_final_stop_is_doubted(dev_xml_paths) -> None:
    from extract.ocr.confidence import LEXICON_FACTOR

    def scored(value: str) -> float:
        return _lexicon_score(dev_xml_paths, "issuer/issuerName", value)

    assert scored("MongoDB, Inc") == round(0.9 * LEXICON_FACTOR, 4)
    assert scored("MongoDB, Inc.") == 0.9
    assert scored("MONGODB INC") == 0.9  # capitals: conformed names are written without
    assert scored("Sequoia Capital Fund, L.P") == round(0.9 * LEXICON_FACTOR, 4)
    assert scored("Sequoia Capital Fund, L.P.") == 0.9


def test_a_stop_inside_a_sentence_is_doubted(dev_xml_paths) -> None:
    from extract.ocr.confidence import LEXICON_FACTOR

    def scored(value: str) -> float:
        return _lexicon_score(dev_xml_paths, "footnotes/footnote[1]", value)

    assert scored("See Exhibit. 24 for the power.") == round(0.9 * LEXICON_FACTOR, 4)
    assert scored("Sold in multiple. trades.") == round(0.9 * LEXICON_FACTOR, 4)
    assert scored("Held by Acme Holdings, Ltd. and its funds.") == 0.9
    assert scored("See Exhibit 24 for the power.") == 0.9


@pytest.mark.parametrize("slip", [
    "Vested in full qn the date of grant.", "Exercisable on that date..",
    "Granted on April 26,.2018, under the plan.", "Held by Acme Management., LLC.",
    "These shares are held Of record by the trust.",
])
def test_a_speck_in_a_notes_running_text_is_doubted(dev_xml_paths, slip: str) -> None:
    from extract.ocr.confidence import LEXICON_FACTOR

    assert _lexicon_score(dev_xml_paths, "footnotes/footnote[1]", slip) == round(
        0.9 * LEXICON_FACTOR, 4)


@pytest.mark.parametrize("printed", [
    "Held by Acme Holdings, Inc., or its affiliates.", "Vesting on (i) the date or (ii) the",
    "See the Remarks... and Exhibit 24.", "Held by Acme Capital IV, L.P., which is",
])
def test_what_notes_print_is_not_doubted_as_a_slip(dev_xml_paths, printed: str) -> None:
    assert _lexicon_score(dev_xml_paths, "footnotes/footnote[1]", printed) == 0.9


def test_no_dev_note_or_remark_reads_as_a_slip(dev_xml_paths) -> None:
    """The slips are marks no filer typed: none of the dev XML's notes and remarks has one."""
    from extract.ocr.confidence import prose_slips
    from extract.readers.xml import read_ownership_xml

    texts = [str(leaf.extracted.value) for xml in dev_xml_paths
             for leaf in iter_leaves(read_ownership_xml(xml.read_bytes(), path=str(xml)).filing)
             if leaf.path.startswith(("footnotes/", "remarks")) and leaf.extracted.present]
    assert len(texts) > 1000
    assert [t for t in texts if prose_slips(t)] == []


def test_a_nature_of_ownership_citing_no_footnote_is_doubted(dev_xml_paths) -> None:
    """Nine in ten natures cite a footnote: one read without any has likely lost its marker."""
    from extract.ocr.confidence import UNMARKED_FACTOR, apply_lexicon
    from extract.readers.xml import read_ownership_xml
    from extract.review.corrections import get_leaf, set_leaf

    for xml in dev_xml_paths:
        filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
        nature = next((leaf for leaf in iter_leaves(filing)
                       if leaf.path.endswith("natureOfOwnership/value")
                       and leaf.extracted.footnote_ids
                       and not unknown_words(str(leaf.extracted.value))), None)
        if nature is not None:
            break
    assert nature is not None
    path, leaf = nature.path, nature.extracted
    cited = set_leaf(filing, path, leaf.model_copy(update={"confidence": 0.9}))
    assert get_leaf(apply_lexicon(cited), path).confidence == 0.9
    bare = set_leaf(filing, path, leaf.model_copy(update={"confidence": 0.9, "footnote_ids": ()}))
    assert get_leaf(apply_lexicon(bare), path).confidence == round(0.9 * UNMARKED_FACTOR, 4)
    # a filing without footnotes has nothing to cite
    alone = bare.model_copy(update={"footnotes": []})
    assert get_leaf(apply_lexicon(alone), path).confidence == 0.9


def test_an_officer_box_ticked_without_a_title_is_doubted(dev_xml_paths) -> None:
    """The form asks an officer for a title: a tick with none beside it is likely a speck or
    a neighbour's X read into the box."""
    from extract.ocr.confidence import UNTITLED_FACTOR, apply_lexicon
    from extract.readers.xml import read_ownership_xml
    from extract.review.corrections import get_leaf, set_leaf

    box = "reportingOwner[1]/reportingOwnerRelationship/isOfficer"
    title = "reportingOwner[1]/reportingOwnerRelationship/officerTitle"
    for xml in dev_xml_paths:
        filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
        ticked = get_leaf(filing, box)
        if ticked is not None and ticked.value is True:
            break
    assert ticked is not None and ticked.value is True
    named = get_leaf(filing, title)
    assert named is not None and str(named.value).strip()
    sure = set_leaf(filing, box, ticked.model_copy(update={"confidence": 0.9}))
    assert get_leaf(apply_lexicon(sure), box).confidence == 0.9
    blank = set_leaf(sure, title, named.model_copy(update={"value": None, "raw": ""}))
    assert get_leaf(apply_lexicon(blank), box).confidence == round(0.9 * UNTITLED_FACTOR, 4)
    # a box left empty is no claim to doubt
    untick = set_leaf(blank, box, ticked.model_copy(update={"value": False, "confidence": 0.9}))
    assert get_leaf(apply_lexicon(untick), box).confidence == 0.9


def test_a_marker_one_digit_off_a_note_nothing_cites_is_doubted(dev_xml_paths) -> None:
    """Every note of a dev filing is cited somewhere: when one is cited nowhere, the markers
    one digit off it ("F1" for "F11", "F3" for "F5") are the likely misreadings."""
    from extract.ocr.confidence import MISREAD_MARK_FACTOR, _one_digit_off, apply_citations
    from extract.readers.xml import read_ownership_xml
    from extract.review.corrections import get_leaf, set_leaf

    assert _one_digit_off("F1", "F11") and _one_digit_off("F2", "F25")
    assert _one_digit_off("F3", "F5") and _one_digit_off("F3", "F35")
    assert not _one_digit_off("F3", "F46") and not _one_digit_off("F3", "F124")
    assert not _one_digit_off("F2", "F3")  # not look-alikes
    assert not _one_digit_off("F12", "F1") and not _one_digit_off("F3", "F3")
    for xml in dev_xml_paths:  # a filing as printed: nothing doubted
        filing = read_ownership_xml(xml.read_bytes(), path=str(xml)).filing
        assert apply_citations(filing) == filing, xml
        cites = [leaf for leaf in iter_leaves(filing) if leaf.extracted.footnote_ids == ("F2",)]
        if len(filing.footnotes) >= 3 and cites:
            break
    leaf = cites[0]
    # the one field citing F3 reads F5 instead: F3 is cited nowhere, F5 is one digit off it
    readers = [x for x in iter_leaves(filing) if "F3" in x.extracted.footnote_ids]
    misread = filing
    for other in readers:
        misread = set_leaf(misread, other.path, other.extracted.model_copy(
            update={"footnote_ids": tuple("F5" if i == "F3" else i
                                          for i in other.extracted.footnote_ids),
                    "confidence": 0.9}))
    misread = set_leaf(misread, leaf.path, leaf.extracted.model_copy(update={"confidence": 0.9}))
    doubted = apply_citations(misread)
    for other in readers:
        assert get_leaf(doubted, other.path).confidence == round(0.9 * MISREAD_MARK_FACTOR, 4)
    assert get_leaf(doubted, leaf.path).confidence == 0.9  # F2 and F3 are no look-alikes
