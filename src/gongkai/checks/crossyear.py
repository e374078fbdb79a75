"""Rules between a report and the same unit's report for the previous year (all SOFT).

Legitimate breaks exist (restructured agencies, a changed scope, corrections), so these
warn; they never raise an error.
"""

from __future__ import annotations

import unicodedata

from ..formats import ItemsTrend, StockTrend, address
from ..report import Report
from .arithmetic import cell_label, fmt_number
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
    roles, prev_roles = report.format.roles, previous.format.roles
    for column, prev_column in zip((*roles.applicant_columns, roles.total_column),
                                   (*prev_roles.applicant_columns, prev_roles.total_column), strict=True):
        now = address("表三", roles.carried_over, column)
        before = address("表三", prev_roles.carried_forward, prev_column)
        a, b = report.number(now), previous.number(before)
        if a != b:
            out.append(Finding(
                rule="T3-6", severity=Severity.WARNING, table="表三", member=column, cells=(now,), left=a, right=b,
                message=(f"表三「{report.format.short_label('表三', column)}」列：本年“上年结转”为 {fmt_number(a)}，"
                         f"但 {previous.year} 年度报告“结转下年度继续办理”为 {fmt_number(b)}。"),
            ))
    return out


def check_table2_trend(report: Report, previous: Report) -> list[Finding]:
    """T2-2 (2021) and T2-4 (2019): stock of documents and items carried between years."""
    out = []
    # a trend runs only where the previous year's format declares the same rule (same cells)
    shared = [t for t in report.format.trends if t in previous.format.trends]
    for trend in (t for t in shared if isinstance(t, StockTrend)):
        for row in trend.rows:
            cur = address(trend.table, row, trend.stock)
            expected = (previous.number(cur) + report.number(address(trend.table, row, trend.added))
                        - report.number(address(trend.table, row, trend.removed)))
            if report.cells[cur] is not None and report.number(cur) != expected:
                out.append(Finding(
                    rule=trend.rule, severity=Severity.WARNING, table=trend.table, member=row, cells=(cur,),
                    left=report.number(cur), right=expected,
                    message=(f"{cell_label(cur, report.format)} 为 {fmt_number(report.number(cur))}，按上年现行有效件数加本年制发"
                             f"减本年废止应约为 {fmt_number(expected)}（修订、到期失效等可能造成合理差异）。"),
                ))
    for trend in (t for t in shared if isinstance(t, ItemsTrend)):
        for addr, cell in report.format.cells.items():
            if cell.table != trend.table or cell.column != trend.count:
                continue
            delta = address(trend.table, cell.row, trend.delta)
            expected = previous.number(addr) + previous.number(delta)
            if report.cells[addr] is not None and report.number(addr) != expected:
                out.append(Finding(
                    rule=trend.rule, severity=Severity.WARNING, table=trend.table, member=cell.row, cells=(addr,),
                    left=report.number(addr), right=expected,
                    message=(f"{cell_label(addr, report.format)} 为 {fmt_number(report.number(addr))}，但上年报告的上一年项目数量"
                             f"加本年增/减为 {fmt_number(expected)}。"),
                ))
    return out


def check_pending_appeals(report: Report, previous: Report) -> list[Finding]:
    """T4-3: no official link; note last year's pending cases so a clerk can account for them."""
    out = []
    roles = previous.format.roles
    for group in roles.appeal_groups:
        pending = previous.number(address("表四", roles.appeal_row, f"{group}/{roles.appeal_leaves[-1]}"))
        if pending:
            out.append(Finding(
                rule="T4-3", severity=Severity.INFO, table="表四", member=group,
                message=f"{previous.year} 年度{previous.format.short_label('表四', group)}尚未审结 {fmt_number(pending)} 件，请确认其本年度结果已如实统计。",
            ))
    return out
