"""The one adapter between OCR and the reader stack: cells read from images → Report.

The OCR side gives, per page, tables of `CellRead` (box, row/column span, text, the
confidence rule's verdict) and prose lines.  Here they become `readers.grid.Grid` objects
— each cell with its typed `Provenance` (page, table, row, column and its box in the
page's pixels, `scan_box`) — and go through the same path as the HTML, DOCX and PDF
readers (`structured.report_from_grids`: the one label matcher, value parser, row-order
fallback, identity confirmations and the rules every reader ends with), so a scanned
report is read by the same rules as every other:

- a cell whose reading the confidence rule did not accept goes in as a `GridCell` with a
  `doubt` (an ``ocr-uncertain`` issue): it holds its place in its row and comes out
  `unknown`, so no placement is ever confirmed by a value the engine was not sure of;
- a table or row not found is unknown, exactly as for every reader (`Reading.finish`), and
  a scan with no table the format knows gives every cell unknown, never the text reader's
  reading of OCR text (``text_fallback=False``);
- then an unknown cell that the report's identities determine is filled as *inferred*
  (`infer`: the arithmetic leaves one value, and the engine's own uncertain reading agrees
  or a second identity gives the same), and a block of unknown cells under a seal may be
  filled by `infer_together` — marked *uncertain* (``certain=False``): the arithmetic
  alone does not force them, so the checker never rests an error on them.

When the reader stack's grid entry point changes, only this module follows it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from ..formats import Kind
from ..readers import ReaderError
from ..readers.confirm import Placement, confirm
from ..readers.grid import Grid, GridCell
from ..readers.structured import report_from_grids
from ..readers.values import read_value
from ..report import Issue, Provenance, Report, Value
from .page import CellRead, PageRead

Key = tuple[int | None, int | None, int | None, int | None]  # page, table, row, column as in Provenance


class Guess(NamedTuple):
    """An unknown cell's uncertain reading (None: no reading at all) and where it was read."""

    value: Value
    where: Provenance
    why: str = ""  # why the reading was not accepted
    recheck: bool = False  # sure as read, but a seal touches it (`confirm_sealed`)
    aligned: bool = False  # …and its print sits where the column's numbers sit


def cell_where(page: int, table: int, cell: CellRead) -> Provenance:
    """A cell's provenance: its row and column as the debug image labels them, and its box."""
    return Provenance(page=page, table=table, row=cell.row + 1, column=cell.col + 1, scan_box=cell.box)


def _key(p: Provenance) -> Key:
    return p.page, p.table, p.row, p.column


def _starts(cells: list[CellRead], first) -> dict[int, int]:
    """Grid lines where some cell starts → their index once the lines where none does are
    dropped (a false rule inside a label makes a grid line no cell needs)."""
    return {v: i for i, v in enumerate(sorted({first(c) for c in cells}))}


def grids_of(pages: list[PageRead]) -> tuple[list[Grid], dict[Key, CellRead]]:
    grids: list[Grid] = []
    by_place: dict[Key, CellRead] = {}
    for page in pages:
        for k, table in enumerate(page.tables, start=1):
            rows = _starts(table.cells, lambda c: c.row)
            cols = _starts(table.cells, lambda c: c.col)
            slots: list[list[GridCell | None]] = [[None] * len(cols) for _ in range(len(rows))]
            for cell in table.cells:
                r0, c0 = rows[cell.row], cols[cell.col]
                r1 = sum(1 for r in rows if cell.row <= r < cell.row + cell.rowspan) + r0
                c1 = sum(1 for c in cols if cell.col <= c < cell.col + cell.colspan) + c0
                where = cell_where(page.number, k, cell)
                doubt = None if cell.certain else Issue("ocr-uncertain", f"{cell.verdict.why}，记为未知", where)
                gc = GridCell(cell.text, r0, c0, r1 - r0, c1 - c0, where, doubt=doubt)
                by_place[_key(where)] = cell
                for r in range(r0, r1):
                    for c in range(c0, c1):
                        if slots[r][c] is None:
                            slots[r][c] = gc
            grids.append(Grid(slots, Provenance(page=page.number, table=k), continues=(k == 1)))
    return grids, by_place


