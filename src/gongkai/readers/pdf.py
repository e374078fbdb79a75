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

import ctypes
import io
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..report import Issue, Provenance, Report
from . import ReaderError, limits
from .errors import library_failures
from .grid import Grid, GridCell, _place
from .structured import report_from_grids


def table_words() -> tuple[str, ...]:
    """Words a page carrying part of a report table prints: the tables' header words and row
    labels, from the formats' declarations (keyed by the ids registered: a new format joins).
    Public: OCR picks the text pages of a mixed PDF whose tables it reads by it."""
    from .. import formats

    return _table_words_of(tuple(formats.FORMATS))


@cache
def _table_words_of(format_ids: tuple[str, ...]) -> tuple[str, ...]:
    from .. import formats
    from . import labels as L

    words: set[str] = set()
    for fmt in (formats.FORMATS[i] for i in format_ids):
        for table in fmt.tables:
            words.update(L.distinctive(fmt, table.key))
            words.update(r.rest for r in L.row_labels(fmt, table.key) if len(r.rest) >= 4)
    return tuple(sorted(words, key=len))


# Kangxi radicals, CJK radical supplement and compatibility ideographs → the ordinary
# ideograph (⼀ → 一); the rest of the text keeps its full-width punctuation.
_RADICALS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def _fix_radicals(text: str) -> str:
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def _open(data: bytes, source: str):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code == raw.FPDF_ERR_PASSWORD:
            raise ReaderError(f"{source}: PDF 有密码保护，无法读取 (password-protected PDF)") from None
        raise ReaderError(f"{source}: PDF 文件损坏或不完整（{e}）(damaged or truncated PDF)", code="damaged") from None


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


@dataclass(frozen=True)
class PdfSettings:
    """Every tolerance of the PDF reader in one place, in points unless said (as pdfplumber's
    ``table_settings`` and camelot's options are).  `SETTINGS` is the one in use."""

    snap_tolerance: float = 3  # rules closer than this are one rule
    join_tolerance: float = 3  # pieces of one rule with a gap smaller than this are joined
    intersection_tolerance: float = 3  # a horizontal and a vertical rule this close cross
    edge_min_length: float = 3  # a shorter stroke (a dot, part of a glyph) is not a rule
    rule_thickness: float = 3  # a filled shape thinner than this is a rule, not a box
    cell_inset: float = 0.5  # text is taken this far inside a cell's rules
    wrap_slack: float = 1.2  # ems: a cell's line ending this close to the right rule wrapped
    page_edge: float = 1  # a cell reaching this close to (or past) the page's edge is cut off
    margin: float = 0.1  # the share of the page height at its top and bottom where page numbers sit
    indent: float = 1.2  # ems from the column's left edge that make a line a paragraph's first


SETTINGS = PdfSettings()
_ENDS = "。！？!?；;：:…"  # a line ending so (maybe before a closing quote) may end its paragraph
_CLOSERS = "”’」』）)》〉】\"'"
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
        and (x.bottom <= height * SETTINGS.margin or x.top >= height * (1 - SETTINGS.margin) or x.top == highest or x.bottom == lowest))]


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
    if line.x0 - left >= SETTINGS.indent * em or _table_between(prev, line, areas):
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


