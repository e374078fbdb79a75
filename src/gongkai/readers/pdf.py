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


def read_pdf(data: bytes, source: str) -> Report:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReaderError(f"{source}: 不是 PDF 文件 (not a PDF file)")
    texts = _page_texts(data, source)
    if not any(t.strip() for t in texts):
        raise ReaderError(f"{source}: 扫描版 PDF，没有文字层，无法读取；请先做文字识别（OCR）(scanned PDF, no text layer)")
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    grids: list[Grid] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i, text in enumerate(texts):
                if not any(w in text for w in _TABLE_WORDS):
                    continue
                for k, table in enumerate(pdf.pages[i].find_tables(), start=1):
                    grids.append(_grid_of(table, i + 1, k))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as e:
        raise ReaderError(f"{source}: PDF 文件损坏，无法读出表格（{e}）(damaged PDF)") from None
    return report_from_grids(grids, "\n".join(texts), source)
