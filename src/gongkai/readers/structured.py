"""What every reader of tables shares: table grids + the document's text → Report.

    report_from_grids(grids, text, source, prose=None, page_title=None, hints=None,
                      text_fallback=True) -> Report

This is the entry point for any source of table cells — HTML, DOCX, Markdown, PDF ruling
lines, and OCR (a grid of recognised cell texts with their spans and `Provenance`).  The
grids give the cells (`grid.read_grids`, then `Reading.finish`: tables and rows not found
are unknown, inferred placements confirmed by the identities); the text gives the title,
agency, year and the six sections (`meta`).  A document whose tables did not survive as
tables (flattened into paragraphs) is handed to the text reader (OCR says
`text_fallback=False`: its tables are all unknown then).
"""

from __future__ import annotations

from ..report import Report
from . import ReaderError
from .grid import Grid, read_grids
from .meta import Hints, detect, split_sections


def _heads(text: str) -> list[str]:
    """The first lines with each next one appended: a title wrapped over two lines
    (洪泽区人民政府 / 2023 年政府信息公开工作年度报告, …年度报 / 告) read whole."""
    lines = [x.strip() for x in text.splitlines()[:15] if x.strip() and not x.strip().startswith("-")]
    return [a + b for a, b in zip(lines, lines[1:], strict=False) if len(a) <= 40]


def _meta(text: str, page_title: str | None, hints: Hints | None):
    """The document's own title, agency and year (also from the page title or a title wrapped
    over the first lines); the command line's hints only fill what the document does not say."""
    heads = ([page_title] if page_title else []) + _heads(text)
    found, error = None, None
    for candidate in (text, *(h + "\n" + text for h in heads)):
        try:
            meta = detect(candidate)
        except ReaderError as e:
            error = error or e
            continue
        if found is None or meta.agency and not found[1].agency:
            found = (candidate, meta)
        if meta.agency:
            break
    if found is not None:
        return detect(found[0], hints) if hints is not None else found[1]
    if hints is not None and hints.year:
        return detect(text, hints)
    raise error


def report_from_grids(grids: list[Grid], text: str, source: str, *, prose: str | None = None,
                      page_title: str | None = None, hints: Hints | None = None,
                      text_fallback: bool = True) -> Report:
    """`text`: the whole document's text (tables included, for the text-reader fallback);
    `prose`: the text without the tables, for the sections (defaults to `text`).
    `text_fallback=False` (OCR: its text carries no confidence per cell): when no grid row is
    a report row, every table is missing — all cells unknown — instead of the text reader's
    reading of the text."""
    try:
        # Title and year from the prose: a site's navigation tables stay out of the title.
        meta = _meta(prose if prose and prose.strip() else text, page_title, hints)
    except ReaderError as e:
        raise ReaderError(f"{source}: {e}") from None
    reading = read_grids(grids, meta.format)
    if not reading.rows and text_fallback:
        return _flattened(text, source, hints)
    report = Report(agency=meta.agency, year=meta.year, format=meta.format, source=source, title=meta.title)
    report.sections = split_sections(prose if prose is not None else text)
    report.document_issues.extend(meta.issues)
    return reading.finish(meta.format).apply(report)


def _flattened(text: str, source: str, hints: Hints | None) -> Report:
    """Tables flattened to text (or no table at all): the text reader's job."""
    from .text import read_text

    return read_text(text, source, hints)
