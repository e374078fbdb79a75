"""What the platform itself says about a draft, beside the checker's rules.

These judge the draft, not a published document, so they live here rather than in
`gongkai.checks`: a section left empty (the format: 不能遗漏), a 表二 figure whose automatic
source disagrees with the typed one, a source that failed.
"""

from __future__ import annotations

from gongkai.checks import Finding, Severity
from gongkai.checks.arithmetic import cell_label, fmt_number
from gongkai.report import Report

from .table2 import Table2

REQUIRED_SECTIONS = (1, 5, 6)  # written by staff; 二、三、四 are the tables (a paragraph is optional)

RULES = {
    "A-1": (Severity.ERROR, "总体情况、存在的主要问题及改进情况、其他需要报告的事项 须填写（确无内容的写“无”）"),
    "A-2": (Severity.INFO, "表二自动统计值与录入值不同（采用自动统计值）"),
    "A-3": (Severity.WARNING, "表二数据来源未能提供数据或提供的数值无效"),
}


def check(report: Report, t2: Table2) -> list[Finding]:
    fmt = report.format
    out = []
    for n in REQUIRED_SECTIONS:
        if not (report.sections.get(n) or "").strip():
            out.append(Finding(rule="A-1", severity=RULES["A-1"][0], member=str(n),
                               message=f"“{fmt.section_title(n)}”尚未填写。年报内容不能遗漏；确无内容的请写“无”。"))
    for addr, c in t2.cells.items():
        if c.differs:
            out.append(Finding(rule="A-2", severity=RULES["A-2"][0], table="表二", cells=(addr,),
                               left=c.provided, right=c.typed,
                               message=(f"{cell_label(addr, fmt)}：{c.provider}统计为 {fmt_number(c.provided)}，"
                                        f"录入值为 {fmt_number(c.typed)}（来源：{c.typed_source}），报告采用统计值。")))
    for notice in t2.notices:
        out.append(Finding(rule="A-3", severity=RULES["A-3"][0], table="表二", message=notice))
    return out
