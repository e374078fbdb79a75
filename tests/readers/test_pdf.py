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
    assert any(i.code == "superseded-row" and "其他处理" in i.message for i in report.document_issues)
    assert not report.unknown


def test_sections_from_the_text_layer(corpus_dir):
    report = read(corpus_dir / "hongze-district-2023.pdf")
    assert "信息处理费" in report.sections[6]
    assert report.sections[1].startswith("2023 年，洪泽区人民政府")


def test_hongze_sections_are_whole_paragraphs(corpus_dir):
    """Wrapped lines rejoined (also across pages and on ruled lines), tables and page numbers out."""
    from gongkai.writers import layout

    report = read(corpus_dir / "hongze-district-2023.pdf")
    paragraphs = {n: layout.paragraphs(report.sections[n]) for n in range(1, 7)}
    assert [len(paragraphs[n]) for n in range(1, 7)] == [7, 0, 0, 0, 1, 1]
    assert paragraphs[1][1] == ("（一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类"
                                "政府信息。2023 年，我区在政府网站平台主动公开政府信息 1136 条。")
    assert paragraphs[1][3] == "（三）政府信息管理情况。"
    assert "严格执行“分级审核、先审后发”程序" in paragraphs[1][4]  # …“分 | - 2 - | 级审核… across pages
    assert paragraphs[5][0].endswith("不断提高各单位政府信息公开工作人员的思想认识和业务工作水平。")
    text = "\n".join(report.sections.values())
    for debris in ("信息内容", "第二十条", "自然人", "行政复议", "结果", "- 2 -", "- 5 -"):
        assert debris not in text


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


# ---------------------------------------------------------------- section prose

_PARAGRAPHS = {
    1: "2023年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》"
       "（国令第711号）相关规范要求，不断完善政府信息公开制度，建立健全政府信息公开保障机制，推进政府信息公开工作规范、"
       "有序、健康发展。\n"
       "（一）主动公开情况。全年通过门户网站主动公开政府信息1136条，其中政策文件45件、政策解读32篇、"
       "通知公告210条，回应社会关切“三农”等热点问题18次。\n"
       "（二）依申请公开情况。\n"
       "全年受理政府信息公开申请21件，均在法定期限内答复，办理工作实行“受理—审查—答复”全流程登记，"
       "未发生因答复不当被复议纠错或诉讼败诉的情况。",
    2: "本年度主动公开情况见下表：",
    3: "本年度收到和处理政府信息公开申请情况见下表。对申请内容不明确的，一次性告知申请人补正，"
       "补正后仍不明确的依法作出处理，并向申请人说明理由和救济途径。",
    4: "",
    5: "一是依申请公开工作规范性还有待提高；二是政务公开内容的深度和广度还有待提升；"
       "三是政务公开队伍建设有待加强。针对存在问题，下一步将全面梳理和优化工作流程、健全工作机制、"
       "强化部门协同配合，全面提升政府信息依申请公开规范化、专业化水平。\n"
       "继续加强业务指导培训，实行政府信息公开工作人员跟班学习制度，不断提高工作人员的思想认识和业务工作水平，"
       "做到“应公开、尽公开”。",
    6: "本年度未收取信息处理费。",
}


def _printed(report, margin_box: str, content: str, align: str) -> bytes:
    """The report as the PDF writer prints it, with another page number and paragraph alignment."""
    from weasyprint import HTML

    from gongkai.writers import html

    css = (f"@page {{ @bottom-center {{ content: none; }} @{margin_box} {{ content: {content}; font-size: 10pt; }} }}\n"
           f".gk-report p {{ text-align: {align}; }}")
    return HTML(string=html.page(report, print_only_css=css), base_url=".").write_pdf()


@pytest.mark.parametrize(("margin_box", "content", "number", "align"), [
    ("bottom-center", '"- " counter(page) " -"', "- 2 -", "justify"),
    ("bottom-right", '"第 " counter(page) " 页"', "第 2 页", "left"),
    ("top-right", 'counter(page) "/" counter(pages)', "2/", "justify"),
])
def test_wrapped_paragraphs_page_numbers_and_tables(corpus_dir, margin_box, content, number, align):
    import pypdfium2 as pdfium

    from gongkai.writers import layout

    report = interchange.read(corpus_dir / "hongze-district-2023.truth.json")
    report.sections = dict(_PARAGRAPHS)
    data = _printed(report, margin_box, content, align)
    doc = pdfium.PdfDocument(data)
    printed = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    doc.close()
    # what the reader has to undo: paragraphs wrapped over 3+ lines, a page number on page 2
    lines = [x.strip() for page in printed for x in page.split("\r\n") if len(x.strip()) > 8]
    first = _PARAGRAPHS[1].splitlines()[0]
    assert sum(x in first for x in lines) >= 3
    assert number in printed[1]
    back = read_pdf(data, "prose.pdf")
    assert wrong_cells(back, report) == []
    for n in range(1, 7):
        assert layout.paragraphs(back.sections[n]) == layout.paragraphs(report.sections[n]), n


