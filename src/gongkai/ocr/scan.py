"""Scanned documents → Report: image files, image-only PDFs, PDFs mixing text and scans.

Pages are rasterised one at a time within `Limits` (a page's pixels are dropped as soon
as it is read, so memory is one page's worth whatever the document's length), read by
`page.read_page`, optionally drawn for a person to inspect (`debug.write`), and handed to
`to_grid.report_from_pages`.  The engine is `GONGKAI_OCR_ENGINE` (default `rapid`);
`GONGKAI_OCR_DEBUG_IMAGES=DIR` (set by `gongkai extract --debug-images DIR`) writes each
page with its detected cells drawn.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..readers import ReaderError
from ..report import Report
from .limits import Limits


def _require(source: str) -> None:
    """The OCR libraries are an extra: say how to get them instead of a traceback."""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import pdfplumber  # noqa: F401
    except ImportError as e:
        raise ReaderError(f"{source}: 扫描件需要 OCR 组件（缺少 {e.name}）：请运行 pip install 'gongkai[ocr]' "
                          f"(OCR extra not installed)") from None


def _engine():
    from .engines import EngineUnavailable, get_engine

    name = os.environ.get("GONGKAI_OCR_ENGINE", "rapid")
    try:
        return get_engine(name)
    except EngineUnavailable as e:
        raise ReaderError(str(e)) from None


def _debug_dir() -> Path | None:
    d = os.environ.get("GONGKAI_OCR_DEBUG_IMAGES")
    return Path(d) if d else None


def _read_pages(images, source: str):
    """PageImage iterator → PageRead list, each page's pixels released after reading."""
    from . import debug
    from .page import read_page
    from .raster import RasterError

    engine = _engine()
    debug_dir = _debug_dir()
    pages = []
    try:
        for img in images:
            page = read_page(img.image, img.number, img.dpi, engine, keep_image=debug_dir is not None)
            if debug_dir is not None:
                debug.write(page, debug_dir, source)
                page.image = None
            pages.append(page)
    except RasterError as e:
        raise ReaderError(str(e)) from None
    except MemoryError:
        raise ReaderError(f"{source}: 内存不足，无法识别该扫描件（请减小图片尺寸）(out of memory)") from None
    return pages, engine.name


def _check_not_blank(pages, source: str) -> None:
    if pages and all(p.blank for p in pages):
        raise ReaderError(f"{source}: 扫描件的 {len(pages)} 页都是空白页（或几乎没有字迹），没有可识别的内容 (blank scan)")


def _prose(pages) -> str:
    return "\n".join(line for p in pages for line in p.prose)


def read_image(data: bytes, source: str, hints=None) -> Report:
    """A PNG, JPEG, TIFF (maybe several pages), BMP or WebP image of report pages; `hints`
    (`readers.meta.Hints`) fill what the pages do not say."""
    from .raster import image_pages

    _require(source)
    limits = Limits.from_env()
    if len(data) > limits.max_file_bytes:
        raise ReaderError(f"{source}: 图片文件 {len(data) / 2**20:.0f} MB，超过 {limits.max_file_bytes // 2**20} MB 的上限")
    pages, engine = _read_pages(image_pages(data, source, limits), source)
    _check_not_blank(pages, source)
    from .to_grid import report_from_pages

    return report_from_pages(pages, source, _prose(pages), engine, hints)


def read_scanned_pdf(doc, texts: list[str], scanned: list[int], source: str, hints=None) -> Report:
    """A PDF some or all of whose pages are scans (`scanned`: their 0-based indices).

    Scanned pages are read by OCR.  Of the pages with a text layer, the text is taken as
    it is, and those that print a table are rendered and their tables read by OCR too,
    so that one table grid path reads the whole document (their prose stays exact)."""
    _require(source)
    from .raster import render_pdf_page

    limits = Limits.from_env()
    n = len(doc)
    if n > limits.max_pages:
        raise ReaderError(f"{source}: 扫描版 PDF 共 {n} 页，超过 {limits.max_pages} 页的上限"
                          f"（可设 GONGKAI_OCR_MAX_PAGES）(too many pages to OCR)")
    from ..readers.pdf import table_words

    words = table_words()
    wanted = [i for i in range(n) if i in scanned or any(w in texts[i] for w in words)]
    pages, engine = _read_pages((render_pdf_page(doc[i], i + 1, source, limits) for i in wanted), source)
    if len(wanted) == n:
        _check_not_blank(pages, source)
    by_number = {p.number: p for p in pages}
    lines = []
    for i in range(n):
        page = by_number.get(i + 1)
        if i in scanned and page is not None:
            lines += page.prose
        elif texts[i].strip():
            lines.append(texts[i])
    from .to_grid import report_from_pages

    return report_from_pages(pages, source, "\n".join(lines), engine, hints)
