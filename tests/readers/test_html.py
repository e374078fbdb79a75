"""HTML reader: real tables with spans, charsets, site pages, flattened tables, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai import interchange
from gongkai.readers import ReaderError, read, read_bytes
from gongkai.readers.html import decode, read_html
from readers.r2_helpers import FIXTURES, wrong_cells


def _truth(corpus_dir, name):
    return interchange.read(corpus_dir / f"{name}.truth.json")


def test_shanghai_corpus_every_cell_right(corpus_dir):
    report = read(corpus_dir / "shanghai-gov-office-2019.html")
    truth = _truth(corpus_dir, "shanghai-gov-office-2019")
    assert wrong_cells(report, truth) == []
    assert (report.agency, report.year, report.format.id) == ("上海市人民政府办公厅", 2019, "2019")
    assert not report.unknown
    # the 总计 column is printed blank (&nbsp;) for the result rows: blank, not 0
    assert report.cells["表三|三、本年度办理结果/（一）予以公开|申请人情况/总计"] is None
    assert report.cells["表二|第二十条第（九）项/政府集中采购|采购总金额"] == 251000  # printed "251000元"
    assert any(i.code == "unit-in-cell" and "元" in i.message for i in report.document_issues)


def test_provenance_names_table_row_and_column(corpus_dir):
    report = read(corpus_dir / "shanghai-gov-office-2019.html")
    where = report.provenance["表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"].where
    assert where == "表格2 第4行第4列"
    assert report.provenance["表二|第二十条第（一）项/规章|本年新制作数量"].where == "表格1 第3行第2列"
    assert all(not p.inferred for p in report.provenance.values())
    # every non-blank cell says where it was read
    assert {a for a, v in report.cells.items() if v is not None} <= set(report.provenance)


def test_sections_are_prose_without_tables(corpus_dir):
    report = read(corpus_dir / "shanghai-gov-office-2019.html")
    assert report.sections[1].startswith("2019年，上海市人民政府办公厅")
    assert report.sections[6] == "无。"
    assert "申请人情况" not in report.sections[3]


def test_gbk_page_with_site_navigation(corpus_dir):
    data = (FIXTURES / "gbk-nav-2019.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    report = read_html(data, "gbk-nav-2019.html")
    assert wrong_cells(report, _truth(corpus_dir, "shanghai-gov-office-2019")) == []
    assert report.agency == "上海市人民政府办公厅"
    assert not report.extra_cells  # the footer table's numbers are not report rows


def test_charset_sources():
    text = "2019年政府信息公开工作年度报告"
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "x") == text
    assert decode(b'<meta charset="gb2312">' + text.encode("gbk"), "x").endswith(text)
    # wrongly declared utf-8 but GBK bytes: still read
    assert decode(b'<meta charset="utf-8">' + text.encode("gbk"), "x").endswith(text)
    with pytest.raises(ReaderError, match="编码"):
        decode(bytes(range(0x80, 0x100)) * 40, "bad.html")


def test_local_variations_2021():
    report = read(FIXTURES / "local-variations-2021.html")
    assert (report.year, report.format.id) == (2022, "2021")
    c = report.cells
    assert c["表二|第二十条第（一）项/行政规范性文件|本年制发件数"] == 3  # "＋3"
    assert c["表二|第二十条第（五）项/行政许可|本年处理决定数量"] == 1234  # "1,234"
    assert c["表二|第二十条第（六）项/行政强制|本年处理决定数量"] is None  # "—"
    assert c["表二|第二十条第（八）项/行政事业性收费|本年收费金额（单位：万元）"] == Decimal("12.5")  # "12.5万元"
    rows = report.format.table("表三").blocks[0].rows
    for i, row in enumerate(rows):
        got = [c[f"表三|{row}|{col}"] for col in report.format.table("表三").blocks[0].columns]
        assert got == [i, 0, None, None, None, 0, i], row
    assert c["表四|合计|行政复议/总计"] == 10
    assert c["表四|合计|行政诉讼/复议后起诉/结果维持"] is None
    assert c["表四|合计|行政诉讼/复议后起诉/总计"] == 0
    assert report.extra_cells["表三|（八）其中：依申请公开转主动公开|申请人情况/自然人"] == 1
    assert report.extra_cells["表二|其他主动公开文件|第1列"] == 25
    assert not report.unknown


def test_flattened_tables_go_to_the_text_reader(corpus_dir):
    pytest.importorskip("gongkai.readers.text", reason="the text reader (R1) has not landed")
    report = read(FIXTURES / "flattened-2019.html")
    truth = _truth(corpus_dir, "shanghai-gov-office-2019")
    assert report.year == 2019
    right = len(truth.format.cells) - len(wrong_cells(report, truth))
    assert right / len(truth.format.cells) >= 0.9


def test_not_a_report_and_garbage():
    page = "<html><head><meta charset='utf-8'><title>新闻</title></head><body><p>今天天气很好。</p></body></html>"
    with pytest.raises(ReaderError, match="年度"):
        read_html(page.encode("utf-8"), "news.html")
    with pytest.raises(ReaderError):
        read_html(b"<html>\x00\x01\x02" * 100, "garbage.html")
    with pytest.raises(ReaderError):
        read_html(b"", "empty.html")


def test_ambiguous_row_is_unknown_not_guessed():
    """A 表三 row with fewer value cells than columns and no header to place them."""
    html = """<html><body><h1>某局2020年政府信息公开工作年度报告</h1><table>
    <tr><td>一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td></tr></table></body></html>"""
    report = read_html(html.encode("utf-8"), "short.html")
    addr = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"
    assert addr in report.unknown and report.cells[addr] is None
    assert any(i.code == "column-unread" and addr in i.cells for i in report.document_issues)


def test_dispatcher_sends_html_here(corpus_dir):
    data = (corpus_dir / "shanghai-gov-office-2019.html").read_bytes()
    assert read_bytes(data, "x.html").same_cells(read_html(data, "x.html"))