def test_page_number_shapes():
    from gongkai.readers.pdf import _PAGE_NUMBER

    for s in ("- 2 -", "—3—", "－ 12 －", "第 2 页", "第2页 共5页", "共 5 页 第 2 页", "2/5", "2 / 5", "7", "Page 3 of 9"):
        assert _PAGE_NUMBER.fullmatch(s), s
    for s in ("2023 年", "1136 条。", "第二十条", "（一）", "21 件，"):
        assert not _PAGE_NUMBER.fullmatch(s), s


# ---------------------------------------------------------------- agencies' own PDF layouts

FAMILY = FIXTURES.parent / "families" / "converter-2024.expected.json"


def _family():
    return interchange.read(FAMILY)


def _read_layout(**kw):
    from readers.pdf_layouts import page, pdf

    truth = _family()
    return read_pdf(pdf(page(truth, **kw)), "layout.pdf"), truth


def _never_wrong(report, truth):
    return [a for a in truth.format.cells if a not in report.unknown and report.cells[a] != truth.cells[a]]


def test_numbers_wrapped_in_a_narrow_cell_are_one_number():
    report, truth = _read_layout(total_width="3%")  # 494 prints as 49 / 4
    assert _never_wrong(report, truth) == [] and not report.unknown
    assert report.cells["表三|一、本年新收政府信息公开申请数量|申请人情况/总计"] == 494


def test_two_numbers_stacked_in_one_cell_are_not_joined():
    from gongkai.readers.pdf import _cell_text

    class Page:  # a cell holding "49" and "4" on two short lines: stacked, not wrapped
        def get_text_bounded(self, **_):
            return "49\r\n4"

    lines = [(100, 10, 108, 20), (100, 22, 104, 32)]
    assert _cell_text(Page(), (95, 5, 140, 35), lines, 800) == "49\n4"
    assert _cell_text(Page(), (95, 5, 110, 35), lines, 800) == "494"  # the first line reached the rule


def test_a_table_cut_at_the_page_edge_is_unknown_not_blank():
    report, truth = _read_layout(wrap_t3=("<div style='position:absolute; top:205mm; left:0; right:0'>", "</div>"))
    t3 = {a for a in truth.format.cells if a.startswith("表三|")}
    assert _never_wrong(report, truth) == []
    assert len(report.unknown & t3) > 100 and not report.unknown - t3  # the rows past the edge
    assert not {a for a in t3 if report.cells[a] is None} - report.unknown  # none of them blank


def test_a_table_running_onto_pages_without_table_words():
    report, truth = _read_layout(row_height="60pt")  # 表三 over three pages
    assert _never_wrong(report, truth) == [] and not report.unknown
    pages = {report.provenance[a].page for a in truth.format.cells if a.startswith("表三|")}
    assert pages == {1, 2, 3}


def test_rounded_borders_read_by_the_fast_path(monkeypatch):
    from gongkai.readers import pdf as P

    def no_slow_path(*a, **k):
        raise AssertionError("the slow path ran")

    monkeypatch.setattr(P, "_slow_grids", no_slow_path)
    css = "table { border-collapse: separate; border-spacing: 0; } td, th { border-radius: 1.5pt; }"
    report, truth = _read_layout(css=css)  # every border a path of lines and curves
    assert _never_wrong(report, truth) == [] and not report.unknown


def test_three_line_table_without_column_rules_is_read_from_the_text():
    css = ("table { border-top: 1pt solid black; border-bottom: 1pt solid black; }"
           " td, th { border: none !important; }")
    report, truth = _read_layout(css=css)
    assert _never_wrong(report, truth) == [] and not report.unknown


def test_tolerances_live_in_one_settings_object():
    from dataclasses import fields

    from gongkai.readers.pdf import SETTINGS, PdfSettings

    assert isinstance(SETTINGS, PdfSettings)
    assert {f.name for f in fields(PdfSettings)} >= {"snap_tolerance", "join_tolerance", "intersection_tolerance",
                                                   "edge_min_length", "cell_inset", "wrap_slack", "page_edge"}
