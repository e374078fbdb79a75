"""Ruling lines found on the image and the cells they cut, merged cells whole."""

from __future__ import annotations

import cv2
import numpy as np

from gongkai.ocr import preprocess
from gongkai.ocr.lines import find_rules
from ocr.ocr_helpers import draw_text, ruled_table


def _rules(page, dpi=150):
    grey = preprocess.drop_red(page)
    return find_rules(grey, preprocess.ink(grey, dpi), dpi)


def test_a_plain_grid_gives_every_cell():
    page = ruled_table([["a", "b", "c", "d"]] * 5, [200, 120, 120, 120])
    rules = _rules(page)
    assert len(rules.tables) == 1
    t = rules.tables[0]
    assert (len(t.ys) - 1, len(t.xs) - 1) == (5, 4)
    assert len(t.cells) == 20


def test_a_merged_cell_is_one_cell_spanning_its_rows():
    page = ruled_table([["", "1", "2"]] * 4, [220, 120, 120])
    # erase the rules inside the first column between rows 1–3: one cell spanning three rows
    for y in (180, 240):
        cv2.line(page, (62, y), (278, y), (255, 255, 255), 4)
    page = draw_text(page, (80, 190), "（三）不予公开", 24)
    t = _rules(page).tables[0]
    tall = [c for c in t.cells if c[3] - c[1] > 150]
    assert len(tall) == 1 and tall[0][0] < 100
    assert len(t.cells) == 4 * 3 - 2


def test_a_pale_thin_rule_is_still_a_rule():
    page = ruled_table([["规章", "0", "0"], ["行政规范性文件", "5", "5"]], [260, 120, 120])
    page[(page < 100).all(axis=2) & False] = 0
    # redraw the middle rule one pixel thin and pale grey, as a 0.5 pt border scanned at 150 dpi
    cv2.line(page, (60, 120), (560, 120), (255, 255, 255), 3)
    cv2.line(page, (60, 120), (560, 120), (150, 150, 150), 1)
    noisy = np.clip(page.astype(np.int16) + np.random.default_rng(0).normal(0, 8, page.shape), 0, 255)
    t = _rules(noisy.astype(np.uint8)).tables[0]
    assert len(t.ys) - 1 == 2


def test_a_character_stroke_touching_two_rules_does_not_cut_its_label():
    from gongkai.ocr.page import _join_fragments, read_page  # noqa: F401

    # cramped rows: the label glyphs touch the rules; the label column must stay one cell per row
    rows = [["5.属于三类内部事务信息", "0", "1"], ["6.属于四类过程性信息", "2", "0"],
            ["7.属于行政执法案卷", "0", "0"]]
    page = ruled_table(rows, [420, 100, 100], row_h=34, size=30)
    t = _rules(page).tables[0]
    label_cells = [c for c in t.cells if c[0] < 100]
    assert len(label_cells) in (3, len(rows) * 2)  # whole, or cut: then joined by the page reader


def test_no_table_on_a_page_of_prose():
    page = np.full((800, 700, 3), 255, np.uint8)
    for i in range(8):
        page = draw_text(page, (60, 60 + 50 * i), "一、总体情况：本年度政府信息公开工作稳步推进。", 26)
    assert _rules(page).tables == []
