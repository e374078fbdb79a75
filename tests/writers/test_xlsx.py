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


def test_inferred_cells_are_filled_only_when_asked():
    from gongkai import formats
    from gongkai.report import Provenance, Report

    report = Report.empty("某局", 2021, formats.get("2021"))
    addr = "表四|合计|行政复议/总计"
    report.cells[addr] = 3
    report.provenance[addr] = Provenance("推算", inferred=True)
    fills = {}
    for highlight in (False, True):
        ws = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", highlight_inferred=highlight)))["表四"]
        data_row = list(ws.iter_rows(min_row=ws.max_row, max_row=ws.max_row))[0]
        fills[highlight] = [c.fill.fgColor.rgb for c in data_row if c.fill.fill_type == "solid"]
        assert [c.value for c in data_row] == [None] * 4 + [3] + [None] * 10
    assert fills == {False: [], True: ["00FFE58A"]}
