"""Markdown as PDF-to-Markdown converters and OCR tools print it → Report.

Saved as ``.md`` or ``.txt``; recognised by its pipe tables (a ``|---|`` line under a
header line), not by the file name.  What such converters do to a report, and how it is read:

- headings (``# 沐阳县人民政府 2025 年 政府信息公开工作年度报告``, ``## 一、总体情况``): the
  ``#`` marks are dropped; the title, agency, year and the six sections come from the prose;
- pipe tables become grids for the shared table reader (`grid`), each with the headings
  printed right above it as its *context*: ``### 行政复议`` names the group of the columns
  below it, ``### 第二十条第（一）项`` the 表二 block;
- one table cut into many small ones (表三 one block per row group, 表四 one per 复议/诉讼
  group): the rows of one format row are gathered from every small table; a small table
  whose columns its own heading does not name (the heading lost) leaves them unknown;
- placeholder headers (``数据1`` … ``数据6``, ``总计``) and invented header lines (``项目 |
  本年新收件数 | …``): the numbers are mapped by their position, and the mapping is kept
  only where the report's identities (T3-1/2/3, T4-1) confirm it — else unknown;
- dummy tables of ``-`` carry no cells.
"""

from __future__ import annotations

import re

from ..report import Provenance, Report
from . import limits
from .grid import Grid, grid_from_rows
from .meta import Hints
from .structured import report_from_grids

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$|^\s*\|\s*:?-{3,}:?\s*\|\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SPLIT = re.compile(r"(?<!\\)\|")


def is_markdown(text: str) -> bool:
    """True when the text holds a pipe table (a header line, then a ``|---|`` line)."""
    lines = text.splitlines()
    return any(_SEPARATOR.match(b) and "|" in a for a, b in zip(lines, lines[1:], strict=False))


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in _SPLIT.split(inner)]


def parse(text: str) -> tuple[list[Grid], str, str]:
    """(grids, prose, plain): the pipe tables as grids with their headings as context, the
    text outside the tables without heading marks, and the whole text with table rows as
    tab-separated lines (for the plain-text reader, should no table be recognised)."""
    lines = text.splitlines()
    grids: list[Grid] = []
    prose: list[str] = []
    plain: list[str] = []
    headings: list[str] = []  # printed since the previous table
    budget = limits.current().table_cells  # printed cells, all tables together
    i = 0
    while i < len(lines):
        line = lines[i]
        header = i + 1 < len(lines) and _PIPE_ROW.match(line) and _SEPARATOR.match(lines[i + 1])
        if header or (_PIPE_ROW.match(line) and i + 1 < len(lines) and _PIPE_ROW.match(lines[i + 1])):
            rows = [_cells(line)]
            numbers = [i + 1]  # the line of each row, for a person to find it
            i += 2 if header else 1
            while i < len(lines) and _PIPE_ROW.match(lines[i]):
                if not _SEPARATOR.match(lines[i]):
                    rows.append(_cells(lines[i]))
                    numbers.append(i + 1)
                i += 1
            budget -= sum(len(row) for row in rows)
            if budget < 0:
                limits.check_count(limits.current().table_cells - budget, limits.current().table_cells, "",
                                   "Markdown 表格单元格", "too many table cells")
            # Only the headings printed since the previous table: a table without a heading of
            # its own does not inherit the previous one's (行政复议's heading is not 诉讼's).
            context = tuple(headings)
            while prose and (not prose[-1].strip() or prose[-1] in headings):
                prose.pop()  # the headings right above a table are its captions, not prose
            grid = grid_from_rows([[(c, 1, 1) for c in row] for row in rows], Provenance(table=len(grids) + 1), numbers)
            grid.context = context
            grids.append(grid)
            plain.extend("\t".join(row) for row in rows)
            headings = []
            continue
        m = _HEADING.match(line)
        text_line = m.group(1) if m else line
        if m:  # a paragraph between a heading and its table does not name the table's columns
            headings.append(text_line)
        prose.append(text_line)
        plain.append(text_line)
        i += 1
    return grids, "\n".join(prose), "\n".join(plain)


def read_markdown(data: bytes, source: str, hints: Hints | None = None) -> Report:
    from . import decode_text

    text = decode_text(data, source)
    grids, prose, plain = parse(text)
    return report_from_grids(grids, plain, source, prose=prose, hints=hints)