def report_from_pages(pages: list[PageRead], source: str, prose: str, engine: str, hints=None) -> Report:
    """`prose`: the document's text outside its tables (OCR'd, or a mixed PDF's text layer);
    `hints` (`readers.meta.Hints`): what the command line says the document does not."""
    grids, by_place = grids_of(pages)
    try:
        report = report_from_grids(grids, prose, source, prose=prose, hints=hints, text_fallback=False)
    except ReaderError as e:
        raise ReaderError(f"{e}（扫描件经 OCR 识别）") from None
    read_pages = [p.number for p in pages if p.tables or p.prose]
    note = (Issue("ocr-scan", f"本文件为扫描件，第 {'、'.join(map(str, read_pages))} 页经 OCR（{engine}）识别；"
                              "置信度不足的单元格记为未知") if read_pages
            else Issue("ocr-scan", "本文件为扫描件，未能识别出任何内容"))
    issues = [note] + [i for p in pages for i in p.issues]
    if len(report.unknown) == len(report.format.cells):
        issues.append(Issue("ocr-no-table", "扫描件中未找到可识别的年报表格，全部单元格记为未知"))
    report.document_issues[:0] = issues
    guesses = _guesses(report, by_place)
    confirm_sealed(report, guesses)
    infer(report, guesses)
    infer_together(report, guesses)
    return report


def _guesses(report: Report, by_place: dict[Key, CellRead]) -> dict[str, Guess]:
    """The engine's uncertain readings of the cells that came out unknown for want of
    confidence, parsed by the one value parser for their column."""
    out: dict[str, Guess] = {}
    for issue in report.document_issues:
        if issue.code != "ocr-uncertain" or len(issue.cells) != 1 or issue.where is None:
            continue
        a = issue.cells[0]
        cell = by_place.get(_key(issue.where))
        value = None
        if cell is not None and cell.verdict is not None and not cell.verdict.placeholder:
            v = read_value(cell.verdict.text, report.format.cells[a].kind, report.format.cells[a].unit)
            value = v.value if v.ok else None
        verdict = cell.verdict if cell is not None else None
        out[a] = Guess(value, issue.where, verdict.why if verdict else "", bool(verdict and verdict.recheck),
                       bool(cell is not None and cell.aligned))
    return out


def _blank_tables(report: Report) -> set[str]:
    """Tables in which the document prints blank cells (read as blank, not absent rows)."""
    return {a.split("|", 1)[0] for a, v in report.cells.items()
            if v is None and a not in report.unknown and a in report.provenance}


def _sum(values) -> int | Decimal:
    return sum((0 if v is None else v) for v in values)


def _fill(report: Report, a: str, value: Value, guess: Guess, certain: bool, message: str) -> None:
    """The cell inferred: its ``ocr-uncertain`` issue gives way to an ``ocr-inferred`` one."""
    report.cells[a] = value
    report.unknown.discard(a)
    report.provenance[a] = guess.where.but(inferred=True, certain=certain)
    report.document_issues = [i for i in report.document_issues if not (i.code == "ocr-uncertain" and i.cells == (a,))]
    why = f"{guess.why}，" if guess.why else ""
    report.document_issues.append(Issue("ocr-inferred", why + message, guess.where, (a,)))


