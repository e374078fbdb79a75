"""Render an annual report in the printed layout of its national format.

    >>> from gongkai.writers import render, KINDS
    >>> data = render(report, "docx")            # bytes
    >>> render(report, "html", highlight_inferred=True)

Kinds: html (standalone A4 page; `writers.html.fragment()` for embedding), docx, pdf,
xlsx (one sheet per table plus a long `cells` sheet), json and csv (cells.md interchange).
All table layouts come from `writers.layout`, derived from the format declaration.
"""

from __future__ import annotations

from ..report import Report

KINDS = ("html", "docx", "pdf", "xlsx", "json", "csv")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


class RenderError(ValueError):
    """A request the writers cannot fulfil (unknown kind); the message says which."""


def render(report: Report, kind: str, *, highlight_inferred: bool = False) -> bytes:
    """The report as a file of `kind` (one of KINDS), as bytes."""
    kind = (kind or "").lower().lstrip(".")
    if kind == "json":
        from .. import interchange

        return (interchange.dumps(report) + "\n").encode("utf-8")
    if kind == "csv":
        from .. import interchange

        return interchange.to_csv(report).encode("utf-8")
    if kind == "html":
        from . import html as writer
    elif kind == "docx":
        from . import docx as writer
    elif kind == "pdf":
        from . import pdf as writer
    elif kind == "xlsx":
        from . import xlsx as writer
    else:
        raise RenderError(f"不支持的输出格式 {kind!r}（可选: {', '.join(KINDS)}） (unknown output kind)")
    return writer.render(report, highlight_inferred=highlight_inferred)


def kind_for(path: str) -> str | None:
    """The kind a file name asks for by its extension (`report.docx` → docx), or None."""
    ext = str(path).rsplit(".", 1)[-1].lower() if "." in str(path) else ""
    return {"htm": "html"}.get(ext, ext) if ext in (*KINDS, "htm") else None


__all__ = ["KINDS", "MEDIA_TYPES", "RenderError", "kind_for", "render"]
