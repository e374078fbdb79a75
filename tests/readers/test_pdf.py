"""PDF reader: text layer, tables across pages, wrapped cells, NFKC; bad and scanned PDFs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai import interchange
from gongkai.readers import ReaderError, read
from gongkai.readers.pdf import _fix_radicals, read_pdf
from gongkai.writers import render
from readers.r2_helpers import FIXTURES, wrong_cells


def test_hongze_corpus_every_cell_right(corpus_dir):
    report = read(corpus_dir / "hongze-district-2023.pdf")
    truth = interchange.read(corpus_dir / "hongze-district-2023.truth.json")
    assert wrong_cells(report, truth) == []
    assert (report.year, report.format.id) == (2023, "2021")
    assert report.agency.endswith("洪泽区人民政府")  # the title is printed over two lines
    # 表三 crosses pages 3→4, 表二 pages 2→3
    assert report.provenance["表三|四、结转下年度继续办理|申请人情况/总计"].where.startswith("第4页")
    assert report.provenance["表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"].where.startswith("第3页")
    assert report.cells["表二|第二十条第（八）项/行政事业性收费|本年收费金额（单位：万元）"] == Decimal("7730.28")
    # the 2019-style （六） row: reported, its zeros kept aside, the 2021 sub-rows left blank
    assert report.extra_cells["表三|（六）其他处理|申请人情况/总计"] == 0
    assert any("其他处理" in i for i in report.document_issues)
    assert not report.unknown


def test_sections_from_the_text_layer(corpus_dir):
    report = read(corpus_dir / "hongze-district-2023.pdf")
    assert "信息处理费" in report.sections[6]
    assert report.sections[1].startswith("2023 年，洪泽区人民政府")


@pytest.mark.parametrize("name", ["shanghai-gov-office-2019", "hongze-district-2023"])
def test_writer_round_trip_is_exact(corpus_dir, name):
    truth = interchange.read(corpus_dir / f"{name}.truth.json")
    report = read_pdf(render(truth, "pdf"), f"{name}.pdf")
    assert wrong_cells(report, truth) == []
    assert report.year == truth.year


def test_kangxi_radicals_are_normalised():
    assert _fix_radicals("⼀、本年新收") == "一、本年新收"
    assert _fix_radicals("（一）予以公开") == "（一）予以公开"  # full-width punctuation kept


def test_scanned_pdf_says_so():
    with pytest.raises(ReaderError, match="扫描版 PDF，没有文字层"):
        read(FIXTURES / "scanned.pdf")


def test_truncated_pdf_one_clear_line():
    with pytest.raises(ReaderError) as e:
        read(FIXTURES / "truncated.pdf")
    assert "truncated.pdf" in str(e.value) and "\n" not in str(e.value)


def test_garbage_is_not_a_pdf():
    with pytest.raises(ReaderError, match="不是 PDF"):
        read_pdf(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "x.pdf")
    with pytest.raises(ReaderError):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 10, "y.pdf")
