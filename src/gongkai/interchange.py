"""The interchange files of ../shared/spec/cells.md: JSON and CSV.

JSON carries `format`, `year`, `agency`, `cells` and the optional `unknown`, `inferred`,
`provenance` (a readable place per cell); gongkai adds `scope`, `units`, `sections`,
`extra_cells`, `uncertain` (inferred cells the arithmetic did not force) and
`document_issues` (records ``{"code", "where", "message"}``; plain strings are read too).
Unknown top-level keys are ignored so annotated files (the corpus's *.truth.json) load.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import formats
from .formats import Kind, split_address
from .report import Issue, Provenance, Report, Scope, Value


class InterchangeError(ValueError):
    """A file that is not a valid interchange file; the message says what and where."""


# ---------------------------------------------------------------- values


def parse_value(raw, kind: Kind, where: str) -> Value:
    """A JSON/CSV value → int / Decimal / None, refusing what the cell cannot hold."""
    if raw is None or (isinstance(raw, str) and raw.strip() in ("", "-", "—", "/", "／")):
        return None
    if isinstance(raw, bool):
        raise InterchangeError(f"{where}: 不是数字: {raw!r}")
    try:
        d = Decimal(str(raw).strip().replace(",", "").removeprefix("+"))
    except InvalidOperation:
        raise InterchangeError(f"{where}: 不是数字: {raw!r}") from None
    if not d.is_finite():
        raise InterchangeError(f"{where}: 不是数字: {raw!r}")
    if kind == Kind.AMOUNT:
        return int(d) if d == d.to_integral_value() else d.normalize()
    if d != d.to_integral_value():
        raise InterchangeError(f"{where}: 应为整数，实为 {raw!r}")
    return int(d)


def json_value(v: Value):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def csv_value(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    return str(v)


# ---------------------------------------------------------------- JSON


def to_dict(report: Report) -> dict:
    d: dict = {
        "format": report.format.id,
        "year": report.year,
        "agency": report.agency,
        "scope": str(report.scope),
        # unknown cells are left out of "cells" (cells.md): null there means blank
        "cells": {a: json_value(v) for a, v in report.cells.items() if a not in report.unknown},
    }
    if report.units:
        d["units"] = report.units
    if report.unknown:
        d["unknown"] = sorted(report.unknown, key=list(report.format.cells).index)
    if report.inferred:
        d["inferred"] = sorted(report.inferred, key=list(report.format.cells).index)
    if report.uncertain:
        d["uncertain"] = sorted(report.uncertain, key=list(report.format.cells).index)
    if report.provenance:
        d["provenance"] = {a: p.where for a, p in report.provenance.items()}
    if report.sections:
        d["sections"] = {str(k): v for k, v in sorted(report.sections.items())}
    if report.extra_cells:
        d["extra_cells"] = {a: json_value(v) for a, v in report.extra_cells.items()}
    if report.document_issues:
        d["document_issues"] = [i.to_dict() for i in report.document_issues]
    if report.source:
        d["source"] = report.source
    return d


def dumps(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=1)


def from_dict(d, where: str = "JSON") -> Report:
    if not isinstance(d, dict):
        raise InterchangeError(f"{where}: 顶层应为 JSON 对象 (top level must be an object)")
    for key in ("year", "cells"):
        if key not in d:
            raise InterchangeError(f"{where}: 缺少 {key!r} 字段 (missing key {key!r})")
    year = d["year"]
    if isinstance(year, str) and year.isdigit():
        year = int(year)
    try:
        fmt = formats.get(d["format"]) if d.get("format") else formats.for_year(year)
    except formats.FormatError as e:
        raise InterchangeError(f"{where}: {e}") from None
    cells_in = d["cells"]
    if not isinstance(cells_in, dict):
        raise InterchangeError(f"{where}: 'cells' 应为对象 (address → value)")
    report = Report.empty(str(d.get("agency") or ""), year, fmt)
    for addr, raw in cells_in.items():
        cell = fmt.cells.get(addr)
        if cell is None:
            raise InterchangeError(f"{where}: 单元格地址不属于 {fmt.id} 格式: {addr!r}")
        report.cells[addr] = parse_value(raw, cell.kind, f"{where} {addr}")
    report.unknown = {a for a in d.get("unknown", []) if a in fmt.cells}
    inferred = set(d.get("inferred", []))
    uncertain = set(d.get("uncertain", []))
    prov = d.get("provenance") or {}
    for a in set(prov) | inferred:
        if a in fmt.cells:
            report.provenance[a] = Provenance(str(prov.get(a, "")), inferred=a in inferred, certain=a not in uncertain)
    scope = d.get("scope", "own")
    report.scope = Scope(scope) if scope in ("own", "aggregate") else Scope.OWN
    report.units = list(d.get("units") or [])
    report.sections = {int(k): v for k, v in (d.get("sections") or {}).items() if str(k).isdigit()}
    report.extra_cells = dict(d.get("extra_cells") or {})
    report.document_issues = [Issue.from_any(i) for i in d.get("document_issues") or []]
    report.source = d.get("source")
    return report


def loads(text: str, where: str = "JSON") -> Report:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as e:
        raise InterchangeError(f"{where}: JSON 格式错误，第 {e.lineno} 行第 {e.colno} 列: {e.msg}") from None
    return from_dict(data, where)


# ---------------------------------------------------------------- CSV

CSV_COLUMNS = ("table", "row", "column", "value")


def to_csv(report: Report) -> str:
    """Every cell but the unknown ones, which have no row (an empty value means blank)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for addr, v in report.cells.items():
        if addr not in report.unknown:
            w.writerow([*split_address(addr), csv_value(v)])
    return buf.getvalue()


def from_csv(text: str, agency: str, year: int, where: str = "CSV") -> Report:
    """A `table,row,column,value` CSV.  The CSV carries no agency or year: the caller gives them.
    A cell without a row is unknown (blank cells have a row with an empty value)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [h.strip().lower() for h in rows[0][:4]] != list(CSV_COLUMNS):
        raise InterchangeError(f"{where}: 第 1 行应为表头 table,row,column,value")
    fmt = formats.for_year(year)
    report = Report.empty(agency, year, fmt)
    given: set[str] = set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 4:
            raise InterchangeError(f"{where}: 第 {n} 行应有 4 列，实有 {len(row)} 列")
        addr = "|".join(c.strip() for c in row[:3])
        cell = fmt.cells.get(addr)
        if cell is None:
            raise InterchangeError(f"{where}: 第 {n} 行的单元格不属于 {fmt.id} 格式: {addr}")
        report.cells[addr] = parse_value(row[3], cell.kind, f"{where} 第 {n} 行")
        given.add(addr)
    report.unknown = set(fmt.cells) - given
    return report


# ---------------------------------------------------------------- files


def read(path: str | Path, agency: str = "", year: int | None = None) -> Report:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError(f"{p}: 不是 UTF-8 文本 (not UTF-8 text)") from None
    if not text.strip():
        raise InterchangeError(f"{p}: 文件为空 (empty file)")
    if p.suffix.lower() == ".csv":
        if year is None:
            raise InterchangeError(f"{p}: CSV 不含年度，请指定年度 (a CSV needs --year)")
        report = from_csv(text, agency, year, str(p))
    else:
        report = loads(text, str(p))
    report.source = report.source or p.name
    return report


def write(report: Report, path: str | Path, kind: str | None = None) -> None:
    p = Path(path)
    kind = kind or p.suffix.lower().lstrip(".")
    p.write_text(to_csv(report) if kind == "csv" else dumps(report) + "\n", encoding="utf-8")
