"""PDF with a text layer → Report.

The text of every page comes from PDFium (fast); the pages that carry the report's
tables are laid out again by pdfplumber, whose ruling-line table finder gives real cells
with their spans.  A table that continues on the next page is read as one; wrapped cell
text is joined; everything is NFKC-normalised (some PDFs print 一 as the Kangxi radical ⼀).
When no ruled table is found the text goes to the text reader.
"""

from __future__ import annotations

import io
import re
import unicodedata

from ..report import Report
from . import ReaderError
from .grid import Grid, GridCell
from .structured import report_from_grids

# A page whose text holds one of these may carry a table; only those are laid out (slow).
_TABLE_WORDS = ("信息内容", "第二十条", "申请人情况", "自然人", "予以公开", "结转下年度", "结果维持",
                "尚未审结", "行政复议", "商业企业", "无法提供", "不予处理")


# Kangxi radicals, CJK radical supplement and compatibility ideographs → the ordinary
# ideograph (⼀ → 一); the rest of the text keeps its full-width punctuation.
_RADICALS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def _fix_radicals(text: str) -> str:
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _page_texts(data: bytes, source: str) -> list[str]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise ReaderError(f"{source}: PDF 有密码保护，无法读取 (password-protected PDF)") from None
        raise ReaderError(f"{source}: PDF 文件损坏或不完整（{msg}）(damaged or truncated PDF)") from None
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            texts.append(_fix_radicals(textpage.get_text_range()).replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def _slow_grids(data: bytes, source: str, pages: list[int], grids: list[Grid]) -> list[Grid]:
    """pdfplumber's own table finder for the pages the fast path could not read."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    found: list[Grid] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in pages:
                for k, table in enumerate(pdf.pages[i].find_tables(), start=1):
                    found.append(_grid_of(table, i + 1, k))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as e:
        raise ReaderError(f"{source}: PDF 文件损坏，无法读出表格（{e}）(damaged PDF)") from None
    order = {g.where: n for n, g in enumerate(grids + found)}
    return sorted(grids + found, key=lambda g: (int(g.where[1:g.where.index("页")]), order[g.where]))


def _grid_of(table, page_no: int, k: int) -> Grid:
    """A pdfplumber table → Grid: each slot points at the ruled cell covering it."""
    texts = table.extract()
    rows = table.rows
    cols = table.columns
    slots: list[list[GridCell | None]] = [[None] * len(cols) for _ in rows]
    origins: list[tuple[tuple, GridCell]] = []
    for r, row in enumerate(rows):
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            text = _fix_radicals(texts[r][c] or "")
            cell = GridCell(text, r, c, where=f"第{page_no}页 表格{k} 第{r + 1}行第{c + 1}列")
            origins.append((bbox, cell))
            slots[r][c] = cell
    # Slot boundaries: every column starts at some cell's left edge, every row at some
    # cell's top (a row's or column's own bbox is inflated by the spanning cells in it).
    x0, top, x1, bottom = table.bbox
    xs = sorted({row.cells[c][0] for row in rows for c in range(len(cols)) if row.cells[c]}) + [x1]
    ys = [row.bbox[1] for row in rows] + [bottom]
    if len(xs) != len(cols) + 1:
        xs = [col.bbox[0] for col in cols] + [x1]
    for r in range(len(rows)):
        for c in range(len(cols)):
            if slots[r][c] is not None:
                continue
            x, y = (xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2
            for (cx0, cy0, cx1, cy1), cell in origins:
                if cx0 <= x <= cx1 and cy0 <= y <= cy1:
                    slots[r][c] = cell
                    break
    return Grid(slots, f"第{page_no}页 表格{k}", continues=(k == 1))


def _edges(page, height: float) -> list[dict] | None:
    """Ruling lines of a page from PDFium's path objects, as pdfplumber edge dicts; None
    when a path is more than a line or a rectangle (then pdfplumber reads the page)."""
    import pypdfium2.raw as raw

    edges = []
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=1):
        if raw.FPDFPath_CountSegments(obj.raw) > 6:
            return None
        left, bottom, right, top = obj.get_bounds()
        top, bottom = height - top, height - bottom
        w, h = right - left, bottom - top
        horizontal = [(top + bottom) / 2] if h <= 3 < w else ([top, bottom] if w > 3 and h > 3 else [])
        vertical = [(left + right) / 2] if w <= 3 < h else ([left, right] if w > 3 and h > 3 else [])
        for y in horizontal:
            edges.append({"x0": left, "x1": right, "top": y, "bottom": y, "width": w, "height": 0, "orientation": "h"})
        for x in vertical:
            edges.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0, "height": h, "orientation": "v"})
    return edges


def _nearest(values: list[float], v: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - v))


def _fast_grids(page, textpage, page_no: int) -> list[Grid] | None:
    """Tables of a page found on PDFium's lines with pdfplumber's own cell algorithm
    (pdfminer's pure-Python content parsing is what makes pdfplumber slow)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    height = page.get_height()
    edges = _edges(page, height)
    if not edges:
        return None
    edges = [e for e in merge_edges(edges, 3, 3, 3, 3) if max(e["width"], e["height"]) >= 3]
    tables = cells_to_tables(intersections_to_cells(edges_to_intersections(edges, 3, 3)))
    grids = []
    for k, cells in enumerate(sorted(tables, key=lambda t: (min(c[1] for c in t), min(c[0] for c in t))), start=1):
        xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
        ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
        slots: list[list[GridCell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        for x0, top, x1, bottom in sorted(cells, key=lambda c: (round(c[1], 1), round(c[0], 1))):
            c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
            r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
            if c1 <= c0 or r1 <= r0:
                continue
            text = textpage.get_text_bounded(left=x0 + 0.5, bottom=height - bottom + 0.5, right=x1 - 0.5,
                                             top=height - top - 0.5)
            cell = GridCell(_fix_radicals(text.replace("\r\n", "\n")), r0, c0, r1 - r0, c1 - c0,
                            f"第{page_no}页 表格{k} 第{r0 + 1}行第{c0 + 1}列")
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if slots[r][c] is None:
                        slots[r][c] = cell
        grids.append(Grid(slots, f"第{page_no}页 表格{k}", continues=(k == 1)))
    return grids


def read_pdf(data: bytes, source: str) -> Report:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReaderError(f"{source}: 不是 PDF 文件 (not a PDF file)")
    texts = _page_texts(data, source)
    if not any(t.strip() for t in texts):
        raise ReaderError(f"{source}: 扫描版 PDF，没有文字层，无法读取；请先做文字识别（OCR）(scanned PDF, no text layer)")
    grids: list[Grid] = []
    table_pages: list[int] = []
    fast_ok = True
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        for i, text in enumerate(texts):
            if not any(w in text for w in _TABLE_WORDS):
                continue
            table_pages.append(i)
            page = doc[i]
            found = _fast_grids(page, page.get_textpage(), i + 1) if fast_ok else None
            if found is None:
                fast_ok = False
            else:
                grids.extend(found)
    finally:
        doc.close()
    text = "\n".join(texts)
    if fast_ok and grids:
        report = report_from_grids(grids, text, source)
        if not _incomplete(report):
            return report
    # Drawings the fast path misreads (borders as filled shapes, forms): pdfplumber.
    slow = report_from_grids(_slow_grids(data, source, table_pages, []), text, source)
    if fast_ok and grids and _score(report) > _score(slow):
        return report
    return slow


def _incomplete(report: Report) -> bool:
    return bool(report.unknown) or any(("缺少" in i or "未找到" in i) for i in report.document_issues)


def _score(report: Report) -> int:
    return len(report.provenance) - len(report.unknown)


