"""What one scanned document may cost, checked before the work (docs/ocr.md, "Limits").

A page is decoded into memory as an 8-bit image: `MAX_PAGE_PIXELS` bounds what one page may
take (40 Mpx ≈ 120 MB as colour, ≈ 40 MB grey), whatever the file claims.  A PDF page is
rendered at `DPI` (more only when its embedded scan is finer, up to `MAX_DPI`), so a huge
page size cannot blow it up; an image file larger than the limit is refused before it is
decoded.  `MAX_PAGES` bounds one document (a report is 4–20 pages; 60 pages take about three
minutes on one core).  Each can be changed by the environment for a batch that needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_pages: int = 60
    max_page_pixels: int = 40_000_000
    max_file_bytes: int = 200 * 1024 * 1024
    dpi: int = 200  # rendering resolution when the PDF does not tell a finer one
    max_dpi: int = 300
    min_side: int = 300  # pixels: a smaller image cannot hold a readable table

    @classmethod
    def from_env(cls) -> Limits:
        return cls(max_pages=_env_int("GONGKAI_OCR_MAX_PAGES", cls.max_pages),
                   max_page_pixels=_env_int("GONGKAI_OCR_MAX_PAGE_PIXELS", cls.max_page_pixels))
