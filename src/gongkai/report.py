"""The annual report as a value.

`cells` maps every address of the report's format to its value: an `int`, a `Decimal`
(amounts), or `None` where the document prints the cell blank (or a dash / slash).
Blank is not 0: arithmetic treats it as 0 but the checker says so.  Cells that a reader
could not determine are `None` and listed in `unknown`; cells determined by arithmetic
rather than read are listed in `provenance` with `inferred=True`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from . import formats
from .formats import Format

Value = int | Decimal | None


class Scope(StrEnum):
    OWN = "own"  # one agency's own report
    AGGREGATE = "aggregate"  # 汇总: the sum of several agencies' reports


@dataclass(frozen=True)
class Provenance:
    """Where a cell's value came from in its source document."""

    where: str  # e.g. "第 57 行", "表格 3 第 4 行第 2 列", "第 2 页"
    inferred: bool = False  # determined by the report's arithmetic, not read directly


@dataclass
class Report:
    agency: str
    year: int
    format: Format
    cells: dict[str, Value] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)  # 1..6 -> the section's text
    scope: Scope = Scope.OWN
    units: list[str] = field(default_factory=list)  # agencies summed, when scope is aggregate
    provenance: dict[str, Provenance] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    # Numbers the document prints in rows or columns the format does not have
    # (a 2019-style （六） row in a 2021 report, a local extra row): address -> value.
    extra_cells: dict[str, Value] = field(default_factory=dict)
    document_issues: list[str] = field(default_factory=list)  # what a reader noticed
    source: str | None = None  # the file it was read from
    title: str | None = None

    def __post_init__(self):
        # Every address of the format is present; missing ones are blank.
        for addr in self.format.cells:
            self.cells.setdefault(addr, None)
        stray = set(self.cells) - set(self.format.cells)
        if stray:
            raise ValueError(f"{len(stray)} 个单元格不属于 {self.format.id} 格式，例如 {sorted(stray)[0]}")

    @classmethod
    def empty(cls, agency: str, year: int, fmt: Format | None = None, **kw) -> Report:
        return cls(agency=agency, year=year, format=fmt or formats.for_year(year), **kw)

    @property
    def inferred(self) -> set[str]:
        return {a for a, p in self.provenance.items() if p.inferred}

    def value(self, addr: str) -> Value:
        return self.cells[addr]

    def number(self, addr: str) -> int | Decimal:
        """The value for arithmetic: blank counts as 0."""
        v = self.cells[addr]
        return 0 if v is None else v

    def blank(self, table: str | None = None) -> list[str]:
        return [a for a, v in self.cells.items() if v is None and (table is None or a.startswith(table + "|"))]

    def same_cells(self, other: Report) -> bool:
        """Equal cell by cell, blank-ness included (0 ≠ blank)."""
        return self.format.id == other.format.id and all(
            (self.cells[a] is None) == (other.cells[a] is None) and self.cells[a] == other.cells[a]
            for a in self.format.cells
        )


def aggregate(reports: list[Report], agency: str) -> Report:
    """汇总: cell-wise sums of reports of one year and format.

    A cell is blank in the sum only when it is blank in every input.  Sums preserve
    every identity, so a failing identity in the aggregate means bad inputs.
    """
    if not reports:
        raise ValueError("nothing to aggregate")
    years = {r.year for r in reports}
    fmts = {r.format.id for r in reports}
    if len(years) != 1 or len(fmts) != 1:
        raise ValueError(f"只能汇总同一年度、同一格式的年报（收到年度 {sorted(years)}，格式 {sorted(fmts)}）")
    out = Report.empty(agency, reports[0].year, reports[0].format, scope=Scope.AGGREGATE)
    for addr in out.format.cells:
        values = [r.cells[addr] for r in reports if r.cells[addr] is not None]
        out.cells[addr] = sum(values) if values else None
    units: list[str] = []
    for r in reports:
        units.extend(r.units if r.scope == Scope.AGGREGATE else [r.agency])
    out.units = units
    return out
