"""Which files go to OCR: image files by their bytes, PDFs by their pages."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from gongkai.ocr.detect import image_kind, needs_ocr, scanned_pages
from gongkai.readers import detect_kind


def _png(w=400, h=400) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((h, w, 3), 255, np.uint8)).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("fmt,kind", [("PNG", "PNG"), ("JPEG", "JPEG"), ("TIFF", "TIFF"), ("BMP", "BMP"),
                                      ("WEBP", "WEBP")])
def test_image_files_are_known_by_their_bytes(fmt, kind):
    buf = io.BytesIO()
    Image.fromarray(np.full((40, 40, 3), 200, np.uint8)).save(buf, fmt)
    assert image_kind(buf.getvalue()) == kind
    assert detect_kind(buf.getvalue(), "page.bin") == "image"


def test_text_is_not_an_image():
    assert image_kind("二〇二三年政府信息公开工作年度报告".encode()) is None


def test_image_only_pdf_pages_are_scanned_and_text_pages_are_not():
    import pypdfium2 as pdfium

    buf = io.BytesIO()
    Image.fromarray(np.full((800, 600, 3), 255, np.uint8)).save(buf, "PDF", resolution=100)
    pdf = pdfium.PdfDocument(buf.getvalue())
    texts = [pdf[0].get_textpage().get_text_range()]
    assert scanned_pages([pdf[0]], texts) == [0]
    assert needs_ocr(texts, [0])


def test_a_text_report_with_one_scanned_page_is_read_as_text():
    texts = ["信息内容 第二十条 …", "申请人情况 自然人 …", "结果维持 尚未审结 …", ""]
    assert not needs_ocr(texts, [3])
    assert needs_ocr(texts[:2] + [""] * 2, [2, 3])  # 表四 only on the scanned pages
