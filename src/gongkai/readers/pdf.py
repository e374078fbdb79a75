"""PDF with a text layer → Report.

The text of every page comes from PDFium (fast); the pages that carry the report's
tables are laid out again by pdfplumber, whose ruling-line table finder gives real cells
with their spans.  A table that continues on the next page is read as one; wrapped cell
text is joined; everything is NFKC-normalised (some PDFs print 一 as the Kangxi radical ⼀).
When no ruled table is found the text goes to the text reader.

The sections' prose is rebuilt from PDFium's character boxes (`_prose`): characters in a
ruled table's rows are left out (prose printed on ruled lines is kept), page numbers in
the top/bottom margin are dropped, and wrapped lines are rejoined into paragraphs — a
paragraph starts where a line is indented from the text column's left edge, or after a
line that ends short (with 。！？ etc., or far short).
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from dataclasses import dataclass

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


def _open(data: bytes, source: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise ReaderError(f"{source}: PDF 有密码保护，无法读取 (password-protected PDF)") from None
        raise ReaderError(f"{source}: PDF 文件损坏或不完整（{msg}）(damaged or truncated PDF)") from None


def _raw_text(textpage) -> str:
    """The page's characters, one per PDFium index (a line break is CR LF)."""
    import pypdfium2.raw as raw

    text = textpage.get_text_range()
    n = textpage.count_chars()
    if len(text) != n:  # a character outside the BMP: index the characters one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, k) or 0xFFFD) for k in range(n))
    return text


_Rect = tuple[float, float, float, float]  # x0, top, x1, bottom: top-down, as pdfplumber's
# A ruled table: its page's index, its cells, and the page's vertical rules (x, top, bottom).
_Ruled = tuple[int, list[_Rect], list[tuple[float, float, float]]]

# Running page numbers: - 2 -, — 2 —, 第 2 页, 第2页 共5页, 共5页 第2页, 2/5, 2, Page 2 of 5.
_PAGE_NUMBER = re.compile(
    r"[-－—–‐−]\s*\d{1,4}\s*[-－—–‐−]|第\s*[\d一二三四五六七八九十]{1,4}\s*页(?:\s*[，,/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?",
    re.I)
_MARGIN = 0.1  # the share of the page height at its top and bottom where page numbers sit
_ENDS = "。！？!?；;：:…"  # a line ending so (maybe before a closing quote) may end its paragraph
_CLOSERS = "”’」』）)》〉】\"'"
_INDENT = 1.2  # ems from the column's left edge that make a line a paragraph's first
_ASCII_WORD = re.compile(r"[!-~]+")


@dataclass
class _Line:
    page: int
    text: str
    x0: float  # left edge of the first character's advance box (glyph bearings ignored)
    x1: float
    top: float
    bottom: float
    em: float  # the widest advance of its first and last character


def _bands(cells: list[_Rect], verticals: list[tuple[float, float, float]]) -> list[tuple[float, float, bool]]:
    """A ruled table's horizontal bands, top down: (top, bottom, whether it has columns — two
    or more cells cross it, or a rule between its sides does: a row cut by the page break
    has its column rules but no closing rule, so no cells)."""
    ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
    x0, x1 = min(c[0] for c in cells), max(c[2] for c in cells)
    inner = [(top, bottom) for x, top, bottom in verticals if x0 + 3 < x < x1 - 3]
    out = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        mid = (top + bottom) / 2
        n = sum(1 for c in cells if c[1] <= mid <= c[3])
        if n:
            ruled = n > 1 or any(min(b, bottom) - max(t, top) >= 3 for t, b in inner)
            out.append((top, bottom, ruled))
    return out


