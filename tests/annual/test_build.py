"""The year's report built from all its sources, checked, with the facts for the editor."""

from __future__ import annotations

import datetime as dt

import pytest

from annual.helpers import SECTIONS, full_year
from annual.world import TODAY
from gongkai import checks, interchange
from gongkai.annual import build, drafting, facts, previous
from gongkai.annual.models import AnnualReport
from gongkai.casework.errors import InvalidInput, StaleVersion, YearLocked
from gongkai.casework.models import AuditEvent
from gongkai.formats import address

D = dt.date


def cell(report, table, row, column):
    return report.cells[address(table, row, column)]


def test_complete_year_has_no_error_and_every_cell_known(world):
    full_year(world)
    built = build.build(world.dept, 2025)
    r, roles = built.report, built.report.format.roles
    assert built.errors == [], [f.message for f in built.errors]
    assert not r.blank() and r.title == "测试市商务局2025年度政府信息公开工作年度报告"
    assert cell(r, "表三", roles.carried_over, roles.total_column) == 1
    assert cell(r, "表三", roles.concluded, roles.total_column) == 3
    assert cell(r, "表三", roles.carried_forward, roles.total_column) == 1
    assert cell(r, "表四", roles.appeal_row, "行政复议/结果维持") == 1
    assert cell(r, "表四", roles.appeal_row, "行政诉讼/复议后起诉/尚未审结") == 1
    assert r.sections[1] == SECTIONS[1] and r.sections[2] == ""
    assert r.provenance[address("表二", "第二十条第（五）项/行政许可", "本年处理决定数量")].where == "来源：业务系统导出"


def test_empty_sections_and_blank_table2_are_findings(world):
    full_year(world, sections=False, table2=False)
    built = build.build(world.dept, 2025)
    a1 = [f for f in built.findings if f.rule == "A-1"]
    assert [f.member for f in a1] == ["1", "5", "6"] and all(f.severity == "error" for f in a1)
    assert "一、总体情况" in a1[0].message
    assert any(f.rule == "B-1" and f.table == "表二" for f in built.findings)  # blank is not 0
    assert any(f.rule == "D-3" for f in built.findings)  # 2021 format: fees in 六


def test_cross_year_against_an_uploaded_document(world):
    """Last year's published report says 3 applications were carried forward; the platform's
    cases carry over 1: the T3-6 finding names both figures."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    full_year(world)
    last = build.report(world.dept, 2024)
    roles = last.format.roles
    last.cells[address("表三", roles.carried_forward, roles.total_column)] = 3
    last.cells[address("表三", roles.carried_forward, roles.applicant_columns[0])] = 3
    upload = SimpleUploadedFile("2024年报.json", interchange.dumps(last).encode(), "application/json")
    previous.do_upload_previous(world.handler, world.dept, 2024, upload)
    built = build.build(world.dept, 2025)
    assert built.previous_source == "上传的2024年度年报（2024年报.json）"
    t36 = [f for f in built.findings if f.rule == "T3-6"]
    assert t36 and t36[-1].left == 1 and t36[-1].right == 3 and "2024 年度报告“结转下年度继续办理”为 3" in t36[-1].message
    assert AuditEvent.objects.filter(action="annual.upload_previous").count() == 1


def test_upload_refuses_wrong_year_and_garbage(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(InvalidInput, match="实际内容"):
        previous.do_upload_previous(world.handler, world.dept, 2024,
                                    SimpleUploadedFile("x.pdf", b"\x89PNG\r\n\x1a\n....", "application/pdf"))
    with pytest.raises(InvalidInput, match="无法读取"):
        previous.do_upload_previous(world.handler, world.dept, 2024,
                                    SimpleUploadedFile("x.txt", "这不是年报".encode() * 3, "text/plain"))
    r = build.report(world.dept, 2023)
    with pytest.raises(InvalidInput, match="是 2023 年度的年报"):
        previous.do_upload_previous(world.handler, world.dept, 2024,
                                    SimpleUploadedFile("y.json", interchange.dumps(r).encode(), "application/json"))


def test_sections_saved_audited_and_guarded(world):
    draft = drafting.do_save_sections(world.handler, world.dept, 2025, sections={1: "第一部分\r\n第二段"})
    assert draft.sections["1"] == "第一部分\n第二段" and draft.version == 2
    with pytest.raises(StaleVersion):
        drafting.do_save_sections(world.handler, world.dept, 2025, sections={1: "x"}, expected_version=1)
    with pytest.raises(InvalidInput, match="控制字符"):
        drafting.do_save_sections(world.handler, world.dept, 2025, sections={5: "a\x07b"})
    with pytest.raises(InvalidInput, match="不能超过 20000 字"):
        drafting.do_save_sections(world.handler, world.dept, 2025, sections={5: "字" * 20001})
    with pytest.raises(InvalidInput, match="没有第 7 部分"):
        drafting.do_save_sections(world.handler, world.dept, 2025, sections={7: "x"})
    ev = AuditEvent.objects.get(action="annual.sections")
    assert "一" in ev.summary and ev.after["1"].startswith("8 字")
    from gongkai.annual.models import ReportLock

    ReportLock.objects.create(agency=world.dept, year=2025, table3={})
    with pytest.raises(YearLocked, match="正文"):
        drafting.do_save_sections(world.handler, world.dept, 2025, sections={1: "y"})
    assert AnnualReport.objects.get().sections["1"] == "第一部分\n第二段"


def test_facts_for_the_editor(world):
    from gongkai.casework import actions
    from gongkai.casework.models import Fee

    full_year(world)
    fee_case = world.dept.applications.order_by("-received_on").first()  # the open one
    actions.do_send_fee_notice(world.handler, fee_case, on=D(2025, 12, 30), method="per_page", pages=120,
                               today=TODAY)
    built = build.build(world.dept, 2025)
    f = facts.facts(world.dept, 2025, built.report, built.previous, built.previous_source)
    assert (f.new, f.carried_over, f.concluded, f.carried_forward) == (3, 1, 3, 1)
    assert f.fee_notices == 1 and f.fee_charged == Fee.objects.get().amount and f.fee_paid_count == 0
    assert f.appeals == {"行政复议": 1, "行政诉讼 未经复议直接起诉": 0, "行政诉讼 复议后起诉": 1}
    assert "发出收费通知 1 件" in f.fee_sentence() and f.fee_report_required


def test_checker_sees_the_same_report_as_the_build(world):
    full_year(world)
    built = build.build(world.dept, 2025)
    again = interchange.from_dict(interchange.to_dict(built.report))
    assert [f.rule for f in checks.check(again)] == [f.rule for f in checks.check(built.report)]
