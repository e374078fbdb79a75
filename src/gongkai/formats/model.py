"""The shapes a national report format is declared in.

A format is data: tables made of blocks (a block is one printed sub-table with its own
column headers, as 表二 prints one per article item), rows and columns named by their
official label paths, and the identities (勾稽关系) between cells.  Readers, writers,
the checker and the platform all walk these objects instead of hard-coding labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a cell may hold."""

    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # integer that may be negative (本年增/减)
    AMOUNT = "amount"  # non-negative decimal (万元, or unstated unit)


SEP = "|"  # between TABLE, ROW and COLUMN in an address
PATH_SEP = "/"  # between the labels of a nested row or column


def address(table: str, row: str, column: str) -> str:
    return f"{table}{SEP}{row}{SEP}{column}"


def label_levels(paths) -> dict[str, tuple[str, ...]]:
    """Split `/`-joined label paths into their printed labels.

    A `/` separates two levels only where the part before it is shared by another path of
    the same block: a group label always has several children, so `本年增/减` (a column
    name with a slash of its own) stays one label while `申请人情况/自然人` is two.
    """
    paths = list(paths)
    out = {}
    for path in paths:
        parts = path.split(PATH_SEP)
        labels, current = [], parts[0]
        for i in range(1, len(parts)):
            prefix = PATH_SEP.join(parts[:i]) + PATH_SEP
            if sum(p.startswith(prefix) for p in paths) >= 2:
                labels.append(current)
                current = parts[i]
            else:
                current += PATH_SEP + parts[i]
        out[path] = (*labels, current)
    return out


def split_address(addr: str) -> tuple[str, str, str]:
    parts = addr.split(SEP)
    if len(parts) != 3:
        raise ValueError(f"not a cell address (TABLE|ROW|COLUMN): {addr!r}")
    return parts[0], parts[1], parts[2]


@dataclass(frozen=True)
class Cell:
    """One numeric cell of a format."""

    table: str
    row: str
    column: str
    kind: Kind
    block: int  # index of the block within its table
    row_levels: tuple[str, ...] = ()  # the printed labels of the row path, outermost first
    column_levels: tuple[str, ...] = ()
    unit: str = ""  # the unit the format prints for the column (万元), "" when it prints none

    @property
    def address(self) -> str:
        return address(self.table, self.row, self.column)

    @property
    def row_label(self) -> str:
        """The innermost row label: what a clerk sees in the row header."""
        return self.row_levels[-1]

    @property
    def column_label(self) -> str:
        return self.column_levels[-1]


@dataclass(frozen=True)
class Block:
    """A printed sub-table: a caption, a row-header title, rows and columns."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    caption: str | None = None  # e.g. 第二十条第（一）项
    row_header: str | None = None  # e.g. 信息内容
    kinds: dict[str, Kind] = field(default_factory=dict)  # column -> kind (default COUNT)
    units: dict[str, str] = field(default_factory=dict)  # column -> printed unit (万元); none by default
    # Rows whose label is a group with no numbers of its own, printed as a merged cell
    # spanning its children (三、本年度办理结果, （三）不予公开 …) are implied by the paths.

    def kind_of(self, column: str) -> Kind:
        return self.kinds.get(column, Kind.COUNT)

    def unit_of(self, column: str) -> str:
        return self.units.get(column, "")

    def row_levels(self) -> dict[str, tuple[str, ...]]:
        """Row path → printed labels; 表二's caption is a level of its own."""
        if not self.caption:
            return label_levels(self.rows)
        inner = label_levels(r.removeprefix(self.caption + PATH_SEP) for r in self.rows)
        return {f"{self.caption}{PATH_SEP}{k}": (self.caption, *v) for k, v in inner.items()}

    def column_levels(self) -> dict[str, tuple[str, ...]]:
        return label_levels(self.columns)


