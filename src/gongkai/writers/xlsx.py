"""A report as a spreadsheet (openpyxl): one sheet per table in the printed layout, plus `cells`.

The table sheets merge header cells exactly as the printed tables do; numbers are real
numbers (amounts as decimals), blanks stay empty.  The `cells` sheet is the long
`table,row,column,value` form of cells.md, the one researchers filter and pivot.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..formats import split_address
from ..interchange import CSV_COLUMNS
from ..report import Report
from . import layout
from .layout import CAPTION, ROW, VALUE, Grid

FONT = "宋体"
_thin = Side(style="thin", color="000000")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_CAPTION_FILL = PatternFill("solid", fgColor="DCE6F1")
_INFERRED_FILL = PatternFill("solid", fgColor="FFE58A")
_SHEET_WIDTH = 150  # characters across a table sheet, shared by its columns


def _cell_value(c: layout.GridCell):
    if c.role != VALUE:
        return c.text
    return c.value  # int, Decimal or None: openpyxl writes numbers as numbers


def _table_sheet(wb: Workbook, grid: Grid, title: str) -> None:
    ws = wb.create_sheet(grid.key)
    ws.append([title])
    ws["A1"].font = Font(name=FONT, bold=True, size=12)
    top = 2  # grid row 0 lands on sheet row 2
    for j, w in enumerate(layout.column_widths(grid), start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(4.0, _SHEET_WIDTH * w / 100)
    for c in grid.cells:
        r, col = top + c.row, 1 + c.col
        cell = ws.cell(row=r, column=col, value=_cell_value(c))
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=r, start_column=col, end_row=r + c.rowspan - 1, end_column=col + c.colspan - 1)
        left = c.role == ROW and c.rowspan == 1
        cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
        cell.font = Font(name=FONT, size=10, bold=c.role == CAPTION)
        if c.role == CAPTION:
            cell.fill = _CAPTION_FILL
        elif c.role == VALUE and c.inferred:
            cell.fill = _INFERRED_FILL
        if c.role == VALUE and c.kind == "amount":
            cell.number_format = "0.####"
    # Borders on every covered position, or merged ranges print with gaps.
    for i in range(grid.n_rows):
        for j in range(grid.n_cols):
            ws.cell(row=top + i, column=1 + j).border = _BORDER
    ws.sheet_view.showGridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _cells_sheet(wb: Workbook, report: Report) -> None:
    ws = wb.create_sheet("cells")
    ws.append(list(CSV_COLUMNS))
    for addr, v in report.cells.items():
        ws.append([*split_address(addr), v])
    for letter, width in zip("ABCD", (8, 60, 44, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:D{ws.max_row}"


def render(report: Report, *, highlight_inferred: bool = False) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    title = layout.title(report)
    headings = dict(enumerate(report.format.sections, start=1))
    for grid in layout.grids(report, highlight_inferred=highlight_inferred):
        _table_sheet(wb, grid, f"{title}　{headings.get(grid.section, '')}")
    _cells_sheet(wb, report)
    wb.properties.title = title
    wb.properties.creator = "gongkai"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
