"""Word .docx → Report: tables read with their real merged structure.

python-docx's `table.cell(r, c)` repeats a merged cell in every slot it covers; here
each `<w:tc>` is one printed cell: `gridSpan` widens it, `vMerge="continue"` makes the
slot below belong to the cell above, `gridBefore` skips leading grid columns.
"""

from __future__ import annotations

import io
import zipfile

from ..report import Provenance, Report
from . import ReaderError
from .grid import Grid, GridCell, _place
from .meta import Hints
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
    try:
        return int(found.get(f"{_W}val", "0"))
    except ValueError:
        return 0


def _grid(tbl, n: int) -> Grid:
    where = Provenance(table=n)
    slots: list[list[GridCell | None]] = []
    for r, tr in enumerate(tbl.iterchildren(f"{_W}tr")):
        row: list[GridCell | None] = [None] * _int_attr(tr, f"{_W}trPr/{_W}gridBefore")
        for tc in tr.iterchildren(f"{_W}tc"):
            span = max(1, _int_attr(tc, f"{_W}tcPr/{_W}gridSpan"))
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            c = len(row)
            above = slots[r - 1][c] if r and c < len(slots[r - 1]) else None
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue" and above is not None:
                above.rowspan = r - above.row + 1
                cell = above
            else:
                cell = GridCell(_text(tc), r, c, 1, span, _place(where, r + 1, c + 1, None))
            row.extend([cell] * span)
        slots.append(row)
    return Grid(slots, where)


def read_docx(data: bytes, source: str, hints: Hints | None = None) -> Report:
    try:
        import docx  # python-docx: validates the package and finds the main document part

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReaderError(f"{source}: Word 文档损坏或不完整（{e}）(damaged .docx)") from None
    except Exception as e:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise ReaderError(f"{source}: 无法打开 Word 文档（{type(e).__name__}）(cannot open .docx)") from None
    body = document.element.body
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
    return report_from_grids(grids, text, source, prose=prose, hints=hints)
