"""Scanned reports end to end: image-only PDFs, page images, mixed PDFs, limits, the CLI."""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache

import numpy as np
import pytest

from corpus import CORPUS
from gongkai import interchange
from gongkai.readers import ReaderError, read_bytes
from ocr.ocr_helpers import scanned_truth_pdf

pytestmark = pytest.mark.slow


@lru_cache(maxsize=2)
def _read(name: str):
    return read_bytes(scanned_truth_pdf(name), f"{name}-scan.pdf")


def _compare(report, truth):
    right, wrong = 0, []
    for a in truth.format.cells:
        if a in report.unknown:
            continue
        if (report.cells[a] is None) == (truth.cells[a] is None) and report.cells[a] == truth.cells[a]:
            right += 1
        else:
            wrong.append((a, report.cells[a], truth.cells[a]))
    return right, wrong


def test_a_scanned_report_is_read_with_no_wrong_cell():
    report = _read("hongze-district-2023")
    truth = interchange.read(CORPUS / "hongze-district-2023.truth.json")
    assert (report.agency, report.year, report.format.id) == (truth.agency, truth.year, "2021")
    right, wrong = _compare(report, truth)
    assert wrong == []
    assert right >= 0.9 * len(truth.format.cells)
    first = report.document_issues[0]
    assert first.code == "ocr-scan" and "扫描件" in first.message and "OCR" in first.message
    prov = next(p for a, p in report.provenance.items() if a.startswith("表三|"))
    assert prov.page and prov.table and prov.row and prov.column and prov.scan_box
    assert "OCR" in prov.where and "框" in prov.where and prov.where.startswith(f"第{prov.page}页")


def test_unknown_and_inferred_cells_are_issues_naming_page_cell_and_box():
    report = _read("hongze-district-2023")
    for a in report.unknown:
        assert report.cells[a] is None and a not in report.provenance
    cell_issues = [i for i in report.document_issues if i.code in ("ocr-uncertain", "ocr-inferred")]
    assert cell_issues, "no cell-level issue at all"
    for issue in cell_issues:
        assert len(issue.cells) == 1 and issue.where.page and issue.where.scan_box
        assert (issue.cells[0] in report.unknown) == (issue.code == "ocr-uncertain")
        assert str(issue).endswith("）") and "框 x=" in str(issue)
    for a in report.inferred:  # every inferred cell says so, with its box
        assert report.provenance[a].scan_box is not None
    # the interchange file keeps unknown cells out of `cells` and writes issues as records
    doc = interchange.to_dict(report)
    assert not set(doc["unknown"]) & set(doc["cells"])
    record = next(i for i in doc["document_issues"] if i["code"] in ("ocr-uncertain", "ocr-inferred"))
    assert {"code", "message", "where", "cells"} <= set(record) and "框 x=" in record["where"]


def _png_of_page(index: int = 0) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(scanned_truth_pdf("hongze-district-2023"))
    img = pdf[index].render(scale=200 / 72).to_pil()
    buf = io.BytesIO()
    img.save(buf, "PNG", dpi=(200, 200))
    return buf.getvalue()


def _png_of_first_page() -> bytes:
    return _png_of_page(0)


def test_a_page_photo_is_read_through_the_same_stack():
    report = read_bytes(_png_of_first_page(), "page1.png")
    truth = interchange.read(CORPUS / "hongze-district-2023.truth.json")
    right, wrong = _compare(report, truth)
    assert wrong == []
    assert report.year == 2023
    t2 = [a for a in truth.format.cells if a.startswith("表二|")]
    assert sum(1 for a in t2 if a not in report.unknown) >= len(t2) - 2  # 表二 is on this page


def test_hints_reach_the_ocr_reader_for_pages_that_do_not_say_the_year():
    from gongkai.readers.meta import Hints

    second = _png_of_page(1)  # 表三 and 表四, no title
    with pytest.raises(ReaderError, match="--year"):
        read_bytes(second, "page2.png")
    report = read_bytes(second, "page2.png", Hints(year=2023, agency="淮安市洪泽区人民政府"))
    assert (report.year, report.agency, report.format.id) == (2023, "淮安市洪泽区人民政府", "2021")
    truth = interchange.read(CORPUS / "hongze-district-2023.truth.json")
    right, wrong = _compare(report, truth)
    assert wrong == []
    # 表三 starts on page 1: its first rows are not on this page, so unknown, each named
    t3 = [a for a in truth.format.cells if a.startswith("表三|")]
    assert sum(1 for a in t3 if a not in report.unknown) >= 70
    missing = {a for i in report.document_issues if i.code == "row-missing" for a in i.cells}
    assert "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人" in missing
    t4 = [a for a in truth.format.cells if a.startswith("表四|")]
    assert sum(1 for a in t4 if a not in report.unknown) >= 13
    # 表二 is on the page not given: not found, so unknown (never blank), named by an issue
    assert all(a in report.unknown for a in truth.format.cells if a.startswith("表二|"))
    assert any(i.code == "table-missing" and i.cells and i.cells[0].startswith("表二|") for i in report.document_issues)


