"""The adapter: uncertain cells become unknown; identities fill them only when backed twice."""

from __future__ import annotations

from gongkai import formats
from gongkai.ocr.to_grid import Guess, infer, infer_together
from gongkai.report import Issue, Provenance, Report

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
    r.provenance.pop(addr, None)
    r.document_issues.append(Issue("ocr-uncertain", "数字识别置信度低，记为未知", _where(addr), (addr,)))


def _where(addr: str) -> Provenance:
    return Provenance(page=1, table=2, row=list(F.cells).index(addr), column=3, scan_box=(10, 20, 60, 50))


def _g(values: dict) -> dict[str, Guess]:
    return {a: Guess(v, _where(a), "数字识别置信度低") for a, v in values.items()}


def test_an_unknown_cell_that_two_identities_agree_on_and_the_reading_matches_is_inferred():
    r = _consistent()
    _unknown(r, NEW)
    filled = infer(r, _g({NEW: 5}))
    assert filled == [NEW] and r.cells[NEW] == 5
    assert r.provenance[NEW].inferred and r.provenance[NEW].certain and NEW not in r.unknown
    assert r.provenance[NEW].scan_box == (10, 20, 60, 50)  # where it was read stays
    # its ocr-uncertain issue gives way to an ocr-inferred one naming the cell
    assert [(i.code, i.cells) for i in r.document_issues] == [("ocr-inferred", (NEW,))]


def test_arithmetic_against_the_reading_leaves_the_cell_unknown():
    r = _consistent()
    _unknown(r, NEW)
    r.cells[f"{T3}|四、结转下年度继续办理|申请人情况/自然人"] = 3  # the document's own sums are off
    infer(r, _g({NEW: 5}))
    assert NEW in r.unknown and r.cells[NEW] is None


def test_one_identity_alone_needs_the_reading_to_agree():
    r = _consistent()
    t4 = "表四|合计|行政复议/总计"
    r.cells["表四|合计|行政复议/结果维持"] = 4
    r.cells[t4] = 4
    _unknown(r, t4)
    assert infer(r, _g({t4: 7})) == [] and t4 in r.unknown  # T4-1 says 4, the reading says 7
    assert infer(r, _g({t4: 4})) == [t4] and r.cells[t4] == 4


def test_no_reading_no_inference():
    r = _consistent()
    _unknown(r, NEW)
    assert infer(r, _g({})) == [] and NEW in r.unknown


def test_cells_filled_one_after_another_each_backed_by_its_reading():
    r = _consistent()
    _unknown(r, NEW)
    _unknown(r, NEW_TOTAL)
    # 总计 is alone in its column's T3-1 → 5; then 自然人 is alone in row 一's T3-2 → 5
    assert sorted(infer(r, _g({NEW: 5, NEW_TOTAL: 5}))) == sorted([NEW, NEW_TOTAL])
    assert all(i.code == "ocr-inferred" and "与识别结果一致" in i.message for i in r.document_issues)


def test_a_negative_count_is_never_inferred():
    r = _consistent()
    _unknown(r, NEW)
    r.cells[f"{T3}|三、本年度办理结果/（一）予以公开|申请人情况/自然人"] = 0
    r.cells[f"{T3}|三、本年度办理结果/（七）总计|申请人情况/自然人"] = 0
    r.cells[f"{T3}|四、结转下年度继续办理|申请人情况/自然人"] = 0
    r.cells[f"{T3}|二、上年结转政府信息公开申请数量|申请人情况/自然人"] = 4  # T3-1 gives 0 - 4 = -4
    infer(r, _g({NEW: 4}))
    assert NEW in r.unknown


def test_no_zero_is_inferred_where_the_table_prints_blanks():
    r = _consistent()
    blank = f"{T3}|二、上年结转政府信息公开申请数量|申请人情况/法人或其他组织/其他"
    r.cells[blank] = None  # the document prints this cell blank
    cell = f"{T3}|三、本年度办理结果/（一）予以公开|申请人情况/法人或其他组织/科研机构"
    _unknown(r, cell)
    assert infer(r, _g({cell: 0})) == [] and cell in r.unknown


