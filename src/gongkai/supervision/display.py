"""How a reader's provenance and document issues are shown — the one place that knows their shape.

Today (main) a `Provenance` carries `where` as text ("第 57 行", "表格1 第3行第2列",
"第2页 表格1 第17行第4列") and `document_issues` are strings.  Issue 8 (branch `readers`)
makes them typed (page, table, row, column, line) and structured (code, where, message); after
that merge only this module changes: read the fields instead of parsing the text back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    """A reader's provenance (today: `Provenance(where=str)`, or a bare string) → `Where`."""
    if provenance is None:
        return Where("")
    text = getattr(provenance, "where", provenance) or ""
    if not isinstance(text, str):  # a typed provenance (readers branch): use its fields
        return Where(str(text), getattr(text, "page", None), getattr(text, "line", None), getattr(text, "table", None))
    page = _PAGE.search(text)
    table = _TABLE.search(text)
    line = _LINE.search(text) if page is None and table is None else None  # "第3行" inside a table is a table row
    return Where(text, int(page.group(1)) if page else None, int(line.group(1)) if line else None,
                 int(table.group(1)) if table else None)


def issue_text(issue) -> str:
    """One document issue as a line for people (today a string; later a record with a message)."""
    if isinstance(issue, str):
        return issue
    if isinstance(issue, dict):
        return "：".join(p for p in (str(issue.get("where") or ""), str(issue.get("message") or "")) if p)
    message = getattr(issue, "message", None)
    place = getattr(issue, "where", None)
    return "：".join(str(p) for p in (place, message) if p) or str(issue)


def excerpt(text: str, line: int, context: int = 3) -> list[tuple[int, str, bool]]:
    """The lines around `line` of a text document: (number, text, is the line itself)."""
    lines = text.splitlines()
    lo, hi = max(1, line - context), min(len(lines), line + context)
    return [(n, lines[n - 1], n == line) for n in range(lo, hi + 1)]
