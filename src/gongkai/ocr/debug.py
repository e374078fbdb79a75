"""Debug images: each page as straightened, with every detected cell drawn and labelled.

Green: a value read with confidence; orange: a value taken back as unknown; blue: a
label or other text; grey: an empty cell.  The cell's row and column (1-based, as in the
provenance) are written in its corner, so a person can find what was read where.
"""

from __future__ import annotations

import re
from pathlib import Path

import cv2

from .page import PageRead

COLOURS = {"certain": (40, 160, 40), "unknown": (0, 140, 255), "label": (200, 90, 20), "empty": (150, 150, 150)}


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", Path(name).name)[:80] or "page"


def write(page: PageRead, folder: Path, source: str) -> Path | None:
    if page.image is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    img = cv2.cvtColor(page.image, cv2.COLOR_GRAY2BGR)
    for k, table in enumerate(page.tables, start=1):
        x0, top, x1, bottom = table.box
        cv2.rectangle(img, (x0, top), (x1, bottom), (0, 0, 200), 3)
        cv2.putText(img, f"T{k}", (x0, max(12, top - 6)), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (0, 0, 200), 2)
        for cell in table.cells:
            kind = ("empty" if not cell.text else "label" if not cell.numeric
                    else "certain" if cell.certain else "unknown")
            cx0, ctop, cx1, cbottom = cell.box
            cv2.rectangle(img, (cx0 + 2, ctop + 2), (cx1 - 2, cbottom - 2), COLOURS[kind], 2)
            cv2.putText(img, f"{cell.row + 1},{cell.col + 1}", (cx0 + 4, ctop + 14),
                        cv2.FONT_HERSHEY_PLAIN, 0.8, COLOURS[kind], 1)
    path = folder / f"{_safe(source)}-p{page.number}.png"
    cv2.imwrite(str(path), img)
    return path
