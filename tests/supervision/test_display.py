"""supervision.display: typed provenance and issue records read by their fields; older text still parsed."""

from gongkai.report import Issue, Provenance
from gongkai.supervision import display


def test_typed_provenance_is_read_by_its_fields():
    w = display.where(Provenance(page=2, table=1, row=17, column=4))
    assert (w.page, w.table, w.line) == (2, 1, None) and w.text == "第2页 表格1 第17行第4列"
    assert display.where(Provenance(line=57)).line == 57


def test_older_text_provenance_is_parsed():
    assert display.where("第2页 表格1 第17行第4列").page == 2
    assert display.where("第 57 行").line == 57
    assert display.where(Provenance("第 9 行")).line == 9  # an interchange file's note


def test_issue_records_and_strings():
    issue = Issue("table-missing", "未找到表四", Provenance(page=3))
    assert display.issue_text(issue) == "第3页：未找到表四"
    assert display.issue_text({"where": "第 4 行", "message": "x"}) == "第 4 行：x"
    assert display.issue_text("旧格式的问题") == "旧格式的问题"
