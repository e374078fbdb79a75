"""The one value parser: a printed cell → a number, a blank, or a refusal.

Every reader (text, Markdown, HTML, DOCX, PDF, OCR grids) reads cell texts here, so a cell
means the same whatever the document's kind:

- blank (``None``): an empty cell, whitespace, or only dashes and slashes (``-``, ``—``,
  ``——``, ``/``, ``／`` …) — the conventions of ../shared/spec/cells.md.  Anything else that
  is not a number (``无``, ``×``, ``…``, a word) is *not* read as blank: the cell is unknown;
- numbers: full-width digits, ``1,234`` (thousands separators), ``+21`` / ``-3`` (a sign only
  where the column is signed), decimals only in amounts;
- units printed in the cell (``251000元``, ``12.5万元``, ``5件``) are dropped and said; a money
  unit that contradicts the column's own (``380元`` under ``（单位：万元）``) is a refusal —
  the number is not converted behind the reader's back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..formats import Kind
from ..report import Value

BLANK = object()  # a printed blank, distinct from any value
BLANK_CHARS = frozenset("-—–―‐−－/\\／")
UNITS = ("万元", "元", "件", "个", "项", "条", "次", "人", "宗")
_UNIT = re.compile(rf"({'|'.join(UNITS)})$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_MONEY = ("万元", "元")


@lru_cache(maxsize=8192)
def is_blank(text: str) -> bool:
    """Whether a printed cell is blank by the conventions of cells.md."""
    s = unicodedata.normalize("NFKC", text).strip()
    return not s or all(ch in BLANK_CHARS or ch.isspace() for ch in s)


@lru_cache(maxsize=8192)
def looks_like_number(text: str) -> bool:
    """A number of any kind as printed (sign, decimals, thousands separators, a unit)."""
    s = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace(",", "")
    return bool(_NUMBER.match(_UNIT.sub("", s).strip()))


def parse_number(text: str, kind: Kind) -> Value | object:
    """A printed cell → int / Decimal / BLANK; ValueError when it is not a number of `kind`."""
    s = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace(",", "")
    if not s or all(ch in BLANK_CHARS or ch.isspace() for ch in s):
        return BLANK
    s = _UNIT.sub("", s).strip().removeprefix("+")
    if not _NUMBER.match(s):
        raise ValueError(text)
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError(text) from None
    if d != d.to_integral_value():
        if kind != Kind.AMOUNT:
            raise ValueError(text)
        return d.normalize()
    if d < 0 and kind != Kind.SIGNED:
        raise ValueError(text)
    return int(d)


@dataclass(frozen=True)
class CellValue:
    """One printed cell read: `ok` False means the cell is unknown, and `problem` says why."""

    ok: bool
    value: Value = None
    unit: str | None = None  # a unit printed in the cell
    problem: str | None = None


@lru_cache(maxsize=8192)
def read_value(text: str, kind: Kind, unit: str = "") -> CellValue:
    """A printed cell → CellValue; `unit` is the unit the format declares for its column
    (`Cell.unit`, e.g. 万元), against which a money unit printed in the cell is judged."""
    shown = text.strip()
    try:
        v = parse_number(text, kind)
    except ValueError:
        s = unicodedata.normalize("NFKC", shown).replace(",", "")
        if _NUMBER.match(_UNIT.sub("", s)) and s.startswith("-"):
            return CellValue(False, problem=f"此处不应为负数「{shown}」")
        if _NUMBER.match(_UNIT.sub("", s)) and "." in s:
            return CellValue(False, problem=f"应为整数，实为「{shown}」")
        return CellValue(False, problem=f"无法识别的数值「{shown}」")
    if v is BLANK:
        return CellValue(True, None)
    m = _UNIT.search(unicodedata.normalize("NFKC", shown))
    printed = m.group(1) if m else None
    if printed in _MONEY and unit in _MONEY and printed != unit:
        return CellValue(False, unit=printed, problem=f"单元格写有单位「{printed}」，与该列的单位「{unit}」不符「{shown}」")
    return CellValue(True, v, printed)