@dataclass(frozen=True)
class Table:
    key: str  # 表二 / 表三 / 表四
    section: int  # the section (1–6) whose heading the table sits under
    blocks: tuple[Block, ...]
    corner: str | None = None  # text of the top-left header cell (表三's 勾稽 note)
    column_group: str | None = None  # a caption spanning all data columns (表三: 申请人情况)
    value_rule: str = ""  # the rule id that judges each cell's kind and sign (T3-5, T4-2, T2-1 …)
    # Group labels a clerk does not need repeated in a message ("三、本年度办理结果/…" → "…"),
    # longest first: they are stripped from row and column paths when a cell is named.
    quiet_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """One way an application is concluded, as a case stores it (`id`, stable across revisions),
    and the 表三 leaf row this format counts it in.  Several ids may share one row: the 2019
    format counts 逾期不补正, 逾期未缴费 and 其他 all in its single （六）其他处理."""

    id: str
    row: str
    note: str = ""  # tells apart ids that share one row, for menus (逾期不补正 / 逾期未缴费 / 其他)


@dataclass(frozen=True)
class Superseded:
    """A row another revision prints that a document of this format may wrongly carry (T3-7).

    `rows` are the row paths (with or without the table's group label, readers record either);
    `message` is the finding's Chinese text, with ``{year}`` for the report year."""

    table: str
    rows: tuple[str, ...]
    message: str
    reader_note: str = ""  # what a reader says in document_issues when it meets such a row


@dataclass(frozen=True)
class StockTrend:
    """T2-2-like rule: stock(N) ≈ stock(N−1) + added(N) − removed(N), per row."""

    rule: str
    table: str
    rows: tuple[str, ...]
    stock: str
    added: str
    removed: str


@dataclass(frozen=True)
class ItemsTrend:
    """T2-4-like rule: count(N) = count(N−1) + delta(N−1), for every row having `count`."""

    rule: str
    table: str
    count: str
    delta: str


@dataclass(frozen=True)
class Roles:
    """The rows and columns that rules and the platform refer to by meaning, not by label."""

    new: str  # 表三 一、本年新收
    carried_over: str  # 表三 二、上年结转
    concluded: str  # 表三 （七）总计
    carried_forward: str  # 表三 四、结转下年度继续办理
    applicant_columns: tuple[str, ...]  # 表三's six applicant columns, in printed order
    total_column: str  # 表三 总计
    appeal_row: str  # 表四's single row
    appeal_groups: tuple[str, ...]  # 行政复议, 未经复议直接起诉, 复议后起诉
    appeal_leaves: tuple[str, ...]  # 结果维持 · 结果纠正 · 其他结果 · 尚未审结
    appeal_total: str = "总计"
    # Stable ids the platform stores for an appeal's kind and result → the group and leaf labels
    # of 表四 (a revision that renames a column changes only these values).
    appeal_kinds: dict[str, str] = field(default_factory=dict)  # reconsideration … → 行政复议 …
    appeal_results: dict[str, str] = field(default_factory=dict)  # upheld … pending → 结果维持 … 尚未审结


@dataclass(frozen=True)
class Identity:
    """A family of sum rules: for each member of `across`, total = Σ parts.

    `axis == "column"`: the rule holds down one column: `total` and `parts` are rows and
    `across` lists the columns it is checked in.  `axis == "row"`: along one row: `total`
    and `parts` are columns and `across` lists the rows.  `lhs_extra` lets a rule have
    two sums on its left (T3-1: 一 + 二 = （七） + 四) — `parts` + `rhs_extra` on the
    right, `total` + `lhs_extra` on the left.
    """

    rule: str
    table: str
    axis: str  # "column" or "row"
    total: str
    parts: tuple[str, ...]
    across: tuple[str, ...]
    lhs_extra: tuple[str, ...] = ()
    group: str | None = None  # a name for the family when a table has several (T4-1 blocks)
    severity: str = "error"
    origin: str = "STRUCT"  # OFFICIAL / STRUCT / SOFT, from formats-and-rules.md §5

    def instances(self):
        """Yield (member, left cells, right cells) with full addresses."""
        for member in self.across:
            if self.axis == "column":
                left = [address(self.table, r, member) for r in (self.total, *self.lhs_extra)]
                right = [address(self.table, r, member) for r in self.parts]
            else:
                left = [address(self.table, member, c) for c in (self.total, *self.lhs_extra)]
                right = [address(self.table, member, c) for c in self.parts]
            yield member, left, right


