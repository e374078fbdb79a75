"""Ruling lines found on the image, and the table cells they cut.

Lines are the runs of dark pixels that stay dark under a max filter a quarter inch long
along them (`line_masks`): longer than any gap-free piece of a character.
Each run becomes an edge in pdfplumber's format, and pdfplumber's own table algorithm
(merge edges → intersections → cells → tables, the same one the PDF reader uses on
vector rules) turns them into cells with their spans.  Coordinates are pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels
CONTRAST = 18  # grey levels a rule is darker than its paper (lower finds fainter rules, and strokes)


@dataclass
class Table:
    box: Box
    cells: list[Box]  # every ruled cell, merged ones whole
    xs: list[int]  # column boundaries, left to right
    ys: list[int]  # row boundaries, top to bottom


@dataclass
class Rules:
    horizontal: np.ndarray  # masks of the ruling lines (255 on a line)
    vertical: np.ndarray
    tables: list[Table]


def _runs(mask: np.ndarray, horizontal: bool, min_len: int) -> list[dict]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges = []
    for x, y, w, h, _area in stats[1:]:
        if horizontal and w >= min_len:
            mid = y + h / 2
            edges.append({"x0": float(x), "x1": float(x + w), "top": mid, "bottom": mid,
                          "width": float(w), "height": 0.0, "orientation": "h"})
        elif not horizontal and h >= min_len:
            mid = x + w / 2
            edges.append({"x0": mid, "x1": mid, "top": float(y), "bottom": float(y + h),
                          "width": 0.0, "height": float(h), "orientation": "v"})
    return edges


def _darker(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page smoothed, its paper's level around each pixel, and where it is darker than
    that paper by `CONTRAST` (255).  The paper's level and a run's brightest pixel are both
    maxima over noisy pixels, so the noise cancels out of their difference: a low threshold
    keeps faint rules."""
    smooth = cv2.GaussianBlur(grey, (0, 0), 0.8)
    paper = cv2.dilate(smooth, np.ones((9, 9), np.uint8)).astype(np.int16)
    return smooth, paper, ((paper - smooth) > CONTRAST).astype(np.uint8) * 255