def _slow_grids(data: bytes, source: str, pages: list[int], ruled: list[_Ruled]) -> list[Grid]:
    """pdfplumber's own table finder (pdfminer parses the pages: slow), for the pages where the
    fast path found no table — at most `Limits.pdf_slow_pages` of them; each table's cells go to
    `ruled`."""
    import logging

    import pdfplumber
    from pdfplumber.table import merge_edges

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about a damaged file are ours to say
    st = SETTINGS
    table_settings = {"snap_tolerance": st.snap_tolerance, "join_tolerance": st.join_tolerance,
                      "intersection_tolerance": st.intersection_tolerance, "edge_min_length": st.edge_min_length}
    pages = pages[: limits.current().pdf_slow_pages]
    found: list[tuple[int, int, _Table]] = []
    # pdfminer is a pure-Python parser of whatever the file holds: on a damaged file it raises
    # anything (PDFSyntaxError, TypeError "'int' object is not iterable", KeyError…).  Only its
    # calls are in this block; the grids are built from what it returned, outside.
    with (library_failures(source, "PDF 文件损坏，无法读出表格", Exception, "damaged PDF"),
          pdfplumber.open(io.BytesIO(data), pages=[i + 1 for i in pages]) as pdf):
        for i, page in zip(pages, pdf.pages, strict=True):
            verticals = [(e["x0"], e["top"], e["bottom"]) for e in page.edges if e["orientation"] == "v"]
            try:  # pdfplumber's finder joins the same rules and finds the same crossings: bounded first
                _crossings([e for e in merge_edges(page.edges, st.snap_tolerance, st.snap_tolerance,
                                                   st.join_tolerance, st.join_tolerance)
                            if max(e["width"], e["height"]) >= st.edge_min_length])
            except _TooComplex:
                continue  # this page's tables stay unknown, as beyond `pdf_slow_pages`
            for k, table in enumerate(page.find_tables(table_settings), start=1):
                found.append((i, k, _Table.of(table)))
                ruled.append((i, [c for c in table.cells if c], verticals))
    return [_grid_of(table, i + 1, k) for i, k, table in found]


@dataclass(frozen=True)
class _Table:
    """What `_grid_of` needs of a pdfplumber table, taken while pdfminer's errors are caught."""

    texts: list[list[str | None]]
    row_cells: list[list[_Rect | None]]
    row_boxes: list[_Rect]
    column_boxes: list[_Rect]
    bbox: _Rect

    @classmethod
    def of(cls, table) -> _Table:
        return cls(table.extract(), [list(r.cells) for r in table.rows], [r.bbox for r in table.rows],
                   [c.bbox for c in table.columns], table.bbox)