@dataclass(frozen=True)
class Format:
    """One national annual-report format."""

    id: str  # "2019" or "2021"
    title: str  # the format's own name
    notice: str  # the notice that issued it
    years: tuple[int, int | None]  # report years it applies to (inclusive; None = open)
    sections: tuple[str, ...]  # the six headings
    tables: tuple[Table, ...]
    identities: tuple[Identity, ...]
    roles: Roles
    outcomes: tuple[Outcome, ...]  # every outcome id a case may store, and its 表三 row here
    superseded: tuple[Superseded, ...] = ()
    trends: tuple[StockTrend | ItemsTrend, ...] = ()  # cross-year rules on 表二
    fee_report_required: bool = False  # D-3: section 六 must report the 信息处理费 (2021 on)

    def __post_init__(self):
        cells = {}
        for table in self.tables:
            for b, block in enumerate(table.blocks):
                row_levels, column_levels = block.row_levels(), block.column_levels()
                for row in block.rows:
                    for column in block.columns:
                        cell = Cell(table.key, row, column, block.kind_of(column), b,
                                    row_levels[row], column_levels[column], block.unit_of(column))
                        cells[cell.address] = cell
        object.__setattr__(self, "_cells", cells)

    @property
    def cells(self) -> dict[str, Cell]:
        """Every numeric cell by address, in printed order."""
        return self._cells  # type: ignore[attr-defined]

    def addresses(self, table: str | None = None) -> list[str]:
        return [a for a, c in self.cells.items() if table is None or c.table == table]

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(f"format {self.id} has no {key}")

    @property
    def outcome_rows(self) -> tuple[str, ...]:
        """The leaf result rows of 表三, in printed order: exactly one per concluded application."""
        return tuple(dict.fromkeys(o.row for o in self.outcomes))

    def outcome_row(self, outcome_id: str) -> str:
        """The 表三 row this format counts an outcome in; KeyError for an id it does not know."""
        for o in self.outcomes:
            if o.id == outcome_id:
                return o.row
        raise KeyError(f"format {self.id} has no outcome {outcome_id!r}")

    @property
    def total_identities(self) -> tuple[Identity, ...]:
        """The identities that define a total: one cell on the left is the sum of its parts
        (T3-2, T3-3, T4-1).  A builder fills these totals from the parts; an identity with two
        sums on its left (T3-1) is a balance, not a definition, and is only checked."""
        return tuple(i for i in self.identities if not i.lhs_extra)

    def fill_totals(self, cells: dict) -> None:
        """Set every declared total in `cells` (address → number) to the sum of its parts, where
        all parts are known; totals of totals (（七）总计 × 总计) settle by repeating."""
        for _ in range(len(self.identities) + 1):
            changed = False
            for ident in self.total_identities:
                for _member, left, right in ident.instances():
                    parts = [cells.get(a) for a in right]
                    if any(v is None for v in parts):
                        continue
                    total = sum(parts)
                    if cells.get(left[0]) != total:
                        cells[left[0]] = total
                        changed = True
            if not changed:
                return

    def appeal_column(self, kind: str, result: str) -> str:
        """表四's column for an appeal kind and result id (KeyError for an id this format lacks)."""
        r = self.roles
        return f"{r.appeal_kinds[kind]}{PATH_SEP}{r.appeal_results[result]}"

    def appeal_total_column(self, kind: str) -> str:
        r = self.roles
        return f"{r.appeal_kinds[kind]}{PATH_SEP}{r.appeal_total}"

    def section_title(self, n: int) -> str:
        """The heading of section `n` (1–6) as this format prints it."""
        return self.sections[n - 1]

    def short_label(self, table: str, path: str) -> str:
        """A row or column path as a clerk reads it: the table's group labels left out."""
        try:
            groups = self.table(table).quiet_groups
        except KeyError:
            groups = ()
        for g in groups:
            if path.startswith(g + PATH_SEP):
                path = path[len(g) + 1:]
                break
        return " ".join(path.split(PATH_SEP))

    def __repr__(self) -> str:  # the cell map makes the default repr unreadable
        return f"<Format {self.id}>"
