"""One test (at least) per rule, both formats, blank vs zero, cross-year."""

from decimal import Decimal

import pytest

from gongkai import checks
from gongkai.formats import (
    APPLICANT_COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    T3_CARRIED_FORWARD,
    T3_CARRIED_OVER,
    T3_CONCLUDED,
    T3_NEW,
    T3_OTHER_2019,
    T3_OTHER_2021,
    T3_TOTAL_COLUMN,
    T4_ROW,
    address,
    outcome_rows,
)
from gongkai.report import Report, Scope

NATURAL = APPLICANT_COLUMNS[0]
GRANTED = outcome_rows(FORMAT_2019)[0]


def t3(row, col=NATURAL):
    return address("表三", row, col)


def t4(col):
    return address("表四", T4_ROW, col)


def zero_report(year=2021, agency="某市某局") -> Report:
    r = Report.empty(agency, year)
    for a in r.cells:
        r.cells[a] = 0
    return r


def add_application(r: Report, outcome=GRANTED, col=NATURAL, n=1, carried_over=False):
    """Book n applications consistently: received (or carried over) and concluded."""
    row = T3_CARRIED_OVER if carried_over else T3_NEW
    for c in (col, T3_TOTAL_COLUMN):
        for rr in (row, outcome, T3_CONCLUDED):
            r.cells[t3(rr, c)] += n


def rules_of(findings, severity=None):
    return [f.rule for f in findings if severity is None or f.severity == severity]


@pytest.mark.parametrize("year", [2019, 2021])
def test_consistent_report_has_no_error(year):
    r = zero_report(year)
    add_application(r, n=5)
    add_application(r, outcome=outcome_rows(r.format)[-1], col=APPLICANT_COLUMNS[2], n=2, carried_over=True)
    r.cells[t4("行政复议/结果维持")] = 3
    r.cells[t4("行政复议/总计")] = 3
    assert checks.errors(checks.check(r)) == []


@pytest.mark.parametrize("year", [2019, 2021])
def test_t3_1_per_column(year):
    r = zero_report(year)
    add_application(r, n=4)
    r.cells[t3(T3_CARRIED_FORWARD)] = 1
    r.cells[t3(T3_CARRIED_FORWARD, T3_TOTAL_COLUMN)] = 1  # keep T3-2 true: only T3-1 breaks
    found = checks.errors(checks.check(r))
    assert sorted(rules_of(found)) == ["T3-1", "T3-1"]
    assert {f.member for f in found} == {NATURAL, T3_TOTAL_COLUMN}
    for f in found:
        assert (f.left, f.right) == (4, 5)
        assert t3(T3_CARRIED_FORWARD, f.member) in f.cells


def test_t3_2_row_sum_names_the_row_and_values():
    r = zero_report()
    add_application(r, n=3)
    r.cells[t3(T3_NEW, T3_TOTAL_COLUMN)] = 2
    r.cells[t3(T3_CONCLUDED, T3_TOTAL_COLUMN)] = 2
    found = [f for f in checks.check(r) if f.rule == "T3-2"]
    assert {f.member for f in found} == {T3_NEW, T3_CONCLUDED}
    assert all(f.left == 2 and f.right == 3 for f in found)
    assert "总计 2" in found[0].message and "相差 1" in found[0].message


@pytest.mark.parametrize(("year", "other_rows"), [(2019, T3_OTHER_2019), (2021, T3_OTHER_2021)])
def test_t3_3_outcomes_add_up_including_the_format_specific_other_rows(year, other_rows):
    r = zero_report(year)
    add_application(r, outcome=other_rows[-1], n=2)
    assert checks.errors(checks.check(r)) == []
    r.cells[t3(other_rows[-1])] = 3
    r.cells[t3(other_rows[-1], T3_TOTAL_COLUMN)] = 3
    assert rules_of(checks.errors(checks.check(r))) == ["T3-3", "T3-3"]


def test_blank_total_is_an_error_and_says_blank_read_as_zero():
    r = zero_report(2019)
    add_application(r, n=2)
    r.cells[t3(GRANTED, T3_TOTAL_COLUMN)] = None
    found = [f for f in checks.check(r) if f.severity == "error"]
    t32 = next(f for f in found if f.rule == "T3-2")
    assert t32.member == GRANTED and t32.left == 0 and t32.right == 2
    assert t3(GRANTED, T3_TOTAL_COLUMN) in t32.blank_cells
    assert "总计 空白" in t32.message and "按 0 计算" in t32.message
    assert any(f.rule == "B-1" and f.table == "表三" for f in checks.check(r))


def test_blank_is_reported_even_when_arithmetic_holds():
    r = zero_report(2019)
    r.cells[t3(T3_NEW)] = None  # 0 and blank agree arithmetically …
    found = checks.check(r)
    assert checks.errors(found) == []
    b1 = [f for f in found if f.rule == "B-1"]  # … but blank is not 0, and the checker says so
    assert len(b1) == 1 and b1[0].cells == (t3(T3_NEW),) and b1[0].severity == "warning"


