"""The document families the readers must get right on reports nobody has seen, each with a
fixture of its own (tests/readers/fixtures/families, made by make.py), not only the corpus:

- split labels (text saved from a web page, one cell per line, labels over several lines);
- converter Markdown (pipe tables, 表三 cut into blocks with placeholder headers, an invented
  header line, dummy tables, 表四 as three tables);
- garbled labels placed by the format's row order, kept only where the identities confirm;
- blank only where the document shows an empty cell; everything else unread is unknown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai import checks, interchange
from gongkai.readers import ReaderError, detect_kind, read_bytes
from gongkai.writers import render

FAMILIES = Path(__file__).parent / "fixtures" / "families"
R = "表三|三、本年度办理结果/"


def expected(name: str):
    return interchange.read(FAMILIES / f"{name}.expected.json")


def split_text() -> str:
    return (FAMILIES / "split-labels-2023.txt").read_bytes().decode("utf-8")


def markdown() -> str:
    return (FAMILIES / "converter-2024.md").read_text(encoding="utf-8")


def never_wrong(report, truth) -> list[str]:
    """Cells presented as known that differ from the truth (blank-ness included)."""
    return [a for a in truth.format.cells if a not in report.unknown
            and ((report.cells[a] is None) != (truth.cells[a] is None) or report.cells[a] != truth.cells[a])]


# ---------------------------------------------------------------- split labels


def test_split_labels_every_cell_right():
    truth = expected("split-labels-2023")
    r = read_bytes(split_text().encode("utf-8"), "split-labels-2023.txt")
    assert (r.agency, r.year, r.format.id) == ("宁德市人民政府", 2023, "2021")  # the title names only the place
    assert never_wrong(r, truth) == [] and not r.unknown
    assert not r.inferred  # every cell read as printed, nothing placed by order or split
    # provenance: the line the number sits on (CRLF counted once)
    addr = R + "（二）部分公开（区分处理的，只计这一情形，不计其他情形）|申请人情况/自然人"
    line = r.provenance[addr].line
    assert split_text().split("\r\n")[line - 1] == str(truth.cells[addr])
    assert r.provenance[addr].where == f"第 {line} 行"


def test_split_label_garbled_beyond_matching_is_placed_by_row_order_and_confirmed():
    truth = expected("split-labels-2023")
    text = split_text().replace("\r\n属于四类过程性信息\r\n", "\r\n□□□□过□性□息\r\n")
    r = read_bytes(text.encode("utf-8"), "x.txt")
    assert never_wrong(r, truth) == [] and not r.unknown
    row = [a for a in truth.format.cells if "6.属于四类过程性信息" in a]
    assert all(r.provenance[a].inferred for a in row)
    assert [i.code for i in r.document_issues] == ["placement-by-order"]


def test_two_garbled_labels_in_a_row_take_the_two_missing_rows():
    truth = expected("split-labels-2023")
    text = split_text().replace("\r\n重复申请\r\n", "\r\n重■申■\r\n").replace("\r\n要求提供公开出版物\r\n", "\r\n■■■■\r\n")
    r = read_bytes(text.encode("utf-8"), "x.txt")
    assert never_wrong(r, truth) == [] and not r.unknown


def test_garbled_label_whose_numbers_break_the_sums_stays_unknown():
    truth = expected("split-labels-2023")
    lines = split_text().split("\r\n")
    i = lines.index("属于四类过程性信息")
    lines[i] = "□□□□□□"
    lines[i + 1] = str(int(lines[i + 1]) + 3)  # and one of its numbers garbled too
    r = read_bytes("\r\n".join(lines).encode("utf-8"), "x.txt")
    row = {a for a in truth.format.cells if "6.属于四类过程性信息" in a}
    assert row <= r.unknown and never_wrong(r, truth) == []
    assert any(i.code == "placement-refused" for i in r.document_issues)
    assert not checks.errors(checks.check(r))  # the document is not blamed for the reader's doubt


def test_a_lost_value_line_makes_its_row_unknown_not_shifted():
    truth = expected("split-labels-2023")
    lines = split_text().split("\r\n")
    i = lines.index("属于国家秘密")
    del lines[i + 3]
    r = read_bytes("\r\n".join(lines).encode("utf-8"), "x.txt")
    assert never_wrong(r, truth) == []
    assert {a for a in truth.format.cells if "1.属于国家秘密" in a} <= r.unknown


# ---------------------------------------------------------------- converter Markdown


@pytest.mark.parametrize("name", ["converter-2024.md", "converter-2024.txt"])
def test_converter_markdown_every_cell_right(name):
    truth = expected("converter-2024")
    data = markdown().encode("utf-8")
    assert detect_kind(data, name) == "markdown"  # by content: saved as .txt it is still Markdown
    r = read_bytes(data, name)
    assert (r.agency, r.year) == ("宿豫区人民政府", 2024)  # "# … 2024 年 …" title
    assert never_wrong(r, truth) == [] and not r.unknown
    # placeholder headers: 表三's columns by position, confirmed by the identities and said so
    assert all(r.provenance[a].inferred for a in truth.format.cells if a.startswith("表三|") and "总计" not in a)
    assert [i.code for i in r.document_issues] == ["columns-by-position"]
    # 表四 from three small tables under their headings; 表二's block tables read as printed
    assert not any(r.provenance[a].inferred for a in truth.format.cells if a.startswith(("表四|", "表二|")))
    assert r.sections[5].startswith("一是解读形式") and "信息处理费" in r.sections[6]
    assert "数据1" not in "".join(r.sections.values())  # the tables' captions are not prose


def test_markdown_garbled_number_costs_its_row_not_the_table():
    truth = expected("converter-2024")
    text = markdown()
    m = re.search(r"^\| 2\. 重复申请 \| (\d+) \|", text, re.M)
    bad = text[: m.start(1)] + str(int(m.group(1)) + 1) + text[m.end(1):]
    r = read_bytes(bad.encode("utf-8"), "x.md")
    row = {a for a in truth.format.cells if "2.重复申请" in a}
    assert never_wrong(r, truth) == [] and r.unknown == row
    assert any(i.code == "placement-refused" for i in r.document_issues)
    assert not checks.errors(checks.check(r))


def test_markdown_table_deleted_is_unknown_and_named():
    truth = expected("converter-2024")
    text = markdown()
    start, end = text.index("## 四、"), text.index("## 五、")
    r = read_bytes((text[:start] + text[end:]).encode("utf-8"), "x.md")
    assert {a for a in truth.format.cells if a.startswith("表四|")} == r.unknown
    assert any(i.code == "table-missing" and "表四" in i.message for i in r.document_issues)
    assert never_wrong(r, truth) == []


def test_markdown_dummy_tables_carry_no_cells():
    r = read_bytes(markdown().encode("utf-8"), "x.md")
    assert not r.extra_cells and not any(i.code == "extra-row" for i in r.document_issues)


# ---------------------------------------------------------------- titles, agencies, periods


BODY = "\n一、总体情况\n本机关依法公开。\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"


@pytest.mark.parametrize("head, agency, year", [
    ("2024 年上海市科委政府信息公开工作\n年度报告", "上海市科委", 2024),  # wrapped, spaced
    ("# 某县人民政府 2024 年 政府信息公开工作年度报告", "某县人民政府", 2024),
    ("某局政府信息公开工作年度报告\n统计周期为 2024 年 1 月 1 日至 12 月 31 日。", "某局", 2024),
    ("政府信息公开工作年度报告\n本报告所列数据统计期限从2022年1月1日至2022年12月31日止。", "某区人民政府", 2022),
])
def test_titles_agencies_and_periods_as_printed(head, agency, year):
    from gongkai.readers import meta

    m = meta.detect(head + BODY + "\n某区人民政府\n2025年1月20日\n")
    assert (m.agency, m.year) == (agency, year)


def test_hints_fill_what_the_document_does_not_say():
    from gongkai.readers.meta import Hints

    text = ("政府信息公开工作年度报告" + BODY).encode("utf-8")
    with pytest.raises(ReaderError, match="--year"):  # undeterminable, none given: a clear refusal
        read_bytes(text, "x.txt")
    r = read_bytes(text, "x.txt", Hints(year=2023, agency="某镇人民政府"))
    assert (r.agency, r.year, r.format.id) == ("某镇人民政府", 2023, "2021")
    # a document that says its year keeps it; the differing hint is said, not obeyed
    r = read_bytes(split_text().encode("utf-8"), "x.txt", Hints(year=2020, format="2021"))
    assert r.year == 2023 and any(i.code == "hint-differs" for i in r.document_issues)


# ---------------------------------------------------------------- blank versus unknown (HTML)


def _html(report) -> str:
    return render(report, "html").decode("utf-8")


def _cell(html: str, addr: str, text: str) -> str:
    return re.sub(rf'(<td data-cell="{re.escape(addr)}"[^>]*>)[^<]*(</td>)', rf"\g<1>{text}\g<2>", html)


def test_blank_only_where_the_document_shows_an_empty_cell():
    truth = expected("converter-2024")
    new = "表三|一、本年新收政府信息公开申请数量|申请人情况/自然人"
    kept = "表三|二、上年结转政府信息公开申请数量|申请人情况/自然人"
    html = _cell(_cell(_html(truth), new, "无"), kept, "&nbsp;")
    r = read_bytes(html.encode("utf-8"), "x.html")
    assert new in r.unknown and any(i.code == "cell-unread" and "无" in i.message for i in r.document_issues)
    assert kept not in r.unknown and r.cells[kept] is None  # an empty cell: blank
    assert never_wrong(r, truth) == [kept]


def test_grid_row_garbled_label_placed_by_order():
    truth = expected("converter-2024")
    html = _html(truth).replace(">3.要求提供公开出版物<", ">3.□□□□□□□<")
    r = read_bytes(html.encode("utf-8"), "x.html")
    assert never_wrong(r, truth) == [] and not r.unknown
    assert any(i.code == "placement-by-order" for i in r.document_issues)


def test_grid_row_missing_is_unknown_not_blank():
    truth = expected("converter-2024")
    html = re.sub(r'<tr class="gk-body"><th class="gk-row" scope="row">2\.重复申请</th>.*?</tr>', "",
                  _html(truth), flags=re.S)
    r = read_bytes(html.encode("utf-8"), "x.html")
    row = {a for a in truth.format.cells if "2.重复申请" in a}
    assert row == r.unknown and any(i.code == "row-missing" for i in r.document_issues)
