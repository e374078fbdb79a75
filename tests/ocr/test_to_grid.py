"""The adapter: uncertain cells become unknown; identities fill them only when backed twice."""

from __future__ import annotations

from gongkai import formats
from gongkai.ocr.to_grid import infer
from gongkai.report import Provenance, Report

F = formats.get("2021")
T3 = "表三"
NEW = f"{T3}|一、本年新收政府信息公开申请数量|申请人情况/自然人"
NEW_TOTAL = f"{T3}|一、本年新收政府信息公开申请数量|申请人情况/总计"


def _consistent() -> Report:
    """A report whose 表三 and 表四 identities all hold: 自然人 gets 5 new, 3 granted, 2 carried forward."""
    r = Report.empty("某县人民政府", 2023, F)
    for a in F.cells:
        r.cells[a] = 0
    for col in ("申请人情况/自然人", "申请人情况/总计"):
        r.cells[f"{T3}|一、本年新收政府信息公开申请数量|{col}"] = 5
        r.cells[f"{T3}|三、本年度办理结果/（一）予以公开|{col}"] = 3
        r.cells[f"{T3}|三、本年度办理结果/（七）总计|{col}"] = 3
        r.cells[f"{T3}|四、结转下年度继续办理|{col}"] = 2
    for a in F.cells:
        r.provenance[a] = Provenance("第1页")
    return r


def _unknown(r: Report, addr: str):
    r.cells[addr] = None
    r.unknown.add(addr)


def test_an_unknown_cell_that_two_identities_agree_on_and_the_reading_matches_is_inferred():
    r = _consistent()
    _unknown(r, NEW)
    filled = infer(r, {NEW: 5})
    assert filled == [NEW] and r.cells[NEW] == 5
    assert r.provenance[NEW].inferred and NEW not in r.unknown


def test_arithmetic_against_the_reading_leaves_the_cell_unknown():
    r = _consistent()
    _unknown(r, NEW)
    r.cells[f"{T3}|四、结转下年度继续办理|申请人情况/自然人"] = 3  # the document's own sums are off
    infer(r, {NEW: 5})
    assert NEW in r.unknown and r.cells[NEW] is None


def test_one_identity_alone_needs_the_reading_to_agree():
    r = _consistent()
    t4 = "表四|合计|行政复议/总计"
    r.cells["表四|合计|行政复议/结果维持"] = 4
    r.cells[t4] = 4
    _unknown(r, t4)
    assert infer(r, {t4: 7}) == [] and t4 in r.unknown  # T4-1 says 4, the reading says 7
    assert infer(r, {t4: 4}) == [t4] and r.cells[t4] == 4


def test_no_reading_no_inference():
    r = _consistent()
    _unknown(r, NEW)
    assert infer(r, {}) == [] and NEW in r.unknown


def test_cells_filled_one_after_another_each_backed_by_its_reading():
    r = _consistent()
    _unknown(r, NEW)
    _unknown(r, NEW_TOTAL)
    # 总计 is alone in its column's T3-1 → 5; then 自然人 is alone in row 一's T3-2 → 5
    assert sorted(infer(r, {NEW: 5, NEW_TOTAL: 5})) == sorted([NEW, NEW_TOTAL])
    assert all("与识别结果一致" in i for i in r.document_issues)


def test_a_negative_count_is_never_inferred():
    r = _consistent()
    _unknown(r, NEW)
    r.cells[f"{T3}|三、本年度办理结果/（一）予以公开|申请人情况/自然人"] = 0
    r.cells[f"{T3}|三、本年度办理结果/（七）总计|申请人情况/自然人"] = 0
    r.cells[f"{T3}|四、结转下年度继续办理|申请人情况/自然人"] = 0
    r.cells[f"{T3}|二、上年结转政府信息公开申请数量|申请人情况/自然人"] = 4  # T3-1 gives 0 - 4 = -4
    infer(r, {NEW: 4})
    assert NEW in r.unknown


def test_no_zero_is_inferred_where_the_table_prints_blanks():
    r = _consistent()
    blank = f"{T3}|二、上年结转政府信息公开申请数量|申请人情况/法人或其他组织/其他"
    r.cells[blank] = None  # the document prints this cell blank
    cell = f"{T3}|三、本年度办理结果/（一）予以公开|申请人情况/法人或其他组织/科研机构"
    _unknown(r, cell)
    assert infer(r, {cell: 0}) == [] and cell in r.unknown


def _block(r: Report, rows: list[str], cols: list[str]) -> list[str]:
    cells = [f"{T3}|{row}|申请人情况/{col}" for row in rows for col in cols]
    for a in cells:
        _unknown(r, a)
    return cells


ROWS2 = ["一、本年新收政府信息公开申请数量", "三、本年度办理结果/（一）予以公开"]


def test_a_block_of_unknowns_whose_readings_make_every_identity_hold_is_inferred():
    from gongkai.ocr.to_grid import infer_together

    r = _consistent()
    block = _block(r, ROWS2, ["自然人", "总计"])
    guesses = {block[0]: 5, block[1]: 5, block[2]: 3, block[3]: 3}
    assert sorted(infer_together(r, guesses)) == sorted(block)
    assert all(r.provenance[a].inferred for a in block)


def test_one_wrong_reading_in_the_block_stops_the_cells_it_touches():
    from gongkai.ocr.to_grid import infer_together

    r = _consistent()
    block = _block(r, ROWS2, ["自然人", "总计"])
    guesses = {block[0]: 5, block[1]: 5, block[2]: 8, block[3]: 3}  # 3 misread as 8
    infer_together(r, guesses)
    assert block[2] in r.unknown and r.cells[block[2]] is None
