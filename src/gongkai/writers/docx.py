"""A report as a Word document (python-docx): A4, East Asian fonts, real merged-cell tables.

Typography follows the usual government-document practice (GB/T 9704): title in 小标宋
二号, headings in 黑体 三号, body in 仿宋 三号, tables in 宋体 五号.  Where those fonts are
missing (LibreOffice on Linux) the reader's font fallback takes over.  Table rows never
split across pages; 表三's and 表四's header rows repeat on each page they run onto.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..report import Report, Scope
from . import layout
from .layout import CAPTION, CORNER, HEADER_ROW, ROW, VALUE, Grid

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
CAPTION_FILL = "DCE6F1"
INFERRED_FILL = "FFE58A"

_MARGINS = dict(top_margin=Mm(37), bottom_margin=Mm(30), left_margin=Mm(28), right_margin=Mm(26))


def _fonts(run_or_style, east_asian: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph(doc, text: str, *, font: str, size: float, bold=False, align=None, indent=True, style=None,
               before: float = 0, after: float = 0):
    p = doc.add_paragraph(style=style)
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(size * 1.75)
    _fonts(p.add_run(text), font, size, bold)
    return p


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE) as the three-part fldChar run sequence Word and LibreOffice both read."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        _fonts(run, BODY_FONT, 10.5)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
            run._r.append(el)
        else:
            run.text = text


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for k, v in _MARGINS.items():
        setattr(section, k, v)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("- "), BODY_FONT, 10.5)
    _field(footer, "PAGE")
    _fonts(footer.add_run(" -"), BODY_FONT, 10.5)
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, 16)
    heading = doc.styles["Heading 1"]
    _fonts(heading, HEADING_FONT, 16, bold=False)
    heading.font.italic = False
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.first_line_indent = Pt(32)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(0)


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)


def _row_flag(row, tag: str) -> None:
    props = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    props.append(el)


def _fixed_layout(table) -> None:
    props = table._tbl.tblPr
    el = OxmlElement("w:tblLayout")
    el.set(qn("w:type"), "fixed")
    props.append(el)


def _table(doc, grid: Grid, text_width) -> None:
    table = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    widths = [int(text_width * w / 100) for w in layout.column_widths(grid)]
    for j, col in enumerate(table.columns):
        col.width = widths[j]
    # python-docx's table.cell() rebuilds the whole cell list on every call; take it once.
    # Merge regions are disjoint, so each region's corner cells survive the other merges.
    before = table._cells
    for i, cell in enumerate(before):
        cell.width = widths[i % grid.n_cols]

    ends = [i + n for i, n in grid.block_rows()]
    blocks_end = [next(e for e in ends if e > r) for r in range(grid.n_rows)]

    def at(r: int, c: int):
        return before[r * grid.n_cols + c]
    # Keep rows whole; repeat a table's leading header rows on each page it runs onto.
    leading = True
    for i, row in enumerate(table.rows):
        _row_flag(row, "w:cantSplit")
        leading = leading and grid.row_roles[i] == HEADER_ROW
        if leading:
            _row_flag(row, "w:tblHeader")
    for c in grid.cells:
        cell = at(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(at(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        left = c.role == ROW and c.rowspan == 1
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        size = 9 if c.role == CORNER or grid.n_cols >= 12 else 10.5
        bold = c.role == CAPTION or (c.role == ROW and c.level == 0 and grid.header_cols > 1)
        if c.text:
            _fonts(p.add_run(c.text), TABLE_FONT, size, bold)
        if c.row + c.rowspan < blocks_end[c.row] and (grid.keep_together or len(ends) > 1):
            p.paragraph_format.keep_with_next = True  # Word keeps a table (or a block) whole this way
        if c.role == CAPTION:
            _shade(cell, CAPTION_FILL)
        elif c.role == VALUE and c.inferred:
            _shade(cell, INFERRED_FILL)


def render(report: Report, *, highlight_inferred: bool = False) -> bytes:
    doc = Document()
    _page_setup(doc)
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    doc.core_properties.title = layout.title(report)
    doc.core_properties.author = report.agency
    doc.core_properties.language = "zh-CN"

    _paragraph(doc, layout.title(report), font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
               indent=False, after=16)
    if report.scope == Scope.AGGREGATE and report.units:
        _paragraph(doc, f"本报告为汇总报告，汇总单位：{'、'.join(report.units)}。", font=BODY_FONT, size=16)
    if highlight_inferred and report.inferred:
        _paragraph(doc, "注：表中底色标示的数字由报告自身的勾稽关系推算得出，并非从原文直接读取。",
                   font=BODY_FONT, size=12)
    grids: dict[int, list[Grid]] = {}
    for grid in layout.grids(report, highlight_inferred=highlight_inferred):
        grids.setdefault(grid.section, []).append(grid)
    for n, heading in enumerate(report.format.sections, start=1):
        h = doc.add_paragraph(style="Heading 1")
        _fonts(h.add_run(heading), HEADING_FONT, 16, bold=False)
        for text in layout.paragraphs(report.sections.get(n)):
            _paragraph(doc, text, font=BODY_FONT, size=16)
        for grid in grids.get(n, []):
            _table(doc, grid, text_width)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
