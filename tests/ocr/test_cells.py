"""Cells read one by one from a drawn page: numbers, blanks, a smudge, a seal."""

from __future__ import annotations

import cv2
import numpy as np

from gongkai.ocr.page import read_page
from ocr.ocr_helpers import engine, ruled_table

ROWS = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "12", "", "407"],
        ["行政规范性文件", "3", "—", "58"],
        ["行政许可", "0", "9", "1260"]]
COLS = [240, 170, 170, 170]


def _cells(page, dpi=150):
    read = read_page(page, 1, dpi, engine())
    assert len(read.tables) == 1
    return {(c.row, c.col): c for c in read.tables[0].cells}


def test_numbers_blanks_and_dashes_are_read_with_their_cells():
    cells = _cells(ruled_table(ROWS, COLS))
    assert cells[(1, 1)].text == "12" and cells[(1, 1)].certain
    assert cells[(1, 3)].text == "407" and cells[(1, 3)].certain
    assert cells[(3, 3)].text == "1260" and cells[(3, 3)].certain
    assert cells[(1, 2)].text == "" and not cells[(1, 2)].numeric  # an empty cell: blank
    assert cells[(2, 2)].text == "-" and cells[(2, 2)].certain  # the blank mark
    assert cells[(2, 0)].text == "行政规范性文件"


def test_a_smudged_digit_becomes_unknown_not_a_number():
    page = ruled_table(ROWS, COLS)
    # a blot over the lower half of the 8 in 58 ("5?" could be 58, 53, 50 …)
    x, y = 60 + 240 + 170 * 2 + 12, 60 + 60 * 2
    cv2.ellipse(page, (x + 21, y + 27), (9, 6), 0, 0, 360, (70, 70, 70), -1)
    cell = _cells(page)[(2, 3)]
    assert cell.numeric
    assert not cell.certain, f"smudged cell read as certain {cell.text!r}"


def test_a_seal_over_a_number_leaves_it_readable():
    from make_corpus import seal_image, stamp

    page = ruled_table(ROWS, COLS)
    stamp(page, seal_image(240, seed=3), 60 + 240 + 170 + 85, 60 + 60 * 2 + 30)
    cells = _cells(page)
    for key, text in (((1, 2), ""), ((2, 2), "-"), ((2, 1), "3")):
        c = cells[key]
        # never a wrong value presented as certain; mostly simply right
        assert not c.certain or c.text == text, (key, c.text)
    assert sum(1 for k, t in (((1, 1), "12"), ((2, 1), "3"), ((3, 2), "9"))
               if cells[k].certain and cells[k].text == t) >= 2


def test_a_blank_page_is_said_to_be_blank():
    page = np.full((1100, 850, 3), 252, np.uint8)
    noisy = np.clip(page + np.random.default_rng(1).normal(0, 6, page.shape), 0, 255).astype(np.uint8)
    read = read_page(noisy, 3, 150, engine())
    issue = read.issues[0]
    assert read.blank and issue.code == "ocr-blank-page" and "空白" in issue.message and issue.where.page == 3


def test_an_upside_down_page_is_turned_back():
    page = ruled_table(ROWS, COLS)
    read = read_page(cv2.rotate(page, cv2.ROTATE_180), 1, 150, engine())
    assert read.turns == 2
    cells = {(c.row, c.col): c for c in read.tables[0].cells}
    assert cells[(3, 3)].text == "1260"


def _cell(col, box, ink, text="0", certain=True):
    from gongkai.ocr.confidence import Verdict
    from gongkai.ocr.page import CellRead

    c = CellRead(box, box[1] // 40, col, 1, 1, text, True, Verdict(text, certain))
    c.ink = ink
    return c


def test_a_number_under_a_seal_is_aligned_only_where_the_column_prints_its_numbers():
    from gongkai.ocr.page import TableRead, _aligned

    # a column of centred single digits, cells 100 px wide and 40 px tall
    peers = [_cell(2, (200, 40 * r, 300, 40 * r + 40), (243, 40 * r + 10, 257, 40 * r + 30)) for r in range(1, 6)]
    here = _cell(2, (200, 240, 300, 280), (243, 250, 257, 270), certain=False)
    table = TableRead((0, 0, 400, 400), [*peers, here], 7, 3)
    assert _aligned(here, table)
    here.ink = (262, 250, 276, 270)  # a mark right of where the column's digits sit
    assert not _aligned(here, table)
    here.ink = (243, 241, 257, 261)  # too high in its row
    assert not _aligned(here, table)
    few = TableRead((0, 0, 400, 400), [*peers[:2], here], 3, 3)
    here.ink = (243, 250, 257, 270)
    assert not _aligned(here, few)  # fewer than three numbers to go by
