"""What the HTML, DOCX and PDF readers share: table grids + document text → Report.

The grids give the cells (with where each was printed); the text gives the title,
agency, year and the six sections (`meta`).  A document whose tables did not survive as
tables (flattened into paragraphs) is handed to the text reader.
"""

from __future__ import annotations

from ..formats import split_address
from ..report import Report
from . import ReaderError
from .grid import Grid, extract
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
    report.document_issues.extend(_missing_rows(report, ex))
    return report


def _missing_rows(report: Report, ex) -> list[str]:
    """Rows of a table the document prints but without this row (not the same as blank)."""
    seen = {split_address(a)[:2] for a in (*ex.cells, *ex.unknown)}
    tables = {t for t, _ in seen}
    issues = []
    for table in report.format.tables:
        if table.key not in tables:
            issues.append(f"文中未找到{table.key}（或其表格无法识别），其单元格均记为空白")
            continue
        missing = [row for b in table.blocks for row in b.rows if (table.key, row) not in seen]
        if missing and not any("其他处理" in i and "一行" in i for i in ex.issues if table.key == "表三"):
            issues.extend(f"{table.key}缺少「{row}」一行，其单元格记为空白" for row in missing)
        elif missing:
            issues.extend(f"{table.key}缺少「{row}」一行，其单元格记为空白" for row in missing if "其他处理" not in row)
    return issues


def _flattened(text: str, source: str) -> Report:
    """Tables flattened to text (or no table at all): the text reader's job."""
    try:
        from .text import read_text
    except ImportError:
        raise ReaderError(f"{source}: 文中没有可识别的年报表格 (no report tables found)") from None
    return read_text(text, source)
