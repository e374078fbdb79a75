"""The shared spreadsheet reading of the imports: encodings, ZIP size from the directory, bounded rows."""

import io

import pytest
from openpyxl import Workbook

from gongkai import tabular


def _workbook(rows: int, sheets=("Sheet",)) -> bytes:
    wb = Workbook()
    wb.active.title = sheets[0]
    for name in sheets[1:]:
        wb.create_sheet(name)
    for title in sheets:
        for r in range(rows):
            wb[title].append([title, r, None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_csv_in_utf8_with_bom_and_in_gb18030():
    assert tabular.decode_csv("\ufeff表二,行".encode()) == "表二,行"
    assert tabular.decode_csv("表二,行".encode("gb18030")) == "表二,行"


def test_unpacked_size_of_a_zip_and_of_anything_else():
    data = _workbook(3)
    assert tabular.unpacked_size(data) > len(data)
    assert tabular.unpacked_size(b"PK\x03\x04 broken") is None


def test_rows_of_the_named_sheet_or_the_first_stop_one_over_the_limit():
    data = _workbook(50, sheets=("说明", "cells"))
    rows = tabular.xlsx_rows(data, max_rows=10, sheet="cells", max_col=2)
    assert len(rows) == 12 and rows[0] == ["cells", 0]
    assert tabular.xlsx_rows(data, max_rows=100)[0] == ["说明", 0, None]
    assert len(tabular.xlsx_rows(data, max_rows=100)) == 50


def test_a_damaged_workbook_is_named_by_the_library_failure():
    data = bytearray(_workbook(3))
    with pytest.raises(tabular.DamagedWorkbook):
        tabular.xlsx_rows(bytes(data[:200]) + b"\0" * 200, max_rows=5)
