"""The one result type of every table reader, and the rules every reader ends with.

A token stream (`tokens`) and a table grid (`grid`) both produce a `Reading`: cells read
(value or blank) with typed provenance, cells located but unread (`unknown`), numbers in
rows the format does not have (`extra_cells`), what was noticed (`issues`), the tables and
rows located, and the placements still to be confirmed.  `finish(fmt)` then applies the
rules that make a reading trustworthy, the same for every kind of document:

1. a table not found: all its cells unknown, and an issue naming it;
2. a row of a found table not found: its cells unknown (a row the document prints in
   another revision's shape — a 2019-style undivided （六） in a 2021 report — stands in
   place of the format's rows, which are then absent: blank, and T3-7 says so);
3. placements the reader inferred (a row placed by the format's row order, columns mapped
   by position under placeholder headers) are kept only where the identities confirm them
   (`confirm`), else their cells are unknown.

`apply(report)` copies the result into a `Report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..formats import Format, address
from ..report import Issue, Provenance, Report, Value
from .confirm import Placement, confirm
from .labels import replaced_rows


@dataclass
class Reading:
    cells: dict[str, Value] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    extra_cells: dict[str, Value] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)  # tables located
    rows: set[tuple[str, str]] = field(default_factory=set)  # (table, row) located
    placements: list[Placement] = field(default_factory=list)
    superseded: list = field(default_factory=list)  # formats.Superseded rows the document prints

    def set(self, addr: str, value: Value, where: Provenance) -> None:
        self.cells[addr] = value
        self.provenance[addr] = where
        self.unknown.discard(addr)

    def unread(self, addrs, issue: Issue | None = None) -> None:
        """Cells located but not read: unknown, never blank."""
        for a in addrs:
            self.cells.pop(a, None)
            self.provenance.pop(a, None)
            self.unknown.add(a)
        if issue is not None:
            self.issues.append(issue)

    def has(self, addr: str) -> bool:
        return addr in self.cells or addr in self.unknown

    def merge(self, other: Reading) -> None:
        self.cells.update(other.cells)
        self.provenance.update(other.provenance)
        self.unknown -= set(other.cells)
        self.unknown |= other.unknown
        self.extra_cells.update(other.extra_cells)
        self.issues.extend(other.issues)
        self.tables |= other.tables
        self.rows |= other.rows
        self.placements.extend(other.placements)
        self.superseded.extend(other.superseded)

    def finish(self, fmt: Format) -> Reading:
        """The rules every reader ends with (module doc); returns self."""
        absent = {(s.table, row) for s in self.superseded for row in replaced_rows(fmt, s)}
        for table in fmt.tables:
            addrs = fmt.addresses(table.key)
            if table.key not in self.tables:
                self.unread(addrs, Issue("table-missing", f"文中未找到{table.key}（或其表格无法识别），"
                                                          f"其 {len(addrs)} 个单元格记为未知", cells=tuple(addrs)))
                continue
            for block in table.blocks:
                for row in block.rows:
                    if (table.key, row) in self.rows or any(self.has(address(table.key, row, c)) for c in block.columns):
                        continue
                    cells = [address(table.key, row, c) for c in block.columns]
                    if (table.key, row) in absent:
                        for a in cells:
                            self.cells.setdefault(a, None)
                        continue
                    self.unread(cells, Issue("row-missing", f"{table.key}中未找到「{fmt.short_label(table.key, row)}」"
                                                            "一行，其单元格记为未知", cells=tuple(cells)))
        for p in confirm(self.placements, self.cells, self.unknown, fmt):
            self.placements.remove(p)
            self.unread(p.cells, Issue(
                "placement-refused",
                f"「{p.what}」一行的数值" + ("按格式的行序放置（行名无法识别）" if p.how == "order" else
                                        "按列的先后对应（表头未写明各列）") + "，但表中勾稽关系不能确认，记为未知",
                p.where, tuple(sorted(p.cells))))
        for p in self.placements:
            if p.how == "order":
                self.issues.append(Issue("placement-by-order", f"「{p.what}」一行的行名无法识别，按格式的行序放置，"
                                                               "已由勾稽关系确认", p.where, tuple(sorted(p.cells))))
        by_position = sorted({a.split("|", 1)[0] for p in self.placements if p.how == "position" for a in p.cells})
        for t in by_position:
            self.issues.append(Issue("columns-by-position", f"{t}的表头未写明各列（如占位的“数据1”），数值按列的先后"
                                                            "对应格式的各列，已由勾稽关系确认（标为推算）"))
        self.placements = []
        return self

    def apply(self, report: Report) -> Report:
        for a, v in self.cells.items():
            if a in report.cells:
                report.cells[a] = v
        report.provenance.update({a: p for a, p in self.provenance.items() if a in report.cells})
        report.unknown |= {a for a in self.unknown if a in report.cells}
        for a in self.unknown:
            if a in report.cells:
                report.cells[a] = None
                report.provenance.pop(a, None)
        report.extra_cells.update(self.extra_cells)
        report.document_issues.extend(self.issues)
        return report
