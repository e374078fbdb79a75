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


def _row_bounds(t) -> list[int]:
    return sorted({c[1] for c in t.cells} | {c[3] for c in t.cells})


def _h(x0, x1, y):
    return {"x0": float(x0), "x1": float(x1), "top": float(y), "bottom": float(y), "width": float(x1 - x0),
            "height": 0.0, "orientation": "h"}


def _v(x, top, bottom):
    return {"x0": float(x), "x1": float(x), "top": float(top), "bottom": float(bottom), "width": 0.0,
            "height": float(bottom - top), "orientation": "v"}


def test_the_strokes_of_a_line_of_text_are_not_a_rule_and_a_rule_text_touches_is():
    from gongkai.ocr.lines import _struck

    ink = np.zeros((300, 600), np.uint8)
    # 法人或其他组织: the middle strokes line up at y=100, the rest of each glyph above and below
    for x in range(50, 140, 12):
        ink[88:98, x:x + 4] = 255
        ink[103:113, x + 6:x + 10] = 255
    # a short rule at y=200 that a label touches from above at two places
    ink[193:198, 60:64] = ink[193:198, 120:124] = 255
    stroke, rule, long = _h(50, 140, 100), _h(50, 150, 200), _h(0, 600, 250)
    assert _struck([stroke, rule, long], ink, 150) == [rule, long]


def test_a_rule_running_on_through_a_bracket_is_cut_back_to_where_it_is_straight():
    import cv2

    from gongkai.ocr.lines import _straight

    grey = np.full((320, 300), 250, np.uint8)
    cv2.line(grey, (100, 10), (100, 110), 60, 2)  # the column rule in the rows above
    cv2.line(grey, (100, 160), (100, 300), 60, 2)  # …and below
    # the caption row between (110–160): a 「（」 whose curve meets x=100 only at its middle
    grey = draw_text(grey, (82, 118), "（", 34)
    assert (grey[115:160, 99:102] < 150).any()  # the bracket does reach the rule's line
    across = [_h(0, 300, y) for y in (10, 60, 110, 160, 230, 300)]
    pieces = _straight([_v(100, 10, 300)], across, grey, 150, 4)
    assert [(p["top"], p["bottom"]) for p in pieces] == [(10, 60), (60, 110), (160, 230), (230, 300)]


def test_column_rules_over_two_short_rows_are_rules():
    # a cramped 表四 header: a second header row and one row of numbers, each 26 px at 150 dpi;
    # the column rules below the group header are shorter than any rule length the page would
    # accept on its own, but they run from rule to rule through the rule between the rows
    import cv2

    page = np.full((400, 900, 3), 255, np.uint8)
    x0, xs = 60, [60 + 70 * i for i in range(11)]
    for y in (60, 100, 126, 152):
        cv2.line(page, (x0, y), (xs[-1], y), (0, 0, 0), 1)
    for x in (xs[0], xs[5], xs[10]):
        cv2.line(page, (x, 60), (x, 152), (0, 0, 0), 1)
    for x in xs[1:5] + xs[6:10]:
        cv2.line(page, (x, 100), (x, 152), (0, 0, 0), 1)
    t = _rules(page, 150).tables[0]
    values = [c for c in t.cells if c[1] >= 120]
    assert len(values) == 10


def test_a_table_left_open_at_the_page_break_keeps_its_last_row():
    import cv2

    page = ruled_table([["1.本机关不掌握相关政府信息", "10", "0"], ["2.没有现成信息需要另行制作", "3", "0"]],
                       [380, 120, 120], row_h=50, size=26)
    cv2.line(page, (58, 160), (682, 160), (255, 255, 255), 4)  # no rule under the last row
    t = _rules(page, 150).tables[0]
    assert len(t.cells) == 6 and len(t.ys) == 3


def test_pieces_of_a_rule_follow_each_other_along_it():
    from gongkai.ocr.lines import _ruled

    def v(top, bottom, x=100.0):
        return {"x0": x, "x1": x, "top": float(top), "bottom": float(bottom), "width": 0.0,
                "height": float(bottom - top), "orientation": "v"}

    long, stroke = v(1000, 1600), v(300, 356, 102.0)  # a table's rule; a stroke in the prose above
    assert _ruled([long, stroke], 5, 100, 25) == [long]
    broken = [v(300, 360), v(370, 430)]  # one rule with a gap a seal or noise left
    assert _ruled(broken, 5, 100, 25) == broken