def line_masks(grey: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and the vertical rules of a (deskewed) grey page.

    A rule is a run of pixels darker than the paper around them along a whole window a
    quarter inch long: the window's brightest pixel (a max filter along the run) is still
    dark on a rule, while text, however bold, has white between its strokes.  Measuring on
    the grey image rather than on a thresholded one keeps thin, pale rules (0.5 pt borders
    scanned at 150 dpi) that a text threshold loses."""
    length = max(20, int(dpi / 4))
    bridge = max(3, int(dpi / 50))  # gaps a scan or JPEG leaves in a thin line
    smooth, paper, dark = _darker(grey)
    masks = []
    for kernel, close in (((length, 1), (bridge * 3, 1)), ((1, length), (1, bridge * 3))):
        along = cv2.dilate(smooth, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)).astype(np.int16)
        mask = ((paper - along) > CONTRAST).astype(np.uint8) * 255
        # the max filter narrows a run by the window at each end: give it back
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        mask = cv2.bitwise_and(mask, dark)
        masks.append(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close)))
    return masks[0], masks[1]


def _beside(ink: np.ndarray, e: dict, dpi: float, start: int, end: int) -> tuple[float, float]:
    """Along a piece of rule from `start` to `end` (y for a vertical, x for a horizontal): the
    share of its length with ink pressed against both its sides, and against either side."""
    gap, reach = max(2, int(dpi / 100)), max(3, int(dpi / 40))
    if end <= start:
        return 0.0, 0.0
    if e["orientation"] == "v":
        x, w = int(round(e["x0"])), ink.shape[1]
        one = ink[start:end, max(0, x - gap - reach): max(0, x - gap)].any(axis=1)
        two = ink[start:end, min(w, x + gap + 1): min(w, x + gap + 1 + reach)].any(axis=1)
    else:
        y, h = int(round(e["top"])), ink.shape[0]
        one = ink[max(0, y - gap - reach): max(0, y - gap), start:end].any(axis=0)
        two = ink[min(h, y + gap + 1): min(h, y + gap + 1 + reach), start:end].any(axis=0)
    return float((one & two).mean()), float((one | two).mean())


def _bare(edges: list[dict], ink: np.ndarray, dpi: float) -> list[dict]:
    """Drop short vertical pieces with ink pressed against both their sides along much of
    their length: the upright stroke of a character (属, 申) that touches a rule above and
    below, which a glyph's own cross-strokes flank.  A rule has paper beside it, except
    where text touches it here and there."""
    return [e for e in edges if e["height"] >= dpi / 2
            or _beside(ink, e, dpi, int(e["top"]), int(e["bottom"]))[0] < 0.25 and e["bottom"] > e["top"]]


def _struck(edges: list[dict], ink: np.ndarray, dpi: float) -> list[dict]:
    """Drop short horizontal pieces (under an inch) with ink above or below them along half
    their length or more: strokes of a line of characters (the middle strokes of 法人或其他
    组织 line up and pass the max filter as a piece of rule).  Measured on the scan corpus:
    rules ≤ 30 % (text touches them here and there, even in cramped layouts), such strokes
    ≥ 50 %.  (Not for verticals: a label set flush against the rule on its left is text
    along one side of a real rule.)"""
    return [e for e in edges if e["width"] >= dpi or _beside(ink, e, dpi, int(e["x0"]), int(e["x1"]))[1] < 0.5]


def _straight(edges: list[dict], across: list[dict], grey: np.ndarray, dpi: float, tol: float) -> list[dict]:
    """Vertical rules cut at the horizontal rules they cross, keeping the pieces that are as
    dark at the rule's own x as the rule is elsewhere (median contrast at least half the
    strongest piece's).  A rule is straight and even; a real rule that runs on into a
    caption row through a 「（」 it happens to meet (第二十条第（五）项 under the rule between
    two columns), or into a cramped header through a stroke of 行 beside it, is dark there
    only where the glyph crosses it (measured: rules 100–140 grey levels, such pieces 6–23).
    The pieces kept join up again in the table finder (they end on the same crossings)."""
    smooth, paper, _ = _darker(grey)
    contrast = paper - smooth
    trim = max(3, int(dpi / 50))  # the crossing rule itself is dark
    w = grey.shape[1]
    out = []
    for e in edges:
        x, top, bottom = int(round(e["x0"])), int(e["top"]), int(e["bottom"])
        core = max(range(max(0, x - 1), min(w, x + 2)), key=lambda c: float(np.median(contrast[top:bottom, c])))
        cuts = sorted({e["top"], e["bottom"]} | {h["top"] for h in across if h["x0"] - tol <= x <= h["x1"] + tol
                                                 and e["top"] + tol < h["top"] < e["bottom"] - tol})
        pieces = [(a, b, float(np.median(contrast[int(a) + trim: int(b) - trim, core])) if int(b) - int(a) > 2 * trim
                   else float("inf")) for a, b in zip(cuts, cuts[1:], strict=False)]
        strongest = max((m for *_, m in pieces if m != float("inf")), default=0.0)
        out += [{**e, "top": a, "bottom": b, "height": b - a} for a, b, m in pieces if m >= 0.5 * strongest]
    return out


def _spans_rows(e: dict, across: list[dict], tol: float) -> bool:
    """Whether a vertical piece runs from a horizontal rule, through another, to a third:
    a column rule over two short rows (a cramped 表四 header over its one row of numbers).
    A stroke of text joined to a rule it touches starts or ends between rules."""
    x = e["x0"]
    at = [h["top"] for h in across if h["x0"] - tol <= x <= h["x1"] + tol]
    return (any(abs(y - e["top"]) <= tol for y in at) and any(abs(y - e["bottom"]) <= tol for y in at)
            and any(e["top"] + tol < y < e["bottom"] - tol for y in at))


def _ruled(edges: list[dict], tol: float, min_total: float, gap: float,
           across: list[dict] | None = None) -> list[dict]:
    """Edges that belong to a rule: those on a line (same x for verticals, same y for
    horizontals, within `tol`) whose pieces, following each other with gaps of at most
    `gap`, add up to `min_total`, or (verticals) one of which runs from rule to rule
    through a rule of `across`.  A character's stroke touching a rule
    above and below can pass the max filter as a short rule of its own; a table's rules run
    through several rows, or are long — or span two short rows from rule to rule."""
    vertical = bool(edges) and edges[0]["orientation"] == "v"
    key, size = ("x0", "height") if vertical else ("top", "width")
    start, end = ("top", "bottom") if vertical else ("x0", "x1")
    out: list[dict] = []
    for line in _lines(edges, key, tol):
        # pieces on one line that follow each other (a rule broken by noise or a seal); the
        # same x far down the page (another table's rule, a stroke in the prose) is not one
        group: list[dict] = []
        for e in sorted(line, key=lambda e: e[start]) + [None]:
            if e is not None and group and e[start] - max(g[end] for g in group) <= gap:
                group.append(e)
                continue
            if group and (sum(g[size] for g in group) >= min_total
                          or across and any(_spans_rows(g, across, tol) for g in group)):
                out += group
            group = [e] if e is not None else []
    return out


def _lines(edges: list[dict], key: str, tol: float) -> list[list[dict]]:
    """Edges grouped by position across their length (x for verticals), within `tol`."""
    lines: list[list[dict]] = []
    for e in sorted(edges, key=lambda e: e[key]):
        if lines and e[key] - lines[-1][-1][key] <= tol:
            lines[-1].append(e)
        else:
            lines.append([e])
    return lines


def _cluster(values: list[float], tol: float) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(g) / len(g)) for g in out]


def _open_ends(vertical: list[dict], horizontal: list[dict], dpi: float, tol: float) -> list[dict]:
    """Rules to close a table whose last (or first) row is left open at a page break: three
    or more column rules that run on past every rule across them by more than `dpi / 10`
    and stop at one height are that row's sides, and their common end its missing rule."""
    out = []
    for end, past in (("bottom", lambda e, y: e["bottom"] > y + dpi / 10), ("top", lambda e, y: e["top"] < y - dpi / 10)):
        dangling = [e for e in vertical if all(past(e, h["top"]) for h in horizontal
                                               if h["x0"] - tol <= e["x0"] <= h["x1"] + tol
                                               and e["top"] - tol <= h["top"] <= e["bottom"] + tol)]
        for group in _lines(dangling, end, tol):
            if len(group) >= 3:
                y = float(np.median([e[end] for e in group]))
                x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
                out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                            "orientation": "h"})
    return out


