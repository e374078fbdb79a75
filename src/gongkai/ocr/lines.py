"""Ruling lines found on the image, and the table cells they cut.

Lines are the long thin runs of ink that survive a morphological opening with a kernel
longer than any character (a quarter inch) — OpenCV's classic table-line extraction.
Each run becomes an edge in pdfplumber's format, and pdfplumber's own table algorithm
(merge edges → intersections → cells → tables, the same one the PDF reader uses on
vector rules) turns them into cells with their spans.  Coordinates are pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels


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


def line_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and the vertical rules of a (deskewed) page's ink."""
    length = max(20, int(dpi / 4))
    bridge = max(3, int(dpi / 50))  # gaps a scan or JPEG leaves in a thin line
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    h = cv2.morphologyEx(h, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge * 3, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    v = cv2.morphologyEx(v, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge * 3)))
    return h, v


def _cluster(values: list[float], tol: float) -> list[int]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [round(sum(g) / len(g)) for g in out]


def find_rules(ink: np.ndarray, dpi: float) -> Rules:
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    hmask, vmask = line_masks(ink, dpi)
    min_len = max(20, int(dpi / 4))
    edges = _runs(hmask, True, min_len) + _runs(vmask, False, min_len)
    tables: list[Table] = []
    if edges:
        tol = max(3.0, dpi / 40)  # ≈ 0.6 mm: how far a scanned line may miss its crossing
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
