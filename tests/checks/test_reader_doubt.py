"""The checker never blames a document for a reader's doubt."""

from __future__ import annotations

from gongkai import checks, formats
from gongkai.report import Provenance, Report

F21 = formats.get("2021")
ROW = "表三|一、本年新收政府信息公开申请数量|"


def _report() -> Report:
    r = Report.empty("某局", 2022, F21)
    r.cells[ROW + "申请人情况/自然人"] = 5
    r.cells[ROW + "申请人情况/总计"] = 7  # T3-2 fails: 5 ≠ 7
    return r


def _t32(findings):
    return [f for f in findings if f.rule == "T3-2" and f.member == "一、本年新收政府信息公开申请数量"]


def test_a_sum_resting_on_a_cell_read_as_printed_is_an_error():
    (f,) = _t32(checks.check(_report()))
    assert f.severity == "error"


def test_a_sum_resting_on_an_uncertain_inference_is_a_warning_that_says_so():
    r = _report()
    r.provenance[ROW + "申请人情况/自然人"] = Provenance(line=3, inferred=True, certain=False)
    (f,) = _t32(checks.check(r))
    assert f.severity == "warning" and "读取时" in f.message and "推断" in f.message


def test_an_inference_the_arithmetic_forced_still_counts():
    r = _report()
    r.provenance[ROW + "申请人情况/自然人"] = Provenance(line=3, inferred=True, certain=True)
    (f,) = _t32(checks.check(r))
    assert f.severity == "error"


def test_a_sum_with_an_unknown_term_is_not_judged():
    r = _report()
    r.unknown.add(ROW + "申请人情况/自然人")
    r.cells[ROW + "申请人情况/自然人"] = None
    findings = checks.check(r)
    assert not _t32(findings)
    assert any(f.rule == "U-1" for f in findings)
    assert not [f for f in checks.errors(findings) if ROW + "申请人情况/自然人" in f.cells]
