"""How a reader's provenance and document issues are shown — the one place that knows their shape.

A `Provenance` is typed (page, table, row, column, line; `.where` is its readable form) and a
document issue is a record (code, where, message, cells).  Reports stored before that carry
provenance as text ("第 57 行", "表格1 第3行第2列", "第2页 表格1 第17行第4列") and issues as
strings; those are still read, by parsing the text back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.report import Provenance

_PAGE = re.compile(r"第\s*(\d+)\s*页")
_LINE = re.compile(r"第\s*(\d+)\s*行")
_TABLE = re.compile(r"表格\s*(\d+)")


@dataclass(frozen=True)
class Where:
    """A cell's place in its document, as far as the reader said."""

    text: str  # as the reader put it, for people
    page: int | None = None  # PDF page (1-based)
    line: int | None = None  # line of a text document (1-based)
    table: int | None = None


def where(provenance) -> Where:
    """A reader's provenance (typed, or a bare string from an older stored report) → `Where`."""
    if provenance is None:
        return Where("")
    if isinstance(provenance, Provenance) and (provenance.page, provenance.line, provenance.table) != (None,) * 3:
        return Where(provenance.where, provenance.page, provenance.line, provenance.table)
    text = provenance.where if isinstance(provenance, Provenance) else str(provenance or "")
    page = _PAGE.search(text)
    table = _TABLE.search(text)
    line = _LINE.search(text) if page is None and table is None else None  # "第3行" inside a table is a table row
    return Where(text, int(page.group(1)) if page else None, int(line.group(1)) if line else None,
                 int(table.group(1)) if table else None)


def issue_text(issue) -> str:
    """One document issue as a line for people (a record, its dict form, or an older string)."""
    if isinstance(issue, str):
        return issue
    if isinstance(issue, dict):
        return "：".join(p for p in (str(issue.get("where") or ""), str(issue.get("message") or "")) if p)
    message = getattr(issue, "message", None)
    place = getattr(issue, "where", None)
    place = getattr(place, "where", place)  # a typed provenance
    return "：".join(str(p) for p in (place, message) if p) or str(issue)


def excerpt(text: str, line: int, context: int = 3) -> list[tuple[int, str, bool]]:
    """The lines around `line` of a text document: (number, text, is the line itself)."""
    lines = text.splitlines()
    lo, hi = max(1, line - context), min(len(lines), line + context)
    return [(n, lines[n - 1], n == line) for n in range(lo, hi + 1)]
