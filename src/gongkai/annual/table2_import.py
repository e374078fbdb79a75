"""表二 figures from a CSV or XLSX file: parsed and checked row by row, saved only on request.

The columns are the interchange CSV's (`shared/spec/cells.md`) with an optional source:

    table,row,column,value,source
    表二,第二十条第（五）项/行政许可,本年处理决定数量,128,行政审批系统导出

An XLSX has the same header in its first sheet, or in a sheet named ``cells`` (the sheet
`gongkai render --to xlsx` writes).  Every row is judged on its own: a dry run lists each
refused row with its line and reason, and an import saves the good rows only.  Limits: 2 MB,
1,000 rows; a CSV may be UTF-8 or GB18030 (Excel's Chinese default).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from gongkai import tabular
from gongkai.formats import Format

from . import figures

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000
MAX_UNZIPPED = 40 * 1024 * 1024  # an XLSX that inflates beyond this is refused unread
HEADER = ("table", "row", "column", "value")


class Table2FileError(ValueError):
    """The file as a whole cannot be read; the message (Chinese) says why."""


@dataclass
class ImportRow:
    line: int
    address: str
    raw: str
    source: str = ""
    value: object = None
    error: str = ""


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def good(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.error]

    @property
    def refused(self) -> list[ImportRow]:
        return [r for r in self.rows if r.error]


def _text_rows(data: bytes, name: str) -> list[list[str]]:
    text = tabular.decode_csv(data)
    if text is None:
        raise Table2FileError(f"{name}：既不是 UTF-8 也不是 GB18030 编码的 CSV，无法读取")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as e:
        raise Table2FileError(f"{name}：CSV 格式错误（{e}）") from None


def _xlsx_rows(data: bytes, name: str) -> list[list[str]]:
    unpacked = tabular.unpacked_size(data)
    if unpacked is None:
        raise Table2FileError(f"{name}：不是有效的 Excel 文件（.xlsx）")
    if unpacked > MAX_UNZIPPED:
        raise Table2FileError(f"{name}：解压后过大，不像是一张表二数据表，未读取")
    try:
        rows = tabular.xlsx_rows(data, max_rows=MAX_ROWS, sheet="cells", max_col=6)
    except tabular.DamagedWorkbook as e:
        raise Table2FileError(f"{name}：Excel 文件无法打开（{e}）") from None
    return [["" if v is None else str(v) for v in row] for row in rows]


def read(data: bytes, name: str, fmt: Format, default_source: str = "") -> ImportResult:
    """Every data row of the file, each with its parsed value or the reason it is refused."""
    if len(data) > MAX_BYTES:
        raise Table2FileError(f"{name}：文件超过 {MAX_BYTES // (1024 * 1024)} MB，未读取")
    if not data.strip():
        raise Table2FileError(f"{name}：文件为空")
    rows = _xlsx_rows(data, name) if data.startswith(b"PK\x03\x04") else _text_rows(data, name)
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows or [c.strip().lower() for c in rows[0][:4]] != list(HEADER):
        raise Table2FileError(f"{name}：第 1 行应为表头 table,row,column,value[,source]")
    has_source = len(rows[0]) > 4 and rows[0][4].strip().lower() == "source"
    if len(rows) - 1 > MAX_ROWS:
        raise Table2FileError(f"{name}：超过 {MAX_ROWS} 行，请只保留表二数据")
    result = ImportResult()
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        row = [*row, "", "", "", "", ""][:5]
        addr = "|".join(c.strip() for c in row[:3])
        item = ImportRow(line, addr, row[3].strip(), (row[4].strip() if has_source else "") or default_source)
        result.rows.append(item)
        cell = fmt.cells.get(addr)
        if cell is None:
            item.error = f"不是{fmt.id}年格式的单元格"
        elif cell.table != "表二":
            item.error = f"{cell.table}由平台数据生成，不能导入"
        elif addr in seen:
            item.error = f"与第 {seen[addr]} 行重复"
        else:
            seen[addr] = line
            try:
                item.value = figures.parse(item.raw, cell)
            except figures.FigureError as e:
                item.error = str(e)
            else:
                if not item.source:
                    item.error = "未注明来源（增加 source 列，或在页面上填写来源）"
    return result