def _centered(top: float, bottom: float, x0: float, x1: float, chars: list[_Rect]) -> bool:
    """The text in a band is centered between x0 and x1 (a caption), or there is none."""
    inside = [c for c in chars if x0 <= (c[0] + c[2]) / 2 <= x1 and top <= (c[1] + c[3]) / 2 <= bottom]
    if not inside:
        return True
    em = statistics.median(c[2] - c[0] for c in inside)
    left, right = min(c[0] for c in inside) - x0, x1 - max(c[2] for c in inside)
    return left >= 3 * em and abs(left - right) <= max(2 * em, 0.1 * (x1 - x0))


def _table_areas(cells: list[_Rect], verticals: list[tuple[float, float, float]],
                 chars: list[_Rect]) -> list[_Rect]:
    """Where a ruled table prints table rows: runs of bands crossed by two or more cells,
    with the single-cell bands whose text is centered (a block's caption) or absent.  A
    single-cell band of other text is prose on ruled lines (some Word templates rule every
    line; a page-wide frame makes one cell of the text between two tables)."""
    bands = _bands(cells, verticals)
    if not any(columns for *_, columns in bands):
        return []
    x0, x1 = min(c[0] for c in cells), max(c[2] for c in cells)
    areas = []
    run: list[tuple[float, float, bool]] = []
    for band in [*bands, None]:
        if band is not None and (band[2] or _centered(band[0], band[1], x0, x1, chars)):
            run.append(band)
            continue
        if any(columns for *_, columns in run):
            areas.append((x0, run[0][0], x1, run[-1][1]))
        run = []
    return areas


def _page_lines(page_no: int, textpage, raw_text: str, height: float,
                ruled: list[_Ruled]) -> tuple[list[_Line], list[_Rect]]:
    """The page's text lines as PDFium groups them, minus the characters inside a table's
    area; and those areas."""
    import pypdfium2.raw as raw

    rect = raw.FS_RECTF()
    tp = textpage.raw

    def box(k: int) -> _Rect:
        raw.FPDFText_GetLooseCharBox(tp, k, rect)
        return rect.left, height - rect.top, rect.right, height - rect.bottom

    tables = [(cells, verticals) for i, cells, verticals in ruled if i == page_no]
    segments = []
    for m in re.finditer(r"[^\r\n]+", raw_text):
        keep = [k for k in range(*m.span()) if not raw_text[k].isspace()]
        if keep:
            segments.append([(k, box(k)) for k in keep] if tables else [(keep[0], box(keep[0])), (keep[-1], box(keep[-1]))])
    areas: list[_Rect] = []
    if tables:
        chars = [b for seg in segments for _, b in seg]
        areas = [a for cells, verticals in tables for a in _table_areas(cells, verticals, chars)]
    lines = []
    for seg in segments:
        kept = seg
        if areas:
            kept = [(k, b) for k, b in seg if not any(
                x0 <= (b[0] + b[2]) / 2 <= x1 and top <= (b[1] + b[3]) / 2 <= bottom for x0, top, x1, bottom in areas)]
            if not kept:
                continue
        (k0, first), (k1, last) = kept[0], kept[-1]
        if len(kept) == len(seg):
            text = raw_text[k0: k1 + 1]
        else:  # the spaces between kept characters stay
            out = {k for k, _ in seg} - {k for k, _ in kept}
            text = "".join(raw_text[k] for k in range(k0, k1 + 1) if k not in out)
        lines.append(_Line(page_no, _fix_radicals(text), first[0], last[2], min(first[1], last[1]),
                           max(first[3], last[3]), max(first[2] - first[0], last[2] - last[0])))
    return lines, areas


def _drop_page_numbers(lines: list[_Line], height: float) -> list[_Line]:
    """Lines that read as a page number and sit in the top/bottom margin, or above/below all else."""
    if not lines:
        return lines
    highest, lowest = min(x.top for x in lines), max(x.bottom for x in lines)
    return [x for x in lines if not (
        _PAGE_NUMBER.fullmatch(x.text)
        and (x.bottom <= height * _MARGIN or x.top >= height * (1 - _MARGIN) or x.top == highest or x.bottom == lowest))]


