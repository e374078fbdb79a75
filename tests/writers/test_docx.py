"""The Word document: A4, East Asian fonts, page numbers, real merged tables, LibreOffice opens it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai import formats, interchange
from gongkai.report import Provenance, Report
from gongkai.writers import docx as docx_writer
from gongkai.writers import layout, render


@pytest.fixture(scope="module")
def seed(corpus_dir_module):
    report = interchange.read(corpus_dir_module / "haining-commerce-2019.truth.json")
    report.sections = {1: "第一段。\n第二段。", 3: "本年度收到申请。"}
    return report


@pytest.fixture(scope="module")
def corpus_dir_module():
    from corpus import CORPUS

    return CORPUS


def _doc(report, **kw):
    return Document(io.BytesIO(render(report, "docx", **kw)))


def test_a4_page_numbers_and_east_asian_fonts(seed):
    doc = _doc(seed)
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and 'w:fldCharType="begin"' in footer_xml
    east = {el.get(qn("w:eastAsia")) for el in doc.element.body.iter(qn("w:rFonts"))}
    assert {docx_writer.TITLE_FONT, docx_writer.HEADING_FONT, docx_writer.BODY_FONT, docx_writer.TABLE_FONT} <= east
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == docx_writer.BODY_FONT


def test_title_headings_paragraphs_in_order(seed):
    doc = _doc(seed)
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "海宁市商务局2019年度政府信息公开工作年度报告"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(seed.format.sections)
    assert texts[texts.index("一、总体情况") + 1: texts.index("二、主动公开政府信息情况")] == ["第一段。", "第二段。"]


def test_tables_are_merged_as_the_layout_says(seed):
    doc = _doc(seed)
    grids = layout.grids(seed)
    assert len(doc.tables) == len(grids) == 3
    for table, grid in zip(doc.tables, grids, strict=True):
        assert (len(table.rows), len(table.columns)) == (grid.n_rows, grid.n_cols)
        for c in grid.cells:
            merged = table.cell(c.row, c.col)
            far = table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1)
            assert merged._tc is far._tc, (grid.key, c.text)
            assert merged.text == c.text
    t3 = doc.tables[1]
    assert t3.cell(0, 0).text == formats.get("2019").table("表三").corner
    rows = t3._tbl.tr_lst
    assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in rows[:4]] == [True, True, True, False]
    assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)


def test_blank_stays_blank_and_inferred_is_shaded():
    report = Report.empty("某局", 2021, formats.get("2021"))
    addr = "表四|合计|行政复议/总计"
    report.cells[addr] = 3
    report.provenance[addr] = Provenance("推算", inferred=True)
    plain = _doc(report).tables[2]
    data_row = [c.text for c in plain.rows[-1].cells]
    assert data_row == [""] * 4 + ["3"] + [""] * 10
    assert "FFE58A" not in plain._tbl.xml
    shaded = _doc(report, highlight_inferred=True).tables[2]
    assert 'w:fill="FFE58A"' in shaded.rows[-1].cells[4]._tc.xml
    assert 'w:fill="FFE58A"' not in shaded.rows[-1].cells[3]._tc.xml


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
@pytest.mark.parametrize("fmt_id", ["2019", "2021"])
def test_libreoffice_converts_the_docx_without_error(tmp_path, seed, fmt_id):
    report = seed if fmt_id == "2019" else Report.empty("洪泽区人民政府", 2023, formats.get("2021"))
    src = tmp_path / "report.docx"
    src.write_bytes(render(report, "docx"))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"  # own profile: parallel runs don't collide
    done = subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert layout.title(report) in text.replace("\n", "").replace(" ", "")
        assert "申请人情况" in text
