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


def line_masks(grey: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and the vertical rules of a (deskewed) grey page.

    A rule is a run of pixels darker than the paper around them along a whole window a
    quarter inch long: the window's brightest pixel (a max filter along the run) is still
    dark on a rule, while text, however bold, has white between its strokes.  Measuring on
    the grey image rather than on a thresholded one keeps thin, pale rules (0.5 pt borders
    scanned at 150 dpi) that a text threshold loses."""
    length = max(20, int(dpi / 4))
    bridge = max(3, int(dpi / 50))  # gaps a scan or JPEG leaves in a thin line
    smooth = cv2.GaussianBlur(grey, (0, 0), 0.8)
    # The paper's level and the run's brightest pixel are both maxima over noisy pixels, so
    # the noise cancels out of their difference: a low threshold keeps faint rules.
    paper = cv2.dilate(smooth, np.ones((9, 9), np.uint8)).astype(np.int16)
    dark = ((paper - smooth) > CONTRAST).astype(np.uint8) * 255
    masks = []
    for kernel, close in (((length, 1), (bridge * 3, 1)), ((1, length), (1, bridge * 3))):
        along = cv2.dilate(smooth, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)).astype(np.int16)
        mask = ((paper - along) > CONTRAST).astype(np.uint8) * 255
        # the max filter narrows a run by the window at each end: give it back
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        mask = cv2.bitwise_and(mask, dark)
        masks.append(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close)))
    return masks[0], masks[1]


def _bare(edges: list[dict], ink: np.ndarray, dpi: float) -> list[dict]:
    """Drop short vertical pieces with ink pressed against both their sides along much of
    their length: the upright stroke of a character (属, 申) that touches a rule above and
    below, which a glyph's own cross-strokes flank.  A rule has paper beside it, except
    where text touches it here and there."""
    out = []
    gap, reach = max(2, int(dpi / 100)), max(3, int(dpi / 40))
    h, w = ink.shape
    for e in edges:
        if e["orientation"] != "v" or e["height"] >= dpi / 2:
            out.append(e)
            continue
        x, top, bottom = int(round(e["x0"])), int(e["top"]), int(e["bottom"])
        left = ink[top:bottom, max(0, x - gap - reach): max(0, x - gap)].any(axis=1)
        right = ink[top:bottom, min(w, x + gap + 1): min(w, x + gap + 1 + reach)].any(axis=1)
        if bottom > top and (left & right).mean() < 0.25:
            out.append(e)
    return out


def _ruled(edges: list[dict], tol: float, min_total: float) -> list[dict]:
    """Edges that belong to a rule: those on a line (same x for verticals, same y for
    horizontals, within `tol`) whose pieces add up to `min_total`.  A character's stroke
    touching a rule above and below can pass the max filter as a short rule of its own;
    a table's rules run through several rows, or are long."""
    key = "x0" if edges and edges[0]["orientation"] == "v" else "top"
    size = "height" if key == "x0" else "width"
    out: list[dict] = []
    group: list[dict] = []
    for e in sorted(edges, key=lambda e: e[key]) + [None]:
        if e is not None and group and e[key] - group[-1][key] <= tol:
            group.append(e)
            continue
        if group and sum(g[size] for g in group) >= min_total:
            out += group
        group = [e] if e is not None else []
    return out


def _cluster(values: list[float], tol: float) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(g) / len(g)) for g in out]


def find_rules(grey: np.ndarray, ink: np.ndarray, dpi: float) -> Rules:
    """`grey`: the straightened page; `ink`: its print mask (for `_bare`)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    hmask, vmask = line_masks(grey, dpi)
    min_len = max(20, int(dpi / 4))
    tol = max(3.0, dpi / 40)  # ≈ 0.6 mm: how far a scanned line may miss its crossing
    edges = _ruled(_runs(hmask, True, min_len), tol, dpi / 2) + _ruled(_bare(_runs(vmask, False, min_len), ink, dpi), tol, dpi / 2)
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
