"""A region's reports as data, without Django: read many, sum them, export one row per agency and cell.

Used by the platform (the office's summary and exports) and by `gongkai region build` (a folder
or ZIP of documents → cells, findings and summary), so both say the same thing.

Many documents are read through `gongkai.batch` (the readers' worker pool: a time limit and a
memory cap per file, a dead worker replaced), so one hostile file is one line, never a stopped
summary; one uploaded document is read under the same limits (`read_guarded`).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from gongkai import report as report_model
from gongkai.checks import Finding
from gongkai.formats import split_address
from gongkai.interchange import csv_value
from gongkai.report import Report, Scope

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


@dataclass
class Read:
    """One document's outcome: a report, or the reason it was not read."""

    name: str
    sha256: str
    report: Report | None = None
    error: str = ""
    kind: str = ""
    seconds: float = 0.0


def read_one(name: str, data: bytes) -> Read:
    """Read one document; never raises for a bad document (the batch goes on)."""
    import time

    from gongkai import readers

    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_DOCUMENT_BYTES:
        return Read(name, digest, error=f"{name}: 文件超过 {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB 的上限")
    t = time.perf_counter()
    try:
        kind = readers.detect_kind(data, name)
        report = readers.read_bytes(data, name)
    except readers.ReaderError as e:
        return Read(name, digest, error=str(e), seconds=time.perf_counter() - t)
    except Exception as e:  # a library's failure on a hostile file is this file's problem only  # noqa: BLE001
        return Read(name, digest, error=f"{name}: 读取失败（{type(e).__name__}），文件可能已损坏",
                    seconds=time.perf_counter() - t)
    report.source = name
    return Read(name, digest, report=report, kind=kind, seconds=time.perf_counter() - t)


@dataclass(frozen=True)
class _Item:
    """A document for the batch; printed by its name (the batch's messages name the item)."""

    name: str
    data: bytes

    def __str__(self) -> str:
        return self.name


def _read_item(item: _Item) -> Read:
    return read_one(item.name, item.data)


def _settled(item: _Item, outcome) -> Read:
    from gongkai.batch import Failed

    if isinstance(outcome, Failed):  # ran too long, out of memory, its worker died
        return Read(item.name, hashlib.sha256(item.data).hexdigest(), error=outcome.message)
    return outcome


def read_guarded(name: str, data: bytes) -> Read:
    """One document, read under the batch's time and memory limits (an upload in the task worker)."""
    from gongkai import batch

    item = _Item(name, data)
    return _settled(item, batch.run(_read_item, [item])[0])


def read_many(items: Iterable[tuple[str, bytes]], jobs: int | None = None, on_done=None) -> Iterator[Read]:
    """(name, bytes) pairs → `Read`s in the same order, on `jobs` worker processes (default: the CPUs);
    `on_done()` is called as each document is read (a progress bar)."""
    from gongkai import batch

    docs = [_Item(n, d) for n, d in items]
    for item, outcome in zip(docs, batch.run(_read_item, docs, jobs, on_done), strict=True):
        yield _settled(item, outcome)


def same_agency(a: str, b: str) -> bool:
    """Names as printed vary in spaces and width; compare them normalised."""
    from gongkai.checks.sections import normalise

    return bool(a) and normalise(a) == normalise(b)


# ---------------------------------------------------------------- the summary (汇总)


def summarize(reports: list[Report], agency: str) -> Report:
    """The cell-wise sum (`report.aggregate`), with a cell unknown wherever any input's is unknown:
    a sum with an unread term is not a number anyone should act on."""
    out = report_model.aggregate(reports, agency)
    unknown = set().union(*(r.unknown for r in reports))
    for addr in unknown:
        out.cells[addr] = None
    out.unknown = unknown
    out.scope = Scope.AGGREGATE
    return out


# ---------------------------------------------------------------- exports: one row per agency and cell

CELL_COLUMNS = ("机关", "来源", "表", "行", "列", "值", "状态")


@dataclass
class Row:
    agency: str
    source: str  # 上传 / 平台生成 / 汇总 / a file name
    report: Report
    corrected: set[str] = field(default_factory=set)


def cell_state(report: Report, addr: str, corrected: set[str] = frozenset()) -> str:
    if addr in corrected:
        return "已更正"
    if addr in report.unknown:
        return "无法确定"
    if addr in report.inferred:
        return "推算"
    if report.cells.get(addr) is None:
        return "空白"
    return ""


def cell_rows(rows: list[Row]) -> Iterator[tuple[str, ...]]:
    for r in rows:
        for addr, v in r.report.cells.items():
            table, row, column = split_address(addr)
            yield (r.agency, r.source, table, row, column, csv_value(v), cell_state(r.report, addr, r.corrected))


FINDING_COLUMNS = ("机关", "规则", "严重程度", "说明", "单元格", "是否计入")


def finding_rows(items: list[tuple[str, list[Finding], Report]]) -> Iterator[tuple[str, ...]]:
    from gongkai.checks import SEVERITY_ZH

    for agency, findings, report in items:
        for f in findings:
            yield (agency, f.rule, SEVERITY_ZH[f.severity], f.message, "；".join(f.cells),
                   "否（读取存疑）" if rests_on_doubt(f, report) else "是")


def rests_on_doubt(f: Finding, report: Report) -> bool:
    """A finding the reader's uncertainty could explain: never counted against the agency."""
    if f.rule == "U-1":
        return True
    doubtful = report.unknown | report.inferred
    return bool(doubtful & set(f.cells))


def to_csv(header: tuple[str, ...], rows: Iterable[tuple]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV as such


def to_xlsx(sheets: list[tuple[str, tuple[str, ...], Iterable[tuple]]]) -> bytes:
    """Sheets of plain rows (openpyxl's write-only mode: memory stays flat for large regions)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(list(header))
        for row in rows:
            ws.append([_xlsx_value(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_value(v):
    if isinstance(v, str) and v and v.lstrip("-").replace(".", "", 1).isdigit() and len(v) < 16:
        return float(v) if "." in v else int(v)
    return v
