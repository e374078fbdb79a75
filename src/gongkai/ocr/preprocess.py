"""A page's pixels made ready for reading: red seals taken out, ink found, skew and turns undone.

- `drop_red(bgr)`: grey image in which red and pink pixels (a seal 印章, a red letterhead)
  are white; black print under a seal stays dark, because a pixel where black and red
  overlap is dark in every channel.
- `ink(grey, dpi)`: a binary mask of the print (adaptive threshold, so an uneven scan or a
  photo keeps its text), specks smaller than a full stop removed.
- `skew_angle(mask)`: the small rotation (±6°) that makes rows of print and ruling lines
  horizontal, found as the angle whose row profile is sharpest (coarse, then fine).
- `quarter_turns(text_mask)`: 1 when the page lies on its side (its text, ruling lines
  left out, runs in columns), else 0.
- `rotate(img, angle)`: rotation about the centre with a white border.
"""

from __future__ import annotations

import cv2
import numpy as np


def red_mask(bgr: np.ndarray) -> np.ndarray:
    """255 where a pixel is reddish: a seal's ink (where it lies over black print the pixel
    is black and not reddish; the seal's strokes run on beside it)."""
    b, g, r = (bgr[:, :, k].astype(np.int16) for k in range(3))
    return (((r - np.maximum(g, b)) > 30) * 255).astype(np.uint8)


def drop_red(bgr: np.ndarray) -> np.ndarray:
    """Grey page without its red.  Where a pixel is reddish, its red channel stands for it
    and a pale result is paper: a seal on paper (red channel high) turns white, while
    black print under the seal (dark in every channel) stays black and a grey ruling line
    under it stays grey."""
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    b, g, r = (bgr[:, :, k].astype(np.int16) for k in range(3))
    reddish = (r - np.maximum(g, b)) > 30
    red = bgr[:, :, 2]
    grey[reddish] = np.where(red[reddish] >= 170, 255, red[reddish])
    return grey


def ink(grey: np.ndarray, dpi: float, contrast: int = 25, pale: int = 200) -> np.ndarray:
    """255 where there is print: darker by `contrast` than its surroundings (a block of
    about a fifth of an inch: larger than a stroke, smaller than the shading of an uneven
    scan) and not paler than `pale`."""
    block = max(15, int(dpi / 5) | 1)
    mask = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, contrast)
    mask[grey > pale] = 0
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    speck = max(2, int((dpi / 150) ** 2 * 3))
    small = np.where(stats[:, cv2.CC_STAT_AREA] < speck)[0]
    if len(small) > 1:
        mask[np.isin(labels, small[small > 0])] = 0
    return mask


def _profile_score(mask: np.ndarray, angle: float) -> float:
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rotated.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(mask: np.ndarray, limit: float = 6.0) -> float:
    """Degrees to rotate (counter-clockwise) so that the print's rows are level."""
    scale = min(1.0, 1000 / max(mask.shape))
    small = cv2.resize(mask, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else mask
    if not small.any():
        return 0.0
    best = max(np.arange(-limit, limit + 0.01, 0.5), key=lambda a: _profile_score(small, a))
    fine = max(np.arange(best - 0.5, best + 0.51, 0.1), key=lambda a: _profile_score(small, a))
    return round(float(fine), 2)


def quarter_turns(mask: np.ndarray) -> int:
    """1 when rows of text run up the page rather than across (a page scanned sideways).
    `mask` is the text alone: a table's vertical rules would outweigh it."""
    scale = min(1.0, 1000 / max(mask.shape))
    small = cv2.resize(mask, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else mask
    rows = np.square(np.diff(small.sum(axis=1, dtype=np.float64))).sum()
    cols = np.square(np.diff(small.sum(axis=0, dtype=np.float64))).sum()
    return 1 if cols > 1.3 * rows else 0


def rotate(img: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    if abs(angle) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = border if img.ndim == 2 or img.shape[2] == 1 else (border,) * 3
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)
