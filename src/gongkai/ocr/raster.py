"""Pages as pixels: image files (PNG, JPEG, TIFF, BMP, WebP) and PDF pages, within the limits.

Every size is checked before anything is decoded: an image file's header gives its size
(Pillow opens lazily), a PDF page is rendered at a resolution chosen so that the page stays
under `Limits.max_page_pixels`.  Pages come out as 8-bit BGR arrays (OpenCV's order).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .limits import Limits


class RasterError(ValueError):
    """A page that cannot be turned into pixels; the message is Chinese, naming the page."""


@dataclass
class PageImage:
    number: int  # 1-based page (or TIFF frame) number in its document
    image: np.ndarray  # H×W×3 uint8, BGR
    dpi: float  # pixels per inch as scanned (or rendered); 0 when the file does not say


def _check_pixels(w: int, h: int, where: str, limits: Limits) -> None:
    if w * h > limits.max_page_pixels:
        raise RasterError(f"{where}: 图像 {w}×{h} 像素，超过每页 {limits.max_page_pixels / 1e6:.0f} 百万像素的上限"
                          f"（可设 GONGKAI_OCR_MAX_PAGE_PIXELS）(image too large)")
    if min(w, h) < limits.min_side:
        raise RasterError(f"{where}: 图像只有 {w}×{h} 像素，太小，无法识别表格 (image too small)")


def image_pages(data: bytes, source: str, limits: Limits) -> Iterator[PageImage]:
    """The pages of an image file (a TIFF may hold several), one at a time."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    # Pillow's own bomb check would refuse a huge image with an English error before we can
    # say what the limit is; ours (`_check_pixels`, lower) runs before anything is decoded.
    bomb, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise RasterError(f"{source}: 图片文件损坏或格式不支持（{e}）(unreadable image)") from None
    finally:
        Image.MAX_IMAGE_PIXELS = bomb
    frames = getattr(img, "n_frames", 1)
    if frames > limits.max_pages:
        raise RasterError(f"{source}: 图片有 {frames} 页，超过 {limits.max_pages} 页的上限"
                          f"（可设 GONGKAI_OCR_MAX_PAGES）(too many pages)")
    for k in range(frames):
        where = f"{source} 第{k + 1}页" if frames > 1 else source
        try:
            img.seek(k)
            _check_pixels(img.width, img.height, where, limits)
            dpi = float((img.info.get("dpi") or (0, 0))[0] or 0)
            frame = ImageOps.exif_transpose(img)  # a phone photo's orientation tag
            rgb = np.asarray(frame.convert("RGB"))
        except (OSError, ValueError, Image.DecompressionBombError) as e:
            raise RasterError(f"{where}: 图片无法解码（{e}）(undecodable image)") from None
        yield PageImage(k + 1, np.ascontiguousarray(rgb[:, :, ::-1]), dpi)


def scan_dpi(page) -> float:
    """The resolution of the largest image printed on a PDF page (0: none)."""
    import pypdfium2.raw as raw

    best_area, dpi = 0.0, 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        try:
            w, _h = obj.get_px_size()
        except Exception:  # noqa: BLE001 - an odd image object only loses the hint
            continue
        area = (right - left) * (top - bottom)
        if area > best_area and right > left:
            best_area, dpi = area, w / ((right - left) / 72)
    return dpi


def render_pdf_page(page, number: int, source: str, limits: Limits) -> PageImage:
    """A PDF page rendered at its scan's resolution (at least `limits.dpi`, at most
    `limits.max_dpi`), lowered until the page fits the pixel limit."""
    width, height = page.get_size()
    native = scan_dpi(page)
    dpi = min(max(native, limits.dpi), limits.max_dpi) if native else limits.dpi
    pixels = width * height * (dpi / 72) ** 2
    if pixels > limits.max_page_pixels:
        dpi *= (limits.max_page_pixels / pixels) ** 0.5
    if min(width, height) * dpi / 72 < limits.min_side:
        raise RasterError(f"{source} 第{number}页: 页面太小（{width:.0f}×{height:.0f} 磅），无法识别 (page too small)")
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=False)  # PDFium's byte order: BGR
        pixels = bitmap.to_numpy()
    except Exception as e:  # noqa: BLE001 - PDFium's errors carry no useful type
        raise RasterError(f"{source} 第{number}页: 无法渲染（{e}）(page cannot be rendered)") from None
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    bgr = np.ascontiguousarray(pixels[:, :, :3] if pixels.shape[2] >= 3 else np.repeat(pixels[:, :, :1], 3, axis=2))
    return PageImage(number, bgr, dpi)
