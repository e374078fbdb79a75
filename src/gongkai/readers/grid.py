"""Table grids (HTML, DOCX, Markdown, PDF ruling lines, OCR) → a `Reading`.

The entry point for anything that has a table as cells with row/column spans:

    grid = grid_from_rows([[("一、本年新收政府信息公开申请数量", 1, 1), ("5", 1, 1), …], …],
                          Provenance(page=3, table=1))
    reading = read_grids([grid, …], fmt)          # then reading.finish(fmt).apply(report)

(`structured.report_from_grids` does all of it and returns the `Report`.)  A grid is a 2-D
matrix of slots, each pointing at the printed cell that covers it, so a label printed once
with a rowspan (三、本年度办理结果, （三）不予公开) is part of every row it spans.

A row is read as: label cells on the left, then the trailing run of value-like cells
(numbers, blanks, dashes).  The label finds the format row (`labels.match_row`); the
values go to the format's columns by the header printed above them (`labels.column_for`,
with the headings printed above the table as its `context`), or by their order when their
number equals the columns'.  Where the header does not name the columns (a converter's
数据1…数据6), the mapping by order is a *placement* kept only where the identities confirm
it.  A row whose label matches nothing is placed by the format's row order where the gap
allows (again confirmed by the identities), or its numbers go to `extra_cells`.  Columns of
a located row never read, values spanning rows, and cells cut off by a page edge are
unknown, never blank and never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache

from ..formats import Format, Kind, address
from ..report import Issue, Provenance
from . import labels as L
from . import limits
from .confirm import Placement
from .reading import Reading
from .values import is_blank, looks_like_number, read_value

# ---------------------------------------------------------------- the grid


@dataclass(eq=False)  # identity matters: one object per printed cell, shared by its slots
class GridCell:
    text: str
    row: int  # origin slot (0-based) inside its grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    where: Provenance = field(default_factory=Provenance)  # of the printed cell
    cut: bool = False  # cut off by the page's edge: its text may be incomplete
    # A source that reads text with a confidence (OCR) marks a cell it is not sure of: the
    # text holds the cell's place in its row, the cell is unknown with this issue.
    doubt: Issue | None = None


@dataclass
class Grid:
    """A table with spans resolved: `slots[r][c]` is the cell covering (r, c), or None."""

    slots: list[list[GridCell | None]]
    where: Provenance = field(default_factory=Provenance)  # the table: page and number
    # A PDF table that starts at the top of a page may continue the previous page's table.
    continues: bool = False
    # Headings printed right above the table (Markdown ``### 行政复议``, an HTML caption):
    # any of them may name the table, the last one the group of its columns.
    context: tuple[str, ...] = ()

    @cached_property
    def width(self) -> int:
        return max((len(r) for r in self.slots), default=0)


def grid_from_rows(rows: list[list[tuple[str, int, int]]], where: Provenance, lines: list[int] | None = None) -> Grid:
    """HTML-style rows (cells given left to right as (text, rowspan, colspan), skipping
    slots already covered by a rowspan from above) → a resolved Grid.  `lines`: the text
    line each row was printed on (Markdown), for the cells' provenance.  Spans are clamped
    (`limits.clamp_span`; a rowspan past the table's end is clipped); a table wider or larger
    than `limits` allow is refused before it is laid out further."""
    lim = limits.current()
    slots: list[list[GridCell | None]] = []
    filled = 0  # slots laid out so far
    for r, row in enumerate(rows):
        while len(slots) <= r:
            slots.append([])
        c = 0
        for text, rowspan, colspan in row:
            line = slots[r]
            while c < len(line) and line[c] is not None:
                c += 1
            rowspan = min(limits.clamp_span(rowspan), len(rows) - r)
            colspan = limits.clamp_span(colspan)
            if c + colspan > lim.table_columns:
                raise limits.refuse("", f"表格第 {r + 1} 行超过 {lim.table_columns} 列的上限", "table too wide")
            filled += rowspan * colspan
            if filled > lim.table_slots:
                raise limits.refuse("", f"表格展开后超过 {lim.table_slots:,} 格的上限", "table too large")
            cell = GridCell(text, r, c, rowspan, colspan, _place(where, r + 1, c + 1, lines[r] if lines else None))
            for dr in range(rowspan):
                while len(slots) <= r + dr:
                    slots.append([])
                target = slots[r + dr]
                while len(target) < c + colspan:
                    target.append(None)
                for dc in range(colspan):
                    if target[c + dc] is None:
                        target[c + dc] = cell
            c += colspan
    return Grid(slots, where)


@lru_cache(maxsize=1 << 16)
def _place(table: Provenance, row: int, column: int, line: int | None) -> Provenance:
    """A cell's provenance inside its table's (tables of every report have the same shapes:
    the same few thousand values, made once)."""
    return Provenance(table.note, table.page, table.table, row, column, line)


# ---------------------------------------------------------------- reading rows


def _row_cells(grid: Grid, r: int) -> list[GridCell]:
    out: list[GridCell] = []
    seen: set[int] = set()  # by identity (a set, not `in out`: a wide row stays linear)
    for cell in grid.slots[r]:
        if cell is not None and id(cell) not in seen:
            seen.add(id(cell))
            out.append(cell)
    return out


# Printed in a value's place but not a number nor a blank (cells.md): the cell is unknown.
_PLACEHOLDERS = frozenset({"无", "空", "×", "x", "X", "…", "...", "——/", "不适用"})


def _is_value(text: str) -> bool:
    return is_blank(text) or looks_like_number(text) or L.key(text) in _PLACEHOLDERS


class _Header:
    """Header paths above each grid column, computed only when a row needs them."""

    def __init__(self, grid: Grid, rows: list[int], own_context: bool = True):
        self.grid, self.rows, self._paths = grid, rows, None
        self.prefix = list(grid.context[-1:]) if own_context else []
        self._names: dict[tuple[str, ...], bool] = {}

    def __bool__(self) -> bool:
        return bool(self.rows)

    def path(self, c: int) -> list[str]:
        if self._paths is None:
            self._paths = {}
            for col in range(self.grid.width):
                seen: list[GridCell] = []
                for r in self.rows:
                    row = self.grid.slots[r]
                    cell = row[col] if col < len(row) else None
                    if cell is not None and cell not in seen and L.key(cell.text):
                        seen.append(cell)
                self._paths[col] = [x.text for x in seen]
        path = self._paths.get(c)
        return self.prefix + path if path else []

    def names_all(self, columns) -> bool:
        """Whether this header names every one of `columns` somewhere above the table."""
        if columns not in self._names:
            named = {L.column_for(self.path(c), columns) for c in range(self.grid.width)}
            self._names[columns] = set(columns) <= named
        return self._names[columns]


@dataclass
class _Pending:
    """A row with numbers whose label matched nothing, kept until the row order is known."""

    table: str
    labels: list[GridCell]
    values: list[GridCell]
    header: _Header | None
    r: int


def _match(fmt: Format, label_texts: list[str], hint: str | None, groups: tuple[str, ...]) -> L.RowLabel | None:
    """The format row a printed row's label cells name (the last cell, or the last two
    joined when the number sits in a cell of its own), exact matches in any table first."""
    texts = [t for t in label_texts if L.key(t)]
    if not texts:
        return None
    leaves = [texts[-1]] + ([texts[-2] + texts[-1]] if len(texts) >= 2 else [])
    tables = ([hint] if hint else []) + [t.key for t in fmt.tables if t.key != hint]
    for leaf in leaves:
        k = L.key(leaf)
        for t in tables:
            r = L.row_by_key(fmt.id, t).get(k)
            if r is not None:
                return r
    for leaf in leaves:
        for t in tables:
            r = L.match_row(leaf, L.row_labels(fmt, t), groups)
            if r is not None:
                return r
    return None


def read_grids(grids: list[Grid], fmt: Format) -> Reading:
    """Read every grid, in document order, into the cells of `fmt` (see the module doc)."""
    out = Reading()
    located: dict[tuple[str, str], tuple[L.RowLabel, Provenance]] = {}
    sequences: dict[str, list] = {t.key: [] for t in fmt.tables}  # rows as printed, per table
    header: _Header | None = None
    table_ctx: str | None = None
    prev_width = -1
    group_keys = set().union(*(L.group_labels(fmt, t.key) for t in fmt.tables))
    for grid in grids:
        if not (grid.continues and grid.width == prev_width):
            header, table_ctx = None, L.table_of(grid.context, fmt)
        prev_width = grid.width
        header_rows: list[int] = []
        in_header = False
        headers_seen: list[tuple[str, ...]] = []
        own_context = True  # the grid's headings name its first header's columns only
        context_groups = tuple(L.key(c) for c in grid.context if L.key(c) in group_keys)
        for r in range(len(grid.slots)):
            cells = _row_cells(grid, r)
            if not cells:
                continue
            run = 0
            while run < len(cells) and _is_value(cells[-1 - run].text):
                run += 1
            labels = cells[: len(cells) - run]
            values = cells[len(cells) - run:]
            has_number = any(not is_blank(c.text) for c in values)
            label_texts = [c.text for c in labels]
            names_table = L.table_of(label_texts, fmt)
            header_like = run == 0 or (not has_number and names_table is not None)
            target = None if header_like else _match(
                fmt, label_texts, table_ctx, context_groups + tuple(L.key(t) for t in label_texts[:-1]))
            if target is None and not has_number:
                # A header or caption row: remember the labels above each column.
                if names_table:
                    table_ctx = names_table
                if not in_header:
                    header_rows, in_header = [], True
                texts = tuple(L.key(t) for t in label_texts)
                if texts in headers_seen:
                    # the same header again in one grid: a second table run into the first (its own
                    # heading lost), so the heading above the grid does not name its columns
                    own_context = False
                headers_seen.append(texts)
                header_rows.append(r)
                header = _Header(grid, list(header_rows), own_context)
                continue
            in_header = False
            if target is None and any(L.match_caption(t, fmt) is not None for t in label_texts):
                continue
            if target is None and table_ctx and has_number and _single_row(fmt, table_ctx) and (
                    not labels or L.key(labels[-1].text) in L.column_keys(fmt, table_ctx) | {""}):
                target = L.row_labels(fmt, table_ctx)[0]  # 表四's one row, printed without a label
            if target is None:
                if table_ctx and has_number:
                    sequences[table_ctx].append(_Pending(table_ctx, labels, values, header, r))
                continue
            table_ctx = target.table
            sequences[target.table].append(target)
            located.setdefault((target.table, target.row), (target, values[0].where if values else grid.where))
            _read_row(out, fmt, target, values, header, r)
    for table, sequence in sequences.items():
        marks = [x if isinstance(x, L.RowLabel) else None for x in sequence]
        placed = L.place_by_order(marks, L.row_labels(fmt, table))
        for i, item in enumerate(sequence):
            if isinstance(item, L.RowLabel):
                continue
            target = placed.get(i)
            if target is None:
                _extra_row(out, fmt, item)
                continue
            located.setdefault((table, target.row), (target, item.values[0].where))
            _read_row(out, fmt, target, item.values, item.header, item.r, by_order=True)
    for (table, row), (target, where) in located.items():
        out.tables.add(table)
        out.rows.add((table, row))
        plan = _plan(fmt.id, table, target.block, row)
        columns = [c for c, _, _ in plan]
        missing = [a for _, a, _ in plan if not out.has(a)]
        if missing:
            out.unread(missing, Issue("column-unread", f"{table}「{fmt.short_label(table, row)}」一行有 {len(missing)} 列"
                                                       f"的数值无法确定属于哪一列（格式有 {len(columns)} 列），记为未知",
                                      where, tuple(missing)))
    return out


@cache
def _plan(fmt_id: str, table: str, block: int, row: str) -> tuple[tuple[str, str, Kind], ...]:
    """A format row's columns with their addresses and kinds (made once per row)."""
    from .. import formats

    b = formats.get(fmt_id).table(table).blocks[block]
    return tuple((c, address(table, row, c), b.kind_of(c)) for c in b.columns)


