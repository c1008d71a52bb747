"""Superscript marker repair: which words are suspect, and the split of a glued marker."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extract.ir.document import Word
from extract.ir.values import Source
from extract.ocr import markers
from extract.ocr.engine import OcrSettings


def _word(text: str, box: tuple[float, float, float, float]) -> Word:
    return Word(text, text, box, 1, 0.9, Source.OCR)


def test_glued_marker_split_and_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    image = np.full((300, 600), 255, np.uint8)
    image[110:150, 100:200] = 0  # the number: full height, down to the baseline
    image[100:118, 210:230] = 0  # the raised small marker
    monkeypatch.setattr(markers, "read_markers",
                        lambda crops, cfg, work: ["1" if c.size else None for c in crops])
    word = _word("3,090\")", (100 * 0.24, 100 * 0.24, 230 * 0.24, 150 * 0.24))
    out = markers.repair_markers([word, _word("Common", (0, 0, 10, 10))], image, dpi=300,
                                 cfg=OcrSettings())
    assert [w.text for w in out] == ["3,090", "(1)", "Common"]
    assert out[0].x1 <= out[1].x0 + 0.01


def test_clean_words_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(crops: list[np.ndarray], cfg: OcrSettings, work: Path) -> list[str | None]:
        raise AssertionError("no re-read expected")

    monkeypatch.setattr(markers, "read_markers", fail)
    words = [_word(t, (0, 0, 10, 10)) for t in ("40,510", "(3)", "$66.70", "D", "12/19/2025")]
    image = np.full((100, 100), 255, np.uint8)
    assert markers.repair_markers(words, image, dpi=300, cfg=OcrSettings()) == words


def test_marker_alone_falls_back_to_the_engines_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markers, "read_markers", lambda crops, cfg, work: [None] * len(crops))
    image = np.full((300, 600), 255, np.uint8)
    out = markers.repair_markers([_word("4)", (10, 10, 16, 15)), _word("|)", (30, 10, 36, 15))],
                                 image, dpi=300, cfg=OcrSettings())
    assert [w.text for w in out] == ["(4)", "|)"]


def test_superscript_digit_read_into_the_number_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """``34,427 (3)`` read as ``34,4273}``: the marker's x cuts the number back."""
    image = np.full((300, 800), 255, np.uint8)
    for i in range(6):  # six full-height glyphs "34,427"
        image[110:150, 100 + i * 20:115 + i * 20] = 0
    image[100:118, 225:235] = 0  # a raised "3"
    image[100:118, 240:245] = 0  # and its ")"
    monkeypatch.setattr(markers, "read_markers", lambda crops, cfg, work: ["3"] * len(crops))
    box = (100 * 0.24, 100 * 0.24, 248 * 0.24, 150 * 0.24)
    out = markers.repair_markers([_word("34,4273}", box)], image, dpi=300, cfg=OcrSettings())
    assert [w.text for w in out] == ["34,427", "(3)"]


def test_a_number_raised_as_a_whole_is_the_number_or_a_marker_never_both(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean number whose whole box reads as raised: as tall as the text around it, it is
    the number ("Exhibit 24", its box stretched by its neighbour); small, it is a marker."""
    monkeypatch.setattr(markers, "read_markers", lambda crops, cfg, work: ["24"] * len(crops))
    monkeypatch.setattr(markers, "_raised_span", lambda image, px: (px[0], px[2]))
    image = np.full((300, 800), 255, np.uint8)
    text = [_word("Exhibit", (30.7, 96.0, 64.0, 101.5)), _word("Power", (85.2, 96.2, 105.6, 101.8)),
            _word("Attorney", (122.6, 96.2, 156.0, 103.0))]
    tall = _word("24", (65.3, 95.0, 73.2, 104.2))
    out = markers.repair_markers([*text, tall], image, dpi=300, cfg=OcrSettings())
    assert [w.text for w in out] == ["Exhibit", "Power", "Attorney", "24"]
    small = _word("24", (160.0, 94.0, 164.0, 97.0))
    out = markers.repair_markers([*text, small], image, dpi=300, cfg=OcrSettings())
    assert [w.text for w in out] == ["Exhibit", "Power", "Attorney", "(24)"]


def test_a_number_with_a_stop_and_no_marker_read_stays_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``684,741.``: ink that looks raised in the box (a speck low under it stretched the
    box) but reads as no marker leaves the number as it is, not cut to "68"."""
    image = np.full((300, 800), 255, np.uint8)
    for i in range(7):  # seven glyphs, ending high in a box stretched by a speck below
        image[100:125, 100 + i * 20:115 + i * 20] = 0
    image[145:150, 90:95] = 0  # the speck that stretched the box down
    monkeypatch.setattr(markers, "read_markers", lambda crops, cfg, work: [None] * len(crops))
    box = (90 * 0.24, 100 * 0.24, 240 * 0.24, 150 * 0.24)
    out = markers.repair_markers([_word("684,741.", box)], image, dpi=300, cfg=OcrSettings())
    assert [w.text for w in out] == ["684,741."]
    # with noise after it, the tail that reads no digit is still dropped
    out = markers.repair_markers([_word("684,741}", box)], image, dpi=300, cfg=OcrSettings())
    assert [w.text for w in out] == ["684,741"]
