"""Word .docx → Report: tables read with their real merged structure.

python-docx's `table.cell(r, c)` repeats a merged cell in every slot it covers; here
each `<w:tc>` is one printed cell: `gridSpan` widens it, `vMerge="continue"` makes the
slot below belong to the cell above, `gridBefore` skips leading grid columns.
"""

from __future__ import annotations

from lxml import etree

from ..report import Provenance, Report
from . import ReaderError, limits
from .errors import library_failures
from .grid import Grid, GridCell, _place
from .meta import Hints
from .package import main_part
from .structured import report_from_grids

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(el) -> str:
    """Text of a paragraph or cell: runs joined, <w:br>/<w:tab> and paragraphs as breaks."""
    parts = []
    for node in el.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab", f"{_W}p"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}p":
            if parts:
                parts.append("\n")
        elif tag == f"{_W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _int_attr(el, path: str) -> int:
    found = el.find(path)
    if found is None:
        return 0
    raw = found.get(f"{_W}val", "0").strip()
    # at most 9 digits: int() of a 10⁵-digit attribute is itself slow
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw.lstrip("0")) <= 9 else 0


def _grid(tbl, n: int) -> Grid:
    """Spans clamped (`limits.clamp_span`): a gridSpan of 10⁹ in a 38 KB file is one of
    `Limits.span` columns, not gigabytes; a table wider or larger than the limits is refused."""
    lim = limits.current()
    where = Provenance(table=n)
    slots: list[list[GridCell | None]] = []
    filled = 0
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr")):
        before = _int_attr(tr, f"{_W}trPr/{_W}gridBefore")
        row: list[GridCell | None] = [None] * (limits.clamp_span(before) if before > 0 else 0)
        for tc in tr.iterchildren(f"{_W}tc"):
            span = limits.clamp_span(_int_attr(tc, f"{_W}tcPr/{_W}gridSpan"))
            if len(row) + span > lim.table_columns:
                raise limits.refuse("", f"Word 文档的表格{n}第 {r + 1} 行超过 {lim.table_columns} 列的上限",
                                    "table too wide")
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            c = len(row)
            above = slots[r - 1][c] if r and c < len(slots[r - 1]) else None
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue" and above is not None:
                above.rowspan = r - above.row + 1
                cell = above
            else:
                cell = GridCell(_text(tc), r, c, 1, span, _place(where, r + 1, c + 1, None))
            row.extend([cell] * span)
        filled += len(row)
        if filled > lim.table_slots:
            raise limits.refuse("", f"Word 文档的表格{n}展开后超过 {lim.table_slots:,} 格的上限", "table too large")
        slots.append(row)
    return Grid(slots, where)


def read_docx(data: bytes, source: str, hints: Hints | None = None) -> Report:
    from docx.oxml.parser import parse_xml  # python-docx's parser and element classes, as Document() uses

    xml = main_part(data, source)  # within the limits: only the parts that say where the body is, and it
    with library_failures(source, "Word 文档的正文无法解析", etree.LxmlError, "damaged .docx"):
        body = parse_xml(xml).find(f"{_W}body")
    if body is None:
        raise ReaderError(f"{source}: Word 文档没有正文 (no document body)", code="damaged")
    limits.check_count(sum(1 for _ in body.iter(f"{_W}tc")), limits.current().table_cells, source,
                       "Word 文档中的表格单元格", "too many table cells")
    grids: list[Grid] = []
    lines: list[tuple[str, bool]] = []
    n = 0
    for el in body.iterchildren():
        if el.tag == f"{_W}p":
            text = _text(el).strip()
            if text:
                lines.append((text, False))
        elif el.tag == f"{_W}tbl":
            n += 1
            grid = _grid(el, n)
            grids.append(grid)
            for r in range(len(grid.slots)):
                seen: list[GridCell] = []
                for cell in grid.slots[r]:
                    if cell is not None and cell not in seen and cell.row == r:
                        seen.append(cell)
                line = "\t".join(c.text.replace("\n", "") for c in seen).strip()
                if line:
                    lines.append((line, True))
    text = "\n".join(line for line, _ in lines)
    prose = "\n".join(line for line, in_table in lines if not in_table)
    if not text.strip():
        raise ReaderError(f"{source}: Word 文档中没有文字 (empty .docx)")
    limits.check_text(text, source)
    return report_from_grids(grids, text, source, prose=prose, hints=hints)