def _column(lines: list[_Line], page_width: float, em: float) -> tuple[float, float]:
    """The text column's left and right edges.  Left: the leftmost start shared by two lines
    (one stray line further left does not move it), or the right margin mirrored when every
    line starts indented (a report of one-line paragraphs)."""
    right = max(x.x1 for x in lines)
    starts = sorted(x.x0 for x in lines)
    left = next((a for a, b in zip(starts, starts[1:], strict=False) if b - a <= 1.5), starts[0])
    mirrored = page_width - right
    if left - 4 * em < mirrored < left:
        left = mirrored
    return left, right


def _first_word(line: _Line, em: float) -> float:
    """About how wide the line's first word is (an ASCII run, or one CJK character)."""
    m = _ASCII_WORD.match(line.text)
    return len(m.group(0)) * 0.6 * em if m else em


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _ENDS if text.rstrip(_CLOSERS) else False


def _table_between(a: _Line, b: _Line, areas: list[tuple[int, _Rect]]) -> bool:
    return any((a.page, a.bottom - 2) <= (p, top) and (p, bottom) <= (b.page, b.top + 2)
               for p, (_, top, _, bottom) in areas)


def _starts_paragraph(prev: _Line, line: _Line, left: float, right: float, em: float,
                      areas: list[tuple[int, _Rect]]) -> bool:
    if line.x0 - left >= _INDENT * em or _table_between(prev, line, areas):
        return True
    if line.page == prev.page and line.top < prev.top - em:
        return True  # the stream went back up the page: another block
    gap = right - prev.x1
    return (gap >= em and _ends_sentence(prev.text)) or gap >= _first_word(line, em) + 2 * em


def _join(a: str, b: str) -> str:
    """A wrapped line joined on: CJK needs no space, a wrapped English phrase does."""
    return f"{a} {b}" if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum() else a + b


def _cut_tables(lines: list[_Line], areas: list[tuple[int, _Rect]]) -> list[_Line]:
    """A table that runs on at the top of the next page may print, right under its last rule,
    the text of a cell cut by the page break: those lines are the table's.  (Extends `areas`.)"""
    claimed: set[int] = set()
    for n, (page, (x0, top, x1, bottom)) in enumerate(areas):
        following = [a[1] for p, a in areas if p == page + 1]
        if (any(p == page and a[1] > bottom for p, a in areas) or not following
                or any(x.page == page + 1 and x.top < min(following) for x in lines)):
            continue
        for x in sorted((x for x in lines if x.page == page and x.top >= top), key=lambda x: x.top):
            if not (x0 - 2 <= x.x0 and x.x1 <= x1 + 2 and x.top < bottom + x.em / 2):
                break
            claimed.add(id(x))
            bottom = max(bottom, x.bottom)
        areas[n] = (page, (x0, top, x1, bottom))
    return [x for x in lines if id(x) not in claimed]


def _prose(pages, textpages, raws: list[str], ruled: list[_Ruled]) -> str:
    """The document's text outside its tables, page numbers dropped, one paragraph a line."""
    lines: list[_Line] = []
    areas: list[tuple[int, _Rect]] = []
    sizes = []
    for i, (page, tp, raw_text) in enumerate(zip(pages, textpages, raws, strict=True)):
        height = page.get_height()
        found, page_areas = _page_lines(i, tp, raw_text, height, ruled)
        lines.extend(_drop_page_numbers(found, height))
        areas.extend((i, a) for a in page_areas)
        sizes.append((round(page.get_width()), round(height)))
    lines = _cut_tables(lines, areas)
    if not lines:
        return ""
    # The column's edges per page size (a landscape table page has its own).
    em = statistics.median(x.em for x in lines)
    columns = {}
    for size in set(sizes):
        same = [x for x in lines if sizes[x.page] == size]
        if same:
            columns[size] = _column(same, size[0], em)
    paragraphs: list[str] = []
    prev = None
    for line in lines:
        left, right = columns[sizes[line.page]]
        if prev is None or _starts_paragraph(prev, line, left, right, em, areas):
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        prev = line
    return "\n".join(paragraphs)


