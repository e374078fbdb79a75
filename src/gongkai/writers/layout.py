"""The printed layout of a report's tables: a grid of header, label and value cells with spans.

Everything here is derived from the format declaration (`fmt.tables`, their blocks and the
label paths of rows and columns), so the HTML, DOCX and XLSX writers draw the same tables
and a new format needs no change here.  The rules, as the national formats print them:

* a column path ``申请人情况/法人或其他组织/商业企业`` is a stack of header cells: each label
  spans the leaf columns that share its prefix, and a path shorter than the deepest one
  lets its last label reach down to the data (表三's 自然人 and 总计, 表四's 行政复议 leaves);
* a row path ``三、本年度办理结果/（三）不予公开/1.属于国家秘密`` is a run of row-header cells:
  group labels span the rows below them, the last label spans the remaining header width;
* the top-left corner holds ``table.corner`` (表三's 勾稽 note) or the block's
  ``row_header`` (表二's 信息内容);
* a block with a caption (表二's 第二十条第（X）项) prints the caption as a full-width row and
  its rows without the caption prefix; blocks of different widths share one table whose
  value columns are split evenly;
* a table with a single unlabelled row and no corner (表四) prints no row header at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from math import lcm

from .. import formats
from ..formats import PATH_SEP, Block, Format, Kind, Table, address, label_levels
from ..report import Report, Value

# What a grid cell is; writers style by role.
CAPTION = "caption"  # 表二's 第二十条第（X）项 row
CORNER = "corner"  # top-left header cell
COLUMN = "column"  # a column header label
ROW = "row"  # a row header label
VALUE = "value"  # a number (or blank)

# What a grid row is.
CAPTION_ROW, HEADER_ROW, BODY_ROW = "caption", "header", "body"
KEEP_TOGETHER_ROWS = 12


@dataclass
class GridCell:
    row: int
    col: int
    text: str
    role: str
    rowspan: int = 1
    colspan: int = 1
    address: str | None = None  # value cells only
    kind: Kind | None = None  # value cells only
    value: Value = None
    inferred: bool = False
    level: int = 0  # depth of a row/column label in its path (0 = outermost)


@dataclass
class Grid:
    """One printed table: `cells` in reading order, each placed at (row, col) with spans."""

    key: str
    section: int
    n_rows: int
    n_cols: int
    header_cols: int  # how many grid columns the row header takes
    row_roles: list[str] = field(default_factory=list)
    row_blocks: list[int] = field(default_factory=list)  # the format block each grid row belongs to
    cells: list[GridCell] = field(default_factory=list)

    def rows(self) -> list[list[GridCell]]:
        """Cells grouped by the grid row they start in (HTML's <tr> content)."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        return out

    @property
    def keep_together(self) -> bool:
        """Print on one page: a small one-block table (表四) should not leave its header behind.

        A table of several blocks (表二) may break between blocks, never inside one.
        """
        return self.n_rows <= KEEP_TOGETHER_ROWS and len(set(self.row_blocks)) == 1

    def block_rows(self) -> list[tuple[int, int]]:
        """(first grid row, row count) of each block, in order."""
        runs: list[tuple[int, int]] = []
        for i, b in enumerate(self.row_blocks):
            if runs and self.row_blocks[runs[-1][0]] == b:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((i, 1))
        return runs

    def values(self) -> list[GridCell]:
        return [c for c in self.cells if c.role == VALUE]


def value_text(v: Value) -> str:
    """A value as printed: blank stays empty, amounts without trailing zeros or float noise."""
    if v is None:
        return ""
    if isinstance(v, Decimal):
        text = format(v.normalize(), "f")
        return text if text not in ("-0",) else "0"
    return str(v)


def title(report: Report) -> str:
    return f"{report.agency}{report.year}年度政府信息公开工作年度报告"


def paragraphs(text: str | None) -> list[str]:
    """A section's text as its non-empty paragraphs (the model separates them by newlines)."""
    return [p.strip() for p in (text or "").splitlines() if p.strip()]


# ---------------------------------------------------------------- the skeleton (format only)


def label_paths(paths: list[str]) -> list[list[str]]:
    """Label paths split into printed labels (`formats.label_levels`), as lists."""
    levels = label_levels(paths)
    return [list(levels[p]) for p in paths]


def _row_labels(block: Block) -> list[list[str]]:
    rows = [r.removeprefix(block.caption + PATH_SEP) if block.caption else r for r in block.rows]
    return label_paths(rows)


def _prints_row_header(table: Table) -> bool:
    # The national format prints 表四 as one unlabelled row of numbers.
    only = table.blocks[0]
    return not (
        len(table.blocks) == 1 and len(only.rows) == 1 and table.corner is None and only.row_header is None
    )


def _runs(keys: list) -> list[tuple[int, int]]:
    """(start, length) of each run of equal consecutive keys; None keys are never merged."""
    runs, i = [], 0
    while i < len(keys):
        j = i + 1
        while keys[i] is not None and j < len(keys) and keys[j] == keys[i]:
            j += 1
        runs.append((i, j - i))
        i = j
    return runs


def skeleton(fmt: Format, key: str) -> Grid:
    """The layout of table `key` with every value cell blank (shared: do not modify)."""
    return _skeleton(fmt.id, key)


@cache
def _skeleton(format_id: str, key: str) -> Grid:
    fmt = formats.get(format_id)
    table = fmt.table(key)
    labelled = _prints_row_header(table)
    row_paths = {b: _row_labels(blk) for b, blk in enumerate(table.blocks)}
    header_cols = max(len(p) for paths in row_paths.values() for p in paths) if labelled else 0
    units = lcm(*(len(b.columns) for b in table.blocks))  # value columns shared by all blocks
    grid = Grid(key, table.section, 0, header_cols + units, header_cols)

    def add(row: int, col: int, text: str, role: str, rowspan=1, colspan=1, **kw) -> None:
        grid.cells.append(GridCell(row, col, text, role, rowspan, colspan, **kw))

    r = 0
    for b, block in enumerate(table.blocks):
        width = units // len(block.columns)
        if block.caption:
            add(r, 0, block.caption, CAPTION, colspan=grid.n_cols)
            grid.row_roles.append(CAPTION_ROW)
            r += 1
        # column headers
        col_paths = label_paths(list(block.columns))
        depth = max(len(p) for p in col_paths)
        corner = table.corner if b == 0 and table.corner else block.row_header
        if labelled:
            add(r, 0, corner or "", CORNER, rowspan=depth, colspan=header_cols)
        for level in range(depth):
            keys = [tuple(p[: level + 1]) if level < len(p) else None for p in col_paths]
            for start, n in _runs(keys):
                path = col_paths[start]
                if level >= len(path):
                    continue  # covered by a shorter path's label reaching down
                down = depth - level if level == len(path) - 1 else 1
                add(r + level, header_cols + start * width, path[level], COLUMN,
                    rowspan=down, colspan=n * width, level=level)
        grid.row_roles.extend([HEADER_ROW] * depth)
        r += depth
        # data rows
        paths = row_paths[b]
        if labelled:
            for level in range(header_cols):
                keys = [tuple(p[: level + 1]) if level < len(p) - 1 else None for p in paths]
                for start, n in _runs(keys):
                    path = paths[start]
                    if level < len(path) - 1:  # a group label spanning its rows
                        add(r + start, level, path[level], ROW, rowspan=n, level=level)
                    elif level == len(path) - 1:  # the row's own label takes the rest
                        add(r + start, level, path[level], ROW, colspan=header_cols - level, level=level)
        for i, row in enumerate(block.rows):
            for j, column in enumerate(block.columns):
                add(r + i, header_cols + j * width, "", VALUE, colspan=width,
                    address=address(key, row, column), kind=block.kind_of(column))
        grid.row_roles.extend([BODY_ROW] * len(block.rows))
        r += len(block.rows)
        grid.row_blocks.extend([b] * (r - len(grid.row_blocks)))
    grid.n_rows = r
    grid.cells.sort(key=lambda c: (c.row, c.col))
    return grid


# Share of the table width the row header takes, by its depth (1: 表二, 3: 表三).
_HEADER_SHARE = {1: 30.0, 2: 36.0, 3: 46.0}
_GROUP_WIDTH = (4.0, 12.0)  # outermost group column (one character wide), inner group columns


def column_widths(grid: Grid) -> list[float]:
    """Percent widths of the grid's columns: narrow group columns, wide leaf labels, even values."""
    h = grid.header_cols
    values = grid.n_cols - h
    if not h:
        return [100.0 / values] * values
    share = _HEADER_SHARE.get(h, 40.0)
    groups = [_GROUP_WIDTH[0] if i == 0 else _GROUP_WIDTH[1] for i in range(h - 1)]
    return [*groups, share - sum(groups)] + [(100.0 - share) / values] * values



# ---------------------------------------------------------------- filled with a report


def grids(report: Report, *, highlight_inferred: bool = False) -> list[Grid]:
    """The report's tables in printed order, values filled in."""
    inferred = report.inferred if highlight_inferred else set()
    out = []
    for table in report.format.tables:
        base = skeleton(report.format, table.key)
        grid = Grid(base.key, base.section, base.n_rows, base.n_cols, base.header_cols, list(base.row_roles),
                    list(base.row_blocks))
        for c in base.cells:
            if c.role == VALUE:
                v = report.cells.get(c.address)
                c = GridCell(c.row, c.col, value_text(v), VALUE, c.rowspan, c.colspan, c.address, c.kind,
                             v, c.address in inferred)
            grid.cells.append(c)
        out.append(grid)
    return out


def occupancy(grid: Grid) -> list[list[GridCell | None]]:
    """Which cell covers each (row, col) of the grid; checks that spans tile it exactly."""
    m: list[list[GridCell | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
    for c in grid.cells:
        for i in range(c.row, c.row + c.rowspan):
            for j in range(c.col, c.col + c.colspan):
                if m[i][j] is not None:
                    raise AssertionError(f"{grid.key}: cells overlap at ({i}, {j})")
                m[i][j] = c
    return m
