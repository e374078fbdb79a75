"""The one adapter between OCR and the reader stack: cells read from images → Report.

The OCR side gives, per page, tables of `CellRead` (box, row/column span, text, the
confidence rule's verdict) and prose lines.  Here they become `readers.grid.Grid` objects
and go through the same path as the HTML, DOCX and PDF readers (`report_from_grids`: the
one label matcher, value parser and identity checks), so a scanned report is read by the
same rules as every other.  Then:

- every cell whose OCR reading was not certain is taken back out: `unknown`, with a
  document issue naming the page, the cell and its box, never a guessed value;
- an unknown cell that the report's identities determine is filled as *inferred*
  (`infer`), but only when the arithmetic is backed twice (see there);
- a scan whose tables cannot be matched to the format gives every cell `unknown`, not the
  text reader's reading of OCR text (digits without their confidence).

When the reader stack's grid entry point changes, only this module follows it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..formats import Kind
from ..readers import ReaderError
from ..readers.grid import Grid, GridCell, extract
from ..readers.structured import _meta, report_from_grids
from ..report import Provenance, Report, Value
from .page import CellRead, PageRead


def cell_where(page: int, table: int, cell: CellRead) -> str:
    x0, top, x1, bottom = cell.box
    return f"第{page}页 表格{table} 第{cell.row + 1}行第{cell.col + 1}列（OCR，框 x={x0}–{x1} y={top}–{bottom}）"


def _starts(cells: list[CellRead], first) -> dict[int, int]:
    """Grid lines where some cell starts → their index once the lines where none does are
    dropped (a false rule inside a label makes a grid line no cell needs)."""
    return {v: i for i, v in enumerate(sorted({first(c) for c in cells}))}


def grids_of(pages: list[PageRead]) -> tuple[list[Grid], dict[str, CellRead]]:
    grids: list[Grid] = []
    by_where: dict[str, CellRead] = {}
    for page in pages:
        for k, table in enumerate(page.tables, start=1):
            rows = _starts(table.cells, lambda c: c.row)
            cols = _starts(table.cells, lambda c: c.col)
            n_rows, n_cols = len(rows), len(cols)
            slots: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
            for cell in table.cells:
                r0, c0 = rows[cell.row], cols[cell.col]
                r1 = sum(1 for r in rows if cell.row <= r < cell.row + cell.rowspan) + r0
                c1 = sum(1 for c in cols if cell.col <= c < cell.col + cell.colspan) + c0
                where = cell_where(page.number, k, cell)
                gc = GridCell(cell.text, r0, c0, r1 - r0, c1 - c0, where)
                by_where[where] = cell
                for r in range(r0, r1):
                    for c in range(c0, c1):
                        if slots[r][c] is None:
                            slots[r][c] = gc
            grids.append(Grid(slots, f"第{page.number}页 表格{k}", continues=(k == 1)))
    return grids, by_where


def report_from_pages(pages: list[PageRead], source: str, prose: str, engine: str) -> Report:
    """`prose`: the document's text outside its tables (OCR'd, or a mixed PDF's text layer)."""
    grids, by_where = grids_of(pages)
    try:
        meta = _meta(prose, None)  # a title wrapped over two lines is read whole there
    except ReaderError as e:
        raise ReaderError(f"{source}: {e}（扫描件经 OCR 识别）") from None
    read_pages = [p.number for p in pages if p.tables or p.prose]
    note = (f"本文件为扫描件，第 {'、'.join(map(str, read_pages))} 页经 OCR（{engine}）识别；"
            f"置信度不足的单元格记为未知") if read_pages else "本文件为扫描件，未能识别出任何内容"
    if not grids or extract(grids, meta.format).rows_matched == 0:
        report = Report(agency=meta.agency, year=meta.year, format=meta.format, source=source, title=meta.title)
        report.unknown |= set(meta.format.cells)
        report.document_issues += [note, "扫描件中未找到可识别的年报表格，全部单元格记为未知"]
        report.document_issues += [i for p in pages for i in p.issues]
        return report
    report = report_from_grids(grids, prose, source, prose=prose)
    report.document_issues.insert(0, note)
    report.document_issues += [i for p in pages for i in p.issues]
    guesses = _take_back_uncertain(report, by_where)
    _unread_is_unknown(report)
    infer(report, guesses)
    infer_together(report, guesses)
    return report


def _blank_tables(report: Report) -> set[str]:
    return {a.split("|", 1)[0] for a, v in report.cells.items()
            if v is None and a not in report.unknown and a in report.provenance}


