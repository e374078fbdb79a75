"""The PDF: CJK text embedded, A4, page numbers, and no table row cut across pages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pdfplumber
import pytest

from gongkai import formats
from gongkai.formats import address
from gongkai.report import Report
from gongkai.writers import layout, render

pytestmark = pytest.mark.slow


def _report(paragraphs: int) -> Report:
    """A 2021 report whose 表三 rows hold distinctive numbers, pushed down by `paragraphs` of text."""
    fmt = formats.get("2021")
    report = Report.empty("洪泽区人民政府", 2023, fmt)
    block = fmt.table("表三").blocks[0]
    for i, row in enumerate(block.rows):
        for j, column in enumerate(block.columns):
            report.cells[address("表三", row, column)] = 9000 + i * 10 + j
    text = "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，不断提升政务公开质量，主动回应社会关切。"
    report.sections = {n: "本节说明。" for n in range(1, 7)}
    report.sections[3] = "\n".join([text * 2] * paragraphs)
    return report


def _pages(data: bytes) -> list[tuple[str, set[str]]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(re.sub(r"\s+", "", p.extract_text() or ""), {w["text"] for w in p.extract_words()}) for p in pdf.pages]


def test_a4_cjk_text_and_page_numbers():
    data = render(_report(3), "pdf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        w, h = pdf.pages[0].width, pdf.pages[0].height
        assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1
        pages = [p.extract_text() for p in pdf.pages]
    text = "".join(pages)
    assert "洪泽区人民政府2023年度政府信息公开工作年度报告" in text.replace("\n", "")
    assert "申请人情况" in text and "第二十条第（八）项" in text
    assert all(f"- {n} -" in page for n, page in enumerate(pages, start=1))


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) is not installed")
def test_every_font_is_embedded(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render(_report(1), "pdf"))
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = out.splitlines()[2:]
    assert fonts and any("CJK" in f for f in fonts)
    for line in fonts:
        emb = line[line.index("Identity-H") + len("Identity-H"):].split()[0] if "Identity-H" in line else line.split()[-5]
        assert emb == "yes", line


def _table3_rows(data: bytes) -> list[tuple[int, int, str, set[str]]]:
    """(page, row index, label text, numbers) for each printed 表三 row, from the PDF's ruled cells."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages):
            for table in page.extract_tables():
                for row in table:
                    cells = [re.sub(r"\s+", "", c or "") for c in row]
                    numbers = {c for c in cells if re.fullmatch(r"9\d{3}", c)}
                    if numbers:
                        i = (int(min(numbers)) - 9000) // 10
                        out.append((n, i, "".join(c for c in cells if c not in numbers), numbers))
    return out


SWEEP = [0, 4, 8, 12, 16, 20]


@pytest.mark.parametrize("paragraphs", SWEEP)
def test_no_table_row_is_cut_across_pages(paragraphs):
    """Wherever 表三 falls, each row's label and all seven numbers sit whole in one row on one page."""
    block = formats.get("2021").table("表三").blocks[0]
    labels = [p[-1] for p in layout.label_paths(list(block.rows))]
    data = render(_report(paragraphs), "pdf")
    rows = _table3_rows(data)
    assert sorted(i for _, i, _, _ in rows) == list(range(len(block.rows)))  # each row printed once
    for _, i, text, numbers in rows:
        assert numbers == {str(9000 + i * 10 + j) for j in range(len(block.columns))}, labels[i]
        assert labels[i] in text, f"{labels[i]}: label cut ({text})"
    for caption in ("第二十条第（一）项", "第二十条第（八）项"):  # a 表二 block stays whole
        holding = [n for n, (text, _) in enumerate(_pages(data)) if caption in text]
        assert len(holding) == 1
        assert "规章" in _pages(data)[holding[0]][0] if "（一）" in caption else "行政事业性收费" in _pages(data)[holding[0]][0]


def test_table3_does_break_somewhere_in_the_sweep():
    """The sweep above means something: for some text length 表三 runs over two pages."""
    spans = {len({n for n, *_ in _table3_rows(render(_report(k), "pdf"))}) for k in SWEEP}
    assert 2 in spans


@pytest.mark.parametrize("paragraphs", [4, 19])  # lengths that put 表三's header at a page's foot
def test_table3_header_stays_with_its_first_row(paragraphs, corpus_dir):
    from gongkai import interchange

    report = interchange.read(corpus_dir / "hongze-district-2023.truth.json")
    report.sections = {i: "说明。" for i in range(1, 7)}
    report.sections[3] = "\n".join(["本年度依申请公开工作依法规范开展，所有申请均在法定期限内答复，未发生行政复议和诉讼纠错。"]
                                   * paragraphs)
    with pdfplumber.open(io.BytesIO(render(report, "pdf"))) as doc:
        pages = [(p.extract_text() or "").replace(" ", "") for p in doc.pages]
    header_pages = [i for i, t in enumerate(pages) if "勾稽关系" in t or "科研机" in t]
    first_row_page = next(i for i, t in enumerate(pages) if "一、本年新收" in t)
    assert header_pages and all(i == first_row_page for i in header_pages)
