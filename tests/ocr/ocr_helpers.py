"""Shared pieces for the OCR tests: pages drawn with OpenCV and Pillow, a scanned-report
fixture made from a corpus truth (the scan corpus generator's own functions)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench" / "scans"))

FONT_PATHS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def font(size: int):
    from PIL import ImageFont

    for p in FONT_PATHS:
        if Path(p).is_file():
            return ImageFont.truetype(p, size)
    pytest.skip("no CJK font (fonts-noto-cjk)")


def draw_text(img: np.ndarray, xy: tuple[int, int], text: str, size: int = 28) -> np.ndarray:
    from PIL import Image, ImageDraw

    pil = Image.fromarray(img)
    ImageDraw.Draw(pil).text(xy, text, fill=(0, 0, 0) if img.ndim == 3 else 0, font=font(size))
    return np.asarray(pil).copy()


def ruled_table(rows: list[list[str]], col_w: list[int], row_h: int = 60, origin=(60, 60),
                size: int = 28, page=(1100, 900)) -> np.ndarray:
    """A white BGR page with a fully ruled table holding `rows` (text, left to right)."""
    import cv2

    img = np.full((page[0], page[1], 3), 255, np.uint8)
    x0, y0 = origin
    xs = [x0 + sum(col_w[:i]) for i in range(len(col_w) + 1)]
    ys = [y0 + row_h * i for i in range(len(rows) + 1)]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), (0, 0, 0), 2)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), (0, 0, 0), 2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                img = draw_text(img, (xs[c] + 12, ys[r] + (row_h - size) // 2 - 4), text, size)
    return img


@lru_cache(maxsize=1)
def engine():
    from gongkai.ocr.engines import get_engine

    return get_engine("rapid")


@lru_cache(maxsize=4)
def scanned_truth_pdf(name: str, dpi: int = 200) -> bytes:
    """A corpus truth rendered by gongkai's PDF writer and 'scanned' (turned, noisy, sealed,
    JPEG) into an image-only PDF by the scan corpus generator."""
    from make_corpus import scan_pdf

    from corpus import CORPUS
    from gongkai import interchange, writers

    path = CORPUS / f"{name}.truth.json"
    if not path.is_file():
        pytest.skip(f"corpus not found: {path}")
    report = interchange.read(path)
    return scan_pdf(writers.render(report, "pdf"), dpi, 60, seed=1)