def confirm_sealed(report: Report, guesses: dict[str, Guess]) -> list[str]:
    """Numbers a seal's stroke touches that were read sure (`Verdict.recheck`) become values
    where the report's identities confirm them — the readers' own rule for placements
    (`readers.confirm`): every identity over them that can be judged holds, and at least
    one can; a reading breaking a sum, or one that no sum can check, stays unknown.  They
    are then values as read (not inferred).  A 0 in a table that prints blank cells is one
    more case: a blank and a 0 weigh the same in a sum, so no identity can tell a printed 0
    from a seal's mark over an empty cell; it is taken only where its print sits where the
    column's other numbers sit in their cells (`page._aligned`), and still every sum over
    it must hold."""
    fmt = report.format
    blank = _blank_tables(report)
    cands = {a: g for a, g in guesses.items() if g.recheck and g.value is not None and a in report.unknown
             and not (g.value == 0 and a.split("|", 1)[0] in blank and not g.aligned)}
    if not cands:
        return []
    cells = {**report.cells, **{a: g.value for a, g in cands.items()}}
    placements = [Placement(frozenset({a}), "position", a, g.where) for a, g in cands.items()]
    refused = {a for p in confirm(placements, cells, report.unknown - set(cands), fmt) for a in p.cells}
    accepted = [a for a in cands if a not in refused]
    for a in accepted:
        g = cands[a]
        report.cells[a] = g.value
        report.unknown.discard(a)
        report.provenance[a] = g.where
        report.document_issues = [i for i in report.document_issues
                                  if not (i.code == "ocr-uncertain" and i.cells == (a,))]
        report.document_issues.append(Issue("ocr-seal-confirmed", f"{g.why}，识别结果 {g.value} 经勾稽关系确认",
                                            g.where, (a,)))
    return accepted


def infer(report: Report, guesses: dict[str, Guess]) -> list[str]:
    """Unknown cells that the identities (T3-1/2/3, T4-1) determine, filled as inferred.

    A cell is filled only when one identity instance has it as its only unknown cell AND
    either the OCR's own (uncertain) reading equals the value arithmetic gives, or two
    independent instances give the same value and the reading has as many digits.  A
    document whose printed arithmetic is wrong would otherwise have its wrong total
    "corrected" into a value it does not print.  A 0 is not inferred in a table that
    prints blank cells (blank and 0 weigh the same in a sum).  Repeats while cells get filled.
    The arithmetic leaves one value: the cell is inferred and certain.
    """
    fmt = report.format
    filled: list[str] = []
    blank_tables = _blank_tables(report)
    while True:
        found: dict[str, list[int | Decimal]] = defaultdict(list)
        for identity in fmt.identities:
            for _member, left, right in identity.instances():
                unknown = [a for a in left + right if a in report.unknown]
                if len(unknown) != 1:
                    continue
                a = unknown[0]
                side, other = (left, right) if a in left else (right, left)
                found[a].append(_sum(report.cells[x] for x in other) - _sum(report.cells[x] for x in side if x != a))
        progress = False
        for a, values in found.items():
            v = values[0]
            guess = guesses.get(a)
            if guess is None or any(x != v for x in values) or v < 0 and fmt.cells[a].kind != Kind.SIGNED:
                continue
            if v == 0 and a.split("|", 1)[0] in blank_tables:
                continue
            agrees = guess.value is not None and guess.value == v
            twice = len(values) >= 2 and guess.value is not None and len(str(guess.value)) == len(str(v))
            if not (agrees or twice):
                continue
            _fill(report, a, v, guess, True,
                  f"由勾稽关系推算为 {v}（与识别结果一致）" if agrees else f"由两条勾稽关系一致推算为 {v}")
            filled.append(a)
            progress = True
        if not progress:
            return filled


def infer_together(report: Report, guesses: dict[str, Guess]) -> list[str]:
    """Unknown cells whose uncertain readings, taken together, make every identity they are
    in hold — each cell in at least two such identities (its row's and its column's), and in
    none that fails.  A seal over a block of 表三 leaves several unknown cells in one row and
    one column, so no identity has a single unknown for `infer`; but a wrong reading would
    have to be cancelled by another wrong reading in its row *and* in its column to pass.
    No 0 where the table prints blanks; identities holding another unknown cell say nothing.
    The arithmetic alone does not force these values (a block has room for other readings
    that balance), so they are inferred and *uncertain*: never the ground of an error."""
    blank = _blank_tables(report)
    cands = {a: g.value for a, g in guesses.items()
             if a in report.unknown and g.value is not None and not (g.value == 0 and a.split("|", 1)[0] in blank)}
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
        _fill(report, a, cands[a], guesses[a], False,
              f"识别结果 {cands[a]} 使其所在的 {support[a]} 条勾稽关系全部成立，记为推算值（算术不能唯一确定，不作为判错依据）")
    return filled