def _grid_of(table: _Table, page_no: int, k: int) -> Grid:
    """A pdfplumber table → Grid: each slot points at the ruled cell covering it."""
    texts = table.texts
    rows = table.row_cells
    ncols = len(table.column_boxes)
    slots: list[list[GridCell | None]] = [[None] * ncols for _ in rows]
    origins: list[tuple[tuple, GridCell]] = []
    for r, row in enumerate(rows):
        for c, bbox in enumerate(row):
            if bbox is None:
                continue
            text = _fix_radicals(texts[r][c] or "")
            cell = GridCell(text, r, c, where=Provenance(page=page_no, table=k, row=r + 1, column=c + 1))
            origins.append((bbox, cell))
            slots[r][c] = cell
    # Slot boundaries: every column starts at some cell's left edge, every row at some
    # cell's top (a row's or column's own bbox is inflated by the spanning cells in it).
    x0, top, x1, bottom = table.bbox
    xs = sorted({row[c][0] for row in rows for c in range(ncols) if row[c]}) + [x1]
    ys = [box[1] for box in table.row_boxes] + [bottom]
    if len(xs) != ncols + 1:
        xs = [box[0] for box in table.column_boxes] + [x1]
    for r in range(len(rows)):
        for c in range(ncols):
            if slots[r][c] is not None:
                continue
            x, y = (xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2
            for (cx0, cy0, cx1, cy1), cell in origins:
                if cx0 <= x <= cx1 and cy0 <= y <= cy1:
                    slots[r][c] = cell
                    break
    return Grid(slots, Provenance(page=page_no, table=k), continues=(k == 1))


def _segments(obj, height: float) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The straight pieces of a path object, in top-down page coordinates: a line for each
    line-to and the chord of each curve (a rounded corner is no rule; the sides next to it are)."""
    import pypdfium2.raw as raw

    a, b, c, d, e, f = obj.get_matrix().get()
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    controls = 0  # a curve is three points: two controls, then its end
    out = []
    for i in range(raw.FPDFPath_CountSegments(obj.raw)):
        seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = current = point
            controls = 0
            continue
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            controls += 1
            if controls < 3:
                continue
            controls = 0
        if current is not None:
            out.append((current, point))
        current = point
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            out.append((current, start))
            current = start
    return out


def _edges(page, height: float) -> list[dict]:
    """Ruling lines of a page from PDFium's path objects, as pdfplumber edge dicts: a thin
    line or box is one rule, a box's four sides are four, and any other drawing gives its
    straight horizontal and vertical pieces."""
    import pypdfium2.raw as raw

    st = SETTINGS
    edges = []
    budget = limits.current().pdf_page_segments

    def add(x0, top, x1, bottom):
        w, h = x1 - x0, bottom - top
        if h <= st.rule_thickness < w:
            y = (top + bottom) / 2
            edges.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": w, "height": 0, "orientation": "h"})
        elif w <= st.rule_thickness < h:
            x = (x0 + x1) / 2
            edges.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0, "height": h, "orientation": "v"})

    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=1):
        n = raw.FPDFPath_CountSegments(obj.raw)
        budget -= max(n, 1)
        if budget < 0:
            raise _TooComplex("线段", limits.current().pdf_page_segments)
        if n <= 6:  # a line or a rectangle: its bounds say it all
            left, bottom, right, top = obj.get_bounds()
            top, bottom = height - top, height - bottom
            if right - left <= st.rule_thickness or bottom - top <= st.rule_thickness:
                add(left, top, right, bottom)  # a line, or a box thin enough to be one
            else:  # a box: its four sides
                add(left, top, right, top)
                add(left, bottom, right, bottom)
                add(left, top, left, bottom)
                add(right, top, right, bottom)
            continue
        for (xa, ya), (xb, yb) in _segments(obj, height):
            add(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
    return edges


def _nearest(values: list[float], v: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - v))


def _text_lines(textpage, height: float) -> list[_Rect]:
    """The page's runs of text on one line, as PDFium measures them (top-down boxes)."""
    out = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        out.append((left, height - top, right, height - bottom))
    return out


_NUMERIC = re.compile(r"[+\-−－]?[\d,，.．]+")


def _cell_text(textpage, box: _Rect, lines, height: float) -> str:
    """A cell's text: its lines joined where the text wrapped at the cell's right rule (a
    narrow column printing 494 as 49 / 4 is one number), kept apart where it did not.
    `lines`: the page's text lines (`_text_lines`), or a function that makes them."""
    x0, top, x1, bottom = box
    inset = SETTINGS.cell_inset
    text = textpage.get_text_bounded(left=x0 + inset, bottom=height - bottom + inset, right=x1 - inset,
                                     top=height - top - inset).replace("\r\n", "\n")
    if "\n" not in text.strip() or not _NUMERIC.fullmatch("".join(text.split())):
        return text  # one line; or words, whose line breaks the label matcher ignores anyway
    parts = [p for p in text.split("\n") if p.strip()]
    if len(parts) < 2:
        return text
    lines = lines() if callable(lines) else lines
    inside = sorted((ln for ln in lines if x0 <= (ln[0] + ln[2]) / 2 <= x1 and top <= (ln[1] + ln[3]) / 2 <= bottom),
                    key=lambda ln: (round(ln[1]), ln[0]))
    rows: list[list[_Rect]] = []
    for ln in inside:  # runs on one line (a line may be measured in several runs)
        if rows and abs(rows[-1][0][1] - ln[1]) < (ln[3] - ln[1]) / 2:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    if len(rows) != len(parts):
        return text
    em = max(max(r[3] - r[1] for r in row) for row in rows)
    if all(x1 - max(r[2] for r in row) <= SETTINGS.wrap_slack * em + inset for row in rows[:-1]):
        return "".join(p.strip() for p in parts)  # wrapped: one text
    return text


def _true_cells(cells: list[_Rect]) -> list[_Rect]:
    """The cells that contain no other cell: where a row cut by the page break has no closing
    rule, the cell algorithm also returns one box around everything below its last rule."""
    import bisect

    tol = SETTINGS.snap_tolerance
    by_top = sorted(cells, key=lambda c: c[1])
    tops = [c[1] for c in by_top]
    out = []
    for box in cells:
        x0, top, x1, bottom = box
        lo, hi = bisect.bisect_left(tops, top - tol), bisect.bisect_right(tops, bottom + tol)
        if not any(other is not box and x0 - tol <= other[0] and other[2] <= x1 + tol and other[3] <= bottom + tol
                   and (other[2] - other[0]) * (other[3] - other[1]) < (x1 - x0) * (bottom - top)
                   for other in by_top[lo:hi]):
            out.append(box)
    return out


def _crossings(edges: list[dict]) -> dict:
    """Where a page's rules (joined) cross, within the limits: finding the crossings takes
    rules² steps, and pdfplumber's cells from them far more than crossings²."""
    from pdfplumber.table import edges_to_intersections

    lim = limits.current()
    if len(edges) > lim.pdf_page_rules:
        raise _TooComplex("表格线", lim.pdf_page_rules)
    crossings = edges_to_intersections(edges, SETTINGS.intersection_tolerance, SETTINGS.intersection_tolerance)
    if len(crossings) > lim.pdf_page_crossings:
        raise _TooComplex("表格线交点", lim.pdf_page_crossings)
    return crossings


def _fast_grids(page, textpage, page_no: int, ruled: list[_Ruled]) -> list[Grid]:
    """Tables of a page found on PDFium's drawings with pdfplumber's own cell algorithm
    (pdfminer's pure-Python content parsing is what makes pdfplumber slow); each table's
    cells go to `ruled`.  A cell reaching past the page's edge is marked cut."""
    from pdfplumber.table import cells_to_tables, intersections_to_cells, merge_edges

    st = SETTINGS
    height, width = page.get_height(), page.get_width()
    edges = _edges(page, height)
    if not edges:
        return []
    edges = [e for e in merge_edges(edges, st.snap_tolerance, st.snap_tolerance, st.join_tolerance,
                                    st.join_tolerance) if max(e["width"], e["height"]) >= st.edge_min_length]
    tables = cells_to_tables(intersections_to_cells(_crossings(edges)))
    grids = []
    verticals = [(e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v"]
    measured: list[_Rect] = []

    def lines() -> list[_Rect]:  # the page's text lines, measured once and only if a cell needs them
        if not measured:
            measured.extend(_text_lines(textpage, height) or [(0, 0, 0, 0)])
        return measured

    for k, cells in enumerate(sorted(tables, key=lambda t: (min(c[1] for c in t), min(c[0] for c in t))), start=1):
        cells = _true_cells(cells)
        xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
        ys = sorted({round(c[1], 1) for c in cells} | {round(c[3], 1) for c in cells})
        slots: list[list[GridCell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
        table_where = Provenance(page=page_no, table=k)
        for box in sorted(cells, key=lambda c: (round(c[1], 1), round(c[0], 1))):
            x0, top, x1, bottom = box
            c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
            r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
            if c1 <= c0 or r1 <= r0:
                continue
            cut = x0 < st.page_edge or top < st.page_edge or x1 > width - st.page_edge or bottom > height - st.page_edge
            cell = GridCell(_fix_radicals(_cell_text(textpage, box, lines, height)), r0, c0, r1 - r0, c1 - c0,
                            _place(table_where, r0 + 1, c0 + 1, None), cut=cut)
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if slots[r][c] is None:
                        slots[r][c] = cell
        grids.append(Grid(slots, table_where, continues=(k == 1)))
        ruled.append((page_no - 1, list(cells), verticals))
    return grids


class _TooComplex(Exception):
    """A page drawing more than a limit allows (caught by `read_pdf`, which knows the page)."""

    def __init__(self, what: str, limit: int):
        super().__init__(what)
        self.what, self.limit = what, limit


def read_pdf(data: bytes, source: str, hints=None) -> Report:
    import pypdfium2 as pdfium

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReaderError(f"{source}: 不是 PDF 文件 (not a PDF file)")
    doc = _open(data, source)
    try:
        limits.check_count(len(doc), limits.current().pdf_pages, source, "PDF 页数", "too many pages")
        # PDFium says which call failed ("Failed to load page."), not why: the file's damage.
        with library_failures(source, "PDF 文件损坏，无法读取", pdfium.PdfiumError, "damaged PDF"):
            return _read(doc, data, source, hints)
    finally:
        doc.close()


def _pages(doc, source: str) -> tuple[list, list, list[str]]:
    """Every page, its text page and its characters, within the limits (objects per page, characters)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    lim = limits.current()
    pages, textpages, raws = [], [], []
    chars = 0
    for i in range(len(doc)):
        with library_failures(source, f"PDF 第 {i + 1} 页损坏，无法读取", pdfium.PdfiumError, "damaged PDF page"):
            page = doc[i]
        objects = raw.FPDFPage_CountObjects(page.raw)
        if objects > lim.pdf_page_objects:
            raise limits.refuse(source, f"PDF 第 {i + 1} 页有 {objects:,} 个图文对象，超过 {lim.pdf_page_objects:,} 个的上限",
                                "page too complex")
        textpage = page.get_textpage()
        chars += textpage.count_chars()
        if chars > lim.pdf_chars:
            raise limits.refuse(source, f"PDF 前 {i + 1} 页的文字超过 {lim.pdf_chars:,} 个字符的上限", "text too long")
        pages.append(page)
        textpages.append(textpage)
        raws.append(_raw_text(textpage))
    return pages, textpages, raws


def _read(doc, data: bytes, source: str, hints) -> Report:
    pages, textpages, raws = _pages(doc, source)
    texts = [_fix_radicals(t).replace("\r\n", "\n") for t in raws]
    from ..ocr.detect import needs_ocr, scanned_pages  # scanned pages go to OCR (issue 15)

    scanned = scanned_pages(pages, texts)
    if needs_ocr(texts, scanned):
        from ..ocr.scan import read_scanned_pdf

        return read_scanned_pdf(doc, texts, scanned, source, hints)
    if not any(t.strip() for t in texts):
        raise ReaderError(f"{source}: 扫描版 PDF，没有文字层，无法读取；请先做文字识别（OCR）(scanned PDF, no text layer)")
    grids: list[Grid] = []
    ruled: list[_Ruled] = []
    # pages that print a table's words, and the page after one whose table runs to its foot
    words = table_words()
    table_pages = []
    skipped: list[Issue] = []  # pages drawing more than the limits allow
    runs_on = False
    for i, t in enumerate(texts):
        if not (runs_on or any(w in t for w in words)):
            continue
        table_pages.append(i)
        try:
            found = _fast_grids(pages[i], textpages[i], i + 1, ruled)
        except _TooComplex as e:  # its tables stay unknown; the rest of the document is read
            skipped.append(Issue("page-too-complex", f"第 {i + 1} 页的{e.what}超过 {e.limit:,} 个的上限，未查找其中的表格",
                                 Provenance(page=i + 1)))
            found = []
        grids.extend(found)
        foot = max((c[3] for page, cells, _ in ruled if page == i for c in cells), default=0)
        runs_on = foot >= pages[i].get_height() * (1 - 2 * SETTINGS.margin)
    text = "\n".join(texts)
    report = report_from_grids(grids, text, source, prose=_prose(pages, textpages, raws, ruled), hints=hints)
    report.document_issues.extend(skipped)
    missing = {i.code for i in report.document_issues} & {"table-missing"}
    empty = [i for i in table_pages if not any(g.where.page == i + 1 for g in grids)]
    if not missing or not empty:
        return report
    # A table the drawings did not give (pages with table words but no ruled table the fast
    # path could build): pdfplumber's finder on those pages only, kept if it reads more.
    slow_ruled = [r for r in ruled if r[0] not in empty]
    more = _slow_grids(data, source, empty, slow_ruled)
    if not more:
        return report
    both = sorted(grids + more, key=lambda g: (g.where.page, g.where.table))
    slow = report_from_grids(both, text, source, prose=_prose(pages, textpages, raws, slow_ruled), hints=hints)
    slow.document_issues.extend(skipped)
    return slow if len(slow.unknown) < len(report.unknown) else report
