"""One 表二 figure as a person or a spreadsheet writes it → the value the cell holds.

Pure (no Django): the 表二 form, the CSV/XLSX import and the providers' values all pass here,
so one rule refuses negative counts, text, and amounts typed in 元 where the format prints 万元.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from gongkai.formats import Cell, Kind

MAX_DECIMALS = 4  # 万元 to the yuan is 4 decimals
MAX_ABS = Decimal(10) ** 12  # far beyond any real figure; keeps the database column safe
_SPACES = re.compile(r"[\s\u3000\xa0]+")
_COUNT_UNITS = ("件", "项", "个", "条")


class FigureError(ValueError):
    """A figure the cell cannot hold; the message (Chinese) says why."""


def cell_name(cell: Cell) -> str:
    """「行政许可」「本年处理决定数量」 — how a clerk names a 表二 cell."""
    return f"「{cell.row_label}」「{cell.column_label}」"


def parse(raw, cell: Cell) -> int | Decimal | None:
    """The value for `cell`; None for an empty entry (the cell stays blank: not 0)."""
    name = cell_name(cell)
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise FigureError(f"{name}不是数字：{raw!r}")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = _SPACES.sub("", unicodedata.normalize("NFKC", str(raw))).replace(",", "")
        if text in ("", "-", "—", "/"):
            return None
        unit = cell.unit
        if text.endswith("万元"):
            if unit != "万元":
                raise FigureError(f"{name}只填数字，不带单位（填写的是“{raw}”）")
            text = text[:-2]
        elif text.endswith("元"):
            if unit == "万元":
                raise FigureError(f"{name}的单位是万元，填写的“{raw}”是元：请换算为万元"
                                  "（如 12000 元填 1.2）")
            raise FigureError(f"{name}只填数字，不带单位（填写的是“{raw}”）")
        elif cell.kind != Kind.AMOUNT and text.endswith(_COUNT_UNITS):
            text = text[:-1]
        try:
            value = Decimal(text.removeprefix("+"))
        except InvalidOperation:
            raise FigureError(f"{name}应为数字，填写的是“{raw}”") from None
    if not value.is_finite():
        raise FigureError(f"{name}应为数字，填写的是“{raw}”")
    if abs(value) >= MAX_ABS:
        raise FigureError(f"{name}的数值 {raw} 过大，请核对")
    if cell.kind == Kind.AMOUNT:
        if value < 0:
            raise FigureError(f"{name}不能为负数（填写的是 {raw}）")
        if -value.as_tuple().exponent > MAX_DECIMALS and value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
            raise FigureError(f"{name}最多保留 {MAX_DECIMALS} 位小数（填写的是 {raw}）")
        return int(value) if value == value.to_integral_value() else value.normalize()
    if value != value.to_integral_value():
        raise FigureError(f"{name}应为整数（填写的是 {raw}）")
    if cell.kind == Kind.COUNT and value < 0:
        raise FigureError(f"{name}不能为负数（填写的是 {raw}）；只有“本年增/减”可以为负")
    return int(value)
