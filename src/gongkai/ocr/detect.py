"""Which inputs need OCR — cheap, and importable without the OCR libraries.

- `image_kind(data)`: PNG / JPEG / TIFF / BMP / WEBP by the file's first bytes.
- `scanned_pages(pages, texts)`: the 0-based indices of PDF pages that carry (almost) no
  text but an image covering a good part of the page — pages scanned or photographed.
  A PDF is *image-only* when every printed page is such; *mixed* when some are.
"""

from __future__ import annotations

IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
}

# A page with fewer printed characters than this carries no text layer worth reading
# (a scanner's page number or a stray watermark word is not one).
MIN_TEXT_CHARS = 20
# …and it is a scan when an image covers at least this share of it.
MIN_IMAGE_SHARE = 0.3


def image_kind(data: bytes) -> str | None:
    for magic, kind in IMAGE_MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def image_share(page) -> float:
    """How much of a PDF page its images cover (0–1, overlaps counted once at most)."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    covered = 0.0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        w = max(0.0, min(right, width) - max(left, 0.0))
        h = max(0.0, min(top, height) - max(bottom, 0.0))
        covered += w * h
    return min(1.0, covered / (width * height)) if width and height else 0.0


def scanned_pages(pages, texts: list[str]) -> list[int]:
    out = []
    for i, (page, text) in enumerate(zip(pages, texts, strict=True)):
        if sum(1 for c in text if not c.isspace()) < MIN_TEXT_CHARS and image_share(page) >= MIN_IMAGE_SHARE:
            out.append(i)
    return out


# Words that only a table's own header prints: 表二, 表三, 表四.
TABLE_SIGNS = (("信息内容", "第二十条"), ("申请人情况", "自然人"), ("结果维持", "尚未审结"))


def needs_ocr(texts: list[str], scanned: list[int]) -> bool:
    """Read a PDF by OCR when it has scanned pages and its text layer does not hold all three
    tables (a text report with a scanned cover or seal page is read as text)."""
    if not scanned:
        return False
    layer = "".join(t for i, t in enumerate(texts) if i not in scanned)
    layer = "".join(layer.split())
    return not all(any(w in layer for w in words) for words in TABLE_SIGNS)