def test_hints_reach_the_ocr_reader_through_a_scanned_pdf():
    import pypdfium2 as pdfium

    from gongkai.readers.meta import Hints

    src = pdfium.PdfDocument(scanned_truth_pdf("hongze-district-2023"))
    tail = pdfium.PdfDocument.new()
    tail.import_pages(src, list(range(1, len(src))))
    buf = io.BytesIO()
    tail.save(buf)
    report = read_bytes(buf.getvalue(), "tail.pdf", Hints(year=2023, agency="淮安市洪泽区人民政府"))
    assert (report.year, report.agency) == (2023, "淮安市洪泽区人民政府")
    assert report.document_issues[0].code == "ocr-scan"


def _png_header(w: int, h: int) -> bytes:
    """A PNG that claims w×h pixels (its data is cut short: the size is refused first)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(
        b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def test_a_huge_image_is_refused_before_it_is_decoded():
    with pytest.raises(ReaderError, match="20000×20000 像素，超过"):
        read_bytes(_png_header(20000, 20000), "huge.png")


def test_a_pdf_of_500_image_pages_is_refused_with_the_limit():
    from PIL import Image

    page = Image.fromarray(np.full((110, 80, 3), 255, np.uint8))
    buf = io.BytesIO()
    page.save(buf, "PDF", save_all=True, append_images=[page] * 499, resolution=10)
    with pytest.raises(ReaderError, match="500 .*超过"):
        read_bytes(buf.getvalue(), "long.pdf")


def test_a_blank_scan_is_refused_with_a_clear_message():
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((1100, 850, 3), 250, np.uint8)).save(buf, "JPEG", quality=60)
    with pytest.raises(ReaderError, match="空白页"):
        read_bytes(buf.getvalue(), "blank.jpg")


def test_a_mixed_pdf_reads_its_text_pages_as_text_and_its_scans_by_ocr():
    import base64

    from weasyprint import HTML

    png = _png_of_first_page()
    html = ("<html><body><h1>淮安市洪泽区人民政府2023年度政府信息公开工作年度报告</h1>"
            "<p>一、总体情况</p><p>本年度，我区认真贯彻落实《中华人民共和国政府信息公开条例》。</p>"
            f"<div style='page-break-before:always'><img style='width:100%' src='data:image/png;base64,"
            f"{base64.b64encode(png).decode()}'></div></body></html>")
    pdf = HTML(string=html).write_pdf()
    report = read_bytes(pdf, "mixed.pdf")
    assert report.year == 2023 and report.agency == "淮安市洪泽区人民政府"
    assert any("OCR" in p.where for p in report.provenance.values())
    assert "认真贯彻落实" in report.sections.get(1, "")


def test_without_the_ocr_extra_the_message_says_how_to_get_it(monkeypatch):
    import sys

    from gongkai.ocr import scan

    monkeypatch.setitem(sys.modules, "cv2", None)
    with pytest.raises(ReaderError, match=r"gongkai\[ocr\]"):
        scan._require("scan.pdf")


def test_extract_writes_debug_images_and_a_bad_file_does_not_stop_the_batch(tmp_path):
    from typer.testing import CliRunner

    from gongkai.cli import app

    good = tmp_path / "page1.png"
    good.write_bytes(_png_of_first_page())
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    out, dbg = tmp_path / "out", tmp_path / "dbg"
    result = CliRunner().invoke(app, ["extract", str(bad), str(good), "-o", str(out), "--debug-images", str(dbg)])
    assert result.exit_code == 2
    assert "broken.jpg" in result.output and "无法读取" in result.output
    assert (out / "page1.json").is_file()
    pngs = sorted(p.name for p in dbg.glob("*.png"))
    assert pngs == ["page1.png-p1.png"]
