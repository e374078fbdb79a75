"""表二 from its sources: typed figures with their source, providers, the import, the trends."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.apps import apps

from gongkai.annual import drafting, table2, table2_import
from gongkai.annual.models import ReportLock, Table2Entry
from gongkai.casework.errors import NotAllowed, YearLocked
from gongkai.casework.models import AuditEvent
from gongkai.formats import address, for_year

F21 = for_year(2025)
LIC = address("表二", "第二十条第（五）项/行政许可", "本年处理决定数量")
FEE = address("表二", "第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）")
RULES_ISSUED = address("表二", "第二十条第（一）项/行政规范性文件", "本年制发件数")
RULES_REPEALED = address("表二", "第二十条第（一）项/行政规范性文件", "本年废止件数")
RULES_STOCK = address("表二", "第二十条第（一）项/行政规范性文件", "现行有效件数")


def enter(w, year=2025, actor=None, **cells):
    figs = {a: v for a, v in cells.items()}
    return drafting.do_enter_table2(actor or w.handler, w.dept, year, figures_in=figs,
                                    sources={a: "行政审批系统导出" for a in figs})


def test_typed_figures_with_their_source(world):
    changed = drafting.do_enter_table2(world.handler, world.dept, 2025, figures_in={LIC: "128", FEE: "1.25"},
                                       sources={LIC: "行政审批系统导出", FEE: "财务科"})
    assert changed == {LIC: (None, 128), FEE: (None, Decimal("1.25"))}
    t2 = table2.compose(world.dept, 2025)
    assert t2.cells[LIC].value == 128 and t2.cells[LIC].source == "行政审批系统导出"
    assert t2.cells[FEE].value == Decimal("1.25") and t2.cells[RULES_ISSUED].value is None  # blank, not 0
    ev = AuditEvent.objects.get(action="annual.table2")
    assert ev.after == {LIC: "128", FEE: "1.25"} and ev.agency_id == world.dept.pk
    # clearing a figure makes the cell blank again, and is audited
    drafting.do_enter_table2(world.handler, world.dept, 2025, figures_in={LIC: ""}, sources={})
    assert table2.compose(world.dept, 2025).cells[LIC].value is None
    assert AuditEvent.objects.filter(action="annual.table2").count() == 2


def test_bad_figures_save_nothing(world):
    with pytest.raises(drafting.Table2Invalid) as e:
        drafting.do_enter_table2(world.handler, world.dept, 2025,
                                 figures_in={LIC: "-3", FEE: "12000元", RULES_ISSUED: "三", RULES_REPEALED: "2"},
                                 sources={LIC: "x", FEE: "x", RULES_ISSUED: "x"})
    errors = e.value.errors
    assert "不能为负数" in errors[LIC] and "换算为万元" in errors[FEE] and "应为数字" in errors[RULES_ISSUED]
    assert "注明数据来源" in errors[RULES_REPEALED]
    assert "全部未保存" in e.value.message
    assert not Table2Entry.objects.exists() and not AuditEvent.objects.filter(action="annual.table2").exists()


def test_source_may_not_carry_control_characters(world):
    with pytest.raises(drafting.Table2Invalid) as e:
        drafting.do_enter_table2(world.handler, world.dept, 2025, figures_in={LIC: "3"}, sources={LIC: "系统\x00"})
    assert "控制字符" in e.value.errors[LIC]


def test_other_formats_cells_and_roles(world):
    with pytest.raises(drafting.Table2Invalid, match="不是2025年度"):
        enter(world, **{address("表二", "第二十条第（九）项/政府集中采购", "采购项目数量"): "1"})
    with pytest.raises(NotAllowed):
        enter(world, actor=world.supervisor, **{LIC: "1"})
    with pytest.raises(NotAllowed):
        enter(world, actor=world.outsider, **{LIC: "1"})


def test_locked_year(world):
    ReportLock.objects.create(agency=world.dept, year=2025, table3={})
    with pytest.raises(YearLocked, match="表二"):
        enter(world, **{LIC: "1"})
    enter(world, year=2026, **{LIC: "1"})


@pytest.fixture
def provider(monkeypatch):
    """A table2_provider declared by an installed app (appeals', for the test only)."""
    from annual.world import PROVIDER

    monkeypatch.setattr(apps.get_app_config("appeals"), "table2_provider", "annual.world.provide", raising=False)
    monkeypatch.setattr(PROVIDER, "result", {})
    monkeypatch.setattr(PROVIDER, "calls", [])
    monkeypatch.setattr(PROVIDER, "fail", None)
    return PROVIDER


def test_provider_replaces_typed_and_typed_shown_beside(world, provider):
    enter(world, **{RULES_ISSUED: "4", LIC: "12"})
    provider.result = {RULES_ISSUED: 5, RULES_REPEALED: 1}
    t2 = table2.compose(world.dept, 2025)
    assert provider.calls == [("G-D", 2025, "2021")]
    c = t2.cells[RULES_ISSUED]
    assert (c.value, c.typed, c.provided, c.differs) == (5, 4, 5, True)
    assert c.source == "复议诉讼（自动统计）"
    assert t2.cells[RULES_REPEALED].value == 1 and not t2.cells[RULES_REPEALED].differs
    assert t2.cells[LIC].value == 12  # not provided: the typed figure


def test_provider_failures_are_named_never_silently_used(world, provider):
    enter(world, **{RULES_ISSUED: "4"})
    provider.result = {RULES_ISSUED: -2, "表三|x|y": 1, address("表二", "第二十条第（九）项/政府集中采购", "采购项目数量"): 1}
    t2 = table2.compose(world.dept, 2025)
    assert t2.cells[RULES_ISSUED].value == 4  # the bad value is not used
    assert len(t2.notices) == 3 and any("不能为负数" in n for n in t2.notices)

    provider.fail = RuntimeError("catalogue database down")
    t2 = table2.compose(world.dept, 2025)
    assert t2.cells[RULES_ISSUED].value == 4 and "未能提供表二数据（RuntimeError）" in t2.notices[0]


def test_import_csv_dry_run_lists_every_refused_row(world):
    text = ("table,row,column,value,source\n"
            "表二,第二十条第（五）项/行政许可,本年处理决定数量,128,审批系统\n"
            "表二,第二十条第（八）项/行政事业性收费,本年收费金额（单位：万元）,12000元,财务科\n"
            "表三,一、本年新收政府信息公开申请数量,申请人情况/自然人,3,\n"
            "表二,第二十条第（六）项/行政处罚,本年处理决定数量,-1,执法系统\n"
            "表二,第二十条第（五）项/行政许可,本年处理决定数量,129,审批系统\n"
            "表二,第二十条第（六）项/行政强制,本年处理决定数量,2,\n")
    result = table2_import.read(text.encode("gb18030"), "表二.csv", F21)
    assert [r.address for r in result.good] == [LIC]
    refused = [(r.line, r.error) for r in result.refused]
    assert [line for line, _ in refused] == [3, 4, 5, 6, 7]
    for (_, error), words in zip(refused, ("换算为万元", "表三由平台数据生成", "不能为负数", "与第 2 行重复", "未注明来源"),
                                 strict=True):
        assert words in error
    result = table2_import.read(text.encode(), "表二.csv", F21, default_source="导入：表二.csv")
    assert result.refused[-1].line == 6  # the page's default source fills the missing ones


def test_import_xlsx_and_bad_files(world):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["table", "row", "column", "value", "source"])
    ws.append(["表二", "第二十条第（五）项/行政许可", "本年处理决定数量", 128, "审批系统"])
    ws.append(["表二", "第二十条第（八）项/行政事业性收费", "本年收费金额（单位：万元）", 0.35, "财务科"])
    buf = io.BytesIO()
    wb.save(buf)
    result = table2_import.read(buf.getvalue(), "表二.xlsx", F21)
    assert [r.value for r in result.good] == [128, Decimal("0.35")]
    for data, words in ((b"", "文件为空"), (b"PK\x03\x04garbage", "不是有效的 Excel"),
                        (b"a,b\n1,2\n", "第 1 行应为表头"), (b"x" * (2 * 1024 * 1024 + 1), "超过 2 MB"),
                        (b"\xff\xfe\x00\xd8garbage\xff", "编码")):
        with pytest.raises(table2_import.Table2FileError, match=words):
            table2_import.read(data, "f", F21)


def test_expected_from_previous_trends(world):
    from gongkai.report import Report

    prev19 = Report.empty("测试市商务局", 2019, for_year(2019))
    count = address("表二", "第二十条第（五）项/行政许可", "上一年项目数量")
    delta = address("表二", "第二十条第（五）项/行政许可", "本年增/减")
    prev19.cells.update({count: 5, delta: -3})
    got = table2.expected_from_previous(for_year(2020), prev19, {})
    assert got[count] == 2 and address("表二", "第二十条第（八）项/行政事业性收费", "上一年项目数量") not in got
    prev = Report.empty("测试市商务局", 2024, F21)
    prev.cells[RULES_STOCK] = 40
    assert table2.expected_from_previous(F21, prev, {RULES_ISSUED: 5, RULES_REPEALED: 2}) == {RULES_STOCK: 43}
    assert table2.expected_from_previous(F21, prev19, {}) == {}  # another format's trend: nothing implied
