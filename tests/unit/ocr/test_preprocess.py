"""Page preparation on synthetic images: skew, rotation, ruling lines."""

from __future__ import annotations

import cv2
import numpy as np

from extract.ocr.preprocess import (
    binarize,
    deskew,
    erase_rules,
    estimate_skew,
    find_checkboxes,
    find_rules,
    ink_tones,
    prepare,
    rotate,
)


def _page() -> np.ndarray:
    """A white 1200x900 page (300 dpi) with a ruled box and rows of text-like bars."""
    img = np.full((900, 1200), 255, np.uint8)
    cv2.rectangle(img, (100, 100), (1100, 800), 0, 3)
    cv2.line(img, (100, 400), (1100, 400), 0, 2)
    cv2.line(img, (600, 100), (600, 800), 0, 2)
    for y in range(150, 380, 40):
        for x in range(130, 560, 60):
            cv2.putText(img, "ab1", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    return img


def test_rules_found_in_points_and_erased() -> None:
    ready = prepare(_page(), dpi=300, deskew_page=False)
    horizontal = [ln for ln in ready.lines if not ln.vertical]
    vertical = [ln for ln in ready.lines if ln.vertical]
    assert len(horizontal) >= 3 and len(vertical) >= 3
    ys = sorted(round(ln.y) for ln in horizontal)
    assert ys[0] == 24 and 95 <= ys[1] <= 97  # 100 px and 400 px at 300 dpi
    assert ready.image[400, 800] == 255  # the rule is gone
    assert (ready.image[130:380, 130:560] == 0).any()  # the text is kept


def test_short_strokes_are_not_rules() -> None:
    _mask, boxes = find_rules(binarize(_page()), min_length=75)
    assert all(max(x1 - x0, b - t) >= 75 for x0, t, x1, b in boxes)
    assert not any(x0 >= 130 and x1 <= 560 and t >= 130 and b <= 380 for x0, t, x1, b in boxes)


def test_skew_estimated_and_corrected() -> None:
    skewed = deskew(_page(), -2.0)
    angle = estimate_skew(binarize(skewed), max_angle=5)
    assert abs(angle - 2.0) <= 0.2
    assert estimate_skew(binarize(_page())) == 0.0


def test_rotate_round_trip() -> None:
    page = _page()
    turned = rotate(page, 90)
    assert turned.shape == (1200, 900)
    assert np.array_equal(rotate(turned, 270), page)
    assert rotate(page, 0) is page


def test_ticked_check_box_reported_and_erased() -> None:
    img = np.full((400, 600), 255, np.uint8)
    cv2.rectangle(img, (100, 100), (130, 130), 0, 2)  # ticked: an X inside
    cv2.line(img, (106, 106), (124, 124), 0, 3)
    cv2.line(img, (124, 106), (106, 124), 0, 3)
    cv2.rectangle(img, (300, 100), (330, 130), 0, 2)  # empty
    cv2.putText(img, "DOB", (100, 300), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 5)  # bold glyphs
    boxes = find_checkboxes(binarize(img), dpi=300)
    assert sorted(boxes) == [((99, 99, 132, 132), True), ((299, 99, 332, 132), False)]
    ready = prepare(img, dpi=300, deskew_page=False)
    (box,) = ready.checked
    assert box == (23.76, 23.76, 31.68, 31.68)  # pixels * 72 / 300
    assert (ready.image[99:132, 99:132] == 255).all()


def test_despeckle_drops_lone_dots_and_keeps_punctuation() -> None:
    import numpy as np

    from extract.ocr.preprocess import despeckle

    page = np.full((300, 600), 255, np.uint8)
    page[100:130, 100:118] = 0  # a letter
    page[126:131, 121:126] = 0  # its full stop, right beside it
    page[250:255, 400:405] = 0  # a dot of the same size alone in the margin
    page[20:21, 20:21] = 0  # a one-pixel speck
    out = despeckle(page, dpi=300)
    assert (out[126:131, 121:126] == 0).all() and (out[100:130, 100:118] == 0).all()
    assert (out[250:255, 400:405] == 255).all() and out[20, 20] == 255


def test_despeckle_drops_a_dot_a_line_does_not_explain() -> None:
    """Dirt within a line of text goes; the dots print puts there stay."""
    from extract.ocr.preprocess import despeckle

    page = np.full((300, 600), 255, np.uint8)
    page[100:130, 100:118] = 0  # a letter
    page[108:113, 121:126] = 0  # a dot beside it at mid height: dirt, not a full stop
    page[100:130, 200:218] = 0  # a letter reaching below the line ("y")
    page[117:122, 221:226] = 0  # its full stop, on the line
    page[108:130, 300:304] = 0  # the stem of an "i"
    page[101:105, 300:304] = 0  # its dot
    page[112:117, 400:405] = 0  # a colon's two dots, beside a letter
    page[125:130, 400:405] = 0
    page[100:130, 380:398] = 0
    page[110:112, 450:462] = 0  # a hyphen: no square, always kept
    page[100:130, 430:448] = 0
    out = despeckle(page, dpi=300)
    assert (out[108:113, 121:126] == 255).all()
    for ys, xs in (((117, 122), (221, 226)), ((101, 105), (300, 304)), ((112, 117), (400, 405)),
                   ((125, 130), (400, 405)), ((110, 112), (450, 462))):
        assert (out[ys[0]:ys[1], xs[0]:xs[1]] == 0).all(), (ys, xs)


def test_despeckle_decides_every_dot_of_a_crowded_page_alike() -> None:
    """A page of 3,540 letters, each with its full stop, and 3,481 dirt dots between the
    rows: more dots than one comparison block takes, so the dots are judged block by block,
    and every block judges as the first."""
    from extract.ocr.preprocess import despeckle

    page = np.full((3000, 3000), 255, np.uint8)
    rows, columns = range(10, 3000, 50), range(10, 2950, 50)
    for y in rows:
        for x in columns:
            page[y:y + 30, x:x + 6] = 0  # a letter ("l")
            page[y + 25:y + 30, x + 9:x + 14] = 0  # its full stop
            if y >= 60:
                page[y - 12:y - 7, x + 25:x + 30] = 0  # dirt between two rows
    out = despeckle(page, dpi=300)
    letters = len(rows) * len(columns)
    assert letters == 3540
    # what is left is exactly the letters and their full stops
    assert int((out == 0).sum()) == letters * (30 * 6 + 5 * 5)
    for y in rows:
        for x in columns:
            assert (out[y + 25:y + 30, x + 9:x + 14] == 0).all(), (y, x)
            assert y < 60 or (out[y - 12:y - 7, x + 25:x + 30] == 255).all(), (y, x)


def test_a_ragged_rule_edge_goes_with_the_rule_and_a_mark_against_it_stays() -> None:
    img = np.full((200, 600), 255, np.uint8)
    img[100:103, 20:580] = 0  # the rule
    for x in range(30, 570, 12):  # its ragged lower edge: bits one or two pixels below
        img[103:105, x:x + 4] = 0
    img[85:103, 300:310] = 0  # a mark standing on the rule (a marker's stem)
    binary = binarize(img)
    mask, _boxes = find_rules(binary, min_length=75)
    thin = erase_rules(binary, mask, grow=1)
    assert (thin[103:106, 30:570] == 0).any()  # one pixel of widening leaves the edge
    clean = erase_rules(binary, mask, grow=2)
    assert not (clean[100:106, 30:295] == 0).any()  # the edge's bits are gone
    assert (clean[85:99, 300:310] == 0).all()  # the mark is whole above the rule


def test_ink_tones_keep_the_ink_grey_on_white_paper() -> None:
    """A faint stroke and a dark one on grey grainy paper: the tones image keeps exactly the
    binarized ink (every ink pixel below white, every other pixel white), the darkest ink
    black, and the faint stroke lighter than the dark one, so the recogniser still sees it."""
    rng = np.random.default_rng(3)
    gray = np.clip(rng.normal(232, 6, (200, 300)), 0, 255).astype(np.uint8)
    gray[50:60, 20:280] = 60    # dark stroke
    gray[120:126, 20:280] = 150  # faint stroke
    binary = binarize(gray)
    out = ink_tones(binary, gray)
    ink = binary < 128
    assert ink[55, 100] and ink[123, 100] and not ink[10, 10]
    assert np.array_equal(out < 255, ink)
    assert out[55, 100] == 0
    assert 0 < out[123, 100] < 254
    ready = prepare(gray, dpi=300, deskew_page=False, tones=True)
    assert ready.tones is not None and np.array_equal(ready.tones < 255, ready.image < 128)
    assert prepare(gray, dpi=300, deskew_page=False).tones is None