def _slow_grids(data: bytes, source: str, pages: list[int], grids: list[Grid],
                ruled: list[_Ruled]) -> list[Grid]:
    """pdfplumber's own table finder for the pages the fast path could not read; each
    table's cells go to `ruled`."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    found: list[Grid] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in pages:
                page = pdf.pages[i]
                verticals = [(e["x0"], e["top"], e["bottom"]) for e in page.edges if e["orientation"] == "v"]
                for k, table in enumerate(page.find_tables(), start=1):
                    found.append(_grid_of(table, i + 1, k))
                    ruled.append((i, [c for c in table.cells if c], verticals))
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


def _fast_grids(page, textpage, page_no: int, ruled: list[_Ruled]) -> list[Grid] | None:
    """Tables of a page found on PDFium's lines with pdfplumber's own cell algorithm
    (pdfminer's pure-Python content parsing is what makes pdfplumber slow); each table's
    cells go to `ruled`."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    height = page.get_height()
    edges = _edges(page, height)
    if not edges:
        return None
    edges = [e for e in merge_edges(edges, 3, 3, 3, 3) if max(e["width"], e["height"]) >= 3]
    tables = cells_to_tables(intersections_to_cells(edges_to_intersections(edges, 3, 3)))
    grids = []
    verticals = [(e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"]
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
        ruled.append((page_no - 1, list(cells), verticals))
    return grids


def read_pdf(data: bytes, source: str) -> Report:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReaderError(f"{source}: 不是 PDF 文件 (not a PDF file)")
    doc = _open(data, source)
    try:
        return _read(doc, data, source)
    finally:
        doc.close()


def _read(doc, data: bytes, source: str) -> Report:
    pages = [doc[i] for i in range(len(doc))]
    textpages = [page.get_textpage() for page in pages]
    raws = [_raw_text(tp) for tp in textpages]
    texts = [_fix_radicals(t).replace("\r\n", "\n") for t in raws]
    from ..ocr.detect import needs_ocr, scanned_pages  # scanned pages go to OCR (issue 15)

    scanned = scanned_pages(pages, texts)
    if needs_ocr(texts, scanned):
        from ..ocr.scan import read_scanned_pdf

        return read_scanned_pdf(doc, texts, scanned, source)
    if not any(t.strip() for t in texts):
        raise ReaderError(f"{source}: 扫描版 PDF，没有文字层，无法读取；请先做文字识别（OCR）(scanned PDF, no text layer)")
    grids: list[Grid] = []
    ruled: list[_Ruled] = []
    table_pages = [i for i, t in enumerate(texts) if any(w in t for w in _TABLE_WORDS)]
    fast_ok = True
    for i in table_pages:
        found = _fast_grids(pages[i], textpages[i], i + 1, ruled)
        if found is None:
            fast_ok = False
            break
        grids.extend(found)
    text = "\n".join(texts)
    if fast_ok and grids:
        report = report_from_grids(grids, text, source, prose=_prose(pages, textpages, raws, ruled))
        if not _incomplete(report):
            return report
    # Drawings the fast path misreads (borders as filled shapes, forms): pdfplumber.
    slow_ruled: list[_Ruled] = []
    slow_grids = _slow_grids(data, source, table_pages, [], slow_ruled)
    slow = report_from_grids(slow_grids, text, source, prose=_prose(pages, textpages, raws, slow_ruled))
    if fast_ok and grids and _score(report) > _score(slow):
        return report
    return slow


def _incomplete(report: Report) -> bool:
    return bool(report.unknown) or any(("缺少" in i or "未找到" in i) for i in report.document_issues)


def _score(report: Report) -> int:
    return len(report.provenance) - len(report.unknown)