def _block(r: Report, rows: list[str], cols: list[str]) -> list[str]:
    cells = [f"{T3}|{row}|申请人情况/{col}" for row in rows for col in cols]
    for a in cells:
        _unknown(r, a)
    return cells


ROWS2 = ["一、本年新收政府信息公开申请数量", "三、本年度办理结果/（一）予以公开"]


def test_a_block_of_unknowns_whose_readings_make_every_identity_hold_is_inferred_but_uncertain():
    r = _consistent()
    block = _block(r, ROWS2, ["自然人", "总计"])
    guesses = {block[0]: 5, block[1]: 5, block[2]: 3, block[3]: 3}
    assert sorted(infer_together(r, _g(guesses))) == sorted(block)
    assert all(r.provenance[a].inferred for a in block)
    # the arithmetic alone does not force a block: never the ground of an error
    assert r.uncertain == set(block)


def test_one_wrong_reading_in_the_block_stops_the_cells_it_touches():
    r = _consistent()
    block = _block(r, ROWS2, ["自然人", "总计"])
    guesses = {block[0]: 5, block[1]: 5, block[2]: 8, block[3]: 3}  # 3 misread as 8
    infer_together(r, _g(guesses))
    assert block[2] in r.unknown and r.cells[block[2]] is None


def _sealed(r: Report, addr: str, value, aligned: bool = False) -> Guess:
    _unknown(r, addr)
    return Guess(value, _where(addr), "印章的笔画压在数字上", recheck=True, aligned=aligned)


def test_a_sure_reading_under_a_seal_is_a_value_where_every_sum_over_it_holds():
    from gongkai.ocr.to_grid import confirm_sealed

    r = _consistent()
    guesses = {NEW: _sealed(r, NEW, 5), NEW_TOTAL: _sealed(r, NEW_TOTAL, 5)}
    assert sorted(confirm_sealed(r, guesses)) == sorted([NEW, NEW_TOTAL])
    assert r.cells[NEW] == 5 and not r.provenance[NEW].inferred  # read, and confirmed
    assert {i.code for i in r.document_issues} == {"ocr-seal-confirmed"}


def test_a_reading_under_a_seal_that_breaks_a_sum_stays_unknown():
    from gongkai.ocr.to_grid import confirm_sealed

    r = _consistent()
    guesses = {NEW: _sealed(r, NEW, 6)}  # a 5 under the seal read as 6: T3-1 and T3-2 fail
    assert confirm_sealed(r, guesses) == [] and NEW in r.unknown and r.cells[NEW] is None
    assert [i.code for i in r.document_issues] == ["ocr-uncertain"]


def test_a_reading_under_a_seal_that_no_sum_can_check_stays_unknown():
    from gongkai.ocr.to_grid import confirm_sealed

    r = _consistent()
    row = "一、本年新收政府信息公开申请数量"
    cells = [f"{T3}|{row}|申请人情况/{c}" for c in ("自然人", "总计")]
    col = f"{T3}|四、结转下年度继续办理|申请人情况/自然人"
    for a in cells[1:] + [col]:
        _unknown(r, a)  # its row's and its column's other terms unread, not rechecked
    guesses = {cells[0]: _sealed(r, cells[0], 5)}
    assert confirm_sealed(r, guesses) == [] and cells[0] in r.unknown


def test_a_zero_under_a_seal_in_a_table_that_prints_blanks_needs_its_print_where_the_column_prints():
    from gongkai.ocr.to_grid import confirm_sealed

    cell = f"{T3}|三、本年度办理结果/（一）予以公开|申请人情况/法人或其他组织/科研机构"
    for aligned, taken in ((False, []), (True, [cell])):
        r = _consistent()
        r.cells[f"{T3}|二、上年结转政府信息公开申请数量|申请人情况/法人或其他组织/其他"] = None  # printed blank
        guesses = {cell: _sealed(r, cell, 0, aligned)}
        assert confirm_sealed(r, guesses) == taken
