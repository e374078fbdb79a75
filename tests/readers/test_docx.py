"""DOCX reader: merged cells (gridSpan / vMerge) read as real structure; round trips."""

from __future__ import annotations

import io

import docx
import pytest

from gongkai import interchange
from gongkai.readers import ReaderError, read, read_bytes
from gongkai.readers.docx import _grid, read_docx
from gongkai.writers import render
from readers.r2_helpers import FIXTURES, wrong_cells

CORPUS_NAMES = ["shanghai-gov-office-2019", "hongze-district-2023", "pingtan-2020", "haining-commerce-2019"]


def test_merged_cells_made_with_python_docx(corpus_dir):
    report = read(FIXTURES / "merged-cells-2020.docx")
    truth = interchange.read(corpus_dir / "pingtan-2020.truth.json")
    assert (report.agency, report.year) == ("平潭综合实验区", 2020)
    t3 = [a for a in truth.format.cells if a.startswith("表三|")]
    assert [a for a, *_ in wrong_cells(report, truth) if a in t3] == []
    assert report.provenance["表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"].where == "表格1 第4行第4列"
    # the fixture prints no 表二: said, and its cells unknown rather than blank
    assert any(i.code == "table-missing" and "表二" in i.message for i in report.document_issues)
    assert {a for a in report.format.cells if a.startswith("表二|")} <= report.unknown


def test_vmerge_cells_are_one_cell_not_repeated():
    document = docx.Document(FIXTURES / "merged-cells-2020.docx")
    grid = _grid(document.tables[0]._tbl, 1)
    corner = grid.slots[0][0]
    assert corner is grid.slots[2][2] and (corner.rowspan, corner.colspan) == (3, 3)
    group = grid.slots[5][0]  # 三、本年度办理结果 spans every result row
    assert group.text == "三、本年度办理结果" and group is grid.slots[24][0]


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_writer_round_trip_is_exact(corpus_dir, name):
    """extract(render(report)) == report, blank-vs-0 included, both formats."""
    truth = interchange.read(corpus_dir / f"{name}.truth.json")
    report = read_docx(render(truth, "docx"), f"{name}.docx")
    assert wrong_cells(report, truth) == []
    assert (report.agency, report.year, report.format.id) == (truth.agency, truth.year, truth.format.id)


def test_blank_versus_zero_survives(corpus_dir):
    truth = interchange.read(corpus_dir / "hongze-district-2023.truth.json")
    a = "表三|一、本年新收政府信息公开申请数量|申请人情况/法人或其他组织/商业企业"
    b = "表三|二、上年结转政府信息公开申请数量|申请人情况/自然人"
    truth.cells[a], truth.cells[b] = None, 0
    report = read_bytes(render(truth, "docx"), "x.docx")
    assert report.cells[a] is None and report.cells[b] == 0


def test_bad_docx():
    with pytest.raises(ReaderError, match="Word"):
        read_docx(b"PK\x03\x04 not really a zip", "bad.docx")
    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(ReaderError):
        read_docx(buf.getvalue(), "empty.docx")
