"""The plain-text reader: text pasted or extracted from a report → Report.

Two layouts are common and both are handled by the shared table parser (`tokens`):
one cell per line (a Word/HTML table pasted as text: tabs, U+3000/U+00A0 padding,
whitespace-only lines for blank cells, header cells and row labels broken over lines),
and whole tables run together in one paragraph, where digit runs are split by the
report's own arithmetic (marked inferred; unknown when several splits fit).  Every line
is a token whose provenance is its line number.
"""

from __future__ import annotations

from functools import lru_cache

from ..report import Provenance, Report
from . import ReaderError, meta
from .reading import Reading
from .tokens import Token, parse_table, parse_tables


@lru_cache(maxsize=1 << 16)
def _line(n: int) -> Provenance:
    """The provenance of line `n` (the same value in every document: made once)."""
    return Provenance(line=n)


def _tokens(text: str, start: int, end: int) -> list[Token]:
    """The non-empty lines of text[start:end] as tokens (a whitespace-only line is a blank cell)."""
    line_no = text.count("\n", 0, start) + 1
    out = []
    for line in text[start:end].split("\n"):
        if line and line.strip("\r"):
            out.append(Token(line.rstrip("\r"), _line(line_no)))
        line_no += 1
    return out


def read_text(text: str, source: str = "", hints: meta.Hints | None = None) -> Report:
    where = source or "文本"
    if not text or not text.strip():
        raise ReaderError(f"{where}: 文件为空 (empty)")
    if "公开" not in text:
        raise ReaderError(f"{where}: 不是政府信息公开工作年度报告（未见“政府信息公开”字样）(not an annual report)")
    try:
        m = meta.detect(text, hints)
    except ReaderError as e:
        raise ReaderError(f"{where}: {e}") from None
    fmt = m.format
    report = Report.empty(m.agency, m.year, fmt, source=source or None, title=m.title)
    report.document_issues.extend(m.issues)
    spans = meta.section_spans(text)
    report.sections = meta.split_sections(text, spans)

    reading = Reading()
    for table in fmt.tables:
        span = spans.get(table.section)
        if span is None:
            continue
        reading.merge(parse_table(_tokens(text, *span), fmt, table.key))
    missing = [t.key for t in fmt.tables if t.key not in reading.tables]
    if missing and len(missing) < len(fmt.tables) or missing and spans:
        # headings not found or tables outside their sections: read the whole text
        reading.merge(parse_tables(_tokens(text, 0, len(text)), fmt, tuple(missing)))
    if not reading.tables and len(spans) < 3:
        raise ReaderError(f"{where}: 不像政府信息公开工作年度报告：既没有六部分标题，也没有统计表 (no sections, no tables)")
    return reading.finish(fmt).apply(report)
