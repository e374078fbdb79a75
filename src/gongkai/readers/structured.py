"""What the HTML, DOCX and PDF readers share: table grids + document text → Report.

The grids give the cells (with where each was printed); the text gives the title,
agency, year and the six sections (`meta`).  A document whose tables did not survive as
tables (flattened into paragraphs) is handed to the text reader.
"""

from __future__ import annotations

from ..formats import address, split_address
from ..report import Report
from . import ReaderError
from .confirm import confirm
from .grid import Grid, extract
from .labels import replaced_rows
from .meta import detect, split_sections


def _heads(text: str) -> list[str]:
    """The first lines with each next one appended: a title wrapped over two lines
    (洪泽区人民政府 / 2023 年政府信息公开工作年度报告, …年度报 / 告) read whole."""
    lines = [x.strip() for x in text.splitlines()[:15] if x.strip() and not x.strip().startswith("-")]
    return [a + b for a, b in zip(lines, lines[1:], strict=False) if len(a) <= 40]


def _meta(text: str, page_title: str | None):
    try:
        meta = detect(text)
    except ReaderError as e:
        for candidate in ([page_title] if page_title else []) + _heads(text):
            try:
                return detect(candidate + "\n" + text)
            except ReaderError:
                continue
        raise e from None
    if not meta.agency:
        for head in _heads(text):
            joined = detect(head + "\n" + text)
            if joined.agency:
                return joined
    return meta


def report_from_grids(grids: list[Grid], text: str, source: str, *, prose: str | None = None,
                      page_title: str | None = None) -> Report:
    """`text`: the whole document's text (tables included, for the text-reader fallback);
    `prose`: the text without the tables, for the sections (defaults to `text`)."""
    try:
        # Title and year from the prose: a site's navigation tables stay out of the title.
        meta = _meta(prose if prose and prose.strip() else text, page_title)
    except ReaderError as e:
        raise ReaderError(f"{source}: {e}") from None
    ex = extract(grids, meta.format)
    if ex.rows_matched == 0:
        return _flattened(text, source)
    report = Report(agency=meta.agency, year=meta.year, format=meta.format, source=source, title=meta.title)
    report.sections = split_sections(prose if prose is not None else text)
    report.cells.update(ex.cells)
    report.provenance.update(ex.provenance)
    report.unknown |= ex.unknown
    report.extra_cells.update(ex.extra_cells)
    report.document_issues.extend(ex.issues)
    for p in confirm(ex.placements, report.cells, report.unknown, report.format):
        _unknown(report, p.cells)
        report.document_issues.append(f"{p.what}一行的数值按列的先后对应（表头未写明各列），"
                                      "但与表中勾稽关系不符，无法确认对应关系，记为未知")
    _missing_rows(report, ex)
    return report


def _unknown(report: Report, addrs) -> None:
    for a in addrs:
        report.cells[a] = None
        report.provenance.pop(a, None)
        report.unknown.add(a)


def _missing_rows(report: Report, ex) -> None:
    """Rows the document does not print: unknown (not blank), unless the document prints
    another revision's row in their place (then they are absent, and T3-7 says so)."""
    seen = {split_address(a)[:2] for a in (*ex.cells, *ex.unknown)}
    tables = {t for t, _ in seen}
    absent = {(s.table, row) for s in ex.superseded for row in replaced_rows(report.format, s)}
    for table in report.format.tables:
        if table.key not in tables:
            addrs = report.format.addresses(table.key)
            _unknown(report, addrs)
            report.document_issues.append(f"文中未找到{table.key}（或其表格无法识别），其 {len(addrs)} 个单元格记为未知")
            continue
        for block in table.blocks:
            for row in block.rows:
                if (table.key, row) in seen or (table.key, row) in absent:
                    continue
                _unknown(report, [address(table.key, row, c) for c in block.columns])
                report.document_issues.append(f"{table.key}缺少「{row}」一行，其单元格记为未知")


def _flattened(text: str, source: str) -> Report:
    """Tables flattened to text (or no table at all): the text reader's job."""
    try:
        from .text import read_text
    except ImportError:
        raise ReaderError(f"{source}: 文中没有可识别的年报表格 (no report tables found)") from None
    return read_text(text, source)