def _single_row(fmt: Format, table: str) -> bool:
    blocks = fmt.table(table).blocks
    return len(blocks) == 1 and len(blocks[0].rows) == 1


def _read_row(out: Reading, fmt: Format, target: L.RowLabel, values: list[GridCell], header: _Header | None,
              r: int, by_order: bool = False) -> None:
    block = fmt.table(target.table).blocks[target.block]
    columns = block.columns
    n = len(columns)
    assigned: dict[str, GridCell] = {}
    positional = False
    if len(values) == n:
        assigned = dict(zip(columns, values, strict=True))
        positional = True
    elif len(values) > n and all(not L.key(c.text) for c in values[: len(values) - n]):
        # Blank label cells (a group without sub-items) sit before the values.
        assigned = dict(zip(columns, values[len(values) - n:], strict=True))
        positional = True
    elif header:
        for cell in values:
            col = L.column_for(header.path(cell.col), columns)
            if col and col not in assigned:
                assigned[col] = cell
    # Values placed by their order under a header that does not name the format's columns (a
    # converter's placeholders 数据1…数据6, an invented header line): kept only if the
    # arithmetic agrees.  A header naming them all fixes the order even where its spans are off.
    unconfirmed = positional and bool(header) and not header.names_all(columns)
    placed = []
    for col, addr, kind in _plan(fmt.id, target.table, target.block, target.row):
        cell = assigned.get(col)
        if cell is None:
            continue
        if out.has(addr):
            out.issues.append(Issue("duplicate-row", f"{target.table}「{fmt.short_label(target.table, target.row)}」"
                                                     "在表格中出现不止一次，只取第一次", cell.where))
            continue
        if cell.row != r and L.key(cell.text):  # one printed value spanning several rows
            out.unread([addr], Issue("spanning-value", "数值单元格跨行合并，无法确定属于哪一行", cell.where, (addr,)))
            continue
        if cell.cut:
            out.unread([addr], Issue("table-cut", "单元格被页面边缘截断，数值可能不完整，记为未知", cell.where, (addr,)))
            continue
        if cell.doubt is not None:
            out.unread([addr], replace(cell.doubt, cells=(addr,)))
            continue
        v = read_value(cell.text, kind, fmt.cells[addr].unit)
        if not v.ok:
            out.unread([addr], Issue("cell-unread", v.problem or "无法识别的数值", cell.where, (addr,)))
            continue
        if v.unit:
            out.issues.append(Issue("unit-in-cell", f"单元格写有单位「{v.unit}」", cell.where, (addr,)))
        out.set(addr, v.value, cell.where.but(inferred=True) if unconfirmed or by_order else cell.where)
        placed.append(addr)
    if (by_order or unconfirmed) and placed:
        out.placements.append(Placement(frozenset(placed), "order" if by_order else "position",
                                        fmt.short_label(target.table, target.row), values[0].where if values else None))