def test_zero_report_has_no_blank_finding():
    assert "B-1" not in rules_of(checks.check(zero_report()))


def test_t3_5_negative_and_fractional_counts():
    r = zero_report()
    r.cells[t3(GRANTED)] = -1
    r.cells[t3(GRANTED, APPLICANT_COLUMNS[1])] = 1  # keep the row sum at 0
    r.cells[t3(T3_NEW, APPLICANT_COLUMNS[3])] = Decimal("0.5")
    found = [f for f in checks.check(r) if f.rule == "T3-5"]
    assert {f.cells[0] for f in found} == {t3(GRANTED), t3(T3_NEW, APPLICANT_COLUMNS[3])}
    assert any("不应为负数" in f.message for f in found) and any("应为整数" in f.message for f in found)


def test_t4_1_each_block():
    r = zero_report()
    r.cells[t4("行政诉讼/未经复议直接起诉/结果纠正")] = 2
    found = [f for f in checks.check(r) if f.rule == "T4-1"]
    assert len(found) == 1 and found[0].member == "行政诉讼/未经复议直接起诉"
    assert found[0].left == 0 and found[0].right == 2


def test_t4_2_negative():
    r = zero_report()
    r.cells[t4("行政复议/尚未审结")] = -1
    r.cells[t4("行政复议/总计")] = -1
    assert "T4-2" in rules_of(checks.errors(checks.check(r)))


def test_t2_rules_2019_signed_and_2021_non_negative():
    r = zero_report(2019)
    r.cells[address("表二", "第二十条第（五）项/行政许可", "本年增/减")] = -3  # signed: fine
    assert checks.errors(checks.check(r)) == []
    r.cells[address("表二", "第二十条第（五）项/行政许可", "处理决定数量")] = -1
    assert rules_of(checks.errors(checks.check(r))) == ["T2-5"]
    r21 = zero_report(2021)
    r21.cells[address("表二", "第二十条第（六）项/行政处罚", "本年处理决定数量")] = -2
    assert rules_of(checks.errors(checks.check(r21))) == ["T2-1"]


def test_t2_3_fee_probably_in_yuan():
    r = zero_report(2021)
    fee = address("表二", "第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）")
    r.cells[fee] = Decimal("12.5")
    assert "T2-3" not in rules_of(checks.check(r))
    r.cells[fee] = 2500000
    assert "T2-3" in rules_of(checks.check(r, None), "warning")


def test_t3_7_old_other_row_inside_a_2021_report():
    r = zero_report(2023)
    r.extra_cells[address("表三", T3_OTHER_2019[0], NATURAL)] = 0
    assert rules_of(checks.errors(checks.check(r))) == ["T3-7"]
    r19 = zero_report(2020)
    r19.extra_cells[address("表三", T3_OTHER_2021[0], NATURAL)] = 0
    assert rules_of(checks.errors(checks.check(r19))) == ["T3-7"]


SECTIONS_OK = {1: "总体情况……", 2: "", 3: "", 4: "", 5: "问题……", 6: "本年度未收取信息处理费。"}


def test_d_1_missing_heading():
    r = zero_report()
    r.sections = {k: v for k, v in SECTIONS_OK.items() if k != 5}
    d1 = [f for f in checks.check(r) if f.rule == "D-1"]
    assert len(d1) == 1 and "五、存在的主要问题及改进情况" in d1[0].message
    r.sections = dict(SECTIONS_OK)
    assert "D-1" not in rules_of(checks.check(r))


def test_d_3_and_t3_8_fees_in_section_six():
    r = zero_report(2022)
    r.sections = {**SECTIONS_OK, 6: "无其他需要报告的事项。"}
    assert "D-3" in rules_of(checks.check(r))
    r.sections = dict(SECTIONS_OK)
    unpaid = address("表三", T3_OTHER_2021[1], NATURAL)
    add_application(r, outcome=T3_OTHER_2021[1], n=1)
    assert r.cells[unpaid] == 1
    assert "T3-8" in rules_of(checks.check(r), "warning")
    r.sections[6] = "本年度发出收费通知1件，收取信息处理费0.01万元。"
    assert "T3-8" not in rules_of(checks.check(r))


def test_d_4_government_reports_accountability():
    r = zero_report(agency="某县人民政府")
    r.sections = dict(SECTIONS_OK)
    assert "D-4" in rules_of(checks.check(r))
    r.sections[5] = "本年度开展政务公开工作考核和社会评议，未发生责任追究情况。"
    assert "D-4" not in rules_of(checks.check(r))
    dept = zero_report(agency="某县商务局")
    dept.sections = dict(SECTIONS_OK)
    assert "D-4" not in rules_of(checks.check(dept))


