"""One page image → its tables (cells with text, box and confidence) and its prose lines.

The steps, each in its own module: red seals out and the page straightened
(`preprocess`), ruling lines and cells (`lines`), every cell cut into text lines by its
ink's row profile and read by the engine in one batch (`engines`), each value-like cell
judged by the confidence rule (`confidence`).  Text outside the tables is cut into lines
the same way and read for the title, the year and the sections.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from ..report import Issue, Provenance
from . import preprocess
from .confidence import (
    SEAL_THRESHOLD,
    Blob,
    Verdict,
    clean,
    in_value_column,
    judge_number,
    looks_numeric,
    widths_of,
)
from .engines import Reading
from .lines import Box, find_rules, line_masks, nearest

# How much of a page must be ink for it to count as printed (a blank scan has specks).
BLANK_INK = 0.0008


@dataclass
class CellRead:
    box: Box  # x0, top, x1, bottom in the straightened page's pixels (the debug image)
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str  # what the grid is given
    numeric: bool  # read as a number or blank mark (judged by the confidence rule)
    verdict: Verdict | None = None  # for numeric cells
    raw: str = ""  # the engine's free reading, lines joined
    reading: Reading | None = None  # the engine's reading of a one-line cell
    ink: Box | None = None  # the box of its print (x0, top, x1, bottom)
    aligned: bool = False  # under a seal: its print sits where the column's numbers sit

    @property
    def certain(self) -> bool:
        return self.verdict is None or self.verdict.certain


@dataclass
class TableRead:
    box: Box
    cells: list[CellRead]
    rows: int
    cols: int


@dataclass
class PageRead:
    number: int
    tables: list[TableRead] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)  # text lines outside the tables, top down
    angle: float = 0.0  # degrees the page was turned back (skew)
    turns: int = 0  # quarter turns undone (2: upside down)
    blank: bool = False
    issues: list[Issue] = field(default_factory=list)  # ocr-blank-page, ocr-turned
    image: np.ndarray | None = None  # the straightened grey page, kept for --debug-images


def _blobs(mask: np.ndarray, min_area: int) -> list[Blob]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [Blob(int(x), int(y), int(w), int(h)) for x, y, w, h, a in stats[1:] if a >= min_area]


def _bands(blobs: list[Blob], gap: int) -> list[list[Blob]]:
    """Blobs grouped into text lines by their vertical extent; a line thinner than half
    the tallest (a stroke of 二 or 三 printed alone) joins its nearer neighbour."""
    bands: list[list[Blob]] = []
    for b in sorted(blobs, key=lambda b: b.y):
        if bands and b.y <= max(x.y + x.h for x in bands[-1]) + gap:
            bands[-1].append(b)
        else:
            bands.append([b])
    def extent(band):
        return min(x.y for x in band), max(x.y + x.h for x in band)
    tallest = max((extent(b)[1] - extent(b)[0] for b in bands), default=0)
    changed = True
    while changed and len(bands) > 1:
        changed = False
        for i, band in enumerate(bands):
            top, bottom = extent(band)
            if bottom - top >= 0.5 * tallest:
                continue
            up = top - extent(bands[i - 1])[1] if i > 0 else 1 << 30
            down = extent(bands[i + 1])[0] - bottom if i + 1 < len(bands) else 1 << 30
            j = i - 1 if up <= down else i + 1
            bands[j] = bands[j] + band
            del bands[i]
            changed = True
            break
    return bands


def _crop(grey: np.ndarray, blobs: list[Blob], dx: int, dy: int, pad: int) -> np.ndarray:
    """A text line cut tight above and below (the recogniser reads glyphs that fill its
    height best) with white room on the right up to twice its height (a lone digit in a
    narrow crop gets too few CTC frames to be read surely)."""
    vpad = max(1, pad // 3)
    x0 = max(0, min(b.x for b in blobs) + dx - pad)
    y0 = max(0, min(b.y for b in blobs) + dy - vpad)
    x1 = min(grey.shape[1], max(b.x + b.w for b in blobs) + dx + pad)
    y1 = min(grey.shape[0], max(b.y + b.h for b in blobs) + dy + vpad)
    crop = grey[y0:y1, x0:x1]
    h, w = crop.shape[:2]
    return np.pad(crop, ((0, 0), (0, 2 * h - w)), constant_values=255) if 0 < w < 2 * h else crop


SQUEEZE = 0.55  # prose lines are read narrowed: same text (PP-OCR trains on squeezed lines), ~3× faster


def _squeeze(crop: np.ndarray) -> np.ndarray:
    h, w = crop.shape[:2]
    if w < 8 * h:
        return crop
    return cv2.resize(crop, (max(1, int(w * SQUEEZE)), h), interpolation=cv2.INTER_AREA)


class _Batch:
    """Line crops collected over a page, read by the engine in one call."""

    def __init__(self):
        self.crops: list[np.ndarray] = []

    def add(self, crop: np.ndarray) -> int:
        self.crops.append(crop)
        return len(self.crops) - 1


def _text_only(mask: np.ndarray, rules_h: np.ndarray, rules_v: np.ndarray) -> np.ndarray:
    return cv2.subtract(mask, cv2.dilate(cv2.bitwise_or(rules_h, rules_v), np.ones((3, 3), np.uint8)))


def _orient(bgr: np.ndarray, dpi: float, engine) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, int]:
    """The grey page straightened: quarter turns and skew undone; its ink mask and where
    its red (seal) ink was, turned the same way."""
    grey = preprocess.drop_red(bgr)
    red = preprocess.red_mask(bgr)
    mask = preprocess.ink(grey, dpi)
    turns = 0
    if preprocess.quarter_turns(_text_only(mask, *line_masks(grey, dpi))):
        grey, mask, red = (cv2.rotate(x, cv2.ROTATE_90_CLOCKWISE) for x in (grey, mask, red))
        turns = 1
    angle = preprocess.skew_angle(mask)
    if angle:
        grey = preprocess.rotate(grey, angle)
        red = cv2.threshold(preprocess.rotate(red, angle, border=0), 127, 255, cv2.THRESH_BINARY)[1]
        mask = preprocess.ink(grey, dpi)
    if _upside_down(grey, _text_only(mask, *line_masks(grey, dpi)), dpi, engine):
        grey, mask, red = (cv2.rotate(x, cv2.ROTATE_180) for x in (grey, mask, red))
        turns += 2
    return grey, mask, red, angle, turns


def _sure_cjk(readings: list[Reading]) -> int:
    return sum(1 for r in readings for c, p in zip(r.text, r.confs, strict=False)
               if p >= 0.9 and "\u4e00" <= c <= "\u9fff")


def _upside_down(grey: np.ndarray, text: np.ndarray, dpi: float, engine) -> bool:
    """Read the longest text lines both ways up; the page is upside down when the engine
    finds clearly more Chinese characters it is sure of the other way (digits and symbols
    look alike both ways and do not count)."""
    blobs = _blobs(text, max(4, int((dpi / 150) ** 2 * 6)))
    if len(blobs) < 10:
        return False
    lines = sorted((b for b in _bands(blobs, max(2, int(dpi / 60))) if len(b) >= 6), key=len, reverse=True)
    # Six lines' first dozen characters are enough, and cheap.
    crops = [c[:, : 12 * c.shape[0]] for c in (_crop(grey, band, 0, 0, 4) for band in lines[:6]) if c.size]
    if not crops:
        return False
    up = _sure_cjk(engine.read(crops))
    down = _sure_cjk(engine.read([cv2.rotate(c, cv2.ROTATE_180) for c in crops]))
    return down >= 2 * up + 4


def _odd_sizes(cells: list[tuple[CellRead, list[Blob]]]) -> None:
    """A number whose glyphs are not the size of the table's other numbers (a seal's arc
    read as 0, a stamp's digits, a handwritten note) is not trusted: the page's digits
    share a font, so their height varies little."""
    heights = [max(b.h for b in blobs) for c, blobs in cells if c.text != "-"]
    if len(heights) < 5:
        return
    typical = float(np.median(heights))
    for cell, blobs in cells:
        if cell.text == "-":
            continue
        h = max(b.h for b in blobs)
        if not 0.7 * typical <= h <= 1.35 * typical:
            cell.verdict = Verdict(cell.text, False, f"字形高 {h} 像素，与表中数字（约 {typical:.0f} 像素）不符")


def _aligned(cell: CellRead, table: TableRead) -> bool:
    """Whether a number's print sits where the column's other numbers sit in their cells
    (centred, or flush right: whichever the column keeps to), to a third of a digit across
    and a quarter of its height up and down: printed, not a mark that happens to read as
    a digit.  False where the column has fewer than three other numbers to go by."""
    if cell.ink is None:
        return False
    peers = [c for c in table.cells if c is not cell and c.col == cell.col and c.colspan == cell.colspan
             and c.numeric and c.certain and c.ink is not None and c.text not in ("", "-")]
    if len(peers) < 3:
        return False

    def place(c: CellRead) -> tuple[float, float, float]:
        (x0, top, x1, bottom), (i0, itop, i1, ibottom) = c.box, c.ink
        return (i0 + i1 - x0 - x1) / 2, float(x1 - i1), (itop + ibottom - top - bottom) / 2

    mine = place(cell)
    height = cell.ink[3] - cell.ink[1]
    across = [place(p) for p in peers]
    centre, right, middle = (float(np.median([a[k] for a in across])) for k in range(3))
    spread = [float(np.median([abs(a[k] - m) for a in across])) for k, m in ((0, centre), (1, right))]
    x = (mine[0], centre) if spread[0] <= spread[1] else (mine[1], right)
    return abs(x[0] - x[1]) <= 0.2 * height and abs(mine[2] - middle) <= 0.25 * height


def _under_seal(tables: list[TableRead], text: np.ndarray, red: np.ndarray, reach: int) -> None:
    """A number that a seal's stroke runs into is not trusted as read: where red ink crosses
    print the pixel is dark, and a piece of the stroke left beside the glyph (colour smeared
    by JPEG) can turn a 0 into a 6.  A reading sure to `SEAL_THRESHOLD` on every digit is
    kept for a recheck: it becomes a value only where the report's identities confirm it
    (`to_grid.confirm_sealed`); whether its print sits where the column's numbers sit is
    noted for that (`CellRead.aligned`).  A seal beside a number, not touching it, does no
    harm."""
    near = cv2.dilate(red, np.ones((3, 3), np.uint8), iterations=max(1, reach // 3))
    sealed = []
    for table in tables:
        for cell in table.cells:
            if not (cell.numeric and cell.certain):
                continue
            x0, top, x1, bottom = cell.box
            if np.count_nonzero(text[top:bottom, x0:x1] & near[top:bottom, x0:x1]):
                sure = cell.reading is not None and min(cell.reading.digit_confs, default=0.0) >= SEAL_THRESHOLD
                cell.verdict = Verdict(cell.text, False, "印章的笔画压在数字上", recheck=sure and cell.text != "-")
                sealed.append((cell, table))
    for cell, table in sealed:  # measured against the numbers the seal leaves alone
        cell.aligned = cell.verdict.recheck and _aligned(cell, table)


def _cut_numbers(table: TableRead, margin: int) -> None:
    """Two numbers side by side whose print runs up to the rule between them are one number
    cut in two by a false rule (a stroke, a fold): neither half is trusted.  A number sits
    in the middle of its cell, clear of both rules."""
    numeric = [c for c in table.cells if c.numeric and c.ink and c.text not in ("", "-")]
    for a in numeric:
        for b in numeric:
            if (b.col == a.col + a.colspan and b.row == a.row and abs(b.box[0] - a.box[2]) <= 3
                    and a.box[2] - a.ink[2] <= margin and b.ink[0] - b.box[0] <= margin):
                for c in (a, b):
                    c.verdict = Verdict(c.text, False, "数字紧贴相邻单元格的数字，可能是一个数字被误识别的表格线分开")


def _spanning_numbers(table: TableRead) -> None:
    """A number in a cell spanning columns that the row above divides (a column rule lost in
    this row only) could belong to any of them: not trusted.  (A value under a header cell
    as wide as itself, as 表二's blocks print them, is fine.)"""
    for cell in table.cells:
        if not (cell.numeric and cell.certain and cell.colspan > 1 and cell.text not in ("", "-")):
            continue
        above = {id(c) for c in table.cells if c.row + c.rowspan == cell.row
                 and c.col < cell.col + cell.colspan and cell.col < c.col + c.colspan}
        if len(above) > 1:
            cell.verdict = Verdict(cell.text, False, "数值单元格跨越上一行分开的几列（表格线未识别出），无法确定属于哪一列")


def _join_fragments(table: TableRead, tol: int) -> None:
    """Label pieces within one data row are one label cut by false rules: the upright
    stroke of a character touching the rules above and below (属 or a bold 开 in a cramped
    row) looks like a rule one row high, and the foot of a bold line like a rule across.
    A cell among the numbers that reads as text is a number misread (unknown).
    A data row's band is where the first column of numbers has a cell; every label cell
    left of the numbers that lies inside one band is joined into one cell, in reading
    order.  (Group labels such as （三）不予公开 span several bands and are left alone.)"""
    def value_like(c: CellRead) -> bool:
        return c.numeric or not c.text

    data_rows = {c.row for c in table.cells if c.rowspan == 1 and c.text and c.numeric}
    if not data_rows:
        return
    columns: dict[int, list[CellRead]] = {}
    for c in table.cells:
        if c.row in data_rows:
            columns.setdefault(c.col, []).append(c)
    # The value area: the columns from which on (nearly) every data-row cell is a number
    # or empty; a label piece such as "4." read alone looks like a number in a row or two.
    first = max(columns) + 1
    for col in sorted(columns, reverse=True):
        cells = columns[col]
        if sum(map(value_like, cells)) < 0.8 * len(cells):
            break
        first = col
    for c in table.cells:
        if c.col >= first and c.row in data_rows and not value_like(c):
            c.numeric, c.verdict = True, in_value_column(c.reading, c.raw)
            c.text = c.verdict.text
    bands = sorted({(c.box[1], c.box[3]) for c in table.cells if c.col == first and value_like(c)})
    labels = [c for c in table.cells if c.col + c.colspan <= first]
    for top, bottom in bands:
        inside = [c for c in labels if c.box[1] >= top - tol and c.box[3] <= bottom + tol and c in table.cells]
        if len(inside) < 2 or not any(c.raw for c in inside):
            continue
        inside.sort(key=lambda c: (c.box[0], c.box[1]))
        head = min(inside, key=lambda c: (c.col, c.row))
        head.text = head.raw = "".join(c.raw for c in inside)
        head.numeric, head.verdict = False, None
        r1 = max(c.row + c.rowspan for c in inside)
        c1 = max(c.col + c.colspan for c in inside)
        head.row, head.col = min(c.row for c in inside), min(c.col for c in inside)
        head.rowspan, head.colspan = r1 - head.row, c1 - head.col
        head.box = (min(c.box[0] for c in inside), min(c.box[1] for c in inside),
                    max(c.box[2] for c in inside), max(c.box[3] for c in inside))
        for c in inside:
            if c is not head:
                table.cells.remove(c)


def read_page(bgr: np.ndarray, number: int, dpi: float, engine, keep_image: bool = False) -> PageRead:
    dpi = dpi or 200.0
    grey, mask, red, angle, turns = _orient(bgr, dpi, engine)
    page = PageRead(number, angle=angle, turns=turns, image=grey if keep_image else None)
    if mask.mean() / 255 < BLANK_INK:
        page.blank = True
        page.issues.append(Issue("ocr-blank-page", "空白页（或几乎没有字迹），已跳过", Provenance(page=number)))
        return page
    if turns:
        page.issues.append(Issue("ocr-turned", f"页面已旋转 {turns * 90}° 后识别", Provenance(page=number)))
    rules = find_rules(grey, mask, dpi)
    text_mask = _text_only(mask, rules.horizontal, rules.vertical)
    min_area = max(4, int((dpi / 150) ** 2 * 5))
    gap = max(2, int(dpi / 75))
    pad = max(3, int(dpi / 50))
    batch = _Batch()
    pending: list[tuple[CellRead, list[int], list[Blob]]] = []
    inset = max(2, int(dpi / 60))  # stay clear of the ruling lines' blur
    for table in rules.tables:
        cells: list[CellRead] = []
        for x0, top, x1, bottom in sorted(table.cells, key=lambda c: (c[1], c[0])):
            r0, r1 = nearest(table.ys, top), nearest(table.ys, bottom)
            c0, c1 = nearest(table.xs, x0), nearest(table.xs, x1)
            if r1 <= r0 or c1 <= c0:
                continue
            cell = CellRead((x0, top, x1, bottom), r0, c0, r1 - r0, c1 - c0, "", False)
            cells.append(cell)
            inner = text_mask[top + inset: bottom - inset, x0 + inset: x1 - inset]
            blobs = _blobs(inner, min_area) if inner.size else []
            if not blobs:
                continue  # an empty cell: blank
            ids = [batch.add(_crop(grey, band, x0 + inset, top + inset, pad)) for band in _bands(blobs, gap)]
            cell.ink = (x0 + inset + min(b.x for b in blobs), top + inset + min(b.y for b in blobs),
                        x0 + inset + max(b.x + b.w for b in blobs), top + inset + max(b.y + b.h for b in blobs))
            pending.append((cell, ids, blobs))
        page.tables.append(TableRead(table.box, cells, len(table.ys) - 1, len(table.xs) - 1))
    # Prose: the text outside the tables, line by line.
    prose_mask = text_mask.copy()
    for table in rules.tables:
        x0, top, x1, bottom = table.box
        prose_mask[max(0, top - pad): bottom + pad, max(0, x0 - pad): x1 + pad] = 0
    prose_ids = []
    prose_crops = {}
    blobs = _blobs(prose_mask, min_area)
    for band in _bands(blobs, gap):
        crop = _crop(grey, band, 0, 0, pad)
        if crop.size and crop.shape[0] >= 6:
            i = batch.add(_squeeze(crop))
            prose_ids.append((min(b.y for b in band), i))
            prose_crops[i] = crop
    readings = engine.read(batch.crops) if batch.crops else []
    # A prose line with digits in it (the year in the title, an amount) is read again unsqueezed.
    again = [i for i, crop in prose_crops.items()
             if batch.crops[i] is not crop and any(ch.isdigit() for ch in readings[i].text)]
    for i, r in zip(again, engine.read([prose_crops[i] for i in again]) if again else [], strict=True):
        readings[i] = r
    for cell, ids, blobs in pending:
        lines = [readings[i] for i in ids]
        cell.raw = "\n".join(clean(r.text) for r in lines if clean(r.text))
        cell.reading = lines[0] if len(lines) == 1 else None
        if len(lines) == 1 and looks_numeric(lines[0]):
            cell.numeric = True
            cell.verdict = judge_number(lines[0], blobs)
            cell.text = cell.verdict.text
        else:
            cell.text = "\n".join(clean(r.text) for r in lines if clean(r.text))
            if not cell.text:  # ink that reads as nothing is not an empty cell
                cell.numeric = True
                cell.verdict = Verdict("0", False, "单元格有字迹但未能识别")
                cell.text = cell.verdict.text
    # Every number judged again against the widths of this page's digits that stand apart:
    # glyphs that touch count by their width, and a blob a digit too wide is caught.
    widths = widths_of([(c.text, b) for c, _, b in pending if c.numeric and c.certain])
    for cell, _, blobs in pending:
        if cell.numeric and cell.reading is not None and cell.verdict is not None and not cell.verdict.placeholder:
            cell.verdict = judge_number(cell.reading, blobs, widths)
            cell.text = cell.verdict.text
    _odd_sizes([(cell, blobs) for cell, _, blobs in pending if cell.numeric and cell.certain])
    for table in page.tables:
        _cut_numbers(table, 2 * inset + pad)
        _join_fragments(table, inset)
        _spanning_numbers(table)
    if red.any():  # last: only a number every other rule accepts may be rechecked
        _under_seal(page.tables, text_mask, red, pad)
    page.prose = [t for _, i in sorted(prose_ids) if (t := clean(readings[i].text))]
    return page