def _extra_row(out: Reading, fmt: Format, item: _Pending) -> None:
    """A numbered row the format does not have (local rows, a 2019 row in a 2021 report)."""
    path = "/".join(dict.fromkeys(L.normalize(c.text) for c in item.labels if L.key(c.text)))
    if not path:
        return
    values = item.values
    blocks = fmt.table(item.table).blocks
    columns = blocks[0].columns if len(blocks) == 1 else ()
    if len(values) > len(columns) and columns and all(not L.key(c.text) for c in values[: len(values) - len(columns)]):
        values = values[len(values) - len(columns):]
    names = columns if len(values) == len(columns) else tuple(f"第{i + 1}列" for i in range(len(values)))
    for name, cell in zip(names, values, strict=False):
        v = read_value(cell.text, Kind.AMOUNT)
        if v.ok and cell.doubt is None:
            out.extra_cells[address(item.table, path, name)] = v.value
    where = values[0].where if values else item.labels[-1].where
    sup = L.superseded_by(fmt, item.table, path)
    if sup is not None:
        out.superseded.append(sup)
        out.issues.append(Issue("superseded-row", sup.reader_note, where))
    else:
        out.issues.append(Issue("extra-row", f"{item.table}多出格式中没有的一行「{path}」，数值记入 extra_cells", where))
