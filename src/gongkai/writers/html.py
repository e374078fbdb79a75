"""A report as HTML: a standalone A4 page, or a fragment for the platform's pages.

The tables come from `layout.grids`, so they print exactly as the format declares them.
Value cells carry `data-cell="TABLE|ROW|COLUMN"` so pages and checkers can point at them.
"""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files

from ..report import Report, Scope
from . import layout
from .layout import CAPTION, COLUMN, CORNER, ROW, VALUE, Grid

# Only the standalone page owns the paper and the page body; the fragment leaves them to its host.
PAGE_CSS = """
@page {
  size: A4;
  margin: 25mm 22mm 22mm;
  @bottom-center { content: "- " counter(page) " -"; font-family: "Noto Serif CJK SC", serif; font-size: 10pt; }
}
html { background: #f2f2f2; }
body { margin: 0; padding: 12mm 0; }
.gk-report { background: #fff; padding: 20mm 18mm; box-shadow: 0 0 4px rgba(0,0,0,.25); }
@media print {
  html { background: none; }
  body { padding: 0; }
  .gk-report { padding: 0; box-shadow: none; }
}
"""

@cache
def stylesheet() -> str:
    """The report's CSS (package data), for hosts that link or inline it."""
    return files("gongkai.writers").joinpath("report.css").read_text(encoding="utf-8")


def _cell(c: layout.GridCell, grid: Grid) -> str:
    attrs = []
    if c.rowspan > 1:
        attrs.append(f'rowspan="{c.rowspan}"')
    if c.colspan > 1:
        attrs.append(f'colspan="{c.colspan}"')
    text = escape(c.text)
    if c.role == VALUE:
        cls = ' class="gk-inferred" title="推算值（非原文直接读取）"' if c.inferred else ""
        return f'<td data-cell="{escape(c.address or "")}"{cls} {" ".join(attrs)}>{text}</td>'.replace(" >", ">")
    classes = {CAPTION: "gk-caption", CORNER: "gk-corner", COLUMN: "gk-col", ROW: "gk-row"}[c.role]
    if c.role == ROW:
        if c.rowspan > 1:
            classes += " gk-group"
        if c.level == 0 and grid.header_cols > 1:
            classes += " gk-top"
    scope = {COLUMN: ' scope="col"', ROW: ' scope="row"'}.get(c.role, "")
    if c.role == COLUMN and c.colspan > 1:
        scope = ' scope="colgroup"'
    if c.role == ROW and c.rowspan > 1:
        scope = ' scope="rowgroup"'
    return f'<th class="{classes}"{scope} {" ".join(attrs)}>{text}</th>'.replace(" >", ">")


def table_html(grid: Grid) -> str:
    cols = "".join(f'<col style="width:{w:.2f}%">' for w in layout.column_widths(grid))
    lines = [
        f'<tr class="gk-{role}">' + "".join(_cell(c, grid) for c in cells) + "</tr>"
        for role, cells in zip(grid.row_roles, grid.rows(), strict=True)
    ]
    # One row group per block: print CSS keeps a block (caption, header, rows) on one page.
    blocks = grid.block_rows()
    cls = "gk-block gk-whole" if len(blocks) > 1 else "gk-block"
    rows = "".join(f'<tbody class="{cls}">{"".join(lines[i:i + n])}</tbody>' for i, n in blocks)
    keep = " gk-keep" if grid.keep_together else ""
    return f'<table class="gk-table{keep}" data-table="{escape(grid.key)}"><colgroup>{cols}</colgroup>{rows}</table>'


def fragment(report: Report, *, highlight_inferred: bool = False) -> str:
    """The report as an `<article class="gk-report">`; pair it with `stylesheet()`."""
    fmt = report.format
    tables: dict[int, list[Grid]] = {}
    for grid in layout.grids(report, highlight_inferred=highlight_inferred):
        tables.setdefault(grid.section, []).append(grid)
    out = [
        f'<article class="gk-report" lang="zh-CN" data-format="{fmt.id}" data-year="{report.year}">',
        f'<h1 class="gk-title">{escape(layout.title(report))}</h1>',
    ]
    if report.scope == Scope.AGGREGATE and report.units:
        out.append(f'<p class="gk-note">本报告为汇总报告，汇总单位：{escape("、".join(report.units))}。</p>')
    if highlight_inferred and report.inferred:
        out.append('<p class="gk-legend gk-note"><span class="gk-swatch"> </span> 底色标示的数字由报告自身的勾稽关系推算得出，'
                   "并非从原文直接读取。</p>")
    for n, heading in enumerate(fmt.sections, start=1):
        out.append(f'<section class="gk-section" id="gk-section-{n}"><h2>{escape(heading)}</h2>')
        out.extend(f"<p>{escape(p)}</p>" for p in layout.paragraphs(report.sections.get(n)))
        out.extend(table_html(g) for g in tables.get(n, []))
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out)


def page(report: Report, *, highlight_inferred: bool = False, print_only_css: str = "") -> str:
    """A standalone HTML page with the stylesheet inlined and A4 print rules."""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(layout.title(report))}</title>\n"
        f'<meta name="generator" content="gongkai">\n'
        f"<style>\n{stylesheet()}\n{PAGE_CSS}\n{print_only_css}</style>\n</head>\n<body>\n"
        f"{fragment(report, highlight_inferred=highlight_inferred)}\n</body>\n</html>\n"
    )


def render(report: Report, *, highlight_inferred: bool = False) -> bytes:
    return page(report, highlight_inferred=highlight_inferred).encode("utf-8")
