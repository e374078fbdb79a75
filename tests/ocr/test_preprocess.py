"""Deskew, turns and seal removal on drawn pages."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from gongkai.ocr import preprocess
from gongkai.ocr.lines import line_masks
from ocr.ocr_helpers import ruled_table

ROWS = [["信息内容", "本年制发件数", "本年废止件数"], ["规章", "12", "0"], ["行政规范性文件", "3", "45"]]


def _page():
    return ruled_table(ROWS, [260, 200, 200])


@pytest.mark.parametrize("angle", [-1.5, -0.7, 0.8, 1.5, 3.0])
def test_skew_is_found_to_a_tenth_of_a_degree(angle):
    page = preprocess.rotate(_page(), angle)
    grey = preprocess.drop_red(page)
    found = preprocess.skew_angle(preprocess.ink(grey, 150))
    assert abs(found + angle) <= 0.15


def test_a_page_on_its_side_is_seen_as_such():
    grey = preprocess.drop_red(_page())
    mask = preprocess.ink(grey, 150)
    h, v = line_masks(grey, 150)
    text = cv2.subtract(mask, cv2.bitwise_or(h, v))
    assert preprocess.quarter_turns(text) == 0
    assert preprocess.quarter_turns(cv2.rotate(text, cv2.ROTATE_90_CLOCKWISE)) == 1


def test_a_red_seal_goes_and_the_black_print_under_it_stays():
    from make_corpus import stamp

    from gongkai.ocr.page import _blobs  # noqa: PLC2701 - the same blob finder the reader uses

    page = _page()
    clean_ink = preprocess.ink(preprocess.drop_red(page), 150)
    sealed = page.copy()
    red = np.full((240, 240, 3), 255, np.uint8)
    cv2.circle(red, (120, 120), 110, (40, 30, 215), 8)
    cv2.circle(red, (120, 120), 30, (40, 30, 215), -1)
    stamp(sealed, red, 400, 150)  # over 12 / 3 and their rules
    ink = preprocess.ink(preprocess.drop_red(sealed), 150)
    # nothing of the seal is left as ink, and every stroke of the print still is
    assert np.count_nonzero(ink & ~clean_ink) < 50
    assert np.count_nonzero(clean_ink & ~ink) < 0.02 * np.count_nonzero(clean_ink)
    assert len(_blobs(ink, 5)) >= len(_blobs(clean_ink, 5)) - 1
