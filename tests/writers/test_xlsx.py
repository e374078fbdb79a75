"""The spreadsheet: one sheet per table in the printed layout, plus the long `cells` sheet."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from hypothesis import given, settings

from gongkai.writers import layout, render
from strategies import reports


def _number(v):
    return None if v is None else Decimal(str(v))


@settings(max_examples=15, deadline=None)
@given(reports())
def test_sheets_and_long_cells_sheet(report):
    wb = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert wb.sheetnames == ["表二", "表三", "表四", "cells"]
    long = list(wb["cells"].iter_rows(values_only=True))
    assert long[0] == ("table", "row", "column", "value")
    assert len(long) == len(report.cells) + 1
    for (table, row, column, value), (addr, v) in zip(long[1:], report.cells.items(), strict=True):
        assert f"{table}|{row}|{column}" == addr
        assert (value is None) == (v is None) and _number(value) == _number(v)
        assert not isinstance(value, str)  # numbers stay numbers
    for grid in layout.grids(report):
        ws = wb[grid.key]
        assert ws["A1"].value.startswith(layout.title(report))
        assert len(ws.merged_cells.ranges) == sum(1 for c in grid.cells if c.rowspan > 1 or c.colspan > 1)
        for c in grid.values():
            got = ws.cell(row=2 + c.row, column=1 + c.col).value
            assert (got is None) == (c.value is None) and _number(got) == _number(c.value), c.address
