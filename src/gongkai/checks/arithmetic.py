"""Rules over one report's cells: the format's identities, value kinds, blanks, unknowns.

The identities (T3-1, T3-2, T3-3, T4-1) come from the format declaration, so a new format
brings its own sums with it; nothing here names a row.
"""

from __future__ import annotations

from decimal import Decimal

from ..formats import Format, Identity, Kind, split_address
from ..report import Report
from .finding import Finding, Severity
from .rules import RULES


def cell_label(addr: str, fmt: Format) -> str:
    """表三「（一）予以公开」行「自然人」列: a cell as a clerk names it."""
    table, row, column = split_address(addr)
    cell = fmt.cells.get(addr)
    col = cell.column_label if cell is not None and cell.table == "表二" else fmt.short_label(table, column)
    return f"{table}「{fmt.short_label(table, row)}」行「{col}」列"


def fmt_number(v) -> str:
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


def _side(report: Report, addrs: list[str], axis: str) -> str:
    """'（一）予以公开 6 + （二）… 6 (空白)' — each term labelled, blanks marked."""
    terms = []
    for a in addrs:
        _, row, column = split_address(a)
        name = report.format.short_label(report.format.cells[a].table, row) if axis == "column" \
            else report.format.cells[a].column_label
        v = report.cells[a]
        terms.append(f"{name} {'空白' if v is None else fmt_number(v)}")
    if len(terms) > 4:  # long sums: name the non-zero terms only
        shown = [t for t, a in zip(terms, addrs, strict=True) if report.cells[a]]
        return ("、".join(shown) if shown else "各项均为 0 或空白") + f"（共 {len(terms)} 项）"
    return " + ".join(terms)


def check_identity(report: Report, ident: Identity) -> list[Finding]:
    """One finding per failing instance.  A sum with an unknown term is not judged (U-1 says
    which); one resting on a cell the reader inferred without the arithmetic forcing it is a
    warning, never an error: the document is not blamed for the reader's doubt."""
    rule = RULES[ident.rule]
    uncertain = report.uncertain
    out = []
    for member, left, right in ident.instances():
        involved = left + right
        if any(a in report.unknown for a in involved):
            continue  # cannot judge a sum with an undetermined term (U-1 says which)
        lsum = sum(report.number(a) for a in left)
        rsum = sum(report.number(a) for a in right)
        if lsum == rsum:
            continue
        blanks = tuple(a for a in involved if report.cells[a] is None)
        short = report.format.short_label(ident.table, ident.group or member)
        where = f"「{short}」" + ("" if ident.group else "列" if ident.axis == "column" else "行")
        diff = lsum - rsum
        lhs = _side(report, left, ident.axis) + (f" 合计 {fmt_number(lsum)}" if len(left) > 1 else "")
        msg = (
            f"{ident.table}{where}：{lhs}，"
            f"但 {_side(report, right, ident.axis)} 合计 {fmt_number(rsum)}，"
            f"相差 {fmt_number(abs(diff))}。"
        )
        if blanks:
            msg += f"其中 {len(blanks)} 个单元格为空白，已按 0 计算。"
        severity = rule.severity
        doubtful = [a for a in involved if a in uncertain]
        if doubtful and severity == Severity.ERROR:
            severity = Severity.WARNING
            msg += f"其中 {len(doubtful)} 个单元格是读取时由连在一起的数字推断的，不能确定，可能是读取问题而非原文错误。"
        out.append(Finding(
            rule=ident.rule, severity=severity, message=msg, table=ident.table,
            member=ident.group or member, cells=tuple(involved), left=lsum, right=rsum, blank_cells=blanks,
        ))
    return out


def check_values(report: Report) -> list[Finding]:
    """T3-5, T4-2, T2-1, T2-5: non-negative; integers where the format counts items."""
    out = []
    for addr, cell in report.format.cells.items():
        v = report.cells[addr]
        if v is None:
            continue
        rule = report.format.table(cell.table).value_rule
        problem = None
        if cell.kind != Kind.AMOUNT and v != int(v):
            problem = "应为整数"
        elif cell.kind != Kind.SIGNED and v < 0:
            problem = "不应为负数"
        if problem:
            out.append(Finding(
                rule=rule, severity=RULES[rule].severity, table=cell.table, member=cell.row,
                message=f"{cell_label(addr, report.format)} 为 {fmt_number(v)}，{problem}。", cells=(addr,), left=v,
            ))
    return out


def check_blanks(report: Report) -> list[Finding]:
    """B-1: blank is not 0 — say how many cells each table leaves blank."""
    out = []
    for table in report.format.tables:
        blanks = [a for a in report.blank(table.key) if a not in report.unknown]
        if not blanks:
            continue
        total = len(report.format.addresses(table.key))
        sample = "、".join(cell_label(a, report.format) for a in blanks[:3]) + ("等" if len(blanks) > 3 else "")
        out.append(Finding(
            rule="B-1", severity=Severity.WARNING, table=table.key, cells=tuple(blanks),
            message=(f"{table.key}有 {len(blanks)}/{total} 个单元格为空白（如 {sample}）。"
                     "空白不等于 0：应填写 0 的请填写 0；检查计算时暂按 0 处理。"),
        ))
    return out


def check_unknown(report: Report) -> list[Finding]:
    if not report.unknown:
        return []
    order = list(report.format.cells)
    cells = tuple(sorted(report.unknown, key=order.index))
    sample = "、".join(cell_label(a, report.format) for a in cells[:3]) + ("等" if len(cells) > 3 else "")
    return [Finding(
        rule="U-1", severity=Severity.WARNING, cells=cells,
        message=f"有 {len(cells)} 个单元格无法从原文确定（如 {sample}），涉及这些单元格的勾稽关系未检查。",
    )]


FEE_WARNING_WAN_YUAN = Decimal(100000)  # ≥ 10 亿元 in fees: far likelier a value typed in 元


def check_fee_unit(report: Report) -> list[Finding]:
    """T2-3: 本年收费金额 is in 万元; a huge value was probably typed in 元."""
    out = []
    for addr, cell in report.format.cells.items():
        if cell.kind != Kind.AMOUNT or cell.unit != "万元":  # the unit is declared (Block.units)
            continue
        v = report.cells[addr]
        if v is not None and v >= FEE_WARNING_WAN_YUAN:
            out.append(Finding(
                rule="T2-3", severity=Severity.WARNING, table=cell.table, cells=(addr,), left=v,
                message=(f"{cell_label(addr, report.format)} 为 {fmt_number(v)} 万元（即 {fmt_number(v / 10000)} 亿元），"
                         "数额异常，可能误以“元”为单位填写。"),
            ))
    return out
