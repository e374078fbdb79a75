"""Rules between a report and the same unit's report for the previous year (all SOFT).

Legitimate breaks exist (restructured agencies, a changed scope, corrections), so these
warn; they never raise an error.
"""

from __future__ import annotations

import unicodedata

from ..formats import T3_CARRIED_FORWARD, T3_CARRIED_OVER, T3_COLUMNS, T4_GROUPS, T4_ROW, address
from ..report import Report
from .arithmetic import cell_label, fmt_number, label
from .finding import Finding, Severity


def _same_unit(a: Report, b: Report) -> bool:
    norm = lambda s: "".join(unicodedata.normalize("NFKC", s or "").split())  # noqa: E731
    return norm(a.agency) == norm(b.agency) and a.scope == b.scope and sorted(a.units) == sorted(b.units)


def preconditions(report: Report, previous: Report) -> list[Finding]:
    problems = []
    if previous.year != report.year - 1:
        problems.append(f"上年报告为 {previous.year} 年度，不是 {report.year - 1} 年度")
    if not _same_unit(report, previous):
        problems.append(f"报告单位或范围不同（{previous.agency or '未注明'} / {report.agency or '未注明'}）")
    if not problems:
        return []
    return [Finding(rule="X-1", severity=Severity.INFO,
                    message="未进行跨年度比较：" + "；".join(problems) + "。")]


def check_carry_over(report: Report, previous: Report) -> list[Finding]:
    """T3-6: 二、上年结转 (N) = 四、结转下年度继续办理 (N−1), per column, across formats too."""
    out = []
    for column in T3_COLUMNS:
        now, before = address("表三", T3_CARRIED_OVER, column), address("表三", T3_CARRIED_FORWARD, column)
        a, b = report.number(now), previous.number(before)
        if a != b:
            out.append(Finding(
                rule="T3-6", severity=Severity.WARNING, table="表三", member=column, cells=(now,), left=a, right=b,
                message=(f"表三「{label(column)}」列：本年“上年结转”为 {fmt_number(a)}，"
                         f"但 {previous.year} 年度报告“结转下年度继续办理”为 {fmt_number(b)}。"),
            ))
    return out


def check_table2_trend(report: Report, previous: Report) -> list[Finding]:
    """T2-2 (2021) and T2-4 (2019): stock of documents and items carried between years."""
    out = []
    if report.format.id == "2021" and previous.format.id == "2021":
        for row in ("第二十条第（一）项/规章", "第二十条第（一）项/行政规范性文件"):
            cur = address("表二", row, "现行有效件数")
            expected = (previous.number(cur) + report.number(address("表二", row, "本年制发件数"))
                        - report.number(address("表二", row, "本年废止件数")))
            if report.cells[cur] is not None and report.number(cur) != expected:
                out.append(Finding(
                    rule="T2-2", severity=Severity.WARNING, table="表二", member=row, cells=(cur,),
                    left=report.number(cur), right=expected,
                    message=(f"{cell_label(cur)} 为 {fmt_number(report.number(cur))}，按上年现行有效件数加本年制发"
                             f"减本年废止应约为 {fmt_number(expected)}（修订、到期失效等可能造成合理差异）。"),
                ))
    if report.format.id == "2019" and previous.format.id == "2019":
        for addr, cell in report.format.cells.items():
            if cell.table != "表二" or cell.column != "上一年项目数量":
                continue
            delta = address("表二", cell.row, "本年增/减")
            expected = previous.number(addr) + previous.number(delta)
            if report.cells[addr] is not None and report.number(addr) != expected:
                out.append(Finding(
                    rule="T2-4", severity=Severity.WARNING, table="表二", member=cell.row, cells=(addr,),
                    left=report.number(addr), right=expected,
                    message=(f"{cell_label(addr)} 为 {fmt_number(report.number(addr))}，但上年报告的上一年项目数量"
                             f"加本年增/减为 {fmt_number(expected)}。"),
                ))
    return out


def check_pending_appeals(report: Report, previous: Report) -> list[Finding]:
    """T4-3: no official link; note last year's pending cases so a clerk can account for them."""
    out = []
    for group in T4_GROUPS:
        pending = previous.number(address("表四", T4_ROW, f"{group}/尚未审结"))
        if pending:
            out.append(Finding(
                rule="T4-3", severity=Severity.INFO, table="表四", member=group,
                message=f"{previous.year} 年度{label(group)}尚未审结 {fmt_number(pending)} 件，请确认其本年度结果已如实统计。",
            ))
    return out
