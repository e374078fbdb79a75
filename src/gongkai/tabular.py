"""Spreadsheets people upload (CSV, XLSX), decoded and read within bounds: shared by the imports
(表二's figures, the catalogue).  Each caller words its own refusals; this module only says what
went wrong.  Pure Python (openpyxl), no Django.
"""

from __future__ import annotations

import io
import zipfile

CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 with or without BOM; GB18030 is what Excel saves in China


class DamagedWorkbook(ValueError):
    """openpyxl could not open or read the workbook; str() is the library's exception name."""


def decode_csv(data: bytes) -> str | None:
    """The text of a CSV file, or None when it is in neither encoding."""
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def unpacked_size(data: bytes) -> int | None:
    """What a ZIP (an XLSX is one) inflates to, from its directory, before anything is inflated;
    None when it is not a ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        return None


def xlsx_rows(data: bytes, *, max_rows: int, sheet: str | None = None, max_col: int | None = None) -> list[list]:
    """The rows of the sheet named `sheet` (when the workbook has one) or else of the first, as
    lists of cell values.  Reading stops after max_rows + 2 rows (a header and one over the limit),
    so a caller sees the file is too long without reading all of it.  `DamagedWorkbook` when openpyxl
    fails (it raises many kinds on a damaged file); check `unpacked_size` first."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any library failure is this file's problem
        raise DamagedWorkbook(type(e).__name__) from None
    try:
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
        rows = []
        for cells in ws.iter_rows(values_only=True, max_col=max_col):
            rows.append(list(cells))
            if len(rows) > max_rows + 1:
                break
        return rows
    except Exception as e:  # noqa: BLE001
        raise DamagedWorkbook(type(e).__name__) from None
    finally:
        wb.close()
