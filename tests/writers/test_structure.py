"""The written files hold the layout: from each value's merged header cells, rebuild its address.

For every value cell of every table, the labels in its row header (left) and in its
block's column header (above) — read from the HTML, DOCX or XLSX file's own spans — must
join back to the cell's TABLE|ROW|COLUMN address, and the cell must print the value.
This checks the writers' merging independently of any reader.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from lxml import html as lhtml

from gongkai.writers import layout, render
from strategies import reports

SETTINGS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _expected_address(grid, m, cell):
    """The address the labels around `cell` spell, read from the matrix m[row][col] = (origin, text)."""
    r, c = cell.row, cell.col
    row_labels = []
    for j in range(grid.header_cols):
        origin, text = m[r][j]
        if not row_labels or row_labels[-1][0] != origin:
            row_labels.append((origin, text))
    i = r
    while grid.row_roles[i] == "body":
        i -= 1
    heads = []
    while i >= 0 and grid.row_roles[i] == "header":
        heads.insert(0, i)
        i -= 1
    caption = m[i][0][1] if i >= 0 and grid.row_roles[i] == "caption" else None
    col_labels = []
    for i in heads:
        origin, text = m[i][c]
        if not col_labels or col_labels[-1][0] != origin:
            col_labels.append((origin, text))
    rows = [t for _, t in row_labels] if grid.header_cols else [cell.address.split("|")[1]]
    if caption:
        rows = [caption, *rows]
    return f"{grid.key}|{'/'.join(rows)}|{'/'.join(t for _, t in col_labels)}"


def _check(report, matrices):
    for grid in layout.grids(report):
        m = matrices[grid.key]
        assert len(m) == grid.n_rows and all(len(row) == grid.n_cols for row in m), grid.key
        for cell in grid.values():
            assert _expected_address(grid, m, cell) == cell.address
            assert m[cell.row][cell.col][1] == cell.text, cell.address


def _html_matrices(data: bytes) -> dict:
    doc = lhtml.fromstring(data)
    out = {}
    for n, table in enumerate(doc.xpath("//table")):
        rows = table.xpath("./tr|./tbody/tr")
        m: list[list] = [[] for _ in rows]
        for i, tr in enumerate(rows):
            j = 0
            for td in tr.xpath("./td|./th"):
                while j < len(m[i]) and m[i][j] is not None:
                    j += 1
                rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
                for di in range(rs):
                    for dj in range(cs):
                        row = m[i + di]
                        row.extend([None] * (j + dj + 1 - len(row)))
                        row[j + dj] = (td, td.text_content())
                j += cs
        out[table.get("data-table") or str(n)] = m
    return out


def _docx_matrices(data: bytes, keys) -> dict:
    doc = Document(io.BytesIO(data))
    out = {}
    for key, table in zip(keys, doc.tables, strict=True):
        out[key] = [[(table.cell(i, j)._tc, table.cell(i, j).text) for j in range(len(table.columns))] for i in range(len(table.rows))]
    return out


def _xlsx_matrices(data: bytes) -> dict:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        if ws.title == "cells":
            continue
        origin = {}
        for rng in ws.merged_cells.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    origin[(row, col)] = (rng.min_row, rng.min_col)
        m = []
        for r in range(2, ws.max_row + 1):
            line = []
            for c in range(1, ws.max_column + 1):
                o = origin.get((r, c), (r, c))
                v = ws.cell(*o).value
                line.append((o, "" if v is None else layout.value_text(v)))
            m.append(line)
        out[ws.title] = m
    return out


@SETTINGS
@given(reports())
def test_html_tables_spell_every_address(report):
    _check(report, _html_matrices(render(report, "html")))


@SETTINGS
@given(reports())
def test_docx_tables_spell_every_address(report):
    keys = [t.key for t in report.format.tables]
    _check(report, _docx_matrices(render(report, "docx"), keys))


@SETTINGS
@given(reports())
def test_xlsx_sheets_spell_every_address(report):
    _check(report, _xlsx_matrices(render(report, "xlsx")))


def test_a_broken_span_is_caught():
    """The check can fail: shift one merged header and an address no longer matches."""
    from gongkai import formats
    from gongkai.report import Report

    report = Report.empty("某局", 2021, formats.get("2021"))
    m = _html_matrices(render(report, "html"))
    m["表三"][0] = [m["表三"][0][0]] * len(m["表三"][0])  # corner spreads over 申请人情况
    with pytest.raises(AssertionError):
        _check(report, m)
