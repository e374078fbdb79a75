"""Rules over the document rather than the arithmetic: headings, format version, section contents.

These need what a reader found in the document (section texts, rows the format does not
have); a report loaded from cells alone skips them.
"""

from __future__ import annotations

import re

from ..formats import PATH_SEP, address, split_address
from ..report import Report
from .finding import Finding, Severity


def _stray_rows(report: Report, table: str) -> dict[str, list[str]]:
    """Rows a reader recorded outside the format, by every path they may stand for: readers
    record a stray row with or without its table's group label (三、本年度办理结果)."""
    groups = report.format.table(table).quiet_groups
    rows: dict[str, list[str]] = {}
    for a in report.extra_cells:
        t, row, _ = split_address(a)
        if t != table:
            continue
        for path in {row, *(g + PATH_SEP + row for g in groups)}:
            rows.setdefault(path, []).append(a)
    return rows


def check_format_version(report: Report) -> list[Finding]:
    """T3-7: rows of another revision printed in this one (declared in `Format.superseded`)."""
    out = []
    for sup in report.format.superseded:
        rows = _stray_rows(report, sup.table)
        found = [r for r in sup.rows if r in rows]
        if found:
            out.append(Finding(
                rule="T3-7", severity=Severity.ERROR, table=sup.table, member=found[0],
                cells=tuple(dict.fromkeys(a for r in found for a in rows[r])),
                message=sup.message.format(year=report.year),
            ))
    return out


def check_sections(report: Report) -> list[Finding]:
    """D-1: all six headings present (a reader records what it found in `sections`)."""
    if not report.sections:
        return []
    missing = [h for i, h in enumerate(report.format.sections, start=1) if i not in report.sections]
    if not missing:
        return []
    return [Finding(
        rule="D-1", severity=Severity.WARNING,
        message=f"未找到以下部分标题：{'、'.join(missing)}。年报应包含格式规定的六个部分，并按顺序排列。",
    )]


_FEE_WORDS = re.compile(r"信息处理费|处理费|收费通知")
_NO_FEE = re.compile(
    r"(未|没有|无)[^。；]{0,12}(收取|发出|产生|收缴)[^。；]{0,12}(信息处理费|处理费|收费通知)"
    r"|(信息处理费|处理费)[^。；]{0,20}?(为|共计|合计)?\s*(0|零)\s*(元|万元)"
)
_ACCOUNTABILITY = re.compile(r"考核|评议|责任追究|问责")


def check_section_contents(report: Report) -> list[Finding]:
    """D-3, D-4, T3-8: what sections 一, 五 and 六 must say, judged from their text."""
    if not report.sections:
        return []
    out = []
    other = report.sections.get(6, "")
    fmt = report.format
    if fmt.fee_report_required:
        if 6 in report.sections and not _FEE_WORDS.search(other):
            out.append(Finding(
                rule="D-3", severity=Severity.WARNING,
                message=f"{fmt.section_title(6)} 未提及信息处理费的收取情况（{fmt.id} 年格式要求报告）。",
            ))
        unpaid_row = fmt.outcome_row("other.unpaid_fee")
        unpaid = address("表三", unpaid_row, fmt.roles.total_column)
        n = report.cells.get(unpaid)
        if n and _NO_FEE.search(other):
            out.append(Finding(
                rule="T3-8", severity=Severity.WARNING, table="表三", cells=(unpaid,), left=n,
                message=(f"{fmt.section_title(6)} 称未收取信息处理费，但表三“{fmt.short_label('表三', unpaid_row)}”"
                         f"为 {n}。未发出收费通知就不会有逾期未缴费的申请。"),
            ))
    if report.agency.endswith("人民政府"):
        text = report.sections.get(1, "") + report.sections.get(5, "")
        if not _ACCOUNTABILITY.search(text):
            out.append(Finding(
                rule="D-4", severity=Severity.WARNING,
                message="人民政府的年报应报告工作考核、社会评议和责任追究结果情况（条例第五十条第（四）项），本报告未见相关内容。",
            ))
    return out
