"""The HTML page and fragment."""

from __future__ import annotations

from hypothesis import given, settings
from lxml import html as lhtml

from gongkai import formats
from gongkai.report import Provenance, Report, Scope
from gongkai.writers import html, layout, render
from strategies import reports


@settings(max_examples=20, deadline=None)
@given(reports())
def test_page_prints_title_sections_tables_and_every_value(report):
    doc = lhtml.fromstring(render(report, "html"))
    assert doc.xpath("string(//title)") == layout.title(report)
    assert doc.xpath("string(//h1)") == f"{report.agency}{report.year}年度政府信息公开工作年度报告"
    assert [h.text_content() for h in doc.xpath("//h2")] == list(report.format.sections)
    for n, section in enumerate(doc.xpath("//section"), start=1):
        assert [p.text_content() for p in section.xpath("./p")] == layout.paragraphs(report.sections[n])
        keys = [t.get("data-table") for t in section.xpath("./table")]
        assert keys == [t.key for t in report.format.tables if t.section == n]
    printed = {td.get("data-cell"): td.text_content() for td in doc.xpath("//td[@data-cell]")}
    assert printed == {a: layout.value_text(v) for a, v in report.cells.items()}


def test_blank_is_an_empty_cell_and_zero_is_0():
    report = Report.empty("某局", 2021, formats.get("2021"))
    a, b = list(report.format.cells)[:2]
    report.cells[b] = 0
    doc = lhtml.fromstring(render(report, "html"))
    assert doc.xpath(f'string(//td[@data-cell="{a}"])') == ""
    assert doc.xpath(f'string(//td[@data-cell="{b}"])') == "0"


def test_fragment_embeds_without_page_rules():
    report = Report.empty("某局<script>", 2020, formats.get("2019"))
    frag = html.fragment(report)
    assert frag.startswith('<article class="gk-report"') and "<html" not in frag and "@page" not in frag
    assert "<script>" not in frag and "某局&lt;script&gt;" in frag
    page = render(report, "html").decode()
    assert "@page" in page and "size: A4" in page and html.stylesheet() in page
    assert ".gk-report" in html.stylesheet() and "break-inside: avoid" in html.stylesheet()


def test_inferred_cells_are_highlighted_only_when_asked():
    report = Report.empty("某局", 2021, formats.get("2021"))
    addr = list(report.format.cells)[5]
    report.cells[addr] = 7
    report.provenance[addr] = Provenance("由勾稽关系推算", inferred=True)
    plain = lhtml.fromstring(render(report, "html"))
    assert not plain.xpath('//*[contains(@class, "gk-inferred")]')
    marked = lhtml.fromstring(render(report, "html", highlight_inferred=True))
    assert [td.get("data-cell") for td in marked.xpath('//td[contains(@class, "gk-inferred")]')] == [addr]
    assert marked.xpath('//p[contains(@class, "gk-legend")]')


def test_aggregate_report_names_its_units():
    report = Report.empty("某市", 2022, scope=Scope.AGGREGATE, units=["甲局", "乙局"])
    doc = lhtml.fromstring(render(report, "html"))
    assert "汇总单位：甲局、乙局" in doc.text_content()


def test_column_widths_fill_the_table():
    for fmt in (formats.get("2019"), formats.get("2021")):
        for t in fmt.tables:
            widths = layout.column_widths(layout.skeleton(fmt, t.key))
            assert abs(sum(widths) - 100) < 1e-6 and min(widths) > 0