def test_unknown_cells_skip_their_identities_and_are_reported():
    r = zero_report()
    r.cells[t3(T3_NEW)] = None
    r.unknown = {t3(T3_NEW)}
    r.cells[t3(T3_CONCLUDED)] = 7  # would break T3-1 on 自然人, but 一(自然人) is unknown
    r.cells[t3(GRANTED)] = 7
    found = checks.check(r)
    assert not any(f.rule == "T3-1" and f.member == NATURAL for f in found)
    assert any(f.rule == "U-1" and f.cells == (t3(T3_NEW),) for f in found)


# ---------------------------------------------------------------- cross-year


def test_t3_6_carry_over_across_the_format_boundary():
    prev = zero_report(2020)
    add_application(prev, n=3)
    prev.cells[t3(T3_CONCLUDED)] -= 1
    prev.cells[t3(T3_CONCLUDED, T3_TOTAL_COLUMN)] -= 1
    prev.cells[t3(GRANTED)] -= 1
    prev.cells[t3(GRANTED, T3_TOTAL_COLUMN)] -= 1
    prev.cells[t3(T3_CARRIED_FORWARD)] = 1
    prev.cells[t3(T3_CARRIED_FORWARD, T3_TOTAL_COLUMN)] = 1
    assert checks.errors(checks.check(prev)) == []
    cur = zero_report(2021)
    add_application(cur, carried_over=True)
    assert not [f for f in checks.check(cur, previous=prev) if f.rule == "T3-6"]
    cur2 = zero_report(2021)
    found = [f for f in checks.check(cur2, previous=prev) if f.rule == "T3-6"]
    assert {f.member for f in found} == {NATURAL, T3_TOTAL_COLUMN}
    assert all(f.severity == "warning" and f.left == 0 and f.right == 1 for f in found)


def test_x_1_cross_year_needs_the_same_unit_and_adjacent_years():
    prev = zero_report(2019, agency="甲局")
    prev.cells[t3(T3_CARRIED_FORWARD)] = 5
    for cur in (zero_report(2021, agency="甲局"), zero_report(2020, agency="乙局")):
        found = checks.check(cur, previous=prev)
        assert "X-1" in rules_of(found, "info") and "T3-6" not in rules_of(found)
    agg = zero_report(2020, agency="甲局")
    agg.scope = Scope.AGGREGATE
    assert "X-1" in rules_of(checks.check(agg, previous=prev))


def test_t2_2_and_t2_4_trends():
    prev = zero_report(2022)
    prev.cells[address("表二", "第二十条第（一）项/规章", "现行有效件数")] = 10
    cur = zero_report(2023)
    cur.cells[address("表二", "第二十条第（一）项/规章", "本年制发件数")] = 2
    cur.cells[address("表二", "第二十条第（一）项/规章", "现行有效件数")] = 12
    assert "T2-2" not in rules_of(checks.check(cur, previous=prev))
    cur.cells[address("表二", "第二十条第（一）项/规章", "现行有效件数")] = 15
    assert "T2-2" in rules_of(checks.check(cur, previous=prev), "warning")
    p19 = zero_report(2019)
    p19.cells[address("表二", "第二十条第（五）项/行政许可", "上一年项目数量")] = 5
    p19.cells[address("表二", "第二十条第（五）项/行政许可", "本年增/减")] = -3
    c20 = zero_report(2020)
    c20.cells[address("表二", "第二十条第（五）项/行政许可", "上一年项目数量")] = 2
    assert "T2-4" not in rules_of(checks.check(c20, previous=p19))
    c20.cells[address("表二", "第二十条第（五）项/行政许可", "上一年项目数量")] = 5
    assert "T2-4" in rules_of(checks.check(c20, previous=p19), "warning")


def test_t4_3_pending_appeals_note():
    prev = zero_report(2022)
    prev.cells[t4("行政复议/尚未审结")] = 2
    prev.cells[t4("行政复议/总计")] = 2
    notes = [f for f in checks.check(zero_report(2023), previous=prev) if f.rule == "T4-3"]
    assert len(notes) == 1 and notes[0].severity == "info" and "2 件" in notes[0].message


def test_every_rule_in_the_spec_is_registered():
    spec_ids = {"T3-1", "T3-2", "T3-3", "T3-4", "T3-5", "T3-6", "T3-7", "T3-8", "T4-1", "T4-2", "T4-3",
                "T2-1", "T2-2", "T2-3", "T2-4", "T2-5", "D-1", "D-2", "D-3", "D-4"}
    assert spec_ids <= set(checks.RULES)
    assert FORMAT_2021.id == "2021"


def test_docs_checks_md_is_generated_from_the_registry():
    import subprocess
    import sys

    from corpus import REPO

    done = subprocess.run([sys.executable, str(REPO / "tools" / "gen_checks_doc.py"), "--check"])
    assert done.returncode == 0, "docs/checks.md is stale: run python tools/gen_checks_doc.py"


def test_t3_7_stray_row_recorded_without_its_group_label():
    r = zero_report(2023)
    r.extra_cells["表三|（六）其他处理|申请人情况/总计"] = 0
    found = checks.errors(checks.check(r))
    assert rules_of(found) == ["T3-7"] and found[0].cells == ("表三|（六）其他处理|申请人情况/总计",)
