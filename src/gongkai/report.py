"""The annual report as a value.

`cells` maps every address of the report's format to its value: an `int`, a `Decimal`
(amounts), or `None` where the document prints the cell blank (or a dash / slash).
Blank is not 0: arithmetic treats it as 0 but the checker says so.  Cells that a reader
could not determine are `None` and listed in `unknown` (never blank, never a guess); cells
a reader determined rather than read directly (a digit run split by the report's
arithmetic, a row placed by the format's row order) carry `Provenance.inferred`, and
`Provenance.certain` says whether the arithmetic left one possibility only.  What a
reader noticed about the document is a list of `Issue` records (code, where, message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from . import formats
from .formats import Format

Value = int | Decimal | None


class Scope(StrEnum):
    OWN = "own"  # one agency's own report
    AGGREGATE = "aggregate"  # 汇总: the sum of several agencies' reports


class Provenance(NamedTuple):
    """Where a cell's value (or an issue) was found in its source document, typed.

    `where` is the readable form: ``第 57 行`` (a text line), ``表格2 第4行第4列`` (a table's
    row and column), ``第3页 表格1 第7行第4列`` (a PDF page), ``第1页 表格2 第8行第7列（OCR，框
    x=1078–1177 y=1828–1872）`` (a scanned page: the cell's box in the pixels of the page as
    straightened, what ``--debug-images`` draws).  `note` holds a place given
    only as text (an interchange file's provenance).  A named tuple, not a dataclass: readers
    make one per printed cell, and this is the cheapest immutable record to make."""

    note: str = ""
    page: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    line: int | None = None
    inferred: bool = False  # determined by the reader (arithmetic, a row placed by order), not read directly
    certain: bool = True  # for an inferred cell: the report's arithmetic left no other possibility
    scan_box: tuple[int, int, int, int] | None = None  # OCR: x0, top, x1, bottom, in the page's pixels

    @property
    def where(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表格{self.table}")
        if self.row is not None:
            parts.append(f"第{self.row}行" + (f"第{self.column}列" if self.column is not None else ""))
        if self.line is not None:
            parts.append(f"（第 {self.line} 行）" if parts else f"第 {self.line} 行")
        if self.scan_box is not None:
            x0, top, x1, bottom = self.scan_box
            parts.append(f"（OCR，框 x={x0}–{x1} y={top}–{bottom}）")
        return " ".join(parts).replace(" （", "（") if parts else self.note

    def but(self, **changes) -> Provenance:
        """A copy with some fields changed (the place of a cell inside a table's place)."""
        return self._replace(**changes)

    def __str__(self) -> str:
        return self.where


@dataclass(frozen=True)
class Issue:
    """Something a reader noticed in a document: a stable `code` (``table-missing``,
    ``row-unread``, ``digits-ambiguous`` …, listed in docs/readers.md), where, and a Chinese
    message.  `cells` names the addresses concerned, when there are any."""

    code: str
    message: str
    where: Provenance | None = None
    cells: tuple[str, ...] = ()

    def __str__(self) -> str:
        place = self.where.where if self.where is not None else ""
        return f"{self.message}（{place}）" if place else self.message

    def to_dict(self) -> dict:
        d = {"code": self.code, "message": self.message}
        if self.where is not None and self.where.where:
            d["where"] = self.where.where
        if self.cells:
            d["cells"] = list(self.cells)
        return d

    @classmethod
    def from_any(cls, raw) -> Issue:
        """An issue as an interchange file holds it: a record, or (older files) a line of text."""
        if isinstance(raw, dict):
            where = raw.get("where")
            return cls(str(raw.get("code") or "note"), str(raw.get("message") or ""),
                       Provenance(str(where)) if where else None, tuple(raw.get("cells") or ()))
        return cls("note", str(raw))


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
    document_issues: list[Issue] = field(default_factory=list)  # what a reader noticed
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

    @property
    def uncertain(self) -> set[str]:
        """Inferred cells the arithmetic did not force (the reader chose among possibilities)."""
        return {a for a, p in self.provenance.items() if p.inferred and not p.certain}

    @property
    def cells_read(self) -> int:
        """Cells whose value (or blank-ness) is known: every cell but the unknown ones."""
        return len(self.cells) - len(self.unknown)

    @property
    def complete(self) -> bool:
        return not self.unknown

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

    A cell is blank in the sum only when it is blank in every input, and unknown when it
    is unknown in any.  Sums preserve every identity, so a failing identity in the
    aggregate means bad inputs.
    """
    if not reports:
        raise ValueError("nothing to aggregate")
    years = {r.year for r in reports}
    fmts = {r.format.id for r in reports}
    if len(years) != 1 or len(fmts) != 1:
        raise ValueError(f"只能汇总同一年度、同一格式的年报（收到年度 {sorted(years)}，格式 {sorted(fmts)}）")
    out = Report.empty(agency, reports[0].year, reports[0].format, scope=Scope.AGGREGATE)
    for addr in out.format.cells:
        if any(addr in r.unknown for r in reports):
            out.unknown.add(addr)
            continue
        values = [r.cells[addr] for r in reports if r.cells[addr] is not None]
        out.cells[addr] = sum(values) if values else None
    units: list[str] = []
    for r in reports:
        units.extend(r.units if r.scope == Scope.AGGREGATE else [r.agency])
    out.units = units
    return out