def infer_together(report: Report, guesses: dict[str, Value]) -> list[str]:
    """Unknown cells whose uncertain readings, taken together, make every identity they are
    in hold — each cell in at least two such identities (its row's and its column's), and in
    none that fails.  A seal over a block of 表三 leaves several unknown cells in one row and
    one column, so no identity has a single unknown for `infer`; but a wrong reading would
    have to be cancelled by another wrong reading in its row *and* in its column to pass.
    No 0 where the table prints blanks; identities holding another unknown cell say nothing."""
    blank = _blank_tables(report)
    cands = {a: g for a, g in guesses.items()
             if a in report.unknown and g is not None and not (g == 0 and a.split("|", 1)[0] in blank)}
    if not cands:
        return []
    support: dict[str, int] = defaultdict(int)
    failed: set[str] = set()
    for identity in report.format.identities:
        for _member, left, right in identity.instances():
            mine = [a for a in left + right if a in cands]
            if not mine or any(a in report.unknown and a not in cands for a in left + right):
                continue
            def value(a):
                return cands[a] if a in cands else report.cells[a]
            if _sum(value(a) for a in left) == _sum(value(a) for a in right):
                for a in mine:
                    support[a] += 1
            else:
                failed.update(mine)
    filled = [a for a in cands if support[a] >= 2 and a not in failed]
    for a in filled:
        report.cells[a] = cands[a]
        report.unknown.discard(a)
        where = report.provenance.get(a, Provenance("")).where
        report.provenance[a] = Provenance(where, inferred=True)
        report.document_issues.append(f"{where}: 识别不确定，识别结果 {cands[a]} 使其所在的 {support[a]} 条勾稽关系全部成立，"
                                      f"记为推算值")
    return filled


def _unread_is_unknown(report: Report) -> None:
    """A cell no table cell was read for (a row not found, a table not matched) is unknown:
    on a scan, a missing row is far more often a misread label than a row not printed."""
    unread = [a for a in report.format.cells if a not in report.provenance and a not in report.unknown]
    if unread:
        report.unknown |= set(unread)
        for a in unread:
            report.cells[a] = None
        report.document_issues.append(f"{len(unread)} 个单元格所在的行或表格未能从扫描件中识别，记为未知")


def _take_back_uncertain(report: Report, by_where: dict[str, CellRead]) -> dict[str, Value]:
    """Cells read with too little confidence → unknown; returns their best guesses."""
    guesses: dict[str, Value] = {}
    for addr, prov in list(report.provenance.items()):
        cell = by_where.get(prov.where)
        if cell is None or cell.certain:
            continue
        guesses[addr] = None if cell.verdict.placeholder else report.cells[addr]
        report.cells[addr] = None
        report.unknown.add(addr)
        report.document_issues.append(f"{prov.where}: {cell.verdict.why}，记为未知")
    return guesses


def _sum(values) -> int | Decimal:
    return sum((0 if v is None else v) for v in values)


def infer(report: Report, guesses: dict[str, Value]) -> list[str]:
    """Unknown cells that the identities (T3-1/2/3, T4-1) determine, filled as inferred.

    A cell is filled only when one identity instance has it as its only unknown cell AND
    either the OCR's own (uncertain) reading equals the value arithmetic gives, or two
    independent instances give the same value and the reading has as many digits.  A
    document whose printed arithmetic is wrong would otherwise have its wrong total
    "corrected" into a value it does not print.  A 0 is not inferred in a table that
    prints blank cells (blank and 0 weigh the same in a sum).  Repeats while cells get filled.
    """
    fmt = report.format
    filled: list[str] = []
    # Arithmetic reads blank as 0: where a table prints blank cells, a 0 it determines may
    # as well be printed blank, so no 0 is inferred there.
    blank_tables = _blank_tables(report)
    while True:
        found: dict[str, list[int | Decimal]] = defaultdict(list)
        for identity in fmt.identities:
            for _member, left, right in identity.instances():
                cells = left + right
                unknown = [a for a in cells if a in report.unknown]
                if len(unknown) != 1:
                    continue
                a = unknown[0]
                side, other = (left, right) if a in left else (right, left)
                found[a].append(_sum(report.cells[x] for x in other) - _sum(report.cells[x] for x in side if x != a))
        progress = False
        for a, values in found.items():
            v = values[0]
            if any(x != v for x in values) or v < 0 and fmt.cells[a].kind != Kind.SIGNED:
                continue
            if v == 0 and a.split("|", 1)[0] in blank_tables:
                continue
            guess = guesses.get(a)
            agrees = guess is not None and guess == v
            twice = len(values) >= 2 and guess is not None and len(str(guess)) == len(str(v))
            if not (agrees or twice):
                continue
            report.cells[a] = v
            report.unknown.discard(a)
            where = report.provenance.get(a, Provenance("")).where
            report.provenance[a] = Provenance(where, inferred=True)
            report.document_issues.append(f"{where}: 识别不确定，由勾稽关系推算为 {v}（与识别结果一致）"
                                          if agrees else f"{where}: 识别不确定，由两条勾稽关系一致推算为 {v}")
            filled.append(a)
            progress = True
        if not progress:
            return filled