def find_rules(grey: np.ndarray, ink: np.ndarray, dpi: float) -> Rules:
    """`grey`: the straightened page; `ink`: its print mask (for `_bare`)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    hmask, vmask = line_masks(grey, dpi)
    min_len = max(20, int(dpi / 4))
    tol = max(3.0, dpi / 40)  # ≈ 0.6 mm: how far a scanned line may miss its crossing
    gap = dpi / 8  # pieces of one rule are this close end to end (a seal, noise)
    horizontal = _ruled(_struck(_runs(hmask, True, min_len), ink, dpi), tol, dpi / 2, gap)
    vertical = _ruled(_bare(_runs(vmask, False, min_len), ink, dpi), tol, dpi / 2, gap, horizontal)
    vertical = _straight(vertical, horizontal, grey, dpi, tol)
    edges = horizontal + _open_ends(vertical, horizontal, dpi, tol) + vertical
    tables: list[Table] = []
    if edges:
        edges = merge_edges(edges, tol, tol, tol, tol)
        cells = intersections_to_cells(edges_to_intersections(edges, tol, tol))
        min_side = dpi / 12  # a cell narrower than ≈ 2 mm is the gap of a doubled rule
        for group in cells_to_tables(cells):
            group = [c for c in group if c[2] - c[0] >= min_side and c[3] - c[1] >= min_side]
            if len(group) < 2:
                continue
            boxes = [(round(c[0]), round(c[1]), round(c[2]), round(c[3])) for c in group]
            xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
            ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
            box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                   max(b[3] for b in boxes))
            tables.append(Table(box, boxes, xs, ys))
    tables.sort(key=lambda t: (t.box[1], t.box[0]))
    return Rules(hmask, vmask, tables)


def nearest(values: list[int], v: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - v))
